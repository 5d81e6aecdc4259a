"""Visits of cases to organisations, read from the ``events`` view for the forecast.

A *visit* is a maximal run of a case's events at one organisation (in the
canonical event order); the chain log's ``episode`` splits a client's history,
so a case here is (``case_id``, ``episode``). The inflow of an organisation in
a week is the number of visits that start there in that week. Only one row per
visit (and one timestamp per event, for the last-seen time at a cut-off) comes
into Python; the grouping is DuckDB SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ketenmining.engine.sql import CASE_ORDER

DAY = 86400.0

_VISITS_SQL = f"""
WITH e AS (
  SELECT case_id, {{episode}} AS episode, org, timestamp,
         row_number() OVER (PARTITION BY case_id, {{episode}} ORDER BY {CASE_ORDER}) AS pos
  FROM events),
f AS (
  SELECT *, lag(org) OVER (PARTITION BY case_id, episode ORDER BY pos) AS prev FROM e),
g AS (
  SELECT *, sum(CASE WHEN prev IS NULL OR prev <> org THEN 1 ELSE 0 END)
              OVER (PARTITION BY case_id, episode ORDER BY pos) AS visit FROM f),
v AS (
  SELECT case_id, episode, visit, any_value(org) AS org,
         epoch(min(timestamp)) AS start_s, epoch(max(timestamp)) AS last_s
  FROM g GROUP BY case_id, episode, visit)
SELECT dense_rank() OVER (ORDER BY case_id, episode) - 1 AS case_no, visit, org, start_s, last_s,
       lead(start_s) OVER (PARTITION BY case_id, episode ORDER BY visit) AS next_s,
       lead(org) OVER (PARTITION BY case_id, episode ORDER BY visit) AS next_org
FROM v ORDER BY case_no, visit
"""

_EVENT_TIMES_SQL = f"""
WITH e AS (
  SELECT case_id, {{episode}} AS episode, org, epoch(timestamp) AS ts,
         row_number() OVER (PARTITION BY case_id, {{episode}} ORDER BY {CASE_ORDER}) AS pos
  FROM events),
f AS (SELECT *, lag(org) OVER (PARTITION BY case_id, episode ORDER BY pos) AS prev FROM e),
g AS (SELECT *, sum(CASE WHEN prev IS NULL OR prev <> org THEN 1 ELSE 0 END)
                  OVER (PARTITION BY case_id, episode ORDER BY pos) AS visit FROM f)
SELECT dense_rank() OVER (ORDER BY case_id, episode) - 1 AS case_no, visit, ts FROM g
"""


@dataclass
class Visits:
    """One row per visit, as numpy arrays; times in days since the epoch (UTC)."""

    orgs: list[str]  # organisation codes; ``org`` holds indices into this list
    case: np.ndarray  # case number
    first: np.ndarray  # True for a case's first visit (the case's arrival in the chain)
    org: np.ndarray
    start: np.ndarray
    last: np.ndarray  # the visit's last event
    next_start: np.ndarray  # the next visit's start (NaN: none)
    next_org: np.ndarray  # the next visit's organisation (-1: none)
    prev_org: np.ndarray  # the previous visit's organisation (-1: the case's first visit)
    event_visit: np.ndarray  # per event: the row of its visit
    event_time: np.ndarray  # per event: its time (days)
    data_end: float  # the end of the data (days)

    def last_before(self, cutoff: float) -> np.ndarray:
        """Per visit, the time of its last event before ``cutoff`` (NaN: none yet)."""
        out = np.full(len(self.org), -np.inf)
        mask = self.event_time < cutoff
        np.maximum.at(out, self.event_visit[mask], self.event_time[mask])
        out[~np.isfinite(out)] = np.nan
        return out


def read_visits(con: Any, data_end: float | None = None) -> Visits:
    """The visits of every case in the ``events`` view of ``con``."""
    cols = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    episode = "episode" if "episode" in cols else "1"
    rows = con.execute(_VISITS_SQL.format(episode=episode)).fetchnumpy()
    ev = con.execute(_EVENT_TIMES_SQL.format(episode=episode)).fetchnumpy()
    org_names = np.asarray(rows["org"]).astype(str)
    orgs = sorted(set(org_names.tolist()))
    index = {o: i for i, o in enumerate(orgs)}
    org = np.array([index[o] for o in org_names], dtype=np.int64)
    nxt_raw = rows["next_org"]
    nxt_mask = np.ma.getmaskarray(nxt_raw) if np.ma.isMaskedArray(nxt_raw) else None
    nxt_vals = np.asarray(np.ma.filled(nxt_raw, "") if nxt_mask is not None else nxt_raw)
    next_org = np.array(
        [index.get(str(o), -1) if o not in ("", None) else -1 for o in nxt_vals], dtype=np.int64
    )
    next_s = np.ma.filled(np.ma.asarray(rows["next_s"], dtype=float), np.nan)
    case = np.asarray(rows["case_no"], dtype=np.int64)
    visit = np.asarray(rows["visit"], dtype=np.int64)
    # the row of each event's visit: rows are ordered by (case_no, visit)
    key = case * 1_000_000 + visit
    ev_key = np.asarray(ev["case_no"], dtype=np.int64) * 1_000_000 + np.asarray(ev["visit"])
    event_visit = np.searchsorted(key, ev_key)
    start = np.asarray(rows["start_s"], dtype=float) / DAY
    last = np.asarray(rows["last_s"], dtype=float) / DAY
    end = float(np.max(last)) if data_end is None else data_end
    prev_org = np.full(org.size, -1, dtype=np.int64)
    same = case[1:] == case[:-1]
    prev_org[1:][same] = org[:-1][same]
    return Visits(
        orgs=orgs,
        case=case,
        first=visit == 1,
        org=org,
        start=start,
        last=last,
        next_start=next_s / DAY,
        next_org=next_org,
        prev_org=prev_org,
        event_visit=event_visit,
        event_time=np.asarray(ev["ts"], dtype=float) / DAY,
        data_end=end,
    )


def week_start(day: float) -> float:
    """The Monday 00:00 UTC on or before ``day`` (days since the epoch, a Thursday)."""
    return float(np.floor((day - 4.0) / 7.0) * 7.0 + 4.0)


def weekly_inflow(v: Visits, weeks: np.ndarray) -> np.ndarray:
    """Visits starting per organisation (rows) per week (columns starting at ``weeks``)."""
    out = np.zeros((len(v.orgs), len(weeks)), dtype=np.int64)
    idx = np.floor((v.start - weeks[0]) / 7.0).astype(np.int64)
    ok = (idx >= 0) & (idx < len(weeks))
    np.add.at(out, (v.org[ok], idx[ok]), 1)
    return out
