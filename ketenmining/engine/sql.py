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


# ---------------------------------------------------------------------------------------------
# Variants (conformance): one trace per case, each distinct trace counted once.
#
# A case is one episode of one client: (case_id, episode). Its trace is the list of its
# activities in the canonical order. Variants are numbered 1, 2, ... by descending case count,
# ties broken by the trace itself, so the numbering is deterministic.
# ---------------------------------------------------------------------------------------------

#: Temp table with one row per case: case_id, episode, trace (list of activities), n_events.
CASE_TRACES = "__case_traces"
#: Temp table with one row per variant: variant_id, trace, cases.
VARIANTS = "__variants"


def case_traces_sql() -> str:
    """Create :data:`CASE_TRACES` from the ``events`` view."""
    return (
        f"CREATE OR REPLACE TEMP TABLE {CASE_TRACES} AS "
        f"SELECT case_id, episode, list(activity ORDER BY {CASE_ORDER}) AS trace, "
        "count(*) AS n_events "
        "FROM events GROUP BY case_id, episode"
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
    """Select ``case_id, episode, variant_id, n_events`` for every case, in case order."""
    return (
        f"SELECT c.case_id, c.episode, v.variant_id, c.n_events "
        f"FROM {CASE_TRACES} c JOIN {VARIANTS} v ON c.trace = v.trace "
        "ORDER BY c.case_id, c.episode"
    )


def case_results_sql(results: str) -> str:
    """Every case with its variant's results from the registered table ``results``.

    ``results`` has ``variant_id, fitness, cost, deviations``; the query gives
    ``case_id, episode, variant_id, n_events, fitness, cost, deviations`` in case order.
    """
    return (
        "SELECT cv.case_id, cv.episode, cv.variant_id, cv.n_events, r.fitness, r.cost, r.deviations "
        f"FROM ({case_variants_sql()}) cv JOIN {quote_ident(results)} r USING (variant_id) "
        "ORDER BY cv.case_id, cv.episode"
    )


def case_deviations_sql(deviations: str) -> str:
    """Every deviation of every case, from the per-variant deviations in ``deviations``.

    ``deviations`` has ``variant_id, seq, step, kind, reason, position, expected_position``;
    the query adds ``case_id, episode`` and empty ``org, seam`` columns, in case order.
    """
    return (
        "SELECT cv.case_id, cv.episode, cv.variant_id, d.step, d.kind, d.reason, d.position, "
        "d.expected_position, CAST(NULL AS VARCHAR) AS org, CAST(NULL AS VARCHAR) AS seam "
        f"FROM ({case_variants_sql()}) cv JOIN {quote_ident(deviations)} d USING (variant_id) "
        "ORDER BY cv.case_id, cv.episode, d.seq"
    )
