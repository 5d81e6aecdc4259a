"""Helpers shared by the benchmark scripts: the machine, timed runs with peak memory, example chains.

Benchmarks run commands the way a user does (a fresh process per run) and
report medians of several runs; the machines are shared and noisy. Peak
memory is the largest sum of the resident memory of the command and all its
worker processes, sampled every 20 ms.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "benchmarks" / "data"
PYTHON = sys.executable


def _public_logs_module():
    """tests/public_logs.py, the one locator of the public event logs (loaded by path)."""
    spec = importlib.util.spec_from_file_location(
        "_km_public_logs", REPO / "tests" / "public_logs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


#: The public event logs: $KETENMINING_PUBLIC_LOGS, ../shared/data/public-logs or the cache.
PUBLIC_LOGS = _public_logs_module().locate()


def machine() -> str:
    """nproc, CPU model, RAM and load, for the record."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        mem = f"{mem_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        mem = "? RAM"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs ({cpu}), {mem}, Python {platform.python_version()}, load average {load:.1f} at start"


def _group_rss_kb(pgid: int) -> int:
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:  # field 5 of stat: process group
                continue
            for line in Path(f"/proc/{entry}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
        except (OSError, IndexError, ValueError):
            continue
    return total


class OverLimit(RuntimeError):
    """A timed command went over its memory limit and was stopped."""


def run_timed(
    cmd: list[str],
    env: dict[str, str] | None = None,
    limit_mib: float | None = None,
    code: Path = REPO,
) -> tuple[float, float]:
    """Run ``cmd`` in a new process group; return (wall seconds, peak MiB of the whole group).

    With ``limit_mib`` the whole group is killed (and :class:`OverLimit` raised) as soon
    as its resident memory goes over the limit. ``code`` is the checkout whose
    ``ketenmining`` runs (this one by default; another, such as a baseline commit, for
    before/after runs).
    """
    full_env = {**os.environ, "PYTHONPATH": str(code), **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=code,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _group_rss_kb(proc.pid))
        if limit_mib is not None and peak / 1024 > limit_mib:
            os.killpg(proc.pid, 9)
            proc.wait()
            raise OverLimit(
                f"stopped after {time.perf_counter() - start:.0f} s at {peak / 1024:,.0f} MiB "
                f"(limit {limit_mib:,.0f} MiB)"
            )
        time.sleep(0.02)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return wall, peak / 1024


def run_timed_cpu(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Like :func:`run_timed`, plus the CPU seconds (user + system) of the command and its workers."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, peak = run_timed(cmd, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, peak, cpu


def median_runs(
    cmd: list[str], runs: int, env: dict[str, str] | None = None, limit_mib: float | None = None
) -> tuple[float, float, list[float]]:
    """Median wall time, the largest peak memory, and all wall times of ``runs`` runs."""
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak = run_timed(cmd, env, limit_mib)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks), walls


def ketenmining(*args: str) -> list[str]:
    """The command line of a ketenmining command."""
    return [PYTHON, "-m", "ketenmining", *args]


def generator_command(children: int, seed: int, out: Path, scale: bool = False) -> list[str]:
    """The command line of the example generator (``--scale``: CSV/Parquet, in chunks)."""
    return [
        PYTHON,
        "-m",
        "ketenmining.examples",
        "--children",
        str(children),
        "--seed",
        str(seed),
        "--out",
        str(out),
        "--scale" if scale else "--small",
        "-q",
    ]


def example_chain(children: int, seed: int = 7, scale: bool = False) -> Path:
    """A generated example chain of ``children`` children (cached under benchmarks/data).

    ``scale``: the scale form (every export CSV or Parquet, generated in chunks).
    """
    out = DATA / (f"chain-scale-{children}" if scale else f"chain-{children}")
    if not (out / "keten.yaml").is_file():
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            generator_command(children, seed, out, scale),
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            check=True,
        )
        (out / "demo.key").chmod(0o600)
    return out


def stitched_chain(children: int, seed: int = 7, scale: bool = False) -> Path:
    """The chain log of an example chain (stitched once, untimed)."""
    folder = example_chain(children, seed, scale)
    log = folder / "keten.parquet"
    if not log.is_file():
        subprocess.run(
            ketenmining(
                "stitch",
                "--internal",
                str(folder / "keten.yaml"),
                "--key-file",
                str(folder / "demo.key"),
                "-o",
                str(log),
                "-q",
            ),
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            check=True,
        )
    return log


def events_in(log: Path) -> int:
    """Number of events in a chain log."""
    import pyarrow.parquet as pq

    return pq.read_metadata(log).num_rows
