"""The chain log's events as the forecast needs them: one row per event, as numpy arrays.

Times are days since 1970-01-01 on the local wall clock (Europe/Amsterdam,
the chain's time zone), so weeks run from Monday 00:00 local time and a Raad
investigation dated Monday (local midnight) falls in that Monday's week.

The state of an event is its (organisation, activity, lifecycle); a case is an
episode (``case_id``, ``episode``). Per event the SQL gives the previous and
the next event's state and the next event's time in the episode (canonical
event order), and whether the event is the episode's *arrival* at its
organisation (its first event there). The inflow of an organisation in a week
is the number of arrivals in that week — the definition of ``analyse seams``'
``inflow`` (an episode's first event of the organisation). The grouping and
the window functions are DuckDB SQL; only these per-event numbers come into
Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ketenmining.engine.sql import CASE_ORDER, LOCAL_TZ

DAY = 86400.0

#: The states: one row per (organisation, activity, lifecycle), numbered from 0.
STATES_SQL = """
SELECT DISTINCT org, activity, coalesce(lifecycle, '') AS lc FROM events ORDER BY org, activity, lc
"""

#: One row per event (parameter ``{episode}``: the episode column, or 1 when absent).
EVENTS_SQL = f"""
WITH st AS (
  SELECT org, activity, lc, row_number() OVER (ORDER BY org, activity, lc) - 1 AS state
  FROM ({STATES_SQL})),
e AS (
  SELECT case_id, {{episode}} AS episode, org, activity, coalesce(lifecycle, '') AS lc,
         epoch(timezone('{LOCAL_TZ}', timestamp)) / {DAY} AS ts,
         row_number() OVER (PARTITION BY case_id, {{episode}} ORDER BY {CASE_ORDER}) AS pos
  FROM events),
s AS (
  SELECT e.*, st.state,
         row_number() OVER (PARTITION BY case_id, episode, e.org ORDER BY pos) = 1 AS arrival
  FROM e JOIN st USING (org, activity, lc))
SELECT dense_rank() OVER (ORDER BY case_id, episode) - 1 AS case_no, state, ts, arrival, pos = 1 AS first,
       coalesce(lag(state) OVER w, -1) AS prev_state,
       coalesce(lead(state) OVER w, -1) AS next_state,
       lead(ts) OVER w AS next_ts
FROM s WINDOW w AS (PARTITION BY case_id, episode ORDER BY pos)
ORDER BY case_no, pos
"""


@dataclass
class ChainEvents:
    """The events of the chain log; times in days since 1970-01-01 UTC."""

    orgs: list[str]  # organisation codes, sorted
    state_org: np.ndarray  # per state: index into ``orgs``
    state_names: list[str]  # per state: "org · activity (lifecycle)"
    case: np.ndarray  # per event: the episode's number
    state: np.ndarray
    prev_state: np.ndarray  # -1: the episode's first event
    next_state: np.ndarray  # -1: the episode's last event
    ts: np.ndarray
    next_ts: np.ndarray  # NaN: none
    arrival: np.ndarray  # the episode's first event at this organisation
    first: np.ndarray  # the episode's first event
    data_end: float

    @property
    def org(self) -> np.ndarray:
        """Per event: the organisation's index."""
        return self.state_org[self.state]


def _filled(values: Any, fill: float) -> np.ndarray:
    """A fetched column as a plain array, masked (NULL) cells replaced by ``fill``."""
    return np.asarray(np.ma.filled(np.ma.asarray(values, dtype=float), fill))


def read_events(con: Any, data_end: float | None = None) -> ChainEvents:
    """The events of the ``events`` view of ``con``; ``data_end`` (local days) defaults to the last event."""
    cols = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    episode = "episode" if "episode" in cols else "1"
    states = con.execute(STATES_SQL).fetchall()
    rows = con.execute(EVENTS_SQL.format(episode=episode)).fetchnumpy()
    orgs = sorted({str(o) for o, _a, _l in states})
    index = {o: i for i, o in enumerate(orgs)}
    state_org = np.array([index[str(o)] for o, _a, _l in states], dtype=np.int64)
    names = [f"{o} · {a}" + (f" ({lc})" if lc else "") for o, a, lc in states]
    ts = np.asarray(rows["ts"], dtype=float)
    end = float(ts.max()) if data_end is None and ts.size else float(data_end or 0.0)
    return ChainEvents(
        orgs=orgs,
        state_org=state_org,
        state_names=names,
        case=np.asarray(rows["case_no"], dtype=np.int64),
        state=np.asarray(rows["state"], dtype=np.int64),
        prev_state=np.asarray(rows["prev_state"], dtype=np.int64),
        next_state=np.asarray(rows["next_state"], dtype=np.int64),
        ts=ts,
        next_ts=_filled(rows["next_ts"], np.nan),
        arrival=np.asarray(rows["arrival"], dtype=bool),
        first=np.asarray(rows["first"], dtype=bool),
        data_end=end,
    )


def week_start(day: float) -> float:
    """The Monday 00:00 UTC on or before ``day`` (days since 1970-01-01, a Thursday)."""
    return float(np.floor((day - 4.0) / 7.0) * 7.0 + 4.0)


def business_days(day: np.ndarray | float) -> np.ndarray:
    """Days since 1970-01-01 on a working-day clock: Saturdays and Sundays take no time.

    Monday 00:00 UTC of week ``w`` (counted from the Monday before the epoch)
    is ``5 w``; a weekend moment counts as the next Monday 00:00. Delays on this
    clock do not depend on the weekday a step happened on: a Friday handover
    picked up on Monday waited one day, as one on Monday picked up on Tuesday.
    """
    x = np.asarray(day, dtype=float) - 4.0
    w = np.floor(x / 7.0)
    return 5.0 * w + np.minimum(x - 7.0 * w, 5.0)


def weekly_inflow(ev: ChainEvents, weeks: np.ndarray) -> np.ndarray:
    """Arrivals per organisation (rows) per week (columns, starting at the Mondays ``weeks``)."""
    out = np.zeros((len(ev.orgs), len(weeks)), dtype=np.int64)
    if not len(weeks):
        return out
    at = ev.arrival
    idx = np.floor((ev.ts[at] - weeks[0]) / 7.0).astype(np.int64)
    ok = (idx >= 0) & (idx < len(weeks))
    np.add.at(out, (ev.org[at][ok], idx[ok]), 1)
    return out


def weekly_new_cases(ev: ChainEvents, weeks: np.ndarray) -> np.ndarray:
    """New episodes (first events) per week, over the whole chain."""
    idx = np.floor((ev.ts[ev.first] - weeks[0]) / 7.0).astype(np.int64)
    ok = (idx >= 0) & (idx < len(weeks))
    return np.bincount(idx[ok], minlength=len(weeks))[: len(weeks)]
