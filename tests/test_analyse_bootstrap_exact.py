"""The fast bootstraps of ``analyse compare`` give scipy's ``bootstrap`` interval exactly."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import bootstrap

from ketenmining.analyse.compare import _boot


def _scipy(x: np.ndarray, y: np.ndarray, summary, seed: int) -> tuple[float, float]:
    res = bootstrap(
        (x, y),
        lambda u, v: float(summary(v) - summary(u)),
        n_resamples=999,
        method="percentile",
        vectorized=False,
        random_state=np.random.default_rng(seed),
    )
    return float(res.confidence_interval.low), float(res.confidence_interval.high)


@pytest.mark.parametrize("n_x,n_y", [(2, 3), (11, 40), (300, 200), (7000, 3000)])
@pytest.mark.parametrize("summary", [np.median, np.mean])
def test_boot_equals_scipy_bootstrap(n_x: int, n_y: int, summary) -> None:
    rng = np.random.default_rng(n_x * 31 + n_y)
    x, y = rng.gamma(2.0, 30.0, n_x), rng.gamma(2.0, 25.0, n_y)
    hx, hy = rng.integers(0, 5, n_x).astype(float), rng.integers(0, 5, n_y).astype(float)
    assert _boot(x, y, summary, 9) == _scipy(x, y, summary, 9)
    assert _boot(hx, hy, summary, 10) == _scipy(hx, hy, summary, 10)


def test_boot_interval_brackets_a_clear_difference() -> None:
    rng = np.random.default_rng(3)
    x, y = rng.normal(10.0, 1.0, 500), rng.normal(12.0, 1.0, 500)
    lo, hi = _boot(x, y, np.mean, 1)
    assert 1.7 < lo < 2.0 < hi < 2.3
