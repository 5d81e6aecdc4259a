"""The embedded engine: a DuckDB connection and the event-level SQL.

Event-level work (joins, sorts, window functions, DFG and variant counts,
seam metrics) runs here, in DuckDB, in-process and out-of-core. pm4py only
ever sees what DuckDB aggregated. All SQL text lives in
:mod:`ketenmining.engine.sql`, written in plain SQL that a cluster engine
(Spark SQL) could also run.
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
    return con
