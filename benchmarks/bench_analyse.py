"""Benchmark: ``analyse seams`` and ``analyse compare`` on the example chain at about 1M events.

The commands a quality officer runs on a stitched chain log (stitch excluded)::

    ketenmining analyse seams keten.parquet --protocol meldcode-keten.yaml --format json -q
    ketenmining analyse compare keten.parquet --protocol meldcode-keten.yaml --start overdracht \\
        --a werkwijze=Regulier --b "werkwijze=Verbindend Samenwerken" --format json -q

Targets (issue 12, 2 cores): seams ≤ 3 s, compare ≤ 5 s. Medians of several
runs in fresh processes (start-up, reading the log and the protocol
included), and the median CPU time (user + system) per run, which a loaded
shared machine does not inflate the way it inflates the wall time. No pm4py
counterpart exists (pm4py, bupaR and Disco have no seam or censored cohort
measures), so there is no ratio. ``analyse report`` is timed too, for the
record (no target).

With ``--baseline REF`` the same commands also run on the code of the git
commit REF (exported to a temporary folder; or REF is a folder holding that
code), interleaved run by run with this checkout (before, after, before,
after, ...), so both see the same load; the table then has a row per command
and version and the after/before ratios.

    PYTHONPATH=. python benchmarks/bench_analyse.py [--runs 5] [--quick] [--baseline REF]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import REPO, events_in, ketenmining, machine, run_timed, stitched_chain

PROTOCOL = REPO / "configs" / "protocols" / "meldcode-keten.yaml"
COHORTS = ["--a", "werkwijze=Regulier", "--b", "werkwijze=Verbindend Samenwerken"]
TARGETS = {"seams": 3.0, "compare": 5.0}


def timed(cmd: list[str], code: Path) -> tuple[float, float, float]:
    """One fresh run of ``cmd`` on the checkout ``code``: wall s, CPU s (user + system), peak MiB."""
    before = os.times()
    wall, peak = run_timed(cmd, code=code)
    after = os.times()
    cpu = (after.children_user + after.children_system) - (
        before.children_user + before.children_system
    )
    return wall, cpu, peak


def export(ref: str, into: Path) -> Path:
    """The code of commit ``ref`` in the folder ``into`` (``git archive``)."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", ref], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def jobs(log: Path, out: Path) -> dict[str, list[str]]:
    """The timed command lines."""
    base = ["--protocol", str(PROTOCOL), "-q"]
    start = ["--start", "overdracht", *COHORTS]
    return {
        "seams": ketenmining("analyse", "seams", str(log), *base, "--format", "json"),
        "compare": ketenmining("analyse", "compare", str(log), *base, *start, "--format", "json"),
        "report": ketenmining("analyse", "report", str(log), *base, *start, "-o", str(out)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--children", type=int, default=106_000, help="size of the example chain (~9.4 events each)"
    )
    parser.add_argument("--quick", action="store_true", help="about 100k events, one run each")
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="git commit (or a folder with that code) to compare with, run by run (interleaved)",
    )
    parser.add_argument(
        "--only",
        choices=sorted(["seams", "compare", "report"]),
        action="append",
        help="time only these commands (repeatable)",
    )
    args = parser.parse_args()
    children = 10_600 if args.quick else args.children
    runs = 1 if args.quick else args.runs
    log = stitched_chain(children)
    n = events_in(log)
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory() as tmp:
        versions = {"this checkout": REPO}
        if args.baseline:
            if Path(args.baseline).is_dir():  # a folder holding the earlier code
                baseline = Path(args.baseline).resolve()
            else:
                (Path(tmp) / "baseline").mkdir()
                baseline = export(args.baseline, Path(tmp) / "baseline")
            versions = {args.baseline: baseline, "this checkout": REPO}
        commands = jobs(log, Path(tmp) / "analyse")
        print(f"| {n:,} events | code | median wall | runs | median CPU | peak memory | target |")
        print("|---|---|---:|---|---:|---:|---:|")
        medians: dict[tuple[str, str], tuple[float, float]] = {}
        for name, cmd in commands.items():
            if args.only and name not in args.only:
                continue
            results: dict[str, list[tuple[float, float, float]]] = {v: [] for v in versions}
            for _ in range(runs):
                for version, code in versions.items():  # interleaved: same load for both
                    results[version].append(timed(cmd, code))
            for version, rows in results.items():
                walls = [r[0] for r in rows]
                wall, cpu = statistics.median(walls), statistics.median(r[1] for r in rows)
                medians[(name, version)] = (wall, cpu)
                target = f"≤ {TARGETS[name]:.0f} s" if name in TARGETS else "–"
                print(
                    f"| analyse {name} | {version} | {wall:.2f} s | "
                    f"{', '.join(f'{w:.2f}' for w in walls)} | {cpu:.2f} s | "
                    f"{max(r[2] for r in rows):,.0f} MiB | {target} |"
                )
        if args.baseline:
            print()
            for name in commands:
                if (name, args.baseline) in medians:
                    (wb, cb), (wa, ca) = (
                        medians[(name, args.baseline)],
                        medians[(name, "this checkout")],
                    )
                    print(f"analyse {name}: after/before wall {wa / wb:.2f}, CPU {ca / cb:.2f}")
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
