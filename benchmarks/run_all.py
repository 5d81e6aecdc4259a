"""Run every benchmark script in turn (``make bench``); ``--quick`` for a smoke run of each.

Each script prints its figures as Markdown with the machine it ran on; copy
them into docs/benchmarks.md. The machines are shared and noisy: the scripts
report medians of several runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "bench_stitch.py",
    "bench_ingest.py",
    "bench_discover.py",
    "bench_quick.py",
    "bench_conform_model.py",
    "bench_evaluator.py",
    "bench_audit.py",
    "bench_bruteforce.py",
]


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    failed = 0
    for name in SCRIPTS:
        path = HERE / name
        if not path.is_file():
            continue
        print(f"\n## {name}\n", flush=True)
        takes_quick = "--quick" in path.read_text(encoding="utf-8")
        args = [sys.executable, str(path)] + (["--quick"] if quick and takes_quick else [])
        failed += subprocess.run(args, cwd=HERE.parent).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
