"""XLSX reader on openpyxl (read-only, streaming rows).

Cells keep their native types: dates and date-times, numbers, booleans and
text. A column that mixes types (say dates and text) comes back as text.
Rows that are empty in every requested column are skipped; ``__row`` stays
the data record number (Excel row = ``__row`` + header row), so a reported
row can be found in the workbook.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ketenmining.config.model import ReadOptions
from ketenmining.errors import KetenError
from ketenmining.ingest.readers.common import ROW, listed, require_columns, where
from ketenmining.progress import SILENT, Progress


def _workbook(path: Path) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, KeyError, XML errors: all mean "not a usable workbook"
        raise KetenError(
            f"not a readable XLSX workbook ({type(exc).__name__})",
            hint="open it in Excel and save it again as .xlsx, or export the sheet as CSV",
            where=where(path),
        ) from None


def _sheet(path: Path, wb: Any, sheet: str | int | None) -> Any:
    names = list(wb.sheetnames)
    if sheet is None:
        return wb[names[0]]
    if isinstance(sheet, int):
        if 0 <= sheet < len(names):
            return wb[names[sheet]]
    elif sheet in names:
        return wb[sheet]
    raise KetenError(
        f"sheet {sheet!r} not found; sheets: {listed(names)}",
        hint="set sheet: to a sheet name or a 0-based number in the source options",
        where=where(path),
    )


def _rows(path: Path, options: ReadOptions) -> tuple[Any, list[str], Any]:
    wb = _workbook(path)
    ws = _sheet(path, wb, options.sheet)
    rows = ws.iter_rows(min_row=options.skip_rows + 1, values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        wb.close()
        raise KetenError(
            "the sheet is empty (no header row)",
            hint="choose the sheet holding the events with sheet: in the source options",
            where=where(path),
        ) from None
    except Exception as exc:
        wb.close()
        raise KetenError(
            f"not a readable XLSX workbook ({type(exc).__name__})",
            hint="open it in Excel and save it again as .xlsx, or export the sheet as CSV",
            where=where(path),
        ) from None
    names = ["" if v is None else str(v) for v in header]
    while names and names[-1] == "":
        names.pop()
    return wb, names, rows


def columns(path: Path, options: ReadOptions) -> list[str]:
    """The header row of the chosen sheet."""
    wb, names, _ = _rows(path, options)
    wb.close()
    return names


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
    return str(v)


def _array(values: list[Any]) -> Any:
    import pyarrow as pa

    try:
        arr = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
        return pa.array([_text(v) for v in values], type=pa.string())
    if pa.types.is_null(arr.type):
        return arr.cast(pa.string())
    if pa.types.is_string(arr.type):
        return pa.array([None if v == "" else v for v in values], type=pa.string())
    return arr


def sample(path: Path, options: ReadOptions, column: str, n: int) -> list[Any]:
    """Up to ``n`` non-empty values of ``column`` from the top of the sheet."""
    wb, names, rows = _rows(path, options)
    try:
        require_columns(path, [column], names)
        idx = names.index(column)
        out = []
        for row in rows:
            if idx < len(row) and row[idx] not in (None, ""):
                out.append(row[idx])
                if len(out) >= n:
                    break
        return out
    finally:
        wb.close()


def read(
    path: Path, options: ReadOptions, wanted: Sequence[str] | None, progress: Progress = SILENT
) -> Any:
    """Read the ``wanted`` columns of an XLSX sheet, native types kept, plus ``__row``."""
    import pyarrow as pa

    wb, names, rows = _rows(path, options)
    try:
        cols = [n for n in dict.fromkeys(names) if n] if wanted is None else list(wanted)
        require_columns(path, cols, names)
        idx = [names.index(c) for c in cols]
        data: list[list[Any]] = [[] for _ in cols]
        numbers: list[int] = []
        step = progress.step(f"reading {path.name}")
        for number, row in enumerate(rows, start=1):
            cells = [row[i] if i < len(row) else None for i in idx]
            if all(c is None or c == "" for c in cells):
                continue
            numbers.append(number)
            for lst, cell in zip(data, cells, strict=True):
                lst.append(cell)
            if number % 10000 == 0:
                step.advance(10000)
        step.done()
    except KetenError:
        raise
    except Exception as exc:
        raise KetenError(
            f"not a readable XLSX workbook ({type(exc).__name__})",
            hint="open it in Excel and save it again as .xlsx, or export the sheet as CSV",
            where=where(path),
        ) from None
    finally:
        wb.close()
    arrays = [_array(v) for v in data] + [pa.array(numbers, type=pa.int64())]
    return pa.table(arrays, names=[*cols, ROW])
