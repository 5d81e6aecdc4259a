"""The forecast of inflow per organisation per week: open cases move on, new cases arrive.

Two parts, simulated together in ``paths`` seeded runs:

* **Open cases** (a semi-Markov model over the chain's organisations; the
  state is the organisation together with the one the case came from, so a
  case back at Veilig Thuis after Toegang is not taken for a new report; a
  state seen fewer than ``MIN_POOL`` times falls back to the organisation
  alone). From the visits completed before the cut-off, each state has a pool of
  historical sojourns: the time from the start of a visit to the start of the
  next visit and where that was (routing and delay together, so the delay
  distribution is the one of that route), and the visits after which the case
  ended. A case open at the cut-off (activity within the last ``open_weeks``)
  draws from its organisation's pool *conditioned on what is known*: a move
  must be later than the cut-off, an end must be later than the case's last
  event. Every later visit draws from the full pool of its organisation.
* **New cases** arrive at the entry organisations (where cases start) by an
  exponential-smoothing model of their weekly arrivals (statsmodels
  ``ETSModel``: additive error, damped additive trend, and an additive season
  of 52 weeks once the history holds two full years), with its simulated
  paths; then they move on like the open cases.

The expected inflow is the mean over the paths; the 80 % prediction interval
runs from the 10th to the 90th percentile of the simulated counts.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ketenmining.analyse.visits import Visits

SEASON = 52
MAX_HOPS = 60
MIN_POOL = 20


@dataclass
class Pools:
    """Per state: sorted sojourns to a next visit, and sorted sojourns before an end.

    A state is ``(previous organisation, organisation)``; ``(-2, organisation)``
    is the organisation's pool whatever came before (the fallback).
    """

    move_t: dict[tuple[int, int], np.ndarray]
    move_to: dict[tuple[int, int], np.ndarray]
    end_t: dict[tuple[int, int], np.ndarray]

    def key(self, prev: int, org: int) -> tuple[int, int]:
        """The pool a case at ``org`` coming from ``prev`` draws from."""
        k = (prev, org)
        n = self.move_t.get(k, _EMPTY).size + self.end_t.get(k, _EMPTY).size
        return k if n >= MIN_POOL else (-2, org)


_EMPTY = np.zeros(0)


@dataclass
class Simulation:
    """Simulated inflow counts: ``counts[path, org, week]``."""

    counts: np.ndarray

    def summary(self, level: float = 0.8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Mean and the central ``level`` interval per (org, week)."""
        lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
        c = self.counts.astype(float)
        return c.mean(0), np.quantile(c, lo, axis=0), np.quantile(c, hi, axis=0)


def build_pools(v: Visits, cutoff: float, open_weeks: float) -> tuple[Pools, np.ndarray, np.ndarray]:
    """The pools known at ``cutoff``, the open visits and their last events before it."""
    n = len(v.orgs)
    started = v.start < cutoff
    moved = started & (v.next_start < cutoff)
    last = v.last_before(cutoff)
    still = started & ~moved
    quiet = still & (last < cutoff - 7 * open_weeks)
    open_ = still & ~quiet
    # the pools hold only visits whose fate is known at the cut-off: started at least
    # ``open_weeks`` before it, so that an end (no activity since) and a move are
    # counted over the same window; a case ending recently is not taken for one moving
    settled = v.start < cutoff - 7 * open_weeks
    moved = moved & settled
    ended = quiet & settled
    move_t: dict[tuple[int, int], np.ndarray] = {}
    move_to: dict[tuple[int, int], np.ndarray] = {}
    end_t: dict[tuple[int, int], np.ndarray] = {}
    for o in range(n):
        at = v.org == o
        for prev in [-2, *np.unique(v.prev_org[at & (moved | ended)]).tolist()]:
            here = at if prev == -2 else at & (v.prev_org == prev)
            m = moved & here
            t = v.next_start[m] - v.start[m]
            order = np.argsort(t, kind="stable")
            move_t[(prev, o)] = t[order]
            move_to[(prev, o)] = v.next_org[m][order]
            e = ended & here
            end_t[(prev, o)] = np.sort(last[e] - v.start[e])
    return Pools(move_t, move_to, end_t), np.flatnonzero(open_), last


def _move_on(
    pools: Pools,
    prev: np.ndarray,
    org: np.ndarray,
    start: np.ndarray,
    after_move: np.ndarray,
    after_end: np.ndarray,
    path: np.ndarray,
    origin: float,
    weeks: int,
    counts: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Move particles from visit to visit until they end or leave the horizon; count inflow."""
    horizon = origin + 7.0 * weeks
    for _ in range(MAX_HOPS):
        if org.size == 0:
            return
        new_org = np.full(org.size, -1)
        new_start = np.full(org.size, np.nan)
        state = prev * 1_000_000 + org
        for s in np.unique(state):
            sel = np.flatnonzero(state == s)
            key = pools.key(int(prev[sel[0]]), int(org[sel[0]]))
            mt = pools.move_t.get(key, _EMPTY)
            mto = pools.move_to.get(key, _EMPTY).astype(np.int64)
            et = pools.end_t.get(key, _EMPTY)
            lo_m = np.searchsorted(mt, after_move[sel], side="right")
            lo_e = np.searchsorted(et, after_end[sel], side="left")
            n_m = mt.size - lo_m
            n_e = et.size - lo_e
            total = n_m + n_e
            u = rng.random(sel.size)
            go = (total > 0) & (u * np.maximum(total, 1) < n_m)
            if not go.any():
                continue
            g = sel[go]
            pick = lo_m[go] + np.floor(rng.random(g.size) * n_m[go]).astype(np.int64)
            pick = np.minimum(pick, mt.size - 1)
            new_org[g] = mto[pick]
            new_start[g] = start[g] + mt[pick]
        keep = (new_org >= 0) & (new_start < horizon)
        prev = org[keep]
        org, start, path = new_org[keep], new_start[keep], path[keep]
        wk = np.floor((start - origin) / 7.0).astype(np.int64)
        inside = wk >= 0
        np.add.at(counts, (path[inside], org[inside], wk[inside]), 1)
        after_move = np.full(org.size, -np.inf)
        after_end = np.full(org.size, -np.inf)


def arrival_paths(
    history: np.ndarray, weeks: int, paths: int, rng: np.random.Generator
) -> np.ndarray:
    """Simulated weekly arrivals (``paths`` × ``weeks``) from an ETS model of ``history``."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = history.astype(float)
    if y.size < 16 or y[-26:].mean() < 0.5:
        lam = max(y[-13:].mean(), 0.0) if y.size else 0.0
        return rng.poisson(lam, size=(paths, weeks))
    seasonal = y.size >= 2 * SEASON + 4
    model = ETSModel(
        y + 1.0,  # a positive series keeps the optimiser away from zero
        error="add",
        trend="add",
        damped_trend=True,
        seasonal="add" if seasonal else None,
        seasonal_periods=SEASON if seasonal else None,
        initialization_method="heuristic",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(disp=False, maxiter=200)
        sims = fit.simulate(
            nsimulations=weeks,
            repetitions=paths,
            anchor="end",
            rng=np.random.default_rng(int(rng.integers(2**31 - 1))),
        )
    sims = np.asarray(sims, dtype=float).reshape(weeks, paths).T - 1.0
    return np.rint(np.clip(sims, 0.0, None)).astype(np.int64)


def simulate(
    v: Visits,
    cutoff: float,
    weeks: int,
    paths: int = 500,
    seed: int = 0,
    open_weeks: float = 13.0,
) -> Simulation:
    """Simulate the inflow per organisation for ``weeks`` weeks from ``cutoff`` (a Monday)."""
    rng = np.random.default_rng(seed)
    n_org = len(v.orgs)
    counts = np.zeros((paths, n_org, weeks), dtype=np.int64)
    pools, open_idx, last = build_pools(v, cutoff, open_weeks)
    # open cases, each in every path
    k = open_idx.size
    if k:
        prev = np.tile(v.prev_org[open_idx], paths)
        org = np.tile(v.org[open_idx], paths)
        start = np.tile(v.start[open_idx], paths)
        after_move = np.tile(cutoff - v.start[open_idx], paths)
        after_end = np.tile(last[open_idx] - v.start[open_idx], paths)
        path = np.repeat(np.arange(paths), k)
        _move_on(pools, prev, org, start, after_move, after_end, path, cutoff, weeks, counts, rng)
    # new cases at the entry organisations
    first = v.first & (v.start < cutoff)
    if first.any():
        begin = np.floor((v.start[first].min() - cutoff) / 7.0)
        hist_weeks = int(-begin)
        for o in np.unique(v.org[first]):
            st = v.start[first & (v.org == o)]
            idx = np.floor((st - cutoff) / 7.0).astype(np.int64) + hist_weeks
            history = np.bincount(idx, minlength=hist_weeks)[:hist_weeks]
            arrivals = arrival_paths(history, weeks, paths, rng)
            counts[:, o, :] += arrivals
            total = int(arrivals.sum())
            if total == 0:
                continue
            path = np.repeat(np.repeat(np.arange(paths), weeks), arrivals.reshape(-1))
            wk = np.repeat(np.tile(np.arange(weeks), paths), arrivals.reshape(-1))
            start = cutoff + 7.0 * wk + 7.0 * rng.random(total)
            orgs = np.full(total, o)
            none = np.full(total, -np.inf)
            _move_on(pools, np.full(total, -1), orgs, start, none, none.copy(), path, cutoff, weeks, counts, rng)
    return Simulation(counts)
