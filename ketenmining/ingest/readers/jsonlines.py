"""JSON-lines reader on DuckDB's JSON scanner (one object per line; a JSON array also works).

Every requested key comes back as text: strings as they are, numbers and
booleans as written, nested values as JSON text, absent keys and empty
strings as null. JSON is UTF-8 by definition (RFC 8259).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ketenmining.config.model import ReadOptions
from ketenmining.errors import KetenError
from ketenmining.ingest.readers.common import ROW, require_columns, row_numbers, where
from ketenmining.progress import SILENT, Progress


def _check_encoding(path: Path, options: ReadOptions) -> None:
    if options.encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig"):
        raise KetenError(
            f"JSON lines must be UTF-8, not {options.encoding}",
            hint="remove encoding: from the source options, or convert the file to UTF-8",
            where=where(path),
        )


def _bad_json(path: Path) -> KetenError:
    """Find the first line that is not a JSON object (error path only)."""
    line_no = None
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                ok = isinstance(json.loads(line), dict)
            except ValueError:
                ok = False
            if not ok:
                line_no = n
                break
    return KetenError(
        "not valid JSON lines" + ("" if line_no else " (the file as a whole did not parse)"),
        hint='each line must hold one JSON object, e.g. {"bsn": "...", "soort": "..."}',
        where=where(path, line=line_no),
    )


def columns(path: Path, options: ReadOptions, full: bool = False) -> list[str]:
    """The keys of the objects in the first records (``full``: in all records)."""
    import duckdb

    from ketenmining.ingest.duck import cursor
    from ketenmining.ingest.sql import json_columns_sql

    _check_encoding(path, options)
    con = cursor()
    try:
        sql = json_columns_sql(sample_size=-1 if full else 1000)
        names = [r[0] for r in con.sql(sql, params=[str(path)]).fetchall()]
    except duckdb.Error:
        raise _bad_json(path) from None
    finally:
        con.close()
    if names == ["json"]:  # DuckDB's name for records that are not all objects
        error = _bad_json(path)
        if error.where is not None and error.where.line is not None:
            raise error
    return names


def _query(path: Path, cols: list[str]) -> Any:
    import duckdb

    from ketenmining.ingest.duck import cursor
    from ketenmining.ingest.sql import read_json_sql

    con = cursor()
    try:
        return con.sql(read_json_sql(cols), params=[str(path)]).to_arrow_table()
    except duckdb.Error:
        raise _bad_json(path) from None
    finally:
        con.close()


def sample(path: Path, options: ReadOptions, column: str, n: int) -> list[Any]:
    """Up to ``n`` non-empty values of ``column`` from the first records."""
    require_columns(path, [column], columns(path, options))
    out: list[Any] = []
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            try:
                value = json.loads(line).get(column) if line.strip() else None
            except (ValueError, AttributeError):
                raise _bad_json(path) from None
            if value not in (None, ""):
                out.append(value if isinstance(value, str) else json.dumps(value))
                if len(out) >= n:
                    break
    return out


def read(
    path: Path, options: ReadOptions, wanted: Sequence[str] | None, progress: Progress = SILENT
) -> Any:
    """Read the ``wanted`` keys of a JSON-lines file as text, plus ``__row``."""
    import pyarrow.compute as pc

    names = columns(path, options)
    cols = names if wanted is None else list(wanted)
    if any(c not in names for c in cols):  # a key may first appear after the sampled records
        names = columns(path, options, full=True)
    require_columns(path, cols, names, what="keys")
    step = progress.step(f"reading {path.name}")
    table = _query(path, cols).select(cols)
    # empty text → null, as in the CSV reader
    for i, name in enumerate(cols):
        col = table.column(i)
        table = table.set_column(i, name, pc.if_else(pc.equal(col, ""), None, col))
    step.done()
    return table.append_column(ROW, row_numbers(table.num_rows))
