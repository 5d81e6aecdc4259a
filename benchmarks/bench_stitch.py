"""Benchmark: pseudonymise + stitch end to end, and the start-up of ``ketenmining --help``.

Generates the example chain (six organisations, six export formats: CSV,
XLSX, JSON lines, gzipped XES, cp1252 CSV, Parquet) at about 100k and 1M
events, then times the whole command a user runs::

    ketenmining stitch keten.yaml --key-file demo.key -o keten.parquet

(read every export, map it, pseudonymise every id with HMAC-SHA256, link,
split episodes, order, data-quality report, write). Medians of several runs
in fresh processes; peak memory is the whole process tree's. Targets on 2
cores: 1M events in ≤ 8 s and ≤ 2 GB; ``--help`` in ≤ 0.3 s.

    PYTHONPATH=. python benchmarks/bench_stitch.py [--runs 3] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from common import events_in, example_chain, ketenmining, machine, median_runs, run_timed

#: Children per size; the example chain has about 9.4 events per child.
SIZES = {"100k": 10_600, "1M": 106_000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="100k events only, one run")
    args = parser.parse_args()
    sizes = {"100k": SIZES["100k"]} if args.quick else SIZES
    runs = 1 if args.quick else args.runs
    print(f"Machine: {machine()}\n")
    print("| events | sources | median wall | runs | events/s | peak memory (process tree) |")
    print("|---:|---:|---:|---|---:|---:|")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, children in sizes.items():
            folder = example_chain(children)
            out = Path(tmp) / f"{label}.parquet"
            cmd = ketenmining(
                "stitch",
                "--internal",
                str(folder / "keten.yaml"),
                "--key-file",
                str(folder / "demo.key"),
                "-o",
                str(out),
                "-q",
            )
            wall, peak, walls = median_runs(cmd, runs)
            n = events_in(out)
            rows.append((n, wall))
            all_runs = ", ".join(f"{w:.2f}" for w in walls)
            print(f"| {n:,} | 6 | {wall:.2f} s | {all_runs} | {n / wall:,.0f} | {peak:,.0f} MiB |")
    if len(rows) == 2:
        (n1, t1), (n2, t2) = rows
        print(f"\nScaling: {n2 / n1:.1f}× the events took {t2 / t1:.1f}× the time.")
    helps = [run_timed(ketenmining("--help"))[0] for _ in range(5 if args.quick else 10)]
    print(
        f"\n`ketenmining --help`: median {statistics.median(helps):.3f} s over {len(helps)} runs "
        f"(min {min(helps):.3f} s)."
    )


if __name__ == "__main__":
    main()
