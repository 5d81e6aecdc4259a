"""Benchmark: ``ketenmining conform --model`` against pm4py's default alignments.

Part 1, receipt (``../shared/data/public-logs/receipt.xes``) against the ProM
model ``receipt_imf_prom.pnml``:

- pm4py, the plain way: ``pm4py.conformance_diagnostics_alignments`` on the
  event log plus ``pm4py.fitness_alignments`` (pm4py's defaults: state
  equation A*, no multiprocessing), on a dataframe already in memory;
- ketenmining: the whole ``ketenmining conform LOG --model M -o out.json``
  command in a fresh process (start-up, reading the model, variants in
  DuckDB, alignments on every core, expansion to cases, writing the output).
  The log is the same events as a chain log (Parquet), prepared untimed.

Both run in the same session on the same machine; medians of several runs;
the script asserts that both fitness values are identical and prints the
ratio.

Part 2, per-variant throughput: the same variants with 1 and 2 workers, and
a protocol-like route (sequence, choice, optional, loop, parallel: the shape
of the meldcode route) with a few thousand noisy variants, the scale of the
full audit at 1M events.

Run from the repo root::

    PYTHONPATH=. python benchmarks/bench_conform_model.py            # full
    PYTHONPATH=. python benchmarks/bench_conform_model.py --quick    # a smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PUBLIC_LOGS, machine

REPO = Path(__file__).resolve().parents[1]


def pm4py_module():
    from ketenmining._pm4py import pm4py_quiet

    return pm4py_quiet()


def prepare_chain_log(frame, path: Path) -> Path:
    """The receipt events as a chain log (what quick mode or stitch would produce)."""
    import pandas as pd
    import pyarrow as pa

    from ketenmining.chainlog import arrow_schema, write_chain_log

    n = len(frame)
    table = pa.table(
        {
            "case_id": frame["case:concept:name"].astype(str).tolist(),
            "episode": pa.array([1] * n, pa.int32()),
            "org": frame["org:group"].astype(str).tolist(),
            "activity": frame["concept:name"].astype(str).tolist(),
            "activity_raw": frame["concept:name"].astype(str).tolist(),
            "timestamp": pa.array(
                pd.to_datetime(frame["time:timestamp"], utc=True), pa.timestamp("us", tz="UTC")
            ),
            "lifecycle": ["complete"] * n,
            "source": ["receipt"] * n,
            "source_row": pa.array(range(1, n + 1), pa.int64()),
        },
        schema=arrow_schema(),
    )
    return write_chain_log(table, path, {})


def run_pm4py(frame, net, im, fm) -> tuple[float, dict]:
    """pm4py's default: diagnostics alignments plus fitness alignments on the event log."""
    pm4py = pm4py_module()
    start = time.perf_counter()
    pm4py.conformance_diagnostics_alignments(frame, net, im, fm)
    fitness = pm4py.fitness_alignments(frame, net, im, fm)
    return time.perf_counter() - start, fitness


def run_ketenmining(
    log: Path, model: Path, out: Path, json_out: bool = True, check: bool = True
) -> tuple[float, dict]:
    """The whole command in a fresh process; the summary from the JSON output.

    With ``check=False`` a failing command gives an empty summary instead of stopping.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ketenmining",
            "conform",
            str(log),
            "--model",
            str(model),
            "-o",
            str(out),
            "-q",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        if not check:
            return elapsed, {}
        raise SystemExit(f"ketenmining failed:\n{done.stderr}")
    if json_out:
        return elapsed, json.loads(out.read_text(encoding="utf-8"))["summary"]
    import pyarrow.parquet as pq

    return elapsed, {"variants": len(set(pq.read_table(out).column("variant_id").to_pylist()))}


def throughput(net, im, fm, variants: list[tuple[tuple[str, ...], int]], workers: int) -> float:
    """Variants aligned per second (compile included)."""
    from ketenmining.conform.alignments import align_variants
    from ketenmining.conform.netcompile import compile_net

    start = time.perf_counter()
    compiled = compile_net(net, im, fm)
    align_variants(compiled, variants, workers=workers)
    return len(variants) / (time.perf_counter() - start)


def protocol_like_route():
    """A Petri net with the shape of the meldcode route (see docs/PROTOCOL.md)."""
    pm4py = pm4py_module()
    tree = pm4py.parse_process_tree(
        "-> ( 'melding', 'veiligheidsbeoordeling', X ( 'afsluiting', -> ( X ( tau, 'onderzoek' ), "
        "X ( -> ( 'verzoek_raad', 'raadsonderzoek' ), -> ( 'overdracht', 'intake_tt', "
        "*( 'huisbezoek', tau ), +( 'monitoring', 'stabiele_veiligheid' ), 'afsluiting' ) ) ) ) )"
    )
    return pm4py.convert_to_petri_net(tree)


def noisy_variants(net, im, fm, count: int, seed: int = 5) -> list[tuple[tuple[str, ...], int]]:
    """``count`` distinct traces: runs of the model with 0-3 random changes each."""
    pm4py = pm4py_module()
    random.seed(seed)
    rng = random.Random(seed)
    runs = [
        tuple(e["concept:name"] for e in t)
        for t in pm4py.play_out(net, im, fm, parameters={"noTraces": 2000})
    ]
    alphabet = [*sorted({a for r in runs for a in r}), "dubbele_intake", "telefonisch_contact"]
    seen: set[tuple[str, ...]] = set()
    while len(seen) < count:
        events = list(rng.choice(runs))
        for _ in range(rng.randint(0, 3)):
            op = rng.choice(("swap", "drop", "insert"))
            if op == "swap" and len(events) > 1:
                i = rng.randrange(len(events) - 1)
                events[i], events[i + 1] = events[i + 1], events[i]
            elif op == "drop" and len(events) > 1:
                del events[rng.randrange(len(events))]
            else:
                events.insert(rng.randrange(len(events) + 1), rng.choice(alphabet))
        seen.add(tuple(events))
    return [(v, 1) for v in sorted(seen)]


def chain_scale(net, im, fm, variants: list[tuple[tuple[str, ...], int]], events: int) -> None:
    """The whole command on a synthetic chain log of ``events`` events over ``variants``."""
    import numpy as np
    import pyarrow as pa

    from ketenmining.chainlog import arrow_schema, write_chain_log

    pm4py = pm4py_module()
    rng = np.random.default_rng(11)
    traces = [v for v, _ in variants]
    weights = 1.0 / np.arange(1, len(traces) + 1) ** 1.1  # a few routes are common, most rare
    weights /= weights.sum()
    mean_len = sum(len(t) * w for t, w in zip(traces, weights, strict=True))
    picks = rng.choice(len(traces), size=int(events / mean_len), p=weights)
    orgs = ("VT", "TT", "RvdK", "HA", "SCH")
    case_ids, acts, org_col, stamps = [], [], [], []
    for case, pick in enumerate(picks):
        start = 1_700_000_000_000_000 + int(rng.integers(0, 3 * 10**13))
        for k, activity in enumerate(traces[pick]):
            case_ids.append(f"{case:08x}")
            acts.append(activity)
            org_col.append(orgs[sum(map(ord, activity)) % len(orgs)])
            stamps.append(start + k * 86_400_000_000)
    n = len(acts)
    table = pa.table(
        {
            "case_id": case_ids,
            "episode": pa.array(np.ones(n, dtype="int32")),
            "org": org_col,
            "activity": acts,
            "activity_raw": acts,
            "timestamp": pa.array(np.array(stamps, dtype="int64"), pa.timestamp("us", tz="UTC")),
            "lifecycle": ["complete"] * n,
            "source": ["synthetic"] * n,
            "source_row": pa.array(np.arange(1, n + 1, dtype="int64")),
        },
        schema=arrow_schema(),
    )
    with tempfile.TemporaryDirectory() as tmp:
        log = write_chain_log(table, Path(tmp) / "chain.parquet", {})
        model = Path(tmp) / "route.pnml"
        pm4py.write_pnml(net, im, fm, str(model))
        elapsed, summary = run_ketenmining(log, model, Path(tmp) / "out.parquet", json_out=False)
    print(
        f"  whole command on {n} events, {len(picks)} cases: {elapsed:.2f} s "
        f"({summary['variants']} variants in the log)"
    )


def more_models(step: int = 10, count: int = 20) -> None:
    """Per-variant time and cost against pm4py's A* on inductive-miner nets of larger logs."""
    import pandas as pd
    from pm4py.algo.conformance.alignments.petri_net import algorithm as alignments
    from pm4py.objects.log.obj import Event, Trace

    from ketenmining.conform.alignments import align_variants
    from ketenmining.conform.netcompile import compile_net

    pm4py = pm4py_module()
    sepsis = pm4py.format_dataframe(
        pd.read_csv(PUBLIC_LOGS / "sepsis.csv", sep=";"),
        case_id="Case ID",
        activity_key="Activity",
        timestamp_key="Complete Timestamp",
        timest_format="%Y/%m/%d %H:%M:%S.%f",
    )
    logs = {"bpic2012": pm4py.read_xes(str(PUBLIC_LOGS / "bpic2012.xes.gz")), "sepsis": sepsis}
    print(f"inductive-miner nets, every {step}th of the most frequent variants, one worker:")
    for name, frame in logs.items():
        ranked = sorted(pm4py.get_variants(frame).items(), key=lambda kv: -kv[1])
        sample = [(tuple(v), 1) for v, _ in ranked[: step * count : step]]
        for noise in (0.2, 0.0):
            net, im, fm = pm4py.discover_petri_net_inductive(frame, noise_threshold=noise)
            start = time.perf_counter()
            compiled = compile_net(net, im, fm)
            ours = align_variants(compiled, sample, workers=1)
            t_ours = time.perf_counter() - start
            start = time.perf_counter()
            theirs = [
                alignments.apply_trace(Trace([Event({"concept:name": a}) for a in v]), net, im, fm)[
                    "cost"
                ]
                for v, _ in sample
            ]
            t_theirs = time.perf_counter() - start
            same = [a.raw_cost for a in ours] == theirs
            print(
                f"  {name} noise {noise}: {compiled.n_states} states, {len(sample)} variants: "
                f"ketenmining {t_ours:.2f} s, pm4py {t_theirs:.2f} s, identical costs: {same}"
            )
            assert same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of ketenmining (median)")
    parser.add_argument("--pm4py-runs", type=int, default=3, help="runs of pm4py (median)")
    parser.add_argument(
        "--variants", type=int, default=3000, help="variants of the protocol-like route"
    )
    parser.add_argument(
        "--quick", action="store_true", help="one run each, 300 variants: a smoke run"
    )
    parser.add_argument(
        "--more-models",
        action="store_true",
        help="also compare with pm4py per variant on inductive-miner nets of bpic2012 and sepsis",
    )
    parser.add_argument(
        "--events",
        type=int,
        default=1_000_000,
        help="size of the synthetic chain log for the whole-command run on the protocol-like route",
    )
    args = parser.parse_args()
    if args.quick:
        args.runs, args.pm4py_runs, args.variants, args.events = 1, 1, 300, 50_000

    needed = ["receipt.xes", "receipt_imf_prom.pnml"]
    needed += ["bpic2012.xes.gz", "sepsis.csv"] if args.more_models else []
    gone = [name for name in needed if not (PUBLIC_LOGS / name).is_file()]
    if gone:
        print(f"error: {', '.join(gone)} not found in {PUBLIC_LOGS}; run `make public-logs`")
        sys.exit(2)
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start")
    pm4py = pm4py_module()
    frame = pm4py.read_xes(str(PUBLIC_LOGS / "receipt.xes"))
    model = PUBLIC_LOGS / "receipt_imf_prom.pnml"
    net, im, fm = pm4py.read_pnml(str(model))
    with tempfile.TemporaryDirectory() as tmp:
        log = prepare_chain_log(frame, Path(tmp) / "receipt.parquet")
        ours, theirs = [], []
        summary: dict = {}
        fitness: dict = {}
        for _ in range(args.runs):
            elapsed, summary = run_ketenmining(log, model, Path(tmp) / "out.json")
            ours.append(elapsed)
        # the same straight from the XES file, where quick mode reads it (ingest work)
        xes_runs = []
        for _ in range(args.runs):
            elapsed, xes_summary = run_ketenmining(
                PUBLIC_LOGS / "receipt.xes", model, Path(tmp) / "xes.json", check=False
            )
            if not xes_summary:
                break
            assert xes_summary["log_fitness"] == summary["log_fitness"]
            xes_runs.append(elapsed)
        for _ in range(args.pm4py_runs):
            elapsed, fitness = run_pm4py(frame, net, im, fm)
            theirs.append(elapsed)
    assert summary["average_trace_fitness"] == fitness["average_trace_fitness"], (summary, fitness)
    assert summary["log_fitness"] == fitness["log_fitness"], (summary, fitness)
    assert summary["percentage_of_fitting_traces"] == fitness["percentage_of_fitting_traces"]
    m_ours, m_theirs = statistics.median(ours), statistics.median(theirs)
    print(
        f"receipt vs ProM model: {summary['cases']} cases, {summary['variants']} variants; "
        f"identical fitness: average_trace_fitness {summary['average_trace_fitness']!r}, "
        f"log_fitness {summary['log_fitness']!r}"
    )
    print(
        f"  pm4py default (diagnostics + fitness_alignments): median {m_theirs:.2f} s  {[round(x, 2) for x in theirs]}"
    )
    print(
        f"  ketenmining conform --model (whole command):      median {m_ours:.2f} s  {[round(x, 2) for x in ours]}"
    )
    print(f"  ratio: {m_theirs / m_ours:.1f}x faster")
    if xes_runs:
        m_xes = statistics.median(xes_runs)
        print(
            f"  ketenmining conform receipt.xes (quick mode, reading the XES): median {m_xes:.2f} s, "
            f"{m_theirs / m_xes:.1f}x faster than pm4py's alignments alone"
        )

    variants = [(tuple(v), 1) for v in pm4py.get_variants(frame)]
    for workers in (1, 2):
        rate = statistics.median(
            throughput(net, im, fm, variants, workers) for _ in range(max(1, args.runs // 2))
        )
        print(f"  receipt variants per second, {workers} worker(s): {rate:.0f}")

    pnet, pim, pfm = protocol_like_route()
    for count in sorted({args.variants, 10 * args.variants}):
        pvariants = noisy_variants(pnet, pim, pfm, count)
        mean_len = statistics.mean(len(v) for v, _ in pvariants)
        print(f"protocol-like route: {len(pvariants)} variants, mean length {mean_len:.1f}")
        for workers in (1, 2):
            start = time.perf_counter()
            rate = throughput(pnet, pim, pfm, pvariants, workers)
            print(
                f"  {workers} worker(s): {rate:.0f} variants/s ({time.perf_counter() - start:.2f} s)"
            )
        if count == args.variants:
            chain_scale(pnet, pim, pfm, pvariants, args.events)
    if args.more_models:
        more_models()


if __name__ == "__main__":
    main()
