"""Calibration of ``analyse compare`` by simulation: 1,000 cohort pairs, 40 % of cases open.

Runs :func:`ketenmining.analyse.calibration.calibrate` (the functions the
command uses: the log-rank test and the bootstrap interval of the
Kaplan-Meier median difference) on

* 1,000 null pairs of 200 episodes (no effect): the false-positive rate of
  the log-rank test at 5 % (target 5 ± 1.5 %) and the coverage of the 95 %
  interval of the median difference (target 95 ± 2 %);
* 1,000 pairs of 200 episodes where cohort B is 20 % faster: the power
  (target ≥ 80 %) and the coverage of the true median difference.

Not a timed benchmark: it prints the rates with their binomial standard errors.

    PYTHONPATH=. python benchmarks/calibration.py [--pairs 1000] [--n 200]
"""

from __future__ import annotations

import argparse
import math
import sys
import time

from common import machine

from ketenmining.analyse.calibration import calibrate


def _se(p: float, n: int) -> float:
    return math.sqrt(p * (1 - p) / n) * 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--n", type=int, default=200, help="episodes per cohort")
    parser.add_argument("--open", type=float, default=0.4, help="share still open (censored)")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    start = time.perf_counter()
    null = calibrate(args.pairs, args.n, 1.0, args.open, seed=11)
    faster = calibrate(args.pairs, args.n, 0.8, args.open, seed=12)
    took = time.perf_counter() - start
    n = args.pairs
    print(f"| {n:,} pairs of {args.n} episodes | measured | target |")
    print("|---|---:|---:|")
    print(
        f"| share open (censored), null pairs | {null.open_share * 100:.1f} % | {args.open * 100:.0f} % |"
    )
    print(
        f"| false positives (log-rank p < 0.05), no effect | {null.rejected * 100:.1f} % "
        f"± {_se(null.rejected, n):.1f} | 5 ± 1.5 % |"
    )
    print(
        f"| 95 % CI of the KM median difference holds 0, no effect | {null.covered * 100:.1f} % "
        f"± {_se(null.covered, n):.1f} | 95 ± 2 % |"
    )
    print(
        f"| power, B 20 % faster (log-rank p < 0.05) | {faster.rejected * 100:.1f} % "
        f"± {_se(faster.rejected, n):.1f} | ≥ 80 % |"
    )
    print(
        f"| 95 % CI holds the true difference, B 20 % faster | {faster.covered * 100:.1f} % "
        f"± {_se(faster.covered, n):.1f} | 95 ± 2 % |"
    )
    print(f"\n{took:.0f} s for {2 * n:,} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
