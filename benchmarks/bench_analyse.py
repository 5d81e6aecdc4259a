"""Benchmark: ``analyse seams`` and ``analyse compare`` on the example chain at about 1M events.

The commands a quality officer runs on a stitched chain log (stitch excluded)::

    ketenmining analyse seams keten.parquet --protocol meldcode-keten.yaml --format json -q
    ketenmining analyse compare keten.parquet --protocol meldcode-keten.yaml --start overdracht \\
        --a werkwijze=Regulier --b "werkwijze=Verbindend Samenwerken" --format json -q

Targets (issue 12, 2 cores): seams ≤ 3 s, compare ≤ 5 s. Medians of several
runs in fresh processes (start-up, reading the log and the protocol
included), and the CPU time (user + system) per run, which a loaded shared
machine does not inflate the way it inflates the wall time. No pm4py counterpart exists (pm4py, bupaR and Disco have no
seam or censored cohort measures), so there is no ratio. ``analyse report``
is timed too, for the record (no target).

    PYTHONPATH=. python benchmarks/bench_analyse.py [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from common import REPO, events_in, ketenmining, machine, median_runs, stitched_chain

PROTOCOL = REPO / "configs" / "protocols" / "meldcode-keten.yaml"
COHORTS = ["--a", "werkwijze=Regulier", "--b", "werkwijze=Verbindend Samenwerken"]
TARGETS = {"seams": 3.0, "compare": 5.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--children", type=int, default=106_000, help="size of the example chain (~9.4 events each)"
    )
    parser.add_argument("--quick", action="store_true", help="about 100k events, one run each")
    args = parser.parse_args()
    children = 10_600 if args.quick else args.children
    runs = 1 if args.quick else args.runs
    log = stitched_chain(children)
    n = events_in(log)
    print(f"Machine: {machine()}\n")
    base = ["--protocol", str(PROTOCOL), "-q"]
    with tempfile.TemporaryDirectory() as tmp:
        jobs = {
            "seams": ketenmining("analyse", "seams", str(log), *base, "--format", "json"),
            "compare": ketenmining(
                "analyse",
                "compare",
                str(log),
                *base,
                "--start",
                "overdracht",
                *COHORTS,
                "--format",
                "json",
            ),
            "report": ketenmining(
                "analyse",
                "report",
                str(log),
                *base,
                "--start",
                "overdracht",
                *COHORTS,
                "-o",
                str(Path(tmp) / "analyse"),
            ),
        }
        print(f"| {n:,} events | median wall | runs | CPU per run | peak memory | target |")
        print("|---|---:|---|---:|---:|---:|")
        for name, cmd in jobs.items():
            before = os.times()
            wall, peak, walls = median_runs(cmd, runs)
            after = os.times()
            cpu = (after.children_user + after.children_system) - (
                before.children_user + before.children_system
            )
            target = f"≤ {TARGETS[name]:.0f} s" if name in TARGETS else "–"
            runs_text = ", ".join(f"{w:.2f}" for w in walls)
            print(
                f"| analyse {name} | {wall:.2f} s | {runs_text} | {cpu / runs:.2f} s "
                f"| {peak:,.0f} MiB | {target} |"
            )
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
