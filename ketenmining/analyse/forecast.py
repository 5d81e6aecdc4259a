"""The forecast of inflow per organisation per week: open cases move on, new cases arrive.

Two parts, simulated together in ``paths`` seeded runs from a cut-off:

* **Open cases** move on by a semi-Markov model over the chain's steps. The
  state of a case is its last event's (organisation, activity, lifecycle),
  together with the step before it when that pair was seen at least
  ``MIN_POOL`` times and its next steps or delays differ from the state's
  others (a chi-square or Kolmogorov-Smirnov test; else the step alone).
  From every event before the cut-off, each state has a pool of what
  happened next: the delay to the next event and its state (routing and
  delay drawn together, so each route keeps its own delay distribution),
  the end of the case (no next event for ``open_weeks``), or — for an event
  still waiting at the cut-off — a censored delay, whose weight goes to the
  later outcomes (Kaplan-Meier). A case open at the cut-off has been in its
  state for ``e`` days without moving: it draws only from the pool's moves
  at or after ``e`` and its ends — the conditional delay distribution given
  that it has not moved yet. Delays count working days from the start of
  the event's day and are drawn from events on the same weekday when the
  pool has enough of them, so a delay kept in calendar days (the Raad starts
  3–7 days after the request, date-only) lands on the right day. That is
  what a seasonal-naive baseline cannot know: a case handed over on Friday
  will be picked up next week.
* **New cases** arrive by an exponential-smoothing model of the chain's weekly
  new episodes (statsmodels ``ETSModel``: additive error, damped additive
  trend, an additive 52-week season once the history holds two full years)
  with its simulated paths; each new case starts in a first step drawn from
  the last year's first events (which also picks its entry organisation) and
  moves on like the open cases.

A case adds to an organisation's inflow in the week of its first event there
(the arrival, as in ``analyse seams``). The expected inflow is the mean over
the paths; the 80 % prediction interval is the interval of whole cases
near the 10th and 90th percentiles of the simulated weekly counts that holds
closest to 80 % of the paths (:meth:`Simulation.summary`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from ketenmining.analyse.forecast_data import ChainEvents, business_days

SEASON = 52
MAX_HOPS = 400
MIN_POOL = 20
#: Significance at which a pair (previous step, state) gets its own pool (see _telling_pairs).
PAIR_P = 0.01
#: Simulated cases per forecast beyond which :func:`_simulate_large` takes over.
PARTICLES = 1_000_000
#: Simulated cases of :func:`_simulate_large` (half open cases, half new-case templates).
LARGE = 40_000
#: A week on the working-day clock (:func:`~.forecast_data.business_days`).
WORK_WEEK = 5.0
#: Weeks of new history after which the backtest estimates the ETS parameters again.
REFIT = 4
#: Events in the pools at most (a seeded sample of a large log).
POOL_CAP = 200_000
#: Width of one state's segment on the combined (state, delay) axis, in days.
_SPAN = 1.0e5
_END = _SPAN - 1.0
#: Next state of a censored pool entry (the event was still waiting at the cut-off).
CENSORED = -2
#: Moves (and ends) left later than the time waited below which a weekday pool is too thin.
MIN_LATER = 10
#: A hair of a day: "at or after" a moment on the combined axis, which is "after".
_EPS = 1e-9
#: Draws at most per case in :meth:`Pools.draw` (each redraw starts later than the last).
MAX_REDRAWS = 64


@dataclass
class Pools:
    """What happened after each state, sorted on the combined axis ``key * _SPAN + delay``.

    Keys ``0 .. n_states - 1`` are single states; ``n_states + i`` is the pair
    ``pair_codes[i]`` = ``(previous + 1) * n_states + state``; ``n_base + j``
    (``n_base = n_states + len(pair_codes)``) is the key ``wd_codes[j] // 5``
    restricted to events on weekday ``wd_codes[j] % 5``. Delays run from the
    start of the event's working day to the next event. Ends have delay
    ``_END`` and next state -1; censored entries next state :data:`CENSORED`.
    """

    n_states: int
    pair_codes: np.ndarray
    wd_codes: np.ndarray
    comb: np.ndarray
    delay: np.ndarray
    nxt: np.ndarray

    def key(self, prev: np.ndarray, state: np.ndarray, t: np.ndarray) -> np.ndarray:
        """The pool keys of cases in ``state`` coming from ``prev`` (-1: first event) at ``t``.

        Rows (fine, coarse): the fine key is the first pool with at least
        :data:`MIN_POOL` events of: the pair on the same weekday, the state on
        the same weekday, the pair, the state (the weekday before the previous
        step: a delay counted in calendar days, as the Raad's start after the
        request, differs by weekday on the working-day clock); the coarse key
        is the pair or else the state, for the draws whose weekday pool has
        too few moves left later than the time waited (the long tails).
        """
        n_base = self.n_states + self.pair_codes.size
        base = _lookup(self.pair_codes, (prev + 1) * self.n_states + state)
        pair = np.where(base >= 0, self.n_states + base, -1)
        day = weekday(t)
        pair_wd = _lookup(self.wd_codes, np.maximum(pair, 0) * 5 + day)
        state_wd = _lookup(self.wd_codes, state * 5 + day)
        coarse = np.where(pair >= 0, pair, state)
        fine = np.where(state_wd >= 0, n_base + state_wd, coarse)
        fine = np.where((pair >= 0) & (pair_wd >= 0), n_base + pair_wd, fine)
        return np.stack([fine, coarse])

    def draw(
        self, key: np.ndarray, elapsed: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per case: (delay, next state) — next state -1 when the case ends.

        ``key`` holds the rows (fine, coarse) of :meth:`key`.

        Only moves later than ``elapsed`` days are possible (the case has not
        moved for that long); ends are always possible. A draw that lands on a
        censored entry (an event still waiting at the cut-off, after ``c``
        days) is drawn again among the entries later than ``c``: its weight
        goes to the outcomes after its censoring time, which makes the draw
        one from the Kaplan-Meier estimate of the delay (with the next state:
        the Aalen-Johansen estimate of each route's delay distribution)
        instead of from the finished delays only.
        """
        size = key.shape[1]
        delay = np.zeros(size)
        nxt = np.full(size, -1, dtype=np.int64)
        if self.comb.size == 0:
            return delay, nxt
        todo = np.arange(size)
        after = np.asarray(elapsed, dtype=float).copy()
        for _ in range(MAX_REDRAWS):
            lo, hi = self._segment(key[0, todo], after[todo])
            thin = np.flatnonzero((hi - lo < MIN_LATER) & (key[0, todo] != key[1, todo]))
            if thin.size:
                lo[thin], hi[thin] = self._segment(key[1, todo[thin]], after[todo[thin]])
            n = hi - lo
            ok = n > 0
            pick = lo + np.floor(rng.random(todo.size) * np.maximum(n, 0)).astype(np.int64)
            pick = np.where(ok, np.minimum(pick, self.comb.size - 1), 0)
            d = np.where(ok, self.delay[pick], 0.0)
            x = np.where(ok, self.nxt[pick], -1)
            again = x == CENSORED
            done = todo[~again]
            delay[done], nxt[done] = d[~again], x[~again]
            after[todo[again]] = d[again] - _EPS  # it moved at its censoring time or later
            todo = todo[again]
            if todo.size == 0:
                break
        return delay, nxt  # still censored after MAX_REDRAWS draws (never in practice): an end

    def _segment(self, key: np.ndarray, after: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The range of the entries of pool ``key`` later than ``after`` on the combined axis."""
        lo = np.searchsorted(self.comb, key * _SPAN + after, side="right")
        return lo, np.searchsorted(self.comb, (key + 1) * _SPAN, side="left")


def _lookup(codes: np.ndarray, code: np.ndarray) -> np.ndarray:
    """Per code: its index in the sorted ``codes``, or -1 when absent."""
    if codes.size == 0:
        return np.full(code.shape, -1, dtype=np.int64)
    i = np.minimum(np.searchsorted(codes, code), codes.size - 1)
    return np.where(codes[i] == code, i, -1)


def weekday(t: np.ndarray) -> np.ndarray:
    """The weekday (0 Monday .. 4 Friday) of moments on the working-day clock."""
    return (np.floor(t).astype(np.int64) % 5).astype(np.int64)


@dataclass
class Simulation:
    """Simulated inflow counts: ``counts[path, org, week]``."""

    counts: np.ndarray

    def summary(self, level: float = 0.8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Mean and the ``level`` prediction interval of whole cases per (org, week).

        The counts are whole cases, so the interval between the simulated
        10th and 90th percentiles holds *more* than 80 % of the paths (for
        about 3 cases a week some 90 %: both bounds are included, and each
        bound is a value that many paths take). The interval is therefore
        chosen among the whole-case bounds next to those percentiles
        (each one step in or out) as the one whose share of the simulated
        paths is closest to ``level`` — ties go to the one with the more even
        tails — so that it holds about ``level`` of the model's distribution,
        not at least that much. It always holds the median and the mean.
        """
        c = self.counts
        mean = c.astype(float).mean(0)
        if c.shape[0] == 0:
            return mean, mean.copy(), mean.copy()
        tail = (1 - level) / 2
        q_lo = np.quantile(c, tail, axis=0, method="lower")
        q_hi = np.quantile(c, 1 - tail, axis=0, method="higher")
        med = np.quantile(c, 0.5, axis=0, method="lower")
        best_lo, best_hi = q_lo.astype(float), q_hi.astype(float)
        best = np.full(mean.shape, np.inf)
        for dl in (0, 1, -1):
            for du in (0, -1, 1):
                lo = np.maximum(q_lo + dl, 0)
                hi = q_hi + du
                ok = (lo <= np.minimum(med, mean)) & (np.maximum(med, mean) <= hi)
                below = (c < lo).mean(0)
                above = (c > hi).mean(0)
                mass = 1.0 - below - above
                # closeness to the level first, the balance of the tails second
                score = np.abs(mass - level) + 1e-3 * np.abs(below - above)
                better = ok & (score < best - 1e-12)
                best = np.where(better, score, best)
                best_lo = np.where(better, lo, best_lo)
                best_hi = np.where(better, hi, best_hi)
        return mean, best_lo, best_hi


def build_pools(
    ev: ChainEvents,
    cutoff: float,
    open_weeks: float,
    rng: np.random.Generator | None = None,
    cap: int = POOL_CAP,
) -> Pools:
    """The pools known at ``cutoff``: every event before it and what followed, censored or not.

    An event whose next event came before the cut-off is a move (delay, next
    state). One without a next event before the cut-off is an end when it is
    at least ``open_weeks`` old (as a case whose last event is that old is no
    longer open), else *censored*: it has waited ``c`` working days so far,
    and :meth:`Pools.draw` treats it as "later than ``c``" (Kaplan-Meier),
    not as an end and not left out — leaving out the open events would
    under-count the long delays of the last weeks, counting them as ends
    would under-count the moves. A large log contributes a seeded random
    sample of ``cap`` events (the pools are empirical distributions: a sample
    keeps them).
    """
    n_states = len(ev.state_names)
    known = np.flatnonzero(ev.ts < cutoff)
    if rng is not None and known.size > cap:
        known = np.sort(rng.choice(known, size=cap, replace=False))
    ts, next_ts = ev.ts[known], ev.next_ts[known]
    moved = next_ts < cutoff
    ended = ~moved & (ts < cutoff - 7.0 * open_weeks)
    # a move on the same working day: the delay from the event; a later day: from the start
    # of the event's day (whole days, then the next event's time of day), so that a
    # date-only next event (at midnight) keeps its day
    bd = business_days(ts)
    day0 = np.floor(bd)
    bd_next = business_days(np.where(moved, next_ts, cutoff))
    same = moved & (np.floor(bd_next) == day0)
    delay = np.where(same, bd_next - bd, business_days(cutoff) - day0)
    delay = np.where(moved & ~same, bd_next - day0, delay)
    delay = np.where(ended, _END, np.minimum(delay, _END - 1.0))
    nxt = np.where(moved, ev.next_state[known], np.where(ended, -1, CENSORED))
    prev = ev.prev_state[known]
    state = ev.state[known]
    day = weekday(day0)
    code = (prev + 1) * n_states + state
    codes, counts = np.unique(code, return_counts=True)
    pair_codes = _telling_pairs(codes[counts >= MIN_POOL], code, state, nxt, delay)
    # every event is in its state's pool and, when the pair is common, in the pair's
    # pool; each of those again on its weekday when that has enough events
    i = _lookup(pair_codes, code)
    is_pair = i >= 0
    base = np.concatenate([state, n_states + i[is_pair]])
    base_delay = np.concatenate([delay, delay[is_pair]])
    base_nxt = np.concatenate([nxt, nxt[is_pair]])
    wd_code = base * 5 + np.concatenate([day, day[is_pair]])
    codes, counts = np.unique(wd_code, return_counts=True)
    wd_codes = codes[counts >= MIN_POOL]
    j = _lookup(wd_codes, wd_code)
    on_day = j >= 0
    n_base = n_states + pair_codes.size
    keys = np.concatenate([base, n_base + j[on_day]])
    delays = np.concatenate([base_delay, base_delay[on_day]])
    nxts = np.concatenate([base_nxt, base_nxt[on_day]])
    comb = keys * _SPAN + delays
    order = np.argsort(comb, kind="stable")
    return Pools(n_states, pair_codes, wd_codes, comb[order], delays[order], nxts[order])


def _telling_pairs(
    candidates: np.ndarray, code: np.ndarray, state: np.ndarray, nxt: np.ndarray, delay: np.ndarray
) -> np.ndarray:
    """The pairs (previous step, state) whose next steps or delays differ from the state's others.

    A pair gets its own pool only when it tells more than its state does: a
    chi-square test of its next states (the ends included) against the other
    events of the state, or a two-sample Kolmogorov-Smirnov test of its
    delays against theirs (scipy.stats), gives p < :data:`PAIR_P`. Otherwise
    the state's pool, larger, draws with less noise (the Raad's start after a
    request does not depend on what came before the request).
    """
    from scipy import stats

    keep = []
    if candidates.size == 0:
        return candidates
    n_states = int(state.max()) + 1 if state.size else 1
    seen = np.flatnonzero(nxt != CENSORED)
    order = seen[np.argsort(state[seen], kind="stable")]  # the seen events, by state
    edges = np.searchsorted(state[order], np.arange(n_states + 1))
    for c in candidates:
        s = int(c % n_states)
        events = order[edges[s] : edges[s + 1]]
        mine = code[events] == c
        if mine.sum() < MIN_POOL or (~mine).sum() < MIN_POOL:
            continue  # the pair is (nearly) all of its state, or too few to tell
        labels, inv = np.unique(nxt[events], return_inverse=True)
        table = np.zeros((2, labels.size))
        np.add.at(table, (mine.astype(int), inv), 1)
        moves = nxt[events] >= 0
        d_mine, d_rest = delay[events[mine & moves]], delay[events[~mine & moves]]
        with warnings.catch_warnings():  # a one-event sample divides by zero inside scipy
            warnings.simplefilter("ignore", RuntimeWarning)
            p_route = stats.chi2_contingency(table)[1] if labels.size > 1 else 1.0
            p_delay = (
                stats.ks_2samp(d_mine, d_rest, method="asymp").pvalue
                if d_mine.size and d_rest.size
                else 1.0
            )
        if min(p_route, p_delay) < PAIR_P:
            keep.append(c)
    return np.asarray(keep, dtype=candidates.dtype)


def _move_on(
    pools: Pools,
    ev: ChainEvents,
    part: dict[str, np.ndarray],
    visited: np.ndarray,
    origin: float,
    weeks: int,
    counts: np.ndarray | None,
    rng: np.random.Generator,
    record: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None,
) -> None:
    """Move cases from event to event until they end or pass the horizon; count arrivals.

    Arrivals are added to ``counts[path, org, week]``, or (``counts`` None)
    appended to ``record`` as arrays ``(id, org, week)``.

    Times are on the working-day clock (``origin`` too). ``part`` holds per
    case: ``id`` (0 .. n-1), ``path``, ``prev``, ``state``, ``t`` (time of its
    current event) and ``elapsed`` (working days it has already waited in that
    state). ``visited[id, org // 64]`` holds bit ``org % 64``
    when the case has already been at ``org`` (updated in place).
    """
    horizon = origin + WORK_WEEK * weeks
    pid, path, prev, state, t, elapsed = (
        part[k] for k in ("id", "path", "prev", "state", "t", "elapsed")
    )
    for _ in range(MAX_HOPS):
        if pid.size == 0:
            return
        delay, nxt = pools.draw(pools.key(prev, state, t), elapsed, rng)
        t = np.where(delay < 1.0, t + delay, np.floor(t) + delay)  # see build_pools
        keep = (nxt >= 0) & (t < horizon)
        pid, path, prev, state, t = pid[keep], path[keep], state[keep], nxt[keep], t[keep]
        elapsed = np.full(pid.size, -1.0)
        org = ev.state_org[state]
        word, bit = org // 64, np.left_shift(np.uint64(1), (org % 64).astype(np.uint64))
        new = (visited[pid, word] & bit) == 0
        if new.any():
            wk = np.floor((t[new] - origin) / WORK_WEEK).astype(np.int64)
            if counts is not None:
                np.add.at(counts, (path[new], org[new], wk), 1)
            elif record is not None:
                record.append((pid[new], org[new], wk))
            visited[pid[new], word[new]] |= bit[new]


def _visited(n_cases: int, n_org: int, case: np.ndarray, org: np.ndarray) -> np.ndarray:
    """The bit matrix of :func:`_move_on` with ``case`` having been at ``org``."""
    out = np.zeros((n_cases, (n_org + 63) // 64), dtype=np.uint64)
    bit = np.left_shift(np.uint64(1), (org % 64).astype(np.uint64))
    np.bitwise_or.at(out, (case, org // 64), bit)
    return out


def year_ago_index(y: np.ndarray, weeks: int) -> np.ndarray | None:
    """Seasonal factors for weeks 52 .. len(y) + weeks - 1 of ``y``, from a year earlier.

    For a history of one to two years (too short for a 52-week ETS season):
    the factor of week ``t`` is the 5-week mean around ``t - 52`` divided by
    the mean of the year around it (so a trend is not taken for a season).
    None when the history is shorter than 52 + 13 weeks or has too few cases.
    """
    n = y.size
    if n < SEASON + 13 or y.mean() < 2.0:
        return None
    ts = np.arange(SEASON, n + weeks) - SEASON
    local = np.array([y[max(t - 2, 0) : t + 3].mean() for t in ts])
    year = np.array([y[max(t - 26, 0) : t + 26].mean() for t in ts])
    index = np.where(year > 0, local / np.maximum(year, 1e-9), 1.0)
    return np.clip(index, 0.2, 5.0)


def arrival_paths(
    history: np.ndarray,
    weeks: int,
    paths: int,
    rng: np.random.Generator,
    cache: dict[str, Any] | None = None,
) -> np.ndarray:
    """Simulated weekly new cases (``paths`` × ``weeks``) from an ETS model of ``history``.

    Two years of history or more: additive error, damped additive trend and an
    additive 52-week season. One to two years: the same model without a season
    on the last 52 weeks divided by :func:`year_ago_index`, its paths multiplied
    by the factors of the weeks ahead. Shorter, or hardly any cases: Poisson
    draws around the mean of the last 13 weeks.

    With a ``cache`` (the backtest's rolling cut-offs), the parameters are
    estimated again only every :data:`REFIT` weeks of new history; in between
    the model runs with the last estimates over the longer history (its
    states follow the new weeks, its parameters stay), as a forecaster who
    re-estimates once a month would.
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = history.astype(float)
    if y.size < 16 or y[-26:].mean() < 0.5:
        lam = max(y[-13:].mean(), 0.0) if y.size else 0.0
        return rng.poisson(lam, size=(paths, weeks))
    seasonal = y.size >= 2 * SEASON + 4
    index = None if seasonal else year_ago_index(y, weeks)
    fit_y = y if index is None else y[SEASON:] / index[: y.size - SEASON]
    model = ETSModel(
        fit_y + 1.0,  # a positive series keeps the optimiser away from zero
        error="add",
        trend="add",
        damped_trend=True,
        seasonal="add" if seasonal else None,
        seasonal_periods=SEASON if seasonal else None,
        initialization_method="heuristic" if seasonal else "estimated",
    )
    kind = (seasonal, index is None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        last = cache.get("fit") if cache is not None else None
        if last and last[0] == kind and 0 <= fit_y.size - last[1] < REFIT:
            fit = model.smooth(last[2])
        else:
            fit = model.fit(disp=False, maxiter=200)
            if cache is not None:
                cache["fit"] = (kind, fit_y.size, np.asarray(fit.params))
        sims = fit.simulate(
            nsimulations=weeks,
            repetitions=paths,
            anchor="end",
            rng=np.random.default_rng(int(rng.integers(2**31 - 1))),
        )
    sims = np.asarray(sims, dtype=float).reshape(weeks, paths).T - 1.0
    if index is not None:
        sims = sims * index[y.size - SEASON :][None, :]
    return np.rint(np.clip(sims, 0.0, None)).astype(np.int64)


def simulate(
    ev: ChainEvents,
    cutoff: float,
    weeks: int,
    paths: int = 500,
    seed: int = 0,
    open_weeks: float = 13.0,
    budget: int = PARTICLES,
    cache: dict[str, Any] | None = None,
) -> Simulation:
    """Simulate the inflow per organisation for ``weeks`` weeks from ``cutoff`` (a Monday).

    Every open case and every new case is simulated in every path while that
    takes at most ``budget`` simulated cases; beyond (a large chain) see
    :func:`_simulate_large`.
    """
    rng = np.random.default_rng(seed)
    pools = build_pools(ev, cutoff, open_weeks, rng)
    known = ev.ts < cutoff
    current = known & ~(ev.next_ts < cutoff)  # an episode's last event before the cut-off
    idx = np.flatnonzero(current & (ev.ts >= cutoff - 7.0 * open_weeks))
    first = ev.first & known
    arrivals = np.zeros((paths, weeks), dtype=np.int64)
    starts = np.flatnonzero(first)
    if first.any():
        begin = week_start_before(float(ev.ts[first].min()), cutoff)
        hist_weeks = int(np.rint((cutoff - begin) / 7.0))
        widx = np.floor((ev.ts[first] - begin) / 7.0).astype(np.int64)
        history = np.bincount(widx, minlength=hist_weeks)[:hist_weeks]
        arrivals = arrival_paths(history, weeks, paths, rng, cache)
        recent = first & (ev.ts >= cutoff - 7.0 * SEASON)
        starts = np.flatnonzero(recent) if recent.any() else starts
    if idx.size * paths + int(arrivals.sum()) > budget:
        return _simulate_large(ev, pools, idx, cutoff, weeks, arrivals, starts, LARGE, rng)
    n_org = len(ev.orgs)
    counts = np.zeros((paths, n_org, weeks), dtype=np.int64)
    part, visited = _open_cases(ev, idx, paths, cutoff)
    part["path"] = np.repeat(np.arange(paths), idx.size)
    _move_on(pools, ev, part, visited, business_days(cutoff), weeks, counts, rng)
    total = int(arrivals.sum())
    if total == 0:
        return Simulation(counts)
    path = np.repeat(np.repeat(np.arange(paths), weeks), arrivals.reshape(-1))
    wk = np.repeat(np.tile(np.arange(weeks), paths), arrivals.reshape(-1))
    part, visited = _new_cases(ev, starts, cutoff, wk, rng)
    part["path"] = path
    np.add.at(counts, (path, ev.state_org[part["state"]], wk), 1)
    _move_on(pools, ev, part, visited, business_days(cutoff), weeks, counts, rng)
    return Simulation(counts)


def _open_cases(
    ev: ChainEvents, idx: np.ndarray, copies: int, cutoff: float
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """``copies`` copies of the open cases (current events ``idx``); id = copy * k + case."""
    k, n_org = idx.size, len(ev.orgs)
    case_of = ev.case[idx]
    arr = (ev.ts < cutoff) & ev.arrival & np.isin(ev.case, case_of)
    slot = np.searchsorted(case_of, ev.case[arr])  # events are sorted by case
    offsets = (np.arange(copies, dtype=np.int64) * k)[:, None]
    visited = _visited(
        copies * k, n_org, (offsets + slot[None, :]).ravel(), np.tile(ev.org[arr], copies)
    )
    part = {
        "id": np.arange(copies * k, dtype=np.int64),
        "prev": np.tile(ev.prev_state[idx], copies),
        "state": np.tile(ev.state[idx], copies),
        "t": np.tile(business_days(ev.ts[idx]), copies),
        # a next event at the cut-off itself (a date-only event on Monday 00:00) is still to come
        "elapsed": np.tile(
            business_days(cutoff) - np.floor(business_days(ev.ts[idx])) - _EPS, copies
        ),
    }
    return part, visited


def _new_cases(
    ev: ChainEvents, starts: np.ndarray, cutoff: float, wk: np.ndarray, rng: np.random.Generator
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """New cases starting in the weeks ``wk`` (after ``cutoff``), each a copy of a first event.

    ``starts`` are the indices of past first events: a new case takes one's
    state and its moment in the week (weekday and time of day), so that its
    next steps, drawn from the day it starts, see the same hours as the real
    first events did.
    """
    total = wk.size
    pick = starts[rng.integers(0, starts.size, size=total)]
    state = ev.state[pick]
    pid = np.arange(total, dtype=np.int64)
    in_week = np.mod(business_days(ev.ts[pick]), WORK_WEEK)
    t = business_days(cutoff) + WORK_WEEK * wk + in_week
    part = {
        "id": pid,
        "prev": np.full(total, -1, dtype=np.int64),
        "state": state,
        "t": t,
        "elapsed": np.full(total, -1.0),
    }
    return part, _visited(total, len(ev.orgs), pid, ev.state_org[state])


def _simulate_large(
    ev: ChainEvents,
    pools: Pools,
    idx: np.ndarray,
    cutoff: float,
    weeks: int,
    arrivals: np.ndarray,
    starts: np.ndarray,
    budget: int,
    rng: np.random.Generator,
) -> Simulation:
    """The simulation of a large chain, from fewer simulated cases.

    Each open case is simulated ``m`` times (at least 2) instead of once per
    path; its arrival at an organisation in a week is a Bernoulli variable, and
    the open cases are independent, so their total per (organisation, week)
    has mean ``Σ p_i`` and variance ``Σ p_i (1 - p_i)``, both estimated without
    bias from the ``m`` runs (``p_i²`` as ``S(S - 1) / (m(m - 1))``). New cases
    are simulated as templates per start week; a path with ``N_w`` new cases
    in week ``w`` adds ``N_w`` times the templates' mean and variance. Each
    path's count is then drawn from the normal distribution with that mean and
    variance (thousands of independent cases: the central limit theorem),
    rounded and cut at zero. The arrival paths stay those of the ETS model.
    """
    n_org = len(ev.orgs)
    k = idx.size
    mean = np.zeros((n_org, weeks))
    var = np.zeros((n_org, weeks))
    half = budget // 2
    if k:
        m = max(2, half // k)
        part, visited = _open_cases(ev, idx, m, cutoff)
        part["path"] = np.zeros(m * k, dtype=np.int64)
        record: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        _move_on(pools, ev, part, visited, business_days(cutoff), weeks, None, rng, record)
        if record:
            pid, org, wk = (np.concatenate(x) for x in zip(*record, strict=True))
            code = ((pid % k) * n_org + org) * weeks + wk
            cells, s = np.unique(code, return_counts=True)
            cell = cells % (n_org * weeks)
            total = np.bincount(cell, weights=s, minlength=n_org * weeks)
            sq = np.bincount(cell, weights=s * (s - 1.0), minlength=n_org * weeks)
            mu = total / m
            mean += mu.reshape(n_org, weeks)
            var += np.maximum(mu - sq / (m * (m - 1.0)), 0.0).reshape(n_org, weeks)
    n_bar = arrivals.mean(0)
    q = np.zeros((weeks, n_org, weeks))
    live = np.flatnonzero(n_bar > 0)
    if live.size and starts.size:
        per_week = max(50, half // live.size)
        wk0 = np.repeat(live, per_week)
        part, visited = _new_cases(ev, starts, cutoff, wk0, rng)
        part["path"] = np.zeros(wk0.size, dtype=np.int64)
        record = [(part["id"], ev.state_org[part["state"]], wk0)]
        _move_on(pools, ev, part, visited, business_days(cutoff), weeks, None, rng, record)
        pid, org, wk = (np.concatenate(x) for x in zip(*record, strict=True))
        np.add.at(q, (wk0[pid], org, wk), 1.0 / per_week)
    # each template case is in a cell at most once: Bernoulli, variance q (1 - q)
    n = arrivals.astype(float)
    path_mean = mean[None] + np.einsum("pw,wot->pot", n, q)
    path_var = var[None] + np.einsum("pw,wot->pot", n, q * (1.0 - q))
    draw = path_mean + np.sqrt(path_var) * rng.standard_normal(path_mean.shape)
    return Simulation(np.rint(np.clip(draw, 0.0, None)).astype(np.int64))


def week_start_before(day: float, cutoff: float) -> float:
    """The Monday a whole number of weeks before ``cutoff`` (a Monday) on or before ``day``."""
    return cutoff - 7.0 * np.ceil((cutoff - day) / 7.0)
