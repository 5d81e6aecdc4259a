"""The rolling backtest of the forecast: forecasts from past cut-offs against what happened.

Cut-offs are the Mondays of the last ``cutoffs`` complete weeks that leave at
least one week to check (by default 26 + 8 - 1, so that every horizon from 1 to
8 weeks has at least 26 cut-offs). Per organisation and horizon it gives the
mean absolute error (MAE) and the MASE of the model and of two baselines:

* **seasonal-naive**: the same week a year (52 weeks) earlier, or the mean of
  the last 4 weeks where the history before the cut-off is shorter than two
  years;
* **recent mean**: the mean of the last 13 weeks.

MASE divides the MAE by the in-sample MAE of the seasonal-naive baseline's
one-week-ahead forecasts over the history before the first cut-off (without
each organisation's first 13 weeks, while the chain fills up), so the
three methods share one scale per organisation and ``relative_mae`` =
``MASE(model) / MASE(seasonal-naive)`` = ``MAE(model) / MAE(seasonal-naive)``
over the same cut-offs is the model's error relative to seasonal-naive.
``coverage`` is the share of (cut-off, week) pairs whose actual inflow lies in
the 80 % interval (bounds included). The Diebold-Mariano test (absolute-error
loss, Harvey-Leybourne-Newbold small-sample correction, one-sided: the model
is better) compares the model with each baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ketenmining.analyse.forecast import SEASON, simulate
from ketenmining.analyse.forecast_data import ChainEvents, week_start, weekly_inflow
from ketenmining.progress import SILENT, Progress

METHODS = ("model", "seasonal_naive", "recent_mean")
#: Weeks in the recent-mean baseline.
RECENT = 13
#: Weeks in the seasonal-naive fallback (history shorter than two years).
SHORT = 4
#: Weeks after an organisation's first arrival left out of the MASE scale.
WARM_UP = 13


def seasonal_naive(inflow: np.ndarray, ci: int, h: int) -> np.ndarray:
    """Seasonal-naive forecast per organisation of week ``ci + h`` from the weeks before ``ci``.

    The same week 52 weeks earlier when the history before ``ci`` holds two
    years, else the mean of its last 4 weeks.
    """
    if ci >= 2 * SEASON:
        return inflow[:, ci + h - SEASON].astype(float)
    return inflow[:, max(ci - SHORT, 0) : ci].mean(1) if ci else np.zeros(inflow.shape[0])


def mase_scale(inflow: np.ndarray, ci0: int) -> np.ndarray:
    """Per organisation: the in-sample MAE of one-week-ahead seasonal-naive forecasts before ``ci0``.

    The weeks start :data:`WARM_UP` weeks after the organisation's first
    arrival: a log that starts at a date holds no cases in flight yet, so the
    first weeks downstream are empty and would shrink the scale.
    """
    out = np.ones(inflow.shape[0])
    for o in range(inflow.shape[0]):
        seen = np.flatnonzero(inflow[o, :ci0])
        start = max(SHORT, (int(seen[0]) if seen.size else ci0) + WARM_UP)
        errs = [
            abs(inflow[o, t] - seasonal_naive(inflow[o : o + 1], t, 0)[0])
            for t in range(start, ci0)
        ]
        if errs and np.mean(errs) > 0:
            out[o] = float(np.mean(errs))
    return out


@dataclass
class Backtest:
    """Errors per cut-off: arrays indexed [cutoff, org, horizon-1] (NaN: not yet observed)."""

    orgs: list[str]
    cutoffs: np.ndarray  # days
    actual: np.ndarray
    forecast: dict[str, np.ndarray]
    lo: np.ndarray
    hi: np.ndarray
    scale: np.ndarray  # per org: the MASE denominator
    horizons: int
    records: list[dict[str, Any]] = field(default_factory=list)


def dm_test(d: np.ndarray, h: int) -> tuple[float, float]:
    """Diebold-Mariano statistic and one-sided p-value for loss differentials ``d`` (> 0: model better).

    The long-run variance takes the autocovariances up to lag ``h - 1``; the
    statistic gets the Harvey-Leybourne-Newbold correction and is referred to
    Student's t with n - 1 degrees of freedom (scipy.stats).
    """
    from scipy import stats

    d = d[np.isfinite(d)]
    n = d.size
    if n < 3:
        return float("nan"), float("nan")
    mean = d.mean()
    dc = d - mean
    gamma = [float(dc @ dc) / n]
    for lag in range(1, h):
        gamma.append(float(dc[lag:] @ dc[:-lag]) / n)
    var = (gamma[0] + 2 * sum(gamma[1:])) / n
    if var <= 0:  # negative autocovariances: fall back to the lag-0 variance
        var = gamma[0] / n
    if var <= 0:
        return float("nan"), float("nan")
    dm = mean / np.sqrt(var)
    k = np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    stat = float(dm * k)
    return stat, float(stats.t.sf(stat, df=n - 1))


def run_backtest(
    ev: ChainEvents,
    horizons: int = 8,
    cutoffs: int = 26 + 8 - 1,
    paths: int = 200,
    seed: int = 0,
    progress: Progress = SILENT,
) -> Backtest:
    """Forecast from each cut-off and compare with the observed weekly inflow."""
    end = week_start(ev.data_end)  # the (partial) week holding the data end is not counted
    first = week_start(float(ev.ts.min()))
    weeks = np.arange(first, end, 7.0)
    inflow = weekly_inflow(ev, weeks)
    n_org = len(ev.orgs)
    cuts = weeks[-cutoffs:] if weeks.size > cutoffs + 8 else weeks[max(8, weeks.size // 2) :]
    shape = (cuts.size, n_org, horizons)
    actual = np.full(shape, np.nan)
    fc = {m: np.full(shape, np.nan) for m in METHODS}
    lo = np.full(shape, np.nan)
    hi = np.full(shape, np.nan)
    task = progress.step("backtest", total=int(cuts.size))
    cache: dict[str, Any] = {}
    for j, c in enumerate(cuts):
        ci = int(np.searchsorted(weeks, c))
        sim = simulate(ev, float(c), horizons, paths=paths, seed=seed + j, cache=cache)
        mean, q_lo, q_hi = sim.summary()
        hist = inflow[:, :ci]
        n_ok = min(horizons, weeks.size - ci)
        actual[j, :, :n_ok] = inflow[:, ci : ci + n_ok]
        fc["model"][j, :, :n_ok] = mean[:, :n_ok]
        lo[j, :, :n_ok] = q_lo[:, :n_ok]
        hi[j, :, :n_ok] = q_hi[:, :n_ok]
        fc["recent_mean"][j] = hist[:, -RECENT:].mean(1, keepdims=True)
        for h in range(horizons):
            fc["seasonal_naive"][j, :, h] = seasonal_naive(inflow, ci, h)
        task.advance(1)
    task.done()
    ci0 = int(np.searchsorted(weeks, cuts[0]))
    scale = mase_scale(inflow, ci0)
    bt = Backtest(list(ev.orgs), cuts, actual, fc, lo, hi, scale, horizons)
    bt.records = backtest_records(bt)
    return bt


def backtest_records(bt: Backtest) -> list[dict[str, Any]]:
    """One record per organisation and horizon, plus one per organisation for horizons 1–4."""
    out: list[dict[str, Any]] = []
    err = {m: np.abs(bt.forecast[m] - bt.actual) for m in METHODS}
    inside = (bt.actual >= bt.lo) & (bt.actual <= bt.hi)
    seen = np.isfinite(bt.actual)
    for o, org in enumerate(bt.orgs):
        spans = [(h, h, h) for h in range(1, bt.horizons + 1)] + [("1-4", 1, min(4, bt.horizons))]
        for label, a, b in spans:
            sl = slice(a - 1, b)
            mask = seen[:, o, sl]
            rec: dict[str, Any] = {
                "organisation": org,
                "horizon": label,
                "cutoffs": int(mask.any(1).sum()),
            }
            for m in METHODS:
                e = err[m][:, o, sl][mask]
                rec[f"mae_{m}"] = float(e.mean()) if e.size else None
                rec[f"mase_{m}"] = float(e.mean() / bt.scale[o]) if e.size else None
            sn = rec["mae_seasonal_naive"]
            rec["relative_mae"] = (
                rec["mae_model"] / sn if sn else None
            )  # MASE(model) / MASE(seasonal-naive)
            cov = inside[:, o, sl][mask]
            rec["coverage"] = float(cov.mean()) if cov.size else None
            d = (err["seasonal_naive"][:, o, sl] - err["model"][:, o, sl]).copy()
            d[~mask] = np.nan
            d_c = np.nanmean(d, axis=1) if b > a else d[:, 0]
            stat, p = dm_test(d_c, b)
            rec["dm_statistic"] = stat
            rec["dm_p_value"] = p
            rm = rec["mae_recent_mean"]
            rec["relative_mae_recent_mean"] = rec["mae_model"] / rm if rm else None
            d = (err["recent_mean"][:, o, sl] - err["model"][:, o, sl]).copy()
            d[~mask] = np.nan
            d_c = np.nanmean(d, axis=1) if b > a else d[:, 0]
            stat_r, p_r = dm_test(d_c, b)
            rec["dm_recent_mean_statistic"] = stat_r
            rec["dm_recent_mean_p_value"] = p_r
            rec["beats_seasonal_naive"] = _beats(rec["relative_mae"], p)
            rec["beats_recent_mean"] = _beats(rec["relative_mae_recent_mean"], p_r)
            out.append(rec)
    return out


def _beats(relative: float | None, p: float) -> bool:
    """A gain that the Diebold-Mariano test says is not chance (one-sided, 5 %)."""
    return bool(relative is not None and relative < 1 and np.isfinite(p) and p < 0.05)
