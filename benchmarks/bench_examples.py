"""Benchmark of the example-chain generator: events/s, wall and CPU time, peak memory per size.

Usage (from the repository root)::

    python benchmarks/bench_examples.py                          # 10k and 100k children, both forms
    python benchmarks/bench_examples.py --runs 3 11000 110000    # any sizes, median of 3 runs
    python benchmarks/bench_examples.py --form scale 1100000     # only the scale form

Each run is a fresh process (``python -m ketenmining.examples``) writing into
a temporary folder that is removed afterwards. The small form (XLSX and XES,
one process) and the scale form (CSV and Parquet, chunks of 50,000 children
in a pool of one worker per CPU) are run interleaved, so both see the same
load. Wall time is what a user waits; CPU time is the sum over the process
tree (user + system of the generator and its workers), which does not grow
with the machine's load. Peak memory is the whole process tree, sampled every
20 ms. Prints one Markdown row per form and size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import generator_command, machine, run_timed


def _cpu_seconds() -> float:
    """CPU time of this process's finished children (user + system)."""
    usage = os.times()
    return usage.children_user + usage.children_system


def one_run(children: int, scale: bool) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MiB, events) of one generator run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "chain"
        before = _cpu_seconds()
        wall, peak = run_timed(generator_command(children, 1, out, scale))
        cpu = _cpu_seconds() - before
        events = sum(
            json.loads((out / "truth.json").read_text(encoding="utf-8"))["events"].values()
        )
    return wall, cpu, peak, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=1, help="runs per form and size (median)")
    parser.add_argument("--form", choices=("both", "small", "scale"), default="both")
    args = parser.parse_args()
    forms = {"both": (False, True), "small": (False,), "scale": (True,)}[args.form]
    print(f"Machine: {machine()}\n")
    print(
        "| children | form | events | median wall | CPU (tree) | events/s (wall) | events/CPU-s | peak memory | load |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        results: dict[bool, list[tuple[float, float, float, int]]] = {f: [] for f in forms}
        for _ in range(args.runs):
            for scale in forms:  # interleaved: both forms see the same load
                results[scale].append(one_run(n, scale))
        for scale in forms:
            runs = results[scale]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            peak = max(r[2] for r in runs)
            events = runs[0][3]
            print(
                f"| {n:,} | {'scale' if scale else 'small'} | {events:,} | {wall:.1f} s | "
                f"{cpu:.1f} s | {events / wall:,.0f} | {events / cpu:,.0f} | {peak:,.0f} MiB | "
                f"{os.getloadavg()[0]:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
