"""Benchmark: stitch, discover and audit of the example chain from 1M to 10M to 100M events.

For each size the example chain is generated once (``python -m
ketenmining.examples -n CHILDREN --seed 7``, about 9.4 events per child;
cached under ``benchmarks/data``, untimed), then the three commands a user
runs are timed, each in a fresh process, with the peak memory of the whole
process tree (the command and its worker processes, sampled every 20 ms)::

    ketenmining stitch keten.yaml --key-file demo.key -o keten.parquet -q
    ketenmining discover keten.parquet -o kaarten/ --protocol meldcode-keten.yaml -q
    ketenmining audit keten.parquet --protocol meldcode-keten.yaml -o rapport/ -q

DuckDB's memory limit is the engine's default (a quarter of physical memory,
``KETENMINING_MEMORY_LIMIT`` overrides) and it spills to a folder in the
system temp (``KETENMINING_TEMP_DIR``). The goal on 2 cores: 10M events
through each command within 8 GB, time growing no worse than linearly from
1M to 10M; 100M events through stitch and discover.

    PYTHONPATH=. python benchmarks/bench_scale.py --sizes 1M,10M [--runs 3] [--steps stitch,discover,audit]
    PYTHONPATH=. python benchmarks/bench_scale.py --sizes 100M --steps stitch,discover --cleanup

``--cleanup`` deletes the generated chain of each size after it is measured
(a 100M-event chain takes about 5 GB of exports plus its chain log).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from common import (
    REPO,
    events_in,
    example_chain,
    ketenmining,
    machine,
    median_runs,
    stitched_chain,
)

PROTOCOL = REPO / "configs" / "protocols" / "meldcode-keten.yaml"
#: Children per size (the example chain has about 9.4 events per child).
SIZES = {"100k": 10_600, "1M": 106_000, "10M": 1_060_000, "100M": 10_600_000}
STEPS = ("stitch", "discover", "audit")


def commands(folder: Path, out: Path) -> dict[str, list[str]]:
    """The command line of each step on the chain in ``folder``."""
    log = folder / "keten.parquet"
    return {
        "stitch": ketenmining(
            "stitch",
            "--internal",
            str(folder / "keten.yaml"),
            "--key-file",
            str(folder / "demo.key"),
            "-o",
            str(log),
            "-q",
        ),
        "discover": ketenmining(
            "discover", str(log), "-o", str(out / "kaarten"), "--protocol", str(PROTOCOL), "-q"
        ),
        "audit": ketenmining(
            "audit", str(log), "--protocol", str(PROTOCOL), "-o", str(out / "rapport"), "-q"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,10M", help="comma-separated: " + ", ".join(SIZES))
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--runs", type=int, default=1, help="runs per step (median reported)")
    parser.add_argument("--cleanup", action="store_true", help="delete each chain after its size")
    args = parser.parse_args()
    steps = [s for s in args.steps.split(",") if s]
    print(f"Machine: {machine()}\n")
    print("| events | step | median wall | runs | events/s | peak memory (process tree) |")
    print("|---:|---|---:|---|---:|---:|")
    for size in args.sizes.split(","):
        # without a timed stitch, stitch once untimed so the other steps have a chain log
        folder = (example_chain if "stitch" in steps else stitched_chain)(SIZES[size])
        folder = folder if folder.is_dir() else folder.parent
        with tempfile.TemporaryDirectory() as tmp:
            cmds = commands(folder, Path(tmp))
            n = None
            for step in steps:
                wall, peak, walls = median_runs(cmds[step], args.runs)
                n = n or events_in(folder / "keten.parquet")
                runs = ", ".join(f"{w:.1f}" for w in walls)
                print(
                    f"| {n:,} | {step} | {wall:.1f} s | {runs} | {n / wall:,.0f} | {peak:,.0f} MiB |",
                    flush=True,
                )
        if args.cleanup:
            shutil.rmtree(folder)


if __name__ == "__main__":
    sys.exit(main())
