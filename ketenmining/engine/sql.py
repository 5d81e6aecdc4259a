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


def sql_literal(value: Any) -> str:
    """``value`` (text, a whole number or None) as an SQL literal, quotes doubled."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(int(value))
    return "'" + str(value).replace("'", "''") + "'"


def filter_where(
    filters: Filters | None, columns: set[str] | None = None, *, inline: bool = False
) -> tuple[str, list[Any]]:
    """A WHERE clause (without the keyword) and its parameters for ``filters``.

    With ``filters.scope == "cases"`` the clause keeps whole cases that have
    at least one event matching the event-level conditions. ``columns`` is the
    set of available columns, used to refuse a cohort attribute that is not there.
    With ``inline`` the values are written into the clause as literals
    (:func:`sql_literal`) and no parameters are returned: a view can hold that.
    """
    if filters is None or filters.is_empty():
        return "TRUE", []
    conds: list[str] = []
    params: list[Any] = []
    case_params: list[Any] = []

    def value(v: Any, into: list[Any]) -> str:
        if inline:
            return sql_literal(v)
        into.append(v)
        return "?"

    if filters.date_from is not None:
        start = value(filters.date_from.isoformat(), params)
        conds.append(f"timestamp >= timezone('{LOCAL_TZ}', CAST({start} AS TIMESTAMP))")
    if filters.date_to is not None:
        stop = value(filters.date_to.isoformat(), params)
        conds.append(
            f"timestamp < timezone('{LOCAL_TZ}', CAST({stop} AS TIMESTAMP) + INTERVAL 1 DAY)"
        )
    if filters.orgs:
        conds.append("org IN (" + ", ".join(value(o, params) for o in filters.orgs) + ")")
    if filters.episode is not None:
        conds.append(f"episode = {value(filters.episode, params)}")
    event_clause = " AND ".join(conds) if conds else "TRUE"
    case_conds: list[str] = []
    for name, wanted in filters.cohort:
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
            f"case_id IN (SELECT case_id FROM __all_events "
            f"WHERE CAST({quote_ident(name)} AS VARCHAR) = {value(wanted, case_params)})"
        )
    cohort_clause = " AND ".join(case_conds) if case_conds else "TRUE"
    if filters.scope == "cases" and conds:
        clause = f"case_id IN (SELECT case_id FROM __all_events WHERE {event_clause}) AND {cohort_clause}"
        return clause, params + case_params
    return f"({event_clause}) AND {cohort_clause}", params + case_params


_CANON = frozenset(CANONICAL_COLUMNS)
