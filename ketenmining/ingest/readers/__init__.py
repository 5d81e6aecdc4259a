"""Readers: a source file → an Arrow table of the requested columns plus ``__row``.

One module per format; :func:`read_table` dispatches on the format name.
Only the requested columns are returned (the allow-list: nothing else leaves
the reader), in the order asked, followed by ``__row`` (int64, the 1-based
data record number in file order, header excluded; for XES the event number).

Values: CSV and JSON lines give text (no type guessing, empty → null); XLSX and
Parquet keep their native types; XES gives every event attribute under its key
and every trace attribute under ``case:<key>`` as text (dates as ISO text).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ketenmining.config.model import FORMATS, ReadOptions
from ketenmining.errors import KetenError, Location
from ketenmining.fsutil import require_file
from ketenmining.ingest.readers.common import ROW, check_not_empty
from ketenmining.progress import SILENT, Progress

__all__ = ["ROW", "SPLITTABLE", "peek_columns", "read_table", "sample_column"]

#: Formats whose files can be read in parts by several processes.
SPLITTABLE = frozenset({"xes"})

#: format → module in this package (each has ``read``, ``columns`` and ``sample``).
_MODULES = {
    "csv": "delimited",
    "xlsx": "excel",
    "parquet": "parquetfile",
    "jsonl": "jsonlines",
    "xes": "xes",
}


def _module(path: Path, fmt: str) -> Any:
    name = _MODULES.get(fmt)
    if name is None:
        raise KetenError(
            f"unknown source format '{fmt}'",
            hint=f"use one of: {', '.join(FORMATS)}",
            where=Location(str(path)),
        )
    return importlib.import_module(f"ketenmining.ingest.readers.{name}")


def _checked(path: Path) -> Path:
    path = require_file(path, "source file")
    check_not_empty(path)
    return path


def read_table(
    path: Path,
    fmt: str,
    options: ReadOptions,
    columns: Sequence[str] | None,
    progress: Progress = SILENT,
    part: tuple[int, int] | None = None,
) -> Any:
    """Read ``columns`` (all when None) of a source file as a pyarrow Table plus ``__row``.

    ``part=(i, n)`` reads the i-th of n parts of a format that can be split
    (see :data:`SPLITTABLE`); row numbers then restart at 1 within the part.
    Raises :class:`KetenError` (one line, with a hint) for a missing, empty or
    unreadable file and for requested columns that are not there.
    """
    module = _module(Path(path), fmt)
    path = _checked(Path(path))
    wanted = None if columns is None else list(dict.fromkeys(columns))
    if part is not None and fmt in SPLITTABLE:
        return module.read(path, options, wanted, progress, part=part)
    return module.read(path, options, wanted, progress)


def peek_columns(path: Path, fmt: str, options: ReadOptions) -> list[str]:
    """The column names of a source file, cheaply (header, schema or the first records)."""
    module = _module(Path(path), fmt)
    return module.columns(_checked(Path(path)), options)


def sample_column(
    path: Path, fmt: str, options: ReadOptions, column: str, n: int = 2000
) -> list[Any]:
    """Up to ``n`` non-null values of one column from the start of the file."""
    module = _module(Path(path), fmt)
    return module.sample(_checked(Path(path)), options, column, n)
