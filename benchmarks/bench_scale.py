"""Benchmark: generate, stitch, discover and audit the example chain from 1M to 10M to 100M events.

For each size the example chain is generated in its scale form (``python -m
ketenmining.examples -n CHILDREN --seed 7 --scale``: every export CSV or
Parquet, generated in chunks on every CPU; about 9.1 events per child), timed
as the ``generate`` step when it is not cached under ``benchmarks/data`` (or
always with ``--steps generate,...``), then the commands a user runs are
timed, each in a fresh process, with the peak memory of the whole process
tree (the command and its worker processes, sampled every 20 ms)::

    ketenmining stitch keten.yaml --key-file demo.key -o keten.parquet -q
    ketenmining discover keten.parquet -o kaarten/ --protocol meldcode-keten.yaml -q
    ketenmining audit keten.parquet --protocol meldcode-keten.yaml -o rapport/ -q

DuckDB's memory limit is the engine's default (an eighth of physical memory,
``KETENMINING_MEMORY_LIMIT`` overrides) and it spills to a folder in the
system temp (``KETENMINING_TEMP_DIR``). ``--max-memory-gb`` stops a step
whose process tree goes over that much resident memory (reported, not
timed). The goal on 2 cores: 10M events through each command within 8 GB,
time growing no worse than linearly from 1M to 10M; 100M events through
stitch and discover::

    PYTHONPATH=. python benchmarks/bench_scale.py --sizes 1M,10M [--runs 3] [--steps stitch,discover,audit]
    PYTHONPATH=. nice -n 19 python benchmarks/bench_scale.py --sizes 1M,10M,100M \\
        --steps generate,stitch,discover --cleanup --max-memory-gb 10
    PYTHONPATH=. python benchmarks/bench_scale.py --log LOG --steps discover --max-memory-gb 10

``--log`` times discover (and audit) on a given chain log, e.g. 100M events made by
``benchmarks/replicate_chainlog.py`` from the 10M chain log when stitch cannot make one.

``--small`` uses the small form (XLSX and XES, as the bundled example; at most
about 1.1M children). ``--cleanup`` deletes the generated chain of each size
after it is measured (a 100M-event chain takes 5.2 GB of exports, 0.9 GB of
truth and its chain log).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

from common import (
    DATA,
    REPO,
    OverLimit,
    events_in,
    example_chain,
    generator_command,
    ketenmining,
    machine,
    median_runs,
    run_timed,
)

PROTOCOL = REPO / "configs" / "protocols" / "meldcode-keten.yaml"
#: Children per size (the scale form has about 9.1 events per child).
SIZES = {"100k": 11_000, "1M": 110_000, "10M": 1_100_000, "100M": 11_000_000}
STEPS = ("generate", "stitch", "discover", "audit")
SEED = 7


def commands(folder: Path, out: Path, log: Path | None = None) -> dict[str, list[str]]:
    """The command line of each step on the chain in ``folder`` (or on the chain log ``log``)."""
    log = log or folder / "keten.parquet"
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


def _now() -> str:
    load = os.getloadavg()[0]
    return f"{dt.datetime.now(dt.UTC):%H:%M:%S} UTC, load {load:.1f}"


def _row(n: int | str, step: str, wall: float, runs: str, peak: float) -> None:
    rate = f"{n / wall:,.0f}" if isinstance(n, int) else "–"
    shown = f"{n:,}" if isinstance(n, int) else n
    print(
        f"| {shown} | {step} | {wall:.1f} s | {runs} | {rate} | {peak:,.0f} MiB | {_now()} |",
        flush=True,
    )


def _generate(children: int, scale: bool, limit: float | None) -> tuple[Path, float, float]:
    """Generate the chain (timed); return its folder, wall seconds and peak MiB."""
    out = DATA / (f"chain-scale-{children}" if scale else f"chain-{children}")
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    wall, peak = run_timed(generator_command(children, SEED, out, scale), limit_mib=limit)
    (out / "demo.key").chmod(0o600)
    return out, wall, peak


def _truth_events(folder: Path) -> int:
    import json

    return sum(json.loads((folder / "truth.json").read_text(encoding="utf-8"))["events"].values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,10M", help="comma-separated: " + ", ".join(SIZES))
    parser.add_argument("--steps", default="stitch,discover,audit", help=",".join(STEPS))
    parser.add_argument("--runs", type=int, default=1, help="runs per step (median reported)")
    parser.add_argument("--cleanup", action="store_true", help="delete each chain after its size")
    parser.add_argument("--small", action="store_true", help="the small form (XLSX, XES)")
    parser.add_argument("--max-memory-gb", type=float, default=None, help="stop a step above this")
    parser.add_argument(
        "--log",
        type=Path,
        default=None,
        help="time discover/audit on this chain log instead (e.g. from replicate_chainlog.py)",
    )
    args = parser.parse_args()
    steps = [s for s in args.steps.split(",") if s]
    limit = args.max_memory_gb * 1024 if args.max_memory_gb else None
    scale = not args.small
    print(f"Machine: {machine()}")
    print(
        f"Started {_now()}; DuckDB memory limit: "
        f"{os.environ.get('KETENMINING_MEMORY_LIMIT', 'engine default (1/8 of RAM)')}\n"
    )
    print(
        "| events | step | median wall | runs | events/s | peak memory (process tree) | done at |"
    )
    print("|---:|---|---:|---|---:|---:|---|")
    if args.log is not None:
        with tempfile.TemporaryDirectory() as tmp:
            cmds = commands(args.log.parent, Path(tmp), args.log.resolve())
            for step in (s for s in steps if s in ("discover", "audit")):
                try:
                    wall, peak, walls = median_runs(cmds[step], args.runs, limit_mib=limit)
                except OverLimit as exc:
                    print(
                        f"| {args.log.name} | {step} | – | {exc} | – | – | {_now()} |", flush=True
                    )
                    continue
                runs = ", ".join(f"{w:.1f}" for w in walls)
                _row(events_in(args.log), step, wall, runs, peak)
        return
    for size in args.sizes.split(","):
        children = SIZES[size]
        if "generate" in steps:
            folder, wall, peak = _generate(children, scale, limit)
            _row(_truth_events(folder), "generate", wall, f"{wall:.1f}", peak)
        else:
            folder = example_chain(children, SEED, scale)
        with tempfile.TemporaryDirectory() as tmp:
            cmds = commands(folder, Path(tmp))
            log = folder / "keten.parquet"
            if "stitch" not in steps and not log.is_file():
                run_timed(cmds["stitch"])
            for step in (s for s in steps if s != "generate"):
                try:
                    wall, peak, walls = median_runs(cmds[step], args.runs, limit_mib=limit)
                except OverLimit as exc:
                    print(f"| {size} | {step} | – | {exc} | – | – | {_now()} |", flush=True)
                    break
                runs = ", ".join(f"{w:.1f}" for w in walls)
                _row(events_in(log), step, wall, runs, peak)
        if args.cleanup:
            shutil.rmtree(folder)


if __name__ == "__main__":
    sys.exit(main())
