"""Fuzz every parser for a time budget each, and count the inputs tried (issue 13, item 1).

Two engines over the same targets (``tests/fuzzing.py``: a checked result or a
one-line KetenError, nothing else):

* **hypothesis** — generated and mutated inputs (hostile cells, wrong headers,
  damaged metadata, byte edits), random seeds, no shrinking, failures saved;
* **atheris** — coverage-guided byte fuzzing (libFuzzer) of the same targets,
  seeded with one good input per parser, ketenmining's code instrumented; one
  subprocess per parser (libFuzzer ends its process).

Usage::

    .venv/bin/python benchmarks/fuzz.py --seconds 60                 # both engines, every parser
    .venv/bin/python benchmarks/fuzz.py --seconds 20 --parsers csv,config --engine hypothesis

Prints one Markdown table (parser, engine, inputs, seconds, refused, failures)
for docs/reliability.md. A failing input is written to ``--out`` (default
``out/fuzz/``) as ``<engine>-<parser>-<n>.bin``; exit 1 when any failed.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent / "tests"
sys.path.insert(0, str(TESTS))


class _Budget(BaseException):
    """Raised inside a hypothesis run when its time is up (not an Exception: not a failure)."""


def hypothesis_run(name: str, seconds: float, out: Path) -> dict[str, object]:
    """Run one parser's hypothesis target for ``seconds``; count inputs and outcomes."""
    import fuzzing
    from hypothesis import HealthCheck, Phase, given, settings

    strategy, target = fuzzing.TARGETS[name]
    counts = {"inputs": 0, "refused": 0, "failures": 0}
    start = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))

    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy())
    def check(data: bytes) -> None:
        if time.perf_counter() - start > seconds:
            raise _Budget
        counts["inputs"] += 1
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        try:
            outcome = target(data, folder)
        except Exception as exc:  # a failure: keep the input, go on
            counts["failures"] += 1
            out.mkdir(parents=True, exist_ok=True)
            path = out / f"hypothesis-{name}-{counts['failures']}.bin"
            path.write_bytes(data)
            first = (str(exc).splitlines() or [""])[0][:160]
            print(f"  FAIL {name}: {type(exc).__name__}: {first} -> {path}", file=sys.stderr)
            return
        if outcome == fuzzing.Outcome.REFUSED:
            counts["refused"] += 1

    import contextlib
    import io

    try:  # hypothesis prints a "reproduce with @seed" note when the budget ends the run
        with contextlib.redirect_stdout(io.StringIO()):
            check()
    except _Budget:
        pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    counts["seconds"] = round(time.perf_counter() - start, 1)
    return counts


def _seed(name: str) -> bytes:
    """One good input per parser, the corpus atheris starts from."""
    import io

    import chainlogs
    import fuzzing

    if name == "csv":
        return b"BSN;Actie;Datum\n123456782;Melding;02-01-2024 10:00\n111222333;Onderzoek;03-01-2024 11:00\n"
    if name == "jsonl":
        return b'{"BSN": "123456782", "Actie": "Melding", "Datum": "2024-01-02T10:00:00"}\n'
    if name == "xes":
        return fuzzing.XES_GOOD.format(
            case="c1",
            bsn="123456782",
            activity="Melding",
            time="2024-01-02T10:00:00.000+01:00",
            lifecycle="complete",
        ).encode()
    if name == "config":
        return fuzzing.CONFIG_GOOD.encode()
    if name == "protocol":
        from support import PROTOCOL

        return PROTOCOL.read_bytes()
    if name == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(["BSN", "Actie", "Datum"])
        book.active.append(["123456782", "Melding", "02-01-2024 10:00"])
        buf = io.BytesIO()
        book.save(buf)
        return buf.getvalue()
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(chainlogs.good_table(3), buf)
    return buf.getvalue()


def atheris_child(name: str, seconds: float, out: Path) -> None:
    """In a subprocess: libFuzzer over one parser's target (never returns)."""
    import atheris

    with atheris.instrument_imports(include=["ketenmining"]):
        import fuzzing

    _, target = fuzzing.TARGETS[name]
    folder = Path(tempfile.mkdtemp(prefix=f"atheris-{name}-"))

    def one(data: bytes) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        target(data, folder)

    corpus = Path(tempfile.mkdtemp(prefix=f"corpus-{name}-"))
    (corpus / "seed").write_bytes(_seed(name))
    out.mkdir(parents=True, exist_ok=True)
    args = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={int(seconds)}",
        "-rss_limit_mb=4096",
        "-timeout=60",
        f"-artifact_prefix={out}/atheris-{name}-",
        "-print_final_stats=1",
    ]
    atheris.Setup(args, one)
    atheris.Fuzz()


def atheris_run(name: str, seconds: float, out: Path) -> dict[str, object]:
    """Run :func:`atheris_child` for one parser and read libFuzzer's counts."""
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--atheris-child",
            name,
            "--seconds",
            str(seconds),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 300,
    )
    text = proc.stderr
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", text) or re.findall(
        r"Done (\d+) runs", text
    )
    crashed = (
        "==ERROR" in text or "Uncaught Python exception" in text or proc.returncode not in (0,)
    )
    if crashed:
        tail = [ln for ln in text.splitlines() if "Error" in ln or "Exception" in ln][:3]
        print(
            f"  FAIL atheris {name} (exit {proc.returncode}): {' | '.join(tail)[:300]}",
            file=sys.stderr,
        )
    return {
        "inputs": int(runs[-1]) if runs else 0,
        "refused": "–",
        "failures": 1 if crashed else 0,
        "seconds": round(time.perf_counter() - start, 1),
    }


def main() -> int:
    import fuzzing

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="time budget per parser and engine"
    )
    parser.add_argument("--parsers", default=",".join(fuzzing.TARGETS), help="comma-separated")
    parser.add_argument("--engine", choices=["both", "hypothesis", "atheris"], default="both")
    parser.add_argument("--out", type=Path, default=Path("out/fuzz"))
    parser.add_argument("--atheris-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.atheris_child:
        atheris_child(args.atheris_child, args.seconds, args.out)
        return 0
    names = [n for n in args.parsers.split(",") if n]
    engines = ["hypothesis", "atheris"] if args.engine == "both" else [args.engine]
    rows = []
    for name in names:
        for engine in engines:
            run = hypothesis_run if engine == "hypothesis" else atheris_run
            counts = run(name, args.seconds, args.out)
            rows.append((name, engine, counts))
            print(f"{name:9} {engine:10} {counts}", file=sys.stderr, flush=True)
    load = os.getloadavg()[0]
    print(
        f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load {load:.1f} at the end; {args.seconds:.0f} s per parser and engine.\n"
    )
    print("| Parser | Engine | Inputs | Seconds | Refused (KetenError) | Failures |")
    print("|---|---|---:|---:|---:|---:|")
    for name, engine, c in rows:
        print(
            f"| {name} | {engine} | {c['inputs']:,} | {c['seconds']} | {c['refused']} | {c['failures']} |"
        )
    return 1 if any(c["failures"] for _, _, c in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
