"""A DuckDB cursor for ingest's parsing queries, on one in-memory database per process.

Opening a DuckDB connection costs tens of milliseconds; a cursor on an open
one costs next to nothing. Ingest runs many small queries (one per timestamp
column, per candidate format in quick mode), so it shares one database and
takes a fresh cursor (its own session, UTC) for each piece of work.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_database: Any = None


def cursor() -> Any:
    """A new DuckDB cursor with the session time zone set to UTC; close it when done."""
    global _database
    with _lock:
        if _database is None:
            from ketenmining.engine import connect

            _database = connect()
        cur = _database.cursor()
    cur.execute("SET TimeZone = 'UTC'")
    return cur
