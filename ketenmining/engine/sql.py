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

            available = ", ".join(sorted(c for c in columns if c.startswith("attr_") or c not in _CANON))
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
        clause = (
            f"case_id IN (SELECT case_id FROM __all_events WHERE {event_clause}) AND {cohort_clause}"
        )
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


# ---------------------------------------------------------------------------
# discovery (ketenmining discover): steps, directly-follows, variants, handovers
# ---------------------------------------------------------------------------
#
# A *trace* is one route of one client: (case_id, episode). Directly-follows
# relations never cross episodes. "cases" in every count below means distinct
# clients (case_id): small-cell suppression protects people, not routes.
# All queries read the temp table ``__disc_steps`` built by ``DISC_STEPS``:
# one row per event with its successor in the trace.

#: Dictionary of activities: each gets a one-character code for compact variant keys.
DISC_ACTIVITY_CODES = """
CREATE OR REPLACE TEMP TABLE __disc_act AS
SELECT activity, chr(CAST({base} + row_number() OVER (ORDER BY activity) AS INTEGER)) AS code
FROM (SELECT DISTINCT activity FROM events)
"""

#: Every event with its position in the trace and the next event's activity, org and wait.
DISC_STEPS = f"""
CREATE OR REPLACE TEMP TABLE __disc_steps AS
SELECT e.case_id, e.episode, e.org, e.activity, a.code,
       row_number() OVER w AS pos,
       lead(e.activity) OVER w AS next_activity,
       lead(e.org) OVER w AS next_org,
       epoch(lead(e.timestamp) OVER w) - epoch(e.timestamp) AS wait_s
FROM events e JOIN __disc_act a ON e.activity = a.activity
WINDOW w AS (PARTITION BY e.case_id, e.episode ORDER BY {CASE_ORDER.replace("timestamp", "e.timestamp")})
"""

#: Variant key (activity codes in order) of every trace.
DISC_TRACE_VARIANTS = """
CREATE OR REPLACE TEMP TABLE __disc_traces AS
SELECT case_id, episode, string_agg(code, '' ORDER BY pos) AS variant
FROM __disc_steps GROUP BY case_id, episode
"""

#: Variants with their number of traces and of distinct clients.
DISC_VARIANT_COUNTS = """
SELECT variant, count(*) AS traces, count(DISTINCT case_id) AS cases
FROM __disc_traces GROUP BY variant
"""

#: Keep only the traces whose variant is in ``__disc_keep`` (the --coverage filter).
DISC_KEEP_STEPS = """
CREATE OR REPLACE TEMP VIEW __disc_kept AS
SELECT s.* FROM __disc_steps s
SEMI JOIN (SELECT t.case_id, t.episode FROM __disc_traces t SEMI JOIN __disc_keep k ON t.variant = k.variant) c
  ON s.case_id = c.case_id AND s.episode = c.episode
"""

#: Totals: clients, traces, events.
DISC_TOTALS = """
SELECT count(DISTINCT case_id) AS cases, count(*) FILTER (WHERE pos = 1) AS traces, count(*) AS events
FROM {steps}
"""

#: Nodes at a level: ``{keys}`` is ``activity``, ``org`` or ``org, activity``.
DISC_NODES = """
SELECT {keys}, count(DISTINCT case_id) AS cases, count(*) AS events,
       count(DISTINCT case_id) FILTER (WHERE pos = 1) AS start_cases,
       count(*) FILTER (WHERE pos = 1) AS start_traces,
       count(DISTINCT case_id) FILTER (WHERE next_activity IS NULL) AS end_cases,
       count(*) FILTER (WHERE next_activity IS NULL) AS end_traces
FROM {steps} GROUP BY {keys}
"""

#: Directly-follows edges at a level, with waiting-time statistics (seconds).
DISC_EDGES = """
SELECT {keys}, {next_keys}, count(DISTINCT case_id) AS cases, count(*) AS events,
       median(wait_s) AS median_s, avg(wait_s) AS mean_s, quantile_cont(wait_s, 0.9) AS p90_s
FROM {steps} WHERE next_activity IS NOT NULL GROUP BY {keys}, {next_keys}
"""

#: Per handover A→B between organisations: clients whose next handover goes straight back to A.
DISC_ORG_RETURNS = """
WITH h AS (
  SELECT case_id, episode, pos, org, next_org FROM {steps}
  WHERE next_org IS NOT NULL AND next_org <> org
), r AS (
  SELECT case_id, org, next_org,
         lead(next_org) OVER (PARTITION BY case_id, episode ORDER BY pos) AS after
  FROM h
)
SELECT org, next_org, count(DISTINCT case_id) FILTER (WHERE after = org) AS return_cases
FROM r GROUP BY org, next_org
"""

#: Distinct clients behind the cells in ``__disc_hidden`` (columns h0, h1, ...), matched on ``{on}``.
DISC_HIDDEN_CLIENTS = """
SELECT count(DISTINCT s.case_id) FROM {steps} s SEMI JOIN __disc_hidden h ON {on}
"""

#: Distinct clients of the traces whose variant is in ``__disc_hidden`` (column h0).
DISC_HIDDEN_VARIANT_CLIENTS = """
SELECT count(DISTINCT t.case_id) FROM __disc_traces t SEMI JOIN __disc_hidden h ON t.variant = h.h0
"""


def disc_drop() -> list[str]:
    """Statements removing the temp tables of a discovery run."""
    return [
        "DROP VIEW IF EXISTS __disc_kept",
        "DROP TABLE IF EXISTS __disc_keep",
        "DROP TABLE IF EXISTS __disc_hidden",
        "DROP TABLE IF EXISTS __disc_traces",
        "DROP TABLE IF EXISTS __disc_steps",
        "DROP TABLE IF EXISTS __disc_act",
    ]
