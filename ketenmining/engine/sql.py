"""The query helpers two or more stages share: canonical orders, quoting, log filters.

Each stage keeps its own SQL beside its code (``ingest/sql.py``, ``stitch/sql.py``,
``conform/sql.py``, ``discover/sql.py``, ``analyse/sql.py``, ``privacy/sql.py``);
only what several of them use lives here. Queries are plain SQL over the
``events`` view (the canonical chain log, see :mod:`ketenmining.chainlog`).
Keep the dialect portable (window functions, ``string_agg``/``list``
aggregates) so the same queries can move to a cluster engine when a national
chain outgrows one machine.
"""

from __future__ import annotations

from typing import Any

from ketenmining.chainlog import CANONICAL_COLUMNS, lifecycle_order_sql
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
        # the user types the attribute names of keten.yaml; the chain log stores them as attr_NAME
        column = name
        if columns is not None and name not in columns and f"attr_{name}" in columns:
            column = f"attr_{name}"
        elif columns is not None and name not in columns:
            from ketenmining.errors import KetenError

            available = ", ".join(
                sorted(
                    {
                        c.removeprefix("attr_")
                        for c in columns
                        if c.startswith("attr_") or c not in _CANON
                    }
                )
            )
            raise KetenError(
                f"cohort attribute '{name}' is not in the log",
                hint=f"available attributes: {available or 'none'}",
            )
        name = column
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


_CANON = frozenset(CANONICAL_COLUMNS)
