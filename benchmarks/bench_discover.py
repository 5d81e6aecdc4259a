"""Benchmark: ``ketenmining discover`` aggregates versus pm4py doing the same, side by side.

For each size (default 100k, 1M, 10M events) a chain-shaped log is made
once (``benchmarks/synth_chain.py``, cached under ``benchmarks/data/``).
Each measurement runs in a fresh subprocess, which reports its wall time
and its own peak memory (``ru_maxrss``):

* **ketenmining** — from the Parquet file: DuckDB activity, organisation and
  swimlane graphs (counts, median/mean/p90 waits), variants, handovers with
  returns, small-cell suppression (k=10). No rendering.
* **pm4py** — from the same Parquet file: pandas read, ``format_dataframe``,
  ``discover_dfg``, ``discover_performance_dfg``, ``get_variants``,
  ``discover_handover_of_work_network`` (organisation as resource).

Medians of ``--runs`` runs; prints a Markdown table for docs/benchmarks.md.

    python benchmarks/bench_discover.py --sizes 100000,1000000,10000000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import machine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
#: Events per child in the example chain (to size a generated chain by events).
EVENTS_PER_CHILD = 9.42


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cpu() -> float:
    """CPU seconds (user + system, all threads) used by this process so far."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child_ketenmining(path: str) -> dict:
    """Discovery aggregates + suppression in DuckDB; returns timings."""
    # like the pm4py side (pandas and pm4py imported before the clock starts)
    import duckdb  # noqa: F401
    import pyarrow  # noqa: F401

    from ketenmining.discover.aggregate import aggregate, release, steps_view
    from ketenmining.discover.suppress import suppress
    from ketenmining.engine import connect, register_events

    c0, t0 = _cpu(), time.perf_counter()
    con = connect()
    register_events(con, path)
    disc = aggregate(con, levels=("activity", "org"))  # what pm4py computes too: no swimlane
    pub = suppress(con, disc, k=10, steps=steps_view(disc))
    release(con)
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "cpu_seconds": _cpu() - c0,
        "peak_mb": _peak_mb(),
        "events": disc.events,
        "variants": len(disc.variants),
        "edges": len(pub.graphs["activity"].edges),
    }


def child_pm4py(path: str) -> dict:
    """The same with pm4py on a pandas frame; returns timings (load separately)."""
    import pandas as pd

    sys.path.insert(0, str(ROOT))
    from ketenmining._pm4py import pm4py_quiet

    pm4py = pm4py_quiet()
    c0, t0 = _cpu(), time.perf_counter()
    df = pd.read_parquet(
        path, columns=["case_id", "episode", "activity", "timestamp", "org", "source_row"]
    )
    t1 = time.perf_counter()
    # a case is one episode of one client, as in ketenmining
    df["case"] = df["case_id"] + "#" + df["episode"].astype(str)
    df = pm4py.format_dataframe(
        df, case_id="case", activity_key="activity", timestamp_key="timestamp"
    )
    dfg, _starts, _ends = pm4py.discover_dfg(df)
    _perf, _, _ = pm4py.discover_performance_dfg(df)
    variants = pm4py.get_variants(df)
    pm4py.discover_handover_of_work_network(df, resource_key="org")
    t2 = time.perf_counter()
    return {
        "seconds": t2 - t0,
        "cpu_seconds": _cpu() - c0,
        "load_seconds": t1 - t0,
        "peak_mb": _peak_mb(),
        "events": len(df),
        "variants": len(variants),
        "edges": len(dfg),
    }


def run_child(kind: str, path: Path, timeout: float) -> dict | None:
    """One measurement in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, __file__, "--child", kind, str(path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000,10000000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pm4py-runs", type=int, default=None, help="runs of pm4py (default: --runs)")
    ap.add_argument(
        "--pm4py-max", type=int, default=10_000_000, help="skip pm4py above this many events"
    )
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument(
        "--example",
        action="store_true",
        help="use the real example chain (generator + stitch, cached) instead of the synthetic log",
    )
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, path = args.child
        result = child_ketenmining(path) if kind == "ketenmining" else child_pm4py(path)
        print(json.dumps(result))
        return
    sys.path.insert(0, str(ROOT))
    from benchmarks.synth_chain import write_parquet

    print(f"machine: {machine()}")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        if args.example:
            from common import stitched_chain

            path = stitched_chain(round(size / EVENTS_PER_CHILD))
        else:
            path = DATA / f"chain-{size}.parquet"
            if not path.exists():
                write_parquet(size, path)
        ours = [
            r for r in (run_child("ketenmining", path, args.timeout) for _ in range(args.runs)) if r
        ]
        theirs: list[dict] = []
        if size <= args.pm4py_max:
            n = args.pm4py_runs or args.runs
            theirs = [r for r in (run_child("pm4py", path, args.timeout) for _ in range(n)) if r]
        row = {
            "size": size,
            "events": ours[0]["events"] if ours else None,
            "variants": ours[0]["variants"] if ours else None,
            "ours_s": statistics.median(r["seconds"] for r in ours) if ours else None,
            "ours_mb": max(r["peak_mb"] for r in ours) if ours else None,
            "ours_cpu": statistics.median(r["cpu_seconds"] for r in ours) if ours else None,
            "pm4py_cpu": statistics.median(r["cpu_seconds"] for r in theirs) if theirs else None,
            "pm4py_s": statistics.median(r["seconds"] for r in theirs) if theirs else None,
            "pm4py_load_s": statistics.median(r["load_seconds"] for r in theirs)
            if theirs
            else None,
            "pm4py_mb": max(r["peak_mb"] for r in theirs) if theirs else None,
            "runs": (len(ours), len(theirs)),
        }
        if ours and theirs:
            assert ours[0]["variants"] == theirs[0]["variants"], (
                "pm4py and ketenmining disagree on variants"
            )
        rows.append(row)
        print(json.dumps(row), flush=True)
    print()
    print(
        "| events | variants | ketenmining wall (s) | CPU (s) | peak MB | pm4py wall (s) "
        "| of which load (s) | CPU (s) | peak MB | pm4py / ketenmining (wall) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        ratio = f"{r['pm4py_s'] / r['ours_s']:.1f}×" if r["pm4py_s"] and r["ours_s"] else "–"

        def f(x: float | None, d: int = 2) -> str:
            return "–" if x is None else f"{x:.{d}f}"

        print(
            f"| {r['events']:,} | {r['variants']:,} | {f(r['ours_s'])} | {f(r['ours_cpu'])} | {f(r['ours_mb'], 0)} "
            f"| {f(r['pm4py_s'])} | {f(r['pm4py_load_s'])} | {f(r['pm4py_cpu'])} | {f(r['pm4py_mb'], 0)} | {ratio} |"
        )


if __name__ == "__main__":
    main()
