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
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from common import (
    PYTHON,
    REPO,
    events_in,
    ketenmining,
    machine,
    median_runs,
    run_timed,
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
    parser.add_argument("--runs", type=int, default=3)
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
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ketenmining(
            "audit", str(log), "--protocol", str(PROTOCOL), "-o", str(Path(tmp) / "rapport"), "-q"
        )
        ours, peak, walls = median_runs(cmd, runs)
        fair_cmd = [PYTHON, str(REPO / "benchmarks" / "baseline_pm4py.py"), str(log), str(PROTOCOL)]
        fair, fair_peak, fair_walls = median_runs(fair_cmd, runs)
        naive = None
        if args.naive:
            script = Path(tmp) / "baseline.py"
            script.write_text(BASELINE, encoding="utf-8")
            naive = run_timed([PYTHON, str(script), str(log), str(PROTOCOL)])
    print(f"| {n:,} events | wall | peak memory |")
    print("|---|---:|---:|")
    print(
        f"| ketenmining audit (median of {runs}: {', '.join(f'{w:.2f}' for w in walls)}) | {ours:.2f} s | {peak:,.0f} MiB |"
    )
    print(
        f"| fair pm4py baseline (median of {runs}: {', '.join(f'{w:.2f}' for w in fair_walls)}) | {fair:.2f} s | {fair_peak:,.0f} MiB |"
    )
    if naive is not None:
        print(
            f"| naive pm4py way (aligns twice, per-case loop; 1 run) | {naive[0]:.2f} s | {naive[1]:,.0f} MiB |"
        )
    print(
        f"\nRatio against the fair baseline: ketenmining is {fair / ours:.1f}× faster (and writes the whole report)."
    )
    if naive is not None:
        print(f"Ratio against the naive way: {naive[0] / ours:.1f}×.")


if __name__ == "__main__":
    sys.exit(main())
