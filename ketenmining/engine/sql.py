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
# Clients, activities and organisations are first numbered (small integer
# dictionaries), so that sorting, grouping and distinct counts run on integers.
# All later queries read the temp table ``__disc_steps`` built by
# ``DISC_STEPS``: one row per event with its successor in the trace.

from ketenmining.chainlog import LIFECYCLE_ORDER, UNKNOWN_LIFECYCLE_ORDER  # noqa: E402

#: Dictionaries: clients (cid), activities (aid), organisations (oid), lifecycle ranks, sources (sid).
DISC_DICTIONARIES = [
    "CREATE OR REPLACE TEMP TABLE __disc_lc AS SELECT * FROM (VALUES "
    + ", ".join(f"('{k}', {v})" for k, v in LIFECYCLE_ORDER.items())
    + ") t(lifecycle, lrank)",
    """CREATE OR REPLACE TEMP TABLE __disc_src AS
       SELECT source, CAST(row_number() OVER (ORDER BY source) AS INTEGER) AS sid
       FROM (SELECT DISTINCT source FROM events)""",
    """CREATE OR REPLACE TEMP TABLE __disc_case AS
       SELECT case_id, CAST(row_number() OVER () AS INTEGER) AS cid FROM (SELECT DISTINCT case_id FROM events)""",
    """CREATE OR REPLACE TEMP TABLE __disc_act AS
       SELECT activity, CAST(row_number() OVER (ORDER BY activity) AS INTEGER) AS aid
       FROM (SELECT DISTINCT activity FROM events)""",
    """CREATE OR REPLACE TEMP TABLE __disc_org AS
       SELECT org, CAST(row_number() OVER (ORDER BY org) AS INTEGER) AS oid FROM (SELECT DISTINCT org FROM events)""",
]

#: Every event with its position in the trace and the next event's activity, org and wait (s).
DISC_STEPS = f"""
CREATE OR REPLACE TEMP TABLE __disc_steps AS
SELECT c.cid, e.episode, o.oid, a.aid,
       CAST(row_number() OVER w AS INTEGER) AS pos,
       lead(a.aid) OVER w AS nxa,
       lead(o.oid) OVER w AS nxo,
       epoch(lead(e.timestamp) OVER w) - epoch(e.timestamp) AS wait_s
FROM events e
JOIN __disc_case c ON e.case_id = c.case_id
JOIN __disc_act a ON e.activity = a.activity
JOIN __disc_org o ON e.org = o.org
JOIN __disc_src r ON e.source = r.source
LEFT JOIN __disc_lc l ON e.lifecycle = l.lifecycle
WINDOW w AS (PARTITION BY c.cid, e.episode
             ORDER BY e.timestamp, coalesce(l.lrank, {UNKNOWN_LIFECYCLE_ORDER}), r.sid, e.source_row)
"""

#: The route (list of activity ids) of every trace.
DISC_TRACES = """
CREATE OR REPLACE TEMP TABLE __disc_traces AS
SELECT cid, episode, list(aid ORDER BY pos) AS v FROM __disc_steps GROUP BY cid, episode
"""

#: Variants numbered by frequency, with their number of traces and of distinct clients.
DISC_VARIANTS = """
CREATE OR REPLACE TEMP TABLE __disc_var AS
SELECT CAST(row_number() OVER (ORDER BY traces DESC, cases DESC, v) AS INTEGER) AS vid, v, traces, cases
FROM (SELECT v, count(*) AS traces, count(DISTINCT cid) AS cases FROM __disc_traces GROUP BY v)
"""

#: Keep only the traces whose variant id is in ``__disc_keep`` (the --coverage filter).
DISC_KEEP_STEPS = """
CREATE OR REPLACE TEMP VIEW __disc_kept AS
SELECT s.* FROM __disc_steps s
SEMI JOIN (
  SELECT t.cid, t.episode FROM __disc_traces t
  SEMI JOIN (SELECT d.v FROM __disc_var d SEMI JOIN __disc_keep k ON d.vid = k.vid) x ON t.v = x.v
) c ON s.cid = c.cid AND s.episode = c.episode
"""

#: Totals: clients, traces, events.
DISC_TOTALS = """
SELECT count(DISTINCT cid) AS cases, count(*) FILTER (WHERE pos = 1) AS traces, count(*) AS events
FROM {steps}
"""

#: Nodes at a level (``{keys}``: ``aid``, ``oid`` or ``oid, aid``), counted per client first.
DISC_NODES = """
SELECT {keys}, count(*) AS cases, sum(n) AS events,
       count(*) FILTER (WHERE s > 0) AS start_cases, sum(s) AS start_traces,
       count(*) FILTER (WHERE en > 0) AS end_cases, sum(en) AS end_traces
FROM (
  SELECT cid, {keys}, count(*) AS n,
         count(*) FILTER (WHERE pos = 1) AS s, count(*) FILTER (WHERE nxa IS NULL) AS en
  FROM {steps} GROUP BY cid, {keys}
) GROUP BY {keys}
"""

#: Directly-follows edges at a level, with waiting-time statistics (seconds).
DISC_EDGES = """
SELECT {keys}, {next_keys}, count(DISTINCT cid) AS cases, count(*) AS events,
       quantile_cont(wait_s, [0.5, 0.9]) AS q, avg(wait_s) AS mean_s
FROM {steps} WHERE nxa IS NOT NULL GROUP BY {keys}, {next_keys}
"""

#: Per handover A→B between organisations: clients whose next handover goes straight back to A.
DISC_ORG_RETURNS = """
WITH h AS (
  SELECT cid, episode, pos, oid, nxo FROM {steps} WHERE nxo IS NOT NULL AND nxo <> oid
), r AS (
  SELECT cid, oid, nxo, lead(nxo) OVER (PARTITION BY cid, episode ORDER BY pos) AS after FROM h
)
SELECT oid, nxo, count(DISTINCT cid) FILTER (WHERE after = oid) AS return_cases
FROM r GROUP BY oid, nxo
"""

#: Distinct clients behind the cells in ``__disc_hidden`` (integer columns h0, h1, ...), on ``{on}``.
DISC_HIDDEN_CLIENTS = """
SELECT count(DISTINCT s.cid) FROM {steps} s SEMI JOIN __disc_hidden h ON {on}
"""

#: Distinct clients of the traces whose variant id is in ``__disc_hidden`` (column h0).
DISC_HIDDEN_VARIANT_CLIENTS = """
SELECT count(DISTINCT t.cid) FROM __disc_traces t
SEMI JOIN (SELECT d.v FROM __disc_var d SEMI JOIN __disc_hidden h ON d.vid = h.h0) x ON t.v = x.v
"""


#: Temp tables of a discovery run, dropped by :func:`disc_drop`.
DISC_TABLES = (
    "__disc_keep",
    "__disc_hidden",
    "__disc_var",
    "__disc_traces",
    "__disc_steps",
    "__disc_act",
    "__disc_org",
    "__disc_case",
    "__disc_lc",
    "__disc_src",
)


def disc_drop() -> list[str]:
    """Statements removing the temp tables of a discovery run."""
    return ["DROP VIEW IF EXISTS __disc_kept", *(f"DROP TABLE IF EXISTS {t}" for t in DISC_TABLES)]
