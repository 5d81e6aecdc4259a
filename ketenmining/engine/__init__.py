"""The embedded engine: a DuckDB connection and the event-level SQL.

Event-level work (joins, sorts, window functions, DFG and variant counts,
seam metrics) runs here, in DuckDB, in-process and out-of-core. pm4py only
ever sees what DuckDB aggregated. Each stage keeps its SQL text beside its
code (``<stage>/sql.py``); :mod:`ketenmining.engine.sql` holds the few helpers
several stages share. The SQL is plain, so a cluster engine (Spark SQL) could
also run it.
"""

from __future__ import annotations

import os
from typing import Any

#: Name of the view every analysis reads: the (filtered) canonical chain log.
EVENTS = "events"


def connect(threads: int | None = None, memory_limit: str | None = None) -> Any:
    """A fresh in-memory DuckDB connection set up for ketenmining (UTC session time zone)."""
    import duckdb

    config: dict[str, Any] = {}
    t = threads or int(os.environ.get("KETENMINING_THREADS", "0") or 0)
    if t:
        config["threads"] = t
    limit = memory_limit or os.environ.get("KETENMINING_MEMORY_LIMIT")
    if limit:
        config["memory_limit"] = limit
    con = duckdb.connect(":memory:", config=config)
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")  # ketenmining draws its own progress
    return con


def scalar(con: Any, query: str, params: list[Any] | None = None) -> Any:
    """The single value of a one-row, one-column query.

    The result is fetched to the end: DuckDB 2 keeps a connection busy while a
    result from ``execute()`` is unfinished (a ``fetchone()`` on a one-row result
    leaves it so), and the next query on the connection fails.
    """
    rows = con.execute(query, params or []).fetchall()
    return rows[0][0] if rows else None


def register_events(con: Any, data: Any, filters: Any = None) -> None:
    """Make ``data`` (an Arrow table, a DuckDB relation or a Parquet path) the ``events`` view.

    The unfiltered data is kept as ``__all_events``; ``events`` applies ``filters``
    (a :class:`~ketenmining.logspec.Filters`).
    """
    from ketenmining.engine.sql import filter_where

    if isinstance(data, (str, os.PathLike)):
        path = str(data).replace("'", "''")
        con.execute(f"CREATE OR REPLACE VIEW __all_events AS SELECT * FROM read_parquet('{path}')")
    else:
        con.register("__all_events_src", data)
        con.execute("CREATE OR REPLACE VIEW __all_events AS SELECT * FROM __all_events_src")
    columns = {row[0] for row in con.execute("DESCRIBE __all_events").fetchall()}
    where, params = filter_where(filters, columns)
    if params:
        # views cannot hold parameters: materialise the filtered events once
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {EVENTS} AS SELECT * FROM __all_events WHERE {where}",
            params,
        )
    else:
        con.execute(f"CREATE OR REPLACE VIEW {EVENTS} AS SELECT * FROM __all_events WHERE {where}")
