"""All event-level SQL of ketenmining, in one place.

Queries are plain SQL over the ``events`` view (the canonical chain log,
see :mod:`ketenmining.chainlog`). Functions here return SQL text and
parameters; :mod:`ketenmining.engine` runs them. Keep the dialect portable
(window functions, ``string_agg``/``list`` aggregates) so the same queries can
move to a cluster engine when a national chain outgrows one machine.
"""

from __future__ import annotations

from typing import Any

from ketenmining.chainlog import lifecycle_order_sql
from ketenmining.logspec import Filters

#: Time zone in which dates given by people (filters, periods) are read.
LOCAL_TZ = "Europe/Amsterdam"

#: The canonical total order of events within the whole log.
CANONICAL_ORDER = f"case_id, timestamp, {lifecycle_order_sql()}, source, source_row"
#: The canonical order within one case (for window functions partitioned by case).
CASE_ORDER = f"timestamp, {lifecycle_order_sql()}, source, source_row"


def quote_ident(name: str) -> str:
    """Quote a column name for SQL."""
    return '"' + name.replace('"', '""') + '"'


def filter_where(filters: Filters | None, columns: set[str] | None = None) -> tuple[str, list[Any]]:
    """A WHERE clause (without the keyword) and its parameters for ``filters``.

    With ``filters.scope == "cases"`` the clause keeps whole cases that have
    at least one event matching the event-level conditions. ``columns`` is the
    set of available columns, used to refuse a cohort attribute that is not there.
    """
    if filters is None or filters.is_empty():
        return "TRUE", []
    conds: list[str] = []
    params: list[Any] = []
    if filters.date_from is not None:
        conds.append(f"timestamp >= timezone('{LOCAL_TZ}', CAST(? AS TIMESTAMP))")
        params.append(filters.date_from.isoformat())
    if filters.date_to is not None:
        conds.append(f"timestamp < timezone('{LOCAL_TZ}', CAST(? AS TIMESTAMP) + INTERVAL 1 DAY)")
        params.append(filters.date_to.isoformat())
    if filters.orgs:
        conds.append("org IN (" + ", ".join("?" for _ in filters.orgs) + ")")
        params.extend(filters.orgs)
    if filters.episode is not None:
        conds.append("episode = ?")
        params.append(filters.episode)
    event_clause = " AND ".join(conds) if conds else "TRUE"
    case_conds: list[str] = []
    case_params: list[Any] = []
    for name, value in filters.cohort:
        if columns is not None and name not in columns:
            from ketenmining.errors import KetenError

            available = ", ".join(
                sorted(c for c in columns if c.startswith("attr_") or c not in _CANON)
            )
            raise KetenError(
                f"cohort attribute '{name}' is not in the log",
                hint=f"available attributes: {available or 'none'}",
            )
        # a cohort is a case property: the case qualifies when any of its events carries the value
        case_conds.append(
            f"case_id IN (SELECT case_id FROM __all_events WHERE CAST({quote_ident(name)} AS VARCHAR) = ?)"
        )
        case_params.append(value)
    cohort_clause = " AND ".join(case_conds) if case_conds else "TRUE"
    if filters.scope == "cases" and conds:
        clause = f"case_id IN (SELECT case_id FROM __all_events WHERE {event_clause}) AND {cohort_clause}"
        return clause, params + case_params
    return f"({event_clause}) AND {cohort_clause}", params + case_params


_CANON = {
    "case_id",
    "episode",
    "org",
    "activity",
    "activity_raw",
    "timestamp",
    "lifecycle",
    "source",
    "source_row",
}


# --------------------------------------------------------------------------------------
# stitch: combine sources into the chain log
# --------------------------------------------------------------------------------------


def interval_sql(amount: int, unit: str) -> str:
    """A SQL interval literal for a duration (working days are not an interval)."""
    units = {"minutes": "to_minutes", "hours": "to_hours", "days": "to_days", "months": "to_months"}
    if unit == "weeks":
        return f"to_days({int(amount) * 7})"
    if unit not in units:
        raise ValueError(f"no SQL interval for unit {unit}")
    return f"{units[unit]}({int(amount)})"


def stitch_query(table: str, columns: list[str], gap_interval: str | None) -> str:
    """Order the combined events canonically and number each client's episodes.

    A new episode starts when the time since the client's previous event is
    longer than ``gap_interval`` (a SQL interval expression); without a gap
    every client has one episode.
    """
    rest = [c for c in columns if c not in ("case_id", "episode")]
    select_rest = ", ".join(quote_ident(c) for c in rest)
    if gap_interval is None:
        episode = "1"
        inner = f"SELECT * FROM {table}"
    else:
        episode = (
            f"1 + sum(new_ep) OVER (PARTITION BY case_id ORDER BY {CASE_ORDER} "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        )
        inner = (
            "SELECT *, CASE WHEN timestamp > lag(timestamp) OVER "
            f"(PARTITION BY case_id ORDER BY {CASE_ORDER}) + {gap_interval} THEN 1 ELSE 0 END AS new_ep "
            f"FROM {table}"
        )
    return (
        f"SELECT case_id, CAST({episode} AS INTEGER) AS episode, {select_rest} "
        f"FROM ({inner}) ORDER BY {CANONICAL_ORDER}"
    )


def local_ts(column: str = "timestamp", tz: str = LOCAL_TZ) -> str:
    """SQL for the local wall-clock time (naive) of a UTC instant."""
    return f"timezone('{tz}', {column})"


# --------------------------------------------------------------------------------------
# data quality of a stitched chain log (table `chain`)
# --------------------------------------------------------------------------------------

DQ_SOURCE_STATS = f"""
SELECT source,
       count(*) AS events,
       count(DISTINCT case_id) AS clients,
       min(timestamp) AS first,
       max(timestamp) AS last,
       avg(CASE WHEN hour({local_ts()}) = 0 AND minute({local_ts()}) = 0
                 AND second({local_ts()}) = 0 THEN 1 ELSE 0 END) AS share_midnight,
       avg(CASE WHEN second(timestamp) = 0 AND microsecond(timestamp) % 1000000 = 0
                THEN 1 ELSE 0 END) AS share_whole_minutes,
       avg(CASE WHEN microsecond(timestamp) % 1000000 = 0 THEN 1 ELSE 0 END) AS share_whole_seconds
FROM chain GROUP BY source ORDER BY source
"""

DQ_DUPLICATES = """
SELECT source, CAST(sum(n - 1) AS BIGINT) AS duplicates
FROM (SELECT source, case_id, activity_raw, timestamp, lifecycle, count(*) AS n
      FROM chain GROUP BY ALL HAVING count(*) > 1)
GROUP BY source
"""

DQ_OUT_OF_PERIOD = """
SELECT source,
       sum(CASE WHEN ? IS NOT NULL AND timestamp < CAST(? AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS before,
       sum(CASE WHEN ? IS NOT NULL AND timestamp >= CAST(? AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS after,
       sum(CASE WHEN timestamp > CAST(? AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS future
FROM chain GROUP BY source
"""

DQ_ORGS_PER_CLIENT = """
SELECT n_orgs, count(*) AS clients
FROM (SELECT case_id, count(DISTINCT org) AS n_orgs FROM chain GROUP BY case_id)
GROUP BY n_orgs ORDER BY n_orgs
"""

DQ_LINKED_PER_ORG = """
WITH per_client AS (SELECT case_id, count(DISTINCT org) AS n_orgs FROM chain GROUP BY case_id),
     org_clients AS (SELECT DISTINCT org, case_id FROM chain)
SELECT o.org, count(*) AS clients, sum(CASE WHEN p.n_orgs > 1 THEN 1 ELSE 0 END) AS linked
FROM org_clients o JOIN per_client p USING (case_id)
GROUP BY o.org ORDER BY o.org
"""

#: Pairs of events of the same case and activity recorded by two organisations
#: within a few hours of each other (joint work, or one event recorded twice):
#: their time offset reveals a clock or time-zone error at that seam.
DQ_PAIRED_OFFSETS = f"""
WITH e AS (SELECT case_id, activity, org, timestamp FROM chain),
pairs AS (
  SELECT a.org AS org_a, b.org AS org_b,
         (epoch(b.timestamp) - epoch(a.timestamp)) / 60.0 AS offset_min,
         (epoch(CAST({local_ts("a.timestamp")} AS TIMESTAMP)) - epoch(a.timestamp)) / 3600.0 AS utc_offset_h
  FROM e a JOIN e b
    ON a.case_id = b.case_id AND a.activity = b.activity AND a.org < b.org
   AND b.timestamp BETWEEN a.timestamp - INTERVAL 3 HOUR AND a.timestamp + INTERVAL 3 HOUR
)
SELECT org_a, org_b, count(*) AS pairs,
       median(offset_min) AS median_offset_min,
       median(offset_min) FILTER (WHERE utc_offset_h >= 1.5) AS median_summer_min,
       median(offset_min) FILTER (WHERE utc_offset_h < 1.5) AS median_winter_min,
       count(*) FILTER (WHERE utc_offset_h >= 1.5) AS pairs_summer,
       count(*) FILTER (WHERE utc_offset_h < 1.5) AS pairs_winter
FROM pairs GROUP BY org_a, org_b ORDER BY org_a, org_b
"""

DQ_PAIRED_CONSISTENCY = """
WITH e AS (SELECT case_id, activity, org, timestamp FROM chain)
SELECT avg(CASE WHEN abs((epoch(b.timestamp) - epoch(a.timestamp)) / 60.0 - ?) <= 10 THEN 1 ELSE 0 END)
FROM e a JOIN e b
  ON a.case_id = b.case_id AND a.activity = b.activity AND a.org = ? AND b.org = ?
 AND b.timestamp BETWEEN a.timestamp - INTERVAL 3 HOUR AND a.timestamp + INTERVAL 3 HOUR
"""


# --------------------------------------------------------------------------------------
# lookup: an organisation's own dossiers for sampled pseudonyms (table `hits`)
# --------------------------------------------------------------------------------------

LOOKUP_DOSSIERS = """
SELECT case_id, dossier,
       min(timestamp) AS first, max(timestamp) AS last, count(*) AS events,
       string_agg(DISTINCT activity, ', ' ORDER BY activity) AS activities
FROM hits GROUP BY case_id, dossier ORDER BY case_id, first
"""
