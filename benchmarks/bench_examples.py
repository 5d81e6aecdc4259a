"""Benchmark of the example-chain generator: wall time and peak memory per size.

Usage (from the repository root)::

    python benchmarks/bench_examples.py                 # 10k and 100k children
    python benchmarks/bench_examples.py 1000 1000000    # any sizes

Each size runs in a fresh process (so peak memory is per size), writes into a
temporary folder that is removed afterwards, and prints one JSON line:
``{"children": N, "seconds": s, "peak_rss_mb": m, "rows": {...}}``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, resource, sys, time
from pathlib import Path
from ketenmining.examples.generate import generate_chain
n, out = int(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
summary = generate_chain(out, children=n, seed=1)
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"children": n, "seconds": round(seconds, 1), "peak_rss_mb": round(peak), "rows": summary["rows"]}))
"""


def main(sizes: list[int]) -> None:
    """Run the generator once per size in a fresh process and print the figures."""
    root = Path(__file__).resolve().parents[1]
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(n), str(Path(tmp) / "chain")],
                cwd=root,
                env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                capture_output=True,
                text=True,
                check=True,
            )
            print(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
