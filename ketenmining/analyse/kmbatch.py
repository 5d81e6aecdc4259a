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


#: Above this many episodes (both cohorts) the bootstrap resamples cells of a time grid.
LARGE = 10_000
#: Cells of the time grid (over the observed range) in the large-sample bootstrap.
GRID = 2000


@dataclass(frozen=True)
class Cells:
    """A cohort on a time grid: cell times (mid-points), status, and each cell's share."""

    sample: SortedSample
    shares: np.ndarray
    n: int


def grid_cells(days: np.ndarray, reached: np.ndarray, top: float) -> Cells:
    """The cohort's episodes counted per (grid cell, reached or censored) on ``[0, top]``.

    Resampling ``n`` episodes with replacement draws the counts of these cells from a
    multinomial with the cells' shares, so a resample costs the number of cells, not
    ``n``. Times are the cells' mid-points: a median or RMST from these resamples is off
    by at most half a cell (``top / (2 * GRID)``) from the exact resample's.
    """
    days = np.asarray(days, float)
    width = max(top, 1e-9) / GRID
    cell = np.minimum(np.floor(days / width), GRID - 1)
    status = np.asarray(reached, float)
    keys, counts = np.unique(np.stack([cell, status]), axis=1, return_counts=True)
    times = (keys[0] + 0.5) * width
    sample = prepare(times, keys[1])
    shares = counts[sample.order] / len(days)
    # ``prepare`` sorted the cells; weights are given in that order, so undo nothing more
    return Cells(
        SortedSample(sample.times, sample.starts, np.arange(len(times)), sample.events),
        shares,
        len(days),
    )


def multinomial_weights(rng: np.random.Generator, cells: Cells, size: int) -> np.ndarray:
    """``size`` resamples of the cohort as counts per cell (B × cells)."""
    return rng.multinomial(cells.n, cells.shares, size=size)
