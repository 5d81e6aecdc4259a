"""Benchmark: the full audit of the example chain at about 1M events, against the plain pm4py way.

ketenmining: the whole command a quality officer runs on a stitched chain
log (stitch excluded, as the issue asks)::

    ketenmining audit keten.parquet --protocol meldcode-keten.yaml -o rapport/ -q

— route alignments per variant, every rule on every case with the
protocol's evaluator, seams, findings, sample, maps, the HTML/Markdown/JSON
report and the tables per case. Medians of several runs in fresh processes.

The fair pm4py baseline (``baseline_pm4py.py``, medians of fresh
processes): what a pm4py user would write for the same checks — pm4py's own
functions on a pm4py frame, the log aligned **once** with
``conformance_diagnostics_alignments`` and the fitness derived from those
alignments, the twelve rules as vectorised pandas. This is the ratio that
counts.

The naive pm4py way (``--naive``, one run): the chain log as a
per-event pandas dataframe (``pm4py.format_dataframe``), the same activity
instances, ``pm4py.conformance_diagnostics_alignments`` and
``pm4py.fitness_alignments`` on the log against the same compiled protocol
net, and the same rule checks (the protocol's evaluator) case by case over a
pandas ``groupby`` — the same alignments and rule checks, without the
report. pm4py aligns every case in full; ketenmining aligns cases still
running as prefixes (the audit's semantics), which is not more work.

    PYTHONPATH=. python benchmarks/bench_audit.py [--runs 3] [--quick] [--naive]

The rounds interleave (audit, baseline, audit, baseline, ...) so both see the
same load; each run gives wall and CPU time (user + system of the process and
its workers) and the load average when it started.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from common import (
    PYTHON,
    REPO,
    events_in,
    ketenmining,
    machine,
    run_timed,
    run_timed_cpu,
    stitched_chain,
)

PROTOCOL = REPO / "configs" / "protocols" / "meldcode-keten.yaml"

BASELINE = """
import datetime as dt, json, sys
import pandas as pd
import pyarrow.parquet as pq
from ketenmining._pm4py import pm4py_quiet
from ketenmining.protocol.compile import to_petri_net
from ketenmining.protocol.evaluate import Evaluator
from ketenmining.protocol import load_protocol

def main():
    pm4py = pm4py_quiet()
    path, protocol_path = sys.argv[1], sys.argv[2]
    end = dt.datetime.fromisoformat(json.loads(pq.read_schema(path).metadata[b"ketenmining"])["data_end"])
    df = pd.read_parquet(path)
    df["case"] = df["case_id"] + "#" + df["episode"].astype(str)
    df = pm4py.format_dataframe(df, case_id="case", activity_key="activity", timestamp_key="timestamp")
    protocol = load_protocol(protocol_path)
    net, im, fm = to_petri_net(protocol.route)
    has_complete = df.assign(c=df["lifecycle"].eq("complete")).groupby(["case:concept:name", "activity"])["c"].transform("any")
    inst = df[df["lifecycle"].eq("complete") | (df["lifecycle"].eq("start") & ~has_complete)]
    pm4py.conformance_diagnostics_alignments(inst, net, im, fm)
    pm4py.fitness_alignments(inst, net, im, fm)
    evaluator = Evaluator(protocol)
    for _, g in df.groupby("case:concept:name", sort=False):
        evaluator.evaluate_case(g["concept:name"].tolist(), g["org"].tolist(), g["time:timestamp"].tolist(),
                                g["lifecycle"].tolist(), end)

if __name__ == "__main__":
    main()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds (audit, baseline)")
    parser.add_argument(
        "--children", type=int, default=106_000, help="size of the example chain (~9.4 events each)"
    )
    parser.add_argument("--quick", action="store_true", help="about 100k events, one run each")
    parser.add_argument(
        "--naive",
        action="store_true",
        help="also time the naive pm4py way (aligns twice, per-case loop)",
    )
    args = parser.parse_args()
    children = 10_600 if args.quick else args.children
    runs = 1 if args.quick else args.runs
    log = stitched_chain(children)
    n = events_in(log)
    print(f"Machine: {machine()}\n")
    ours: list[tuple[float, float, float, float]] = []
    fair: list[tuple[float, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ketenmining(
            "audit", str(log), "--protocol", str(PROTOCOL), "-o", str(Path(tmp) / "rapport"), "-q"
        )
        fair_cmd = [PYTHON, str(REPO / "benchmarks" / "baseline_pm4py.py"), str(log), str(PROTOCOL)]
        # interleaved rounds, so both see the same load; CPU time beside wall time
        for _ in range(runs):
            for out, command in ((ours, cmd), (fair, fair_cmd)):
                load = os.getloadavg()[0]
                wall, peak, cpu = run_timed_cpu(command)
                out.append((wall, cpu, peak, load))
        naive = None
        if args.naive:
            script = Path(tmp) / "baseline.py"
            script.write_text(BASELINE, encoding="utf-8")
            naive = run_timed([PYTHON, str(script), str(log), str(PROTOCOL)])

    def row(name: str, got: list[tuple[float, float, float, float]]) -> tuple[float, float]:
        wall = statistics.median(g[0] for g in got)
        cpu = statistics.median(g[1] for g in got)
        walls = ", ".join(f"{g[0]:.2f}" for g in got)
        cpus = ", ".join(f"{g[1]:.2f}" for g in got)
        loads = ", ".join(f"{g[3]:.1f}" for g in got)
        print(
            f"| {name} | {walls} | **{wall:.2f} s** | {cpus} | {cpu:.2f} s | "
            f"{max(g[2] for g in got):,.0f} MiB | {loads} |"
        )
        return wall, cpu

    print(
        f"| {n:,} events | wall per run | median wall | CPU per run | median CPU | peak memory | load |"
    )
    print("|---|---|---:|---|---:|---:|---|")
    our_wall, our_cpu = row("`ketenmining audit`", ours)
    fair_wall, fair_cpu = row("fair pm4py baseline", fair)
    if naive is not None:
        print(
            f"| naive pm4py way (1 run) | {naive[0]:.2f} | {naive[0]:.2f} s | | | {naive[1]:,.0f} MiB | |"
        )
    print(
        f"\nRatio against the fair baseline: {fair_wall / our_wall:.2f}x in wall time, "
        f"{fair_cpu / our_cpu:.2f}x in CPU time (the audit writes the whole report)."
    )
    if naive is not None:
        print(f"Ratio against the naive way: {naive[0] / our_wall:.1f}x.")


if __name__ == "__main__":
    sys.exit(main())
