"""XLSX reader: the sheet's XML streamed with lxml, only the requested columns decoded.

Cells keep their native types: numbers in a date or time format become
date-times, other numbers int64 (when all whole) or float64, booleans stay
booleans, text stays text (empty → null). A column that mixes types (say
dates and text) comes back as text. Formula cells give their cached value.
Rows empty in every requested column are skipped; ``__row`` is the row's
distance from the header row (Excel row = header row + ``__row``), so a
reported row can be found in the workbook. The header is the first non-empty
row after ``skip_rows``.

openpyxl builds a Python object per cell; reading the XML directly, cells
outside the requested columns cost almost nothing (see benchmarks/).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ketenmining.config.model import ReadOptions
from ketenmining.errors import KetenError
from ketenmining.ingest.readers.common import ROW, require_columns, where
from ketenmining.ingest.readers.xes import PARSER_OPTIONS
from ketenmining.ingest.readers.xlsxparts import Workbook, broken, open_part, open_workbook
from ketenmining.progress import SILENT, Progress

_UNIX_EPOCH_SERIAL = {False: 25569.0, True: 24107.0}  # 1970-01-01 in the 1900 / 1904 date systems
_LETTERS = {chr(ord("A") + i): i + 1 for i in range(26)}
_TICK = 10000


class ExcelDate(float):
    """A serial day number from a cell formatted as a date or time."""


def column_index(ref: str, _cache: dict[str, int] = {}) -> int:  # noqa: B006 - a deliberate cache
    """0-based column of a cell reference such as ``AB12``."""
    letters = ref.rstrip("0123456789")
    n = _cache.get(letters)
    if n is None:
        n = 0
        for ch in letters:
            n = n * 26 + _LETTERS.get(ch, 0)
        _cache[letters] = n = n - 1
    return n


def _inline(c: Any) -> str:
    """The text of an inline string cell: ``<is><t>..</t></is>`` or rich-text runs."""
    first = c[0]
    if len(first) == 1 and (first[0].tag == "t" or first[0].tag.endswith("}t")):
        return first[0].text or ""
    return "".join(c.itertext())


def _cell(c: Any, wb: Workbook) -> Any:
    kind = c.get("t")
    if kind == "inlineStr":
        return _inline(c) if len(c) else None
    if not len(c):
        return None
    text = c[-1].text  # <v> is the last child (after a formula <f>)
    if text is None:
        return None
    if kind is None or kind == "n":
        number = float(text)
        style = c.get("s")
        return ExcelDate(number) if style is not None and int(style) in wb.date_styles else number
    if kind == "s":
        return wb.strings[int(text)]
    if kind == "b":
        return text == "1"
    if kind == "e":
        return None
    return text  # str (formula text), d (ISO date text)


def _rows(
    path: Path, wb: Workbook, wanted: dict[str, set[int] | None]
) -> Iterator[tuple[int, dict[int, Any]]]:
    """(Excel row number, {column: value}) for every row; only columns in ``wanted['cols']``."""
    from lxml import etree

    previous = 0
    with open_part(path, wb.archive, wb.sheet_part) as fh:
        for _, row in etree.iterparse(fh, events=("end",), tag="{*}row", **PARSER_OPTIONS):
            r = row.get("r")
            previous = int(r) if r else previous + 1
            cols = wanted["cols"]
            cells: dict[int, Any] = {}
            pos = -1
            for c in row:
                ref = c.get("r")
                pos = column_index(ref) if ref else pos + 1
                if cols is not None and pos not in cols:
                    continue
                value = _cell(c, wb)
                if value is not None and value != "":
                    cells[pos] = value
            yield previous, cells
            row.clear()
            parent = row.getparent()
            while row.getprevious() is not None:
                del parent[0]


def _header(
    path: Path, rows: Iterator[tuple[int, dict[int, Any]]], skip: int
) -> tuple[int, list[str]]:
    for r, cells in rows:
        if r > skip and cells:
            names = [""] * (max(cells) + 1)
            for i, v in cells.items():
                names[i] = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
            return r, names
    raise KetenError(
        "the sheet is empty (no header row)",
        hint="choose the sheet holding the events with sheet: in the source options",
        where=where(path),
    )


def _guarded(path: Path, options: ReadOptions, work: Any) -> Any:
    wb = open_workbook(path, options.sheet)
    try:
        return work(wb)
    except KetenError:
        raise
    except Exception as exc:  # XML syntax errors, bad members, bad numbers: a broken workbook
        raise broken(path, exc) from None
    finally:
        wb.archive.close()


def columns(path: Path, options: ReadOptions) -> list[str]:
    """The header row of the chosen sheet."""

    def work(wb: Workbook) -> list[str]:
        return _header(path, _rows(path, wb, {"cols": None}), options.skip_rows)[1]

    return _guarded(path, options, work)


def _text(v: Any, epoch_1904: bool) -> str | None:
    if v is None:
        return None
    if isinstance(v, ExcelDate):
        return _to_datetime(float(v), epoch_1904).isoformat(sep=" ")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _to_datetime(serial: float, epoch_1904: bool) -> dt.datetime:
    ms = round((serial - _UNIX_EPOCH_SERIAL[epoch_1904]) * 86_400_000)
    return dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=ms)


def _array(values: list[Any], epoch_1904: bool) -> Any:
    import numpy as np
    import pyarrow as pa

    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return pa.nulls(len(values), pa.string())
    mask = np.array([v is None for v in values])
    if kinds == {ExcelDate}:
        serial = np.array([0.0 if v is None else float(v) for v in values])
        ms = np.rint((serial - _UNIX_EPOCH_SERIAL[epoch_1904]) * 86_400_000).astype(np.int64)
        return pa.array(ms * 1000, type=pa.timestamp("us"), mask=mask)
    if kinds == {float}:
        numbers = np.array([0.0 if v is None else v for v in values])
        if np.all(numbers == np.floor(numbers)) and np.all(np.abs(numbers) < 2**53):
            return pa.array(numbers.astype(np.int64), type=pa.int64(), mask=mask)
        return pa.array(numbers, type=pa.float64(), mask=mask)
    if kinds == {bool}:
        return pa.array(values, type=pa.bool_())
    if kinds == {str}:
        return pa.array(values, type=pa.string())
    return pa.array([_text(v, epoch_1904) for v in values], type=pa.string())


def sample(path: Path, options: ReadOptions, column: str, n: int) -> list[Any]:
    """Up to ``n`` non-empty values of ``column`` from the top of the sheet."""

    def work(wb: Workbook) -> list[Any]:
        wanted: dict[str, set[int] | None] = {"cols": None}
        rows = _rows(path, wb, wanted)
        _, names = _header(path, rows, options.skip_rows)
        require_columns(path, [column], names)
        idx = names.index(column)
        wanted["cols"] = {idx}
        out: list[Any] = []
        for _, cells in rows:
            if idx in cells:
                v = cells[idx]
                out.append(_to_datetime(float(v), wb.epoch_1904) if isinstance(v, ExcelDate) else v)
                if len(out) >= n:
                    break
        return out

    return _guarded(path, options, work)


def read(
    path: Path, options: ReadOptions, wanted: Sequence[str] | None, progress: Progress = SILENT
) -> Any:
    """Read the ``wanted`` columns of an XLSX sheet, native types kept, plus ``__row``."""
    import pyarrow as pa

    def work(wb: Workbook) -> Any:
        state: dict[str, set[int] | None] = {"cols": None}
        rows = _rows(path, wb, state)
        header_row, names = _header(path, rows, options.skip_rows)
        cols = [c for c in dict.fromkeys(names) if c] if wanted is None else list(wanted)
        require_columns(path, cols, names)
        idx = [names.index(c) for c in cols]
        state["cols"] = set(idx)
        data: list[list[Any]] = [[] for _ in cols]
        numbers: list[int] = []
        step = progress.step(f"reading {path.name}")
        for r, cells in rows:
            if not cells:
                continue
            numbers.append(r - header_row)
            for lst, i in zip(data, idx, strict=True):
                lst.append(cells.get(i))
            if not len(numbers) % _TICK:
                step.advance(_TICK)
        step.done()
        arrays = [_array(v, wb.epoch_1904) for v in data]
        return pa.table([*arrays, pa.array(numbers, type=pa.int64())], names=[*cols, ROW])

    return _guarded(path, options, work)
