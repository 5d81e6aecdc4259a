"""Parquet reader: only the requested columns are read from disk, native types kept."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ketenmining.config.model import ReadOptions
from ketenmining.errors import KetenError
from ketenmining.ingest.readers.common import ROW, require_columns, row_numbers, where
from ketenmining.progress import SILENT, Progress


def _unreadable(path: Path, exc: Exception) -> KetenError:
    return KetenError(
        f"not a readable Parquet file ({type(exc).__name__})",
        hint="write the export again as Parquet, or export CSV instead",
        where=where(path),
    )


def columns(path: Path, options: ReadOptions) -> list[str]:
    """The column names in the file's schema."""
    import pyarrow.parquet as pq

    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:
        raise _unreadable(path, exc) from None


def sample(path: Path, options: ReadOptions, column: str, n: int) -> list[Any]:
    """Up to ``n`` non-null values of ``column`` from the first rows."""
    import pyarrow.parquet as pq

    require_columns(path, [column], columns(path, options))
    try:
        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=max(n, 1), columns=[column]):
            return [v for v in batch.column(0).to_pylist() if v not in (None, "")][:n]
    except Exception as exc:
        raise _unreadable(path, exc) from None
    return []


def read(
    path: Path, options: ReadOptions, wanted: Sequence[str] | None, progress: Progress = SILENT
) -> Any:
    """Read the ``wanted`` columns of a Parquet file, plus ``__row``."""
    import pyarrow.parquet as pq

    names = columns(path, options)
    cols = list(dict.fromkeys(names)) if wanted is None else list(wanted)
    require_columns(path, cols, names)
    step = progress.step(f"reading {path.name}")
    try:
        table = pq.read_table(path, columns=cols)
    except Exception as exc:
        raise _unreadable(path, exc) from None
    step.done()
    return table.append_column(ROW, row_numbers(table.num_rows))
