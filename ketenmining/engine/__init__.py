"""The embedded engine: a DuckDB connection and the event-level SQL.

Event-level work (joins, sorts, window functions, DFG and variant counts,
seam metrics) runs here, in DuckDB, in-process and out-of-core. pm4py only
ever sees what DuckDB aggregated. Each stage keeps its SQL text beside its
code (``<stage>/sql.py``); :mod:`ketenmining.engine.sql` holds the few helpers
several stages share. The SQL is plain, so a cluster engine (Spark SQL) could
also run it.
"""

from __future__ import annotations

import itertools
import os
from typing import Any

#: Name of the view every analysis reads: the (filtered) canonical chain log.
EVENTS = "events"


#: Share of the machine's physical memory DuckDB may use (KETENMINING_MEMORY_LIMIT overrides).
MEMORY_SHARE = 0.125


def default_memory_limit() -> str:
    """DuckDB's memory limit: ``KETENMINING_MEMORY_LIMIT`` (e.g. ``4GB``), else a share of RAM.

    DuckDB's own default is 80 % of physical memory, which leaves too little
    for the Python side of a large run (the Arrow tables an audit keeps, the
    worker processes); an eighth (at least 1 GB; 3 GB on a 24 GB machine)
    keeps a 10M-event chain under 8 GB and spills the rest to disk.
    """
    limit = os.environ.get("KETENMINING_MEMORY_LIMIT", "").strip()
    if limit:
        return limit
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not POSIX: DuckDB's own default
        return ""
    return f"{max(1024, int(total * MEMORY_SHARE) // 2**20)}MB"


_CONNECTIONS = itertools.count()


def spill_base() -> str:
    """The folder large intermediate data go to: ``KETENMINING_TEMP_DIR``, else the system temp.

    DuckDB spills there (:func:`temp_directory`), and stitch writes its
    per-source Parquet parts and the chain log there before it is moved into place.
    """
    import tempfile

    return os.environ.get("KETENMINING_TEMP_DIR", "").strip() or tempfile.gettempdir()


def temp_directory() -> str:
    """Where DuckDB spills: a new folder in :func:`spill_base`.

    One folder per connection, which DuckDB creates when it first spills and
    removes when the connection closes. (DuckDB's default, ``.tmp`` in the
    working directory, would write next to the user's files.)
    """
    return os.path.join(spill_base(), f"ketenmining-{os.getpid()}-{next(_CONNECTIONS)}.tmp")


def connect(threads: int | None = None, memory_limit: str | None = None) -> Any:
    """A fresh in-memory DuckDB connection set up for ketenmining (UTC session time zone).

    Threads: ``KETENMINING_THREADS`` (default: every core); memory: :func:`default_memory_limit`,
    spilling to :func:`temp_directory` beyond it.
    """
    import duckdb

    config: dict[str, Any] = {"temp_directory": temp_directory()}
    t = threads or int(os.environ.get("KETENMINING_THREADS", "0") or 0)
    if t:
        config["threads"] = t
    limit = memory_limit or default_memory_limit()
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


def register_events(con: Any, data: Any, filters: Any = None, *, view: bool = False) -> None:
    """Make ``data`` (an Arrow table, a DuckDB relation or a Parquet path) the ``events`` view.

    The unfiltered data is kept as ``__all_events``; ``events`` applies ``filters``
    (a :class:`~ketenmining.logspec.Filters`). Filtered events are materialised once
    as a temp table, unless ``view``: then ``events`` stays a view with the filter's
    values written in, and each query reads only the columns it needs from the data.
    """
    from ketenmining.engine.sql import filter_where

    if isinstance(data, (str, os.PathLike)):
        path = str(data).replace("'", "''")
        con.execute(f"CREATE OR REPLACE VIEW __all_events AS SELECT * FROM read_parquet('{path}')")
    else:
        con.register("__all_events_src", data)
        con.execute("CREATE OR REPLACE VIEW __all_events AS SELECT * FROM __all_events_src")
    columns = {row[0] for row in con.execute("DESCRIBE __all_events").fetchall()}
    where, params = filter_where(filters, columns, inline=view)
    if params:
        # views cannot hold parameters: materialise the filtered events once
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {EVENTS} AS SELECT * FROM __all_events WHERE {where}",
            params,
        )
    else:
        # a temp table of an earlier registration would hide the view
        con.execute(f"DROP TABLE IF EXISTS temp.main.{EVENTS}")
        con.execute(f"CREATE OR REPLACE VIEW {EVENTS} AS SELECT * FROM __all_events WHERE {where}")
