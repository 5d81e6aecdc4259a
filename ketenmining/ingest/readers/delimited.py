"""CSV (and other delimited text) reader on pyarrow's multi-threaded CSV parser.

Every requested column comes back as text, empty cells as null: no type
guessing (the mapping parses timestamps and numbers with the source's own
formats). The delimiter is sniffed from the first lines unless given; the
encoding is a Python codec name (utf-8, utf-8-sig, cp1252, latin-1, ...).
Error messages never quote cell values, only row numbers and column names.
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketenmining.config.model import ReadOptions
from ketenmining.errors import KetenError
from ketenmining.ingest.readers.common import (
    ROW,
    delimiter_hint,
    require_columns,
    row_numbers,
    safe_name,
    where,
)
from ketenmining.progress import SILENT, Progress

_HEAD_BYTES = 1 << 20
_SNIFF_RECORDS = 50
_CANDIDATES = (";", ",", "\t", "|")
_SHOW_ROWS = 5


@dataclass(frozen=True)
class Dialect:
    """How a delimited file is laid out: codec, delimiter, header and a sample of its text."""

    codec: str  # Python codec name
    arrow_encoding: str
    delimiter: str
    names: list[str]
    head: str  # decoded text from the header on (complete lines of the first MiB)


def guess_encoding(path: Path) -> str:
    """``utf-8-sig`` with a BOM, ``utf-8`` when the first MiB decodes as UTF-8, else ``cp1252``."""
    with open(path, "rb") as fh:
        raw = fh.read(_HEAD_BYTES)
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if len(raw) == _HEAD_BYTES and b"\n" in raw:
        raw = raw[: raw.rindex(b"\n")]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _codec(path: Path, name: str) -> tuple[str, str]:
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise KetenError(
            f"unknown encoding '{name}'",
            hint="use utf-8, utf-8-sig, cp1252 or latin-1",
            where=where(path),
        ) from None
    return codec, ("utf8" if codec in ("utf-8", "utf-8-sig") else codec)


def _encoding_error(path: Path, codec: str, line: int | None = None) -> KetenError:
    other = "cp1252 (Windows/Excel) or latin-1" if codec.startswith("utf") else "utf-8"
    return KetenError(
        f"the file is not valid {codec} text",
        hint=f"set encoding: {other} in the source options",
        where=where(path, line=line),
    )


def _head_text(path: Path, codec: str, skip_rows: int) -> str:
    with open(path, "rb") as fh:
        raw = fh.read(_HEAD_BYTES)
    if len(raw) == _HEAD_BYTES and b"\n" in raw:
        raw = raw[: raw.rindex(b"\n") + 1]
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _encoding_error(path, codec, line) from None
    text = text.lstrip("\ufeff")
    for _ in range(skip_rows):
        _, _, text = text.partition("\n")
    return text


def _records(text: str, delimiter: str, quote: str, limit: int) -> list[list[str]]:
    reader = csv.reader(
        io.StringIO(text), delimiter=delimiter, quotechar=quote or None, strict=False
    )
    out: list[list[str]] = []
    try:
        for rec in reader:
            if rec:
                out.append(rec)
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def sniff_delimiter(text: str, quote: str = '"') -> str:
    """The delimiter that splits the first records into the same, largest number of fields."""
    best, best_key = ",", (False, 1)
    for d in _CANDIDATES:
        recs = _records(text, d, quote, _SNIFF_RECORDS)
        if not recs:
            continue
        counts = [len(r) for r in recs]
        key = (len(set(counts)) == 1 and counts[0] > 1, counts[0])
        if key > best_key:
            best, best_key = d, key
    return best


def dialect(path: Path, options: ReadOptions) -> Dialect:
    """Work out codec, delimiter and header of a delimited file."""
    codec, arrow_enc = _codec(path, options.encoding)
    text = _head_text(path, codec, options.skip_rows)
    if not text.strip():
        raise KetenError(
            "the file has no header row",
            hint="export the source again with a header row of column names",
            where=where(path),
        )
    delim = options.delimiter or sniff_delimiter(text, options.quote)
    header = _records(text, delim, options.quote, 1)
    names = header[0] if header else []
    return Dialect(codec, arrow_enc, delim, names, text)


def columns(path: Path, options: ReadOptions) -> list[str]:
    """The header of a delimited file."""
    return dialect(path, options).names


def sample(path: Path, options: ReadOptions, column: str, n: int) -> list[Any]:
    """Up to ``n`` non-empty values of ``column`` from the first MiB of the file."""
    d = dialect(path, options)
    require_columns(path, [column], d.names)
    idx = d.names.index(column)
    recs = _records(d.head, d.delimiter, options.quote, n + 1)[1:]
    return [r[idx] for r in recs if idx < len(r) and r[idx] != ""][:n]


def _has_byte(path: Path, char: str) -> bool:
    if not char:
        return False
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as m:
        return m.find(char.encode("latin-1", "replace")) != -1


def _arrow_read(
    path: Path, d: Dialect, options: ReadOptions, wanted: list[str], threads: bool
) -> tuple[Any, list]:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    invalid: list[tuple[int | None, int, int]] = []

    def on_invalid(row: Any) -> str:
        invalid.append((row.number, row.expected_columns, row.actual_columns))
        return "skip"

    table = pcsv.read_csv(
        path,
        read_options=pcsv.ReadOptions(
            encoding=d.arrow_encoding,
            skip_rows=options.skip_rows,
            use_threads=threads,
            block_size=8 << 20,
        ),
        parse_options=pcsv.ParseOptions(
            delimiter=d.delimiter,
            quote_char=options.quote or False,
            newlines_in_values=_has_byte(path, options.quote),
            invalid_row_handler=on_invalid,
        ),
        convert_options=pcsv.ConvertOptions(
            include_columns=wanted,
            column_types={c: pa.string() for c in wanted},
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            null_values=[""],
        ),
    )
    return table, invalid


def read(
    path: Path, options: ReadOptions, wanted: Sequence[str] | None, progress: Progress = SILENT
) -> Any:
    """Read the ``wanted`` columns of a delimited file as text, plus ``__row``."""
    import pyarrow as pa

    d = dialect(path, options)
    cols = list(dict.fromkeys(d.names)) if wanted is None else list(wanted)
    require_columns(path, cols, d.names)
    doubled = [c for c in cols if d.names.count(c) > 1]
    if doubled:
        raise KetenError(
            f"column {safe_name(doubled[0])!r} appears more than once in the header",
            hint="rename one of them in the export",
            where=where(path, line=options.skip_rows + 1),
        )
    step = progress.step(f"reading {path.name}")
    try:
        table, invalid = _arrow_read(path, d, options, cols, threads=True)
        if invalid and any(num is None for num, _, _ in invalid):
            table, invalid = _arrow_read(path, d, options, cols, threads=False)
    except UnicodeDecodeError:
        raise _encoding_error(path, d.codec) from None
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        raise _arrow_error(path, d, exc) from None
    if invalid:
        raise _field_count_error(path, d, invalid)
    step.done()
    table = table.select(cols)
    return table.append_column(ROW, row_numbers(table.num_rows))


def _arrow_error(path: Path, d: Dialect, exc: Exception) -> KetenError:
    text = str(exc)
    if "UTF8" in text or "UTF-8" in text or "decode" in text.lower():
        return _encoding_error(path, d.codec)
    # pyarrow messages may quote row text: keep only the leading clause
    clause = text.split(":", 1)[0].strip() or type(exc).__name__
    return KetenError(
        f"could not read the file as CSV ({clause})",
        hint=delimiter_hint(d.names) or "check the delimiter, quote character and encoding",
        where=where(path),
    )


def _field_count_error(
    path: Path, d: Dialect, invalid: list[tuple[int | None, int, int]]
) -> KetenError:
    lines = ", ".join(str(num) for num, _, _ in invalid[:_SHOW_ROWS] if num is not None)
    _, expected, actual = invalid[0]
    delim = "\\t" if d.delimiter == "\t" else d.delimiter
    return KetenError(
        f"{len(invalid)} row(s) have the wrong number of fields "
        f"(expected {expected}, found {actual}; line(s) {lines or 'unknown'})",
        hint=f"the delimiter is '{delim}': check it (--delimiter / delimiter:) and that values "
        "holding it are quoted",
        where=where(path, line=invalid[0][0]),
    )
