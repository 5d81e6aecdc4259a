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


# ---------------------------------------------------------------------------------------------
# Variants and route conformance (conform): one trace per case, each distinct trace once.
#
# A case is one episode of one client: (case_id, episode). Its trace is the list of its
# activities in the canonical order; ``pos`` is the 0-based index of an event in its case.
# Variants are numbered 1, 2, ... by descending case count, ties broken by the trace itself,
# so the numbering is deterministic. Per-variant results computed outside SQL (alignments)
# are registered as tables and expanded to cases here.
# ---------------------------------------------------------------------------------------------

#: Temp table: the events with their 0-based position in the case.
CASE_EVENTS = "__case_events"
#: Temp table: one row per case: case_id, episode, trace, events, first, last, orgs.
CASE_TRACES = "__case_traces"
#: Temp table: one row per variant: variant_id, trace, cases.
VARIANTS = "__variants"
#: Temp table: one row per case with its variant: case_id, episode, variant_id, events, ...
CASE_VARIANTS = "__case_variants"


def case_events_sql() -> str:
    """Create :data:`CASE_EVENTS` (case_id, episode, pos, activity, org, timestamp)."""
    return (
        f"CREATE OR REPLACE TEMP TABLE {CASE_EVENTS} AS "
        "SELECT case_id, episode, activity, org, timestamp, "
        f"CAST(row_number() OVER (PARTITION BY case_id, episode ORDER BY {CASE_ORDER}) - 1 "
        "AS INTEGER) AS pos FROM events"
    )


def case_traces_sql() -> str:
    """Create :data:`CASE_TRACES` from :data:`CASE_EVENTS`.

    ``orgs`` lists the organisations of a case comma-separated in order of appearance.
    """
    return (
        f"CREATE OR REPLACE TEMP TABLE {CASE_TRACES} AS "
        "WITH org_first AS ("
        f"  SELECT case_id, episode, org, min(pos) AS first_pos FROM {CASE_EVENTS} "
        "  GROUP BY case_id, episode, org), "
        "case_orgs AS ("
        "  SELECT case_id, episode, string_agg(org, ',' ORDER BY first_pos) AS orgs "
        "  FROM org_first GROUP BY case_id, episode) "
        "SELECT e.case_id, e.episode, list(e.activity ORDER BY e.pos) AS trace, "
        "CAST(count(*) AS INTEGER) AS events, min(e.timestamp) AS first, max(e.timestamp) AS last, "
        f"o.orgs FROM {CASE_EVENTS} e JOIN case_orgs o USING (case_id, episode) "
        "GROUP BY e.case_id, e.episode, o.orgs"
    )


def variants_sql() -> str:
    """Create :data:`VARIANTS` (numbered by descending case count) from :data:`CASE_TRACES`."""
    return (
        f"CREATE OR REPLACE TEMP TABLE {VARIANTS} AS "
        "SELECT CAST(row_number() OVER (ORDER BY count(*) DESC, trace) AS INTEGER) AS variant_id, "
        "trace, count(*) AS cases "
        f"FROM {CASE_TRACES} GROUP BY trace"
    )


def variant_list_sql() -> str:
    """Select ``variant_id, trace, cases`` from :data:`VARIANTS` in variant order."""
    return f"SELECT variant_id, trace, cases FROM {VARIANTS} ORDER BY variant_id"


def case_variants_sql() -> str:
    """Create :data:`CASE_VARIANTS`: every case with its variant id (no trace)."""
    return (
        f"CREATE OR REPLACE TEMP TABLE {CASE_VARIANTS} AS "
        "SELECT c.case_id, c.episode, v.variant_id, c.events, c.first, c.last, c.orgs "
        f"FROM {CASE_TRACES} c JOIN {VARIANTS} v ON c.trace = v.trace"
    )


def case_results_sql(results: str) -> str:
    """Every case with its variant's results from the registered table ``results``.

    ``results`` has ``variant_id, fitness, cost, n_deviations``; the query gives
    ``case_id, episode, variant_id, fitness, cost, n_deviations, events, first, last, orgs``
    in case order.
    """
    return (
        "SELECT cv.case_id, cv.episode, cv.variant_id, r.fitness, r.cost, r.n_deviations, "
        "cv.events, cv.first, cv.last, cv.orgs "
        f"FROM {CASE_VARIANTS} cv JOIN {quote_ident(results)} r USING (variant_id) "
        "ORDER BY cv.case_id, cv.episode"
    )


def case_deviations_sql(deviations: str) -> str:
    """Every deviation of every case, from the per-variant deviations in ``deviations``.

    ``deviations`` has ``variant_id, seq, kind, step, position, detail``. The query adds the
    case, and the organisation and time of the event a deviation is about (none for a
    skipped step): ``case_id, episode, kind, step, org, seam, position, timestamp, detail,
    variant_id``, in case order.
    """
    return (
        "SELECT cv.case_id, cv.episode, d.kind, d.step, e.org, CAST(NULL AS VARCHAR) AS seam, "
        "d.position, e.timestamp, d.detail, cv.variant_id "
        f"FROM {CASE_VARIANTS} cv JOIN {quote_ident(deviations)} d USING (variant_id) "
        f"LEFT JOIN {CASE_EVENTS} e ON e.case_id = cv.case_id AND e.episode = cv.episode "
        "AND e.pos = d.position "
        "ORDER BY cv.case_id, cv.episode, d.seq"
    )
