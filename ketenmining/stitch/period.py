"""When the data ends and which period a log covers: the audit scope of a chain log.

The chain config's ``period`` is the scope of an audit: events before or after
it are left out (``--from``/``--to`` can narrow it further) and the report
states how many. The data end is given (``--data-end``), recorded in the chain
log's metadata, or the last event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ketenmining.errors import KetenError


def parse_data_end(text: str | None, tz: str) -> dt.datetime | None:
    """``YYYY-MM-DD`` → the end of that day in ``tz`` (as a UTC instant)."""
    if not text:
        return None
    from zoneinfo import ZoneInfo

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise KetenError(f"'{text}' is not a date", hint="use --data-end YYYY-MM-DD") from None
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), ZoneInfo(tz)).astimezone(
        dt.UTC
    )


def apply_period(
    con: Any, data: Any, filters: Any, meta: dict[str, Any], *, view: bool = False
) -> dict[str, Any]:
    """Keep only the events of the configured period in ``events`` and count the rest.

    ``data`` is what the events were registered from (a Parquet path or an
    Arrow table); returns the period record (``from``, ``to``, ``left_out``),
    empty when the log has no configured period. ``view``: keep ``events`` a view
    (see :func:`ketenmining.engine.register_events`).
    """
    from ketenmining.engine import register_events
    from ketenmining.logspec import Filters

    conf = meta.get("period") or {}
    p_from = dt.date.fromisoformat(conf["from"]) if conf.get("from") else None
    p_to = dt.date.fromisoformat(conf["to"]) if conf.get("to") else None
    if p_from is None and p_to is None:
        return {}
    base = filters or Filters()
    narrowed = dataclasses.replace(
        base,
        date_from=max(d for d in (p_from, base.date_from) if d)
        if p_from or base.date_from
        else None,
        date_to=min(d for d in (p_to, base.date_to) if d) if p_to or base.date_to else None,
    )
    register_events(con, data, narrowed, view=view)
    _drop_shadowed_view(con)
    tz = meta.get("timezone") or "Europe/Amsterdam"
    start = _midnight(p_from, tz)
    stop = _midnight(p_to + dt.timedelta(days=1), tz) if p_to else None
    # both counts in one scan of the log
    before, after = con.execute(
        "SELECT count(*) FILTER (WHERE timestamp < $1), count(*) FILTER (WHERE timestamp >= $2) "
        "FROM __all_events",
        [start, stop],
    ).fetchall()[0]
    return {
        "from": p_from.isoformat() if p_from else None,
        "to": p_to.isoformat() if p_to else None,
        "left_out": {"before": int(before or 0), "after": int(after or 0)},
    }


def _drop_shadowed_view(con: Any) -> None:
    """Drop an ``events`` view that the new ``events`` temp table shadows.

    Registering filtered events a second time can make ``events`` a temp table
    while the first registration's view of that name stays behind it; queries
    read the table, but renaming ``events`` (as discover does) would find two.
    """
    tables = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'events' AND temporary"
    ).fetchall()[0][0]
    if not tables:
        return
    views = con.execute(
        "SELECT database_name, schema_name FROM duckdb_views() "
        "WHERE view_name = 'events' AND NOT temporary AND NOT internal"
    ).fetchall()
    for database, schema in views:
        con.execute(f'DROP VIEW "{database}"."{schema}".events')


def _midnight(day: dt.date | None, tz: str) -> dt.datetime | None:
    if day is None:
        return None
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(day, dt.time(0), ZoneInfo(tz)).astimezone(dt.UTC)
