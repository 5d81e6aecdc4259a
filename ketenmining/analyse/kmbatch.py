"""Kaplan-Meier summaries of many bootstrap resamples at once.

A bootstrap interval of a Kaplan-Meier median (or RMST) needs a thousand
fits; fitting ``SurvfuncRight`` a thousand times costs seconds per cohort of
a few hundred episodes and minutes at national scale. A resample is the
original data with integer weights (how often each episode was drawn), so
all resamples share the sorted event times and differ only in the weighted
counts of events and of episodes at risk: one cumulative product per
resample, done for a batch of resamples as one numpy array operation.

With all weights 1 the estimate is exactly statsmodels' ``SurvfuncRight``
(tested to 1e-9); the point estimates in :mod:`.compare` come from
statsmodels itself, this module only serves the resampling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SortedSample:
    """One cohort's times sorted, with the start of each group of tied times."""

    times: np.ndarray  # unique times, ascending (m)
    starts: np.ndarray  # index in the sorted sample where each unique time begins (m)
    order: np.ndarray  # permutation sorting the original sample (n)
    events: np.ndarray  # 1.0 reached / 0.0 censored, in sorted order (n)


def prepare(days: np.ndarray, reached: np.ndarray) -> SortedSample:
    """Sort one cohort once, for every resample."""
    days = np.asarray(days, float)
    order = np.argsort(days, kind="stable")
    t = days[order]
    times, starts = np.unique(t, return_index=True)
    return SortedSample(times, starts, order, np.asarray(reached, float)[order])


def survival(sample: SortedSample, weights: np.ndarray) -> np.ndarray:
    """Kaplan-Meier survival just after each unique time, per resample (B × m).

    ``weights`` (B × n) count how often each original episode is in a resample.
    """
    w = np.asarray(weights, float)[:, sample.order]
    events = np.add.reduceat(w * sample.events, sample.starts, axis=1)
    totals = np.add.reduceat(w, sample.starts, axis=1)
    at_risk = np.cumsum(totals[:, ::-1], axis=1)[:, ::-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        hazard = np.where(at_risk > 0, events / at_risk, 0.0)
    return np.cumprod(1.0 - hazard, axis=1)


def medians(sample: SortedSample, surv: np.ndarray) -> np.ndarray:
    """First time the survival drops below one half (statsmodels' rule); NaN when it never does."""
    below = surv < 0.5 - 1e-12
    first = np.argmax(below, axis=1)
    out = sample.times[first].astype(float)
    out[~below.any(axis=1)] = np.nan
    return out


def rmsts(sample: SortedSample, surv: np.ndarray, horizon: float) -> np.ndarray:
    """Area under each survival curve from 0 to ``horizon`` (restricted mean time)."""
    t = np.minimum(sample.times, horizon)
    edges = np.concatenate([[0.0], t, [horizon]])
    widths = np.diff(edges)  # m + 1 intervals: before the first time, then after each
    levels = np.concatenate([np.ones((surv.shape[0], 1)), surv], axis=1)
    return levels @ widths


def weights_from_indices(indices: np.ndarray, n: int) -> np.ndarray:
    """Resampled index arrays (B × n, or n) to draw counts per original episode (B × n)."""
    idx = np.atleast_2d(np.asarray(indices, dtype=np.int64))
    rows = idx.shape[0]
    flat = idx + (np.arange(rows, dtype=np.int64) * n)[:, None]
    return np.bincount(flat.ravel(), minlength=rows * n).reshape(rows, n)
