"""Ingest: read one source export and map it onto the canonical chain-log columns.

``readers`` turn a file (CSV, XLSX, Parquet, JSON lines, XES) into an Arrow
table of the mapped columns only (the allow-list) plus ``__row``;
:mod:`~ketenmining.ingest.mapping` turns that into canonical rows (client id,
organisation, activity, UTC timestamp, lifecycle, source row, attributes);
:mod:`~ketenmining.ingest.quick` builds a source mapping for one file from
command-line options (quick mode). Heavy libraries are imported inside the
functions that need them.
"""

from __future__ import annotations

from ketenmining.ingest.mapping import MappedSource, RowSample, map_source, read_mapped
from ketenmining.ingest.quick import open_quick, quick_source
from ketenmining.ingest.readers import peek_columns, read_table

__all__ = [
    "MappedSource",
    "RowSample",
    "map_source",
    "open_quick",
    "peek_columns",
    "quick_source",
    "read_mapped",
    "read_table",
]
