"""Calibration of ``analyse compare`` by simulation: does a 5 % test reject 5 % of the time?

Simulated cohort pairs with a known truth run through the same functions as
the command (:func:`.compare.logrank`, :func:`.compare.km_difference_ci`):

* *null pairs*: both cohorts from one distribution; the log-rank test should
  reject in 5 % of them and the 95 % interval of the Kaplan-Meier median
  difference should hold the true difference (0) in 95 %;
* *effect pairs*: cohort B takes ``factor`` times as long (0.8: 20 % faster);
  the test should detect it in most pairs (the power) and the interval should
  hold the true median difference in 95 % of them.

Times to the outcome are gamma distributed (shape 3, mean 60 days, like the
example chain's handover-to-stable-safety times); follow-up ends at an
independent uniform time chosen so that ``open_share`` of a regular cohort is
still open (censored) at the data end.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ketenmining.analyse.compare import Cohort, km_difference_ci, logrank

SHAPE, SCALE = 3.0, 20.0


@lru_cache(maxsize=8)
def follow_up_limit(open_share: float) -> float:
    """The L of Uniform(0, L) follow-up with P(time > follow-up) = ``open_share`` (scipy)."""
    from scipy import integrate, optimize, stats

    dist = stats.gamma(SHAPE, scale=SCALE)

    def censored(limit: float) -> float:
        return integrate.quad(dist.sf, 0.0, limit)[0] / limit - open_share

    return float(optimize.brentq(censored, 1e-6, 1e5))


def simulate_cohort(
    rng: np.random.Generator, n: int, factor: float = 1.0, open_share: float = 0.4
) -> Cohort:
    """``n`` episodes: gamma times × ``factor``, censored at an independent follow-up."""
    times = rng.gamma(SHAPE, SCALE * factor, n)
    follow = rng.uniform(0.0, follow_up_limit(open_share), n)
    reached = (times <= follow).astype(float)
    zeros = np.zeros(n)
    return Cohort("sim", np.minimum(times, follow), reached, zeros, zeros)


def true_median_difference(factor: float) -> float:
    """Median of cohort B minus that of cohort A when B takes ``factor`` times as long."""
    from scipy import stats

    return float(stats.gamma(SHAPE, scale=SCALE).median() * (factor - 1.0))


@dataclass
class Calibration:
    """Rates over simulated pairs (shares between 0 and 1) and the pair counts."""

    pairs: int
    n: int
    rejected: float  # share of pairs where the log-rank p < alpha
    covered: float  # share of pairs whose 95 % interval holds the true median difference
    open_share: float  # share of episodes censored, over all simulated cohorts


def calibrate(
    pairs: int,
    n: int = 200,
    factor: float = 1.0,
    open_share: float = 0.4,
    seed: int = 2026,
    alpha: float = 0.05,
) -> Calibration:
    """Run ``pairs`` simulated cohort pairs of ``n`` episodes each (B = ``factor`` × A)."""
    rng = np.random.default_rng(seed)
    truth = true_median_difference(factor)
    rejected = covered = censored = 0
    for i in range(pairs):
        a = simulate_cohort(rng, n, 1.0, open_share)
        b = simulate_cohort(rng, n, factor, open_share)
        rejected += logrank(a, b)[1] < alpha
        lo, hi = km_difference_ci(a, b, "median", seed=seed + i)
        covered += bool(lo <= truth <= hi)
        censored += int((a.reached == 0).sum() + (b.reached == 0).sum())
    return Calibration(pairs, n, rejected / pairs, covered / pairs, censored / (2 * n * pairs))
