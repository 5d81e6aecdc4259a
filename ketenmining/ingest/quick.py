"""Quick mode: one event-log file read straight into DuckDB, its columns detected or given.

A consultant points a command at a single export (csv, xes, xes.gz, parquet,
jsonl, also xlsx) instead of writing a chain config. :func:`open_quick` reads
it into the caller's DuckDB connection — CSV with ``read_csv`` and explicit
(text) types, Parquet with ``read_parquet``, JSON lines with ``read_json``;
XES (streamed by lxml), XLSX and non-UTF-8 CSV through their readers as Arrow
— then parses timestamps and maps activities, lifecycles and organisations in
SQL. No pandas, and no event ever passes through Python.

Columns come from ``--case/--activity/--timestamp/--org/--lifecycle`` or are
detected by name, then by content (:mod:`ketenmining.ingest.columns`); the
timestamp format comes from ``--timestamp-format`` or is detected on the first
values (ISO 8601 first, day-first before month-first). :func:`choice_line`
says in one line what was chosen and how to override it. The id is opaque;
the organisation is the org column or the constant ``LOG``; activities are
not mapped.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenmining.config.model import (
    ColumnMap,
    ReadOptions,
    SourceConfig,
    TimestampSpec,
    format_from_path,
)
from ketenmining.errors import KetenError, Location
from ketenmining.fsutil import require_file
from ketenmining.ingest.columns import OPTION, Choice, choose_columns
from ketenmining.ingest.timestamps import ISO, describe_format, shape
from ketenmining.logspec import LogSpec
from ketenmining.progress import SILENT, Progress

#: Organisation of every event when no org column is given or found.
QUICK_ORG = "LOG"
#: The table (in the caller's connection) holding the canonical quick-mode events.
QUICK_EVENTS = "__quick_events"
_SRC = "__quick_src"
_MAPPED = "__quick_mapped"
_ALL = "__quick_all"

#: strftime formats tried after ISO 8601, in order: day-first before month-first.
CANDIDATE_FORMATS: tuple[str, ...] = (
    "%Y/%m/%d %H:%M:%S.%f",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d-%m-%Y %H:%M:%S.%f",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y",
    "%m-%d-%Y %H:%M:%S",
    "%m-%d-%Y %H:%M",
    "%m-%d-%Y",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y",
    "%Y%m%d%H%M%S",
    "%Y%m%d",
)
_SAMPLE = 2000
_SHOW_ROWS = 5


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _con(con: Any) -> tuple[Any, bool]:
    if con is not None:
        return con, False
    from ketenmining.ingest.duck import cursor

    return cursor(), True


def iso_like(value: str | None) -> tuple[str | None, str | None]:
    """(zoned, local) LIKE patterns of the ISO 8601 shape of ``value`` (digits as ``_``).

    A value of the same shape matches the strict ISO pattern exactly when its
    ``_`` positions are digits, which ``TRY_CAST`` checks; so a column whose
    values share the shape of its first value is parsed without the regular
    expression (the expression still decides every other value). None where
    ``value`` is not strict ISO 8601 of that kind.
    """
    from ketenmining.ingest.sql import ISO_LOCAL, ISO_ZONED

    if value is None:
        return None, None
    pattern = re.sub(r"\d", "_", value)
    if re.fullmatch(ISO_ZONED, value):
        return pattern, None
    if re.fullmatch(ISO_LOCAL, value):
        return None, pattern
    return None, None


def _iso_exprs(v: str, like: tuple[str | None, str | None] = (None, None)) -> tuple[str, str]:
    from ketenmining.ingest.sql import ISO_LOCAL, ISO_ZONED

    zoned, local_like = like
    z = f"regexp_full_match({v}, {_lit(ISO_ZONED)})"
    lo = f"regexp_full_match({v}, {_lit(ISO_LOCAL)})"
    if zoned:
        z = f"({v} LIKE {_lit(zoned)} OR {z})"
    if local_like:
        lo = f"({v} LIKE {_lit(local_like)} OR {lo})"
    utc = f"CASE WHEN {z} THEN TRY_CAST({v} AS TIMESTAMPTZ) END"
    local = f"CASE WHEN {lo} THEN TRY_CAST({v} AS TIMESTAMP) END"
    return utc, local


def _format_exprs(
    v: str, spec: TimestampSpec, like: tuple[str | None, str | None] = (None, None)
) -> tuple[str, str]:
    """(utc, local) SQL expressions parsing the text ``v`` under ``spec``.

    ``like``: the :func:`iso_like` patterns of the column's first value, a fast path for ISO.
    """
    utc_parts: list[str] = []
    local_parts: list[str] = []
    if spec.iso or ISO in spec.formats:
        utc, local = _iso_exprs(v, like)
        utc_parts.append(utc)
        local_parts.append(local)
    for fmt in spec.formats:
        if fmt == ISO:
            continue
        zoned = "%z" in fmt or "%Z" in fmt
        (utc_parts if zoned else local_parts).append(f"try_strptime({v}, {_lit(fmt)})")
    utc = f"COALESCE({', '.join(utc_parts)})" if utc_parts else "CAST(NULL AS TIMESTAMPTZ)"
    local = f"COALESCE({', '.join(local_parts)})" if local_parts else "CAST(NULL AS TIMESTAMP)"
    return f"CAST({utc} AS TIMESTAMPTZ)", f"CAST({local} AS TIMESTAMP)"


def detect_timestamp_format(
    values: list[Any], timezone: str = "Europe/Amsterdam", con: Any = None
) -> TimestampSpec | None:
    """The first of ISO 8601 and :data:`CANDIDATE_FORMATS` that parses every sampled value.

    Returns None when nothing fits. Day-first formats come before month-first
    ones, so month-first is only chosen when the data rule day-first out. One
    query on ``con`` (a DuckDB connection; a shared cursor when None) tries them all.
    """
    texts = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if not texts:
        return None
    specs = [TimestampSpec(timezone=timezone)] + [
        TimestampSpec(formats=(f,), timezone=timezone) for f in CANDIDATE_FORMATS
    ]
    counts = []
    for s in specs:
        utc, local = _format_exprs("v", s)
        counts.append(f"count(*) FILTER (WHERE {utc} IS NULL AND {local} IS NULL)")
    cur, own = _con(con)
    try:
        row = cur.execute(
            f"SELECT {', '.join(counts)} FROM (SELECT unnest(?::VARCHAR[]) AS v)", [texts]
        ).fetchall()[0]
    finally:
        if own:
            cur.close()
    return next((s for s, bad in zip(specs, row, strict=True) if bad == 0), None)


@dataclass
class QuickLog:
    """What quick mode read: the source mapping, the column choice and its counts."""

    source: SourceConfig
    choice: Choice
    format_detected: bool
    meta: dict[str, Any] = field(default_factory=dict)


def _file_format(path: Path) -> str:
    fmt = format_from_path(path)
    if fmt is None:
        raise KetenError(
            "cannot tell the log's format from its file name",
            hint="use a file ending in .csv, .xes, .xes.gz, .parquet, .jsonl or .xlsx",
            where=Location(str(path)),
        )
    return fmt


def _sampler(path: Path, fmt: str, options: ReadOptions, available: list[str]) -> Any:
    """A function column → its first values, aligned by row (for detection by content)."""
    rows: dict[str, list[Any]] = {}

    def load() -> None:
        if fmt == "csv":
            from ketenmining.ingest.readers.delimited import _records, dialect

            d = dialect(path, options)
            recs = _records(d.head, d.delimiter, options.quote, _SAMPLE + 1)[1:]
            for i, name in enumerate(d.names):
                rows.setdefault(name, [r[i] if i < len(r) and r[i] != "" else None for r in recs])
        elif fmt == "xes":
            from ketenmining.ingest.readers import xes

            scan = xes._scan(path, None, None, limit=_SAMPLE)
            names = [c for c in available if c in scan.event_cols or c.startswith(xes.CASE_PREFIX)]
            table = xes._table(path, names, scan)
            rows.update({n: table.column(n).to_pylist()[:_SAMPLE] for n in names})
        else:
            from ketenmining.ingest.readers import read_table

            table = read_table(path, fmt, options, available).slice(0, _SAMPLE)
            rows.update({n: table.column(n).to_pylist() for n in available})

    def sample(column: str) -> list[Any]:
        if not rows:
            load()
        return rows.get(column, [])

    return sample


def quick_source(spec: LogSpec, con: Any = None) -> tuple[SourceConfig, Choice, bool]:
    """The source mapping for the single event-log file of ``spec``, the choice and whether
    the timestamp format was detected (rather than given)."""
    from ketenmining.ingest.readers import peek_columns
    from ketenmining.ingest.readers.delimited import guess_encoding

    path = require_file(spec.path, "log file")
    fmt = _file_format(path)
    q = spec.quick
    options = ReadOptions(
        delimiter=q.delimiter,
        encoding=guess_encoding(path) if fmt == "csv" else "utf-8",
    )
    available = peek_columns(path, fmt, options)
    sample = _sampler(path, fmt, options, available)

    def is_timestamp(values: list[Any]) -> bool:
        texts = [v for v in values if isinstance(v, str)]
        if not texts:
            return any(hasattr(v, "year") for v in values)
        return detect_timestamp_format(texts, q.timezone, con) is not None

    given = {
        "case": q.case,
        "activity": q.activity,
        "timestamp": q.timestamp,
        "org": q.org,
        "lifecycle": q.lifecycle,
    }
    where = Location(str(path))
    from ketenmining.ingest.readers.common import require_columns

    require_columns(path, list(q.attributes), available, "attribute columns (--attributes)")
    # the attribute columns the user named are not candidates for a role
    candidates = [c for c in available if c not in q.attributes]
    choice = choose_columns(given, candidates, sample, is_timestamp, where)
    missing = [c for c in choice.columns.values() if c not in available]
    if missing:
        require_columns(path, list(choice.columns.values()), available)
    ts_column = choice.columns["timestamp"]
    timestamp, detected = _timestamp_spec(path, fmt, ts_column, sample, spec, con)
    source = SourceConfig(
        id=path.name,
        org=QUICK_ORG,
        path=path,
        format=fmt,
        id_column=choice.columns["case"],
        id_kind="opaque",
        columns=ColumnMap(
            activity=choice.columns["activity"],
            timestamp=ts_column,
            lifecycle=choice.get("lifecycle"),
            org=choice.get("org"),
            attributes=tuple((name, name) for name in q.attributes),
        ),
        options=options,
        timestamp=timestamp,
    )
    return source, choice, detected


def _timestamp_spec(
    path: Path, fmt: str, column: str, sample: Any, spec: LogSpec, con: Any
) -> tuple[TimestampSpec, bool]:
    q = spec.quick
    if q.timestamp_format:
        formats = () if q.timestamp_format.lower() in ("iso", "iso8601") else (q.timestamp_format,)
        return TimestampSpec(formats=formats, timezone=q.timezone), False
    if fmt == "xes":  # xs:dateTime
        return TimestampSpec(timezone=q.timezone), True
    values = [v for v in sample(column) if isinstance(v, str) and v.strip()]
    if not values:  # native date-times (xlsx/parquet), or no values at all
        return TimestampSpec(timezone=q.timezone), True
    found = detect_timestamp_format(values, q.timezone, con)
    if found is None:
        raise KetenError(
            f"could not recognise the timestamp format of column '{column}' "
            f"(values shaped like '{shape(values[0])}')",
            hint="give it with --timestamp-format, e.g. --timestamp-format '%d-%m-%Y %H:%M'",
            where=Location(str(path)),
        )
    return found, True


# --- reading into DuckDB ------------------------------------------------------------------------


def _as_utf8(path: Path, encoding: str, folder: str) -> Path:
    """A UTF-8 copy of a text file in another encoding (cp1252, latin-1), for DuckDB's reader."""
    target = Path(folder) / "utf8.csv"
    with (
        open(path, encoding=encoding, newline="") as src,
        open(target, "w", encoding="utf-8", newline="") as out,
    ):
        while chunk := src.read(1 << 22):
            out.write(chunk)
    return target


#: ISO 8601 shapes DuckDB's CSV reader can parse itself: (pattern, format, instants in UTC).
_TYPED_ISO: tuple[tuple[str, str, bool], ...] = (
    (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}(:?\d{2})?", "%Y-%m-%dT%H:%M:%S%z", True),
    (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[+-]\d{2}(:?\d{2})?", "%Y-%m-%d %H:%M:%S%z", True),
    (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "%Y-%m-%dT%H:%M:%SZ", True),
    (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z", "%Y-%m-%d %H:%M:%SZ", True),
    (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", "%Y-%m-%dT%H:%M:%S", False),
    (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "%Y-%m-%d %H:%M:%S", False),
)


def typed_timestamps(spec: TimestampSpec, values: list[str]) -> tuple[str, bool] | None:
    """(strptime format, UTC?) for the CSV reader to parse the timestamp column itself, or None.

    Only for ISO 8601 without fractions, when every sampled value (``values``, the
    column's first ones) has one shape: with an offset (or ``Z``) the reader gives
    UTC instants; without, local wall-clock times (then put into UTC as the text
    path does). A value of another shape further down makes the read fail and the
    column is read as text instead (which parses per value, or names the rows that
    do not parse); so the result is that of the text path — except that the
    reader also takes one-digit months, days and hours of the same shape.
    """
    if not spec.iso or spec.date_only:
        return None
    texts = [v.strip() for v in values if v and v.strip()]
    if not texts:
        return None
    for pattern, fmt, utc in _TYPED_ISO:
        if all(re.fullmatch(pattern, v) for v in texts):
            return fmt, utc
    return None


def _read_csv_sql(
    path: Path,
    source: SourceConfig,
    wanted: list[str],
    folder: str,
    typed: bool = False,
) -> tuple[str | None, bool]:
    """``read_csv`` with explicit types for the wanted columns, or None (use the reader);
    and whether the timestamp column comes as UTC instants.

    Every column is text, except with ``typed`` the timestamp column when its first
    values allow (:func:`typed_timestamps`): then the reader parses it (a TIMESTAMP,
    UTC when the values have offsets). A file in another encoding is read from a
    UTF-8 copy in ``folder``.
    """
    from ketenmining.ingest.readers.delimited import _records, dialect

    options = source.options
    if not options.quote:
        return None, False
    d = dialect(path, options)
    if any(d.names.count(c) != 1 for c in wanted):
        return None, False  # the reader explains doubled or missing columns
    utf8 = options.encoding in ("utf-8", "utf-8-sig")
    if typed and not utf8:
        return None, False
    if not utf8:
        try:
            path = _as_utf8(path, options.encoding, folder)
        except (UnicodeDecodeError, LookupError):
            return None, False  # the reader says where the text is not valid
    kinds = ["VARCHAR"] * len(d.names)
    extra, utc = "", False
    if typed:
        ts = d.names.index(source.columns.timestamp)
        recs = _records(d.head, d.delimiter, options.quote, _SAMPLE + 1)[1:]
        found = typed_timestamps(source.timestamp, [r[ts] for r in recs if ts < len(r)])
        if found is None:
            return None, False
        fmt, utc = found
        kinds[ts] = "TIMESTAMP"
        extra = f", timestampformat={_lit(fmt)}"
    types = ", ".join(f"'c{i}': '{kind}'" for i, kind in enumerate(kinds))
    select = ", ".join(f'c{d.names.index(c)} AS "w{i}"' for i, c in enumerate(wanted))
    quote = _lit(options.quote)
    return (
        f"SELECT {select} FROM read_csv({_lit(str(path))}, delim={_lit(d.delimiter)}, "
        f"quote={quote}, escape={quote}, header=true, skip={options.skip_rows}, "
        f"auto_detect=false, columns={{{types}}}, encoding='utf-8'{extra})",
        utc,
    )


def _load(con: Any, source: SourceConfig, wanted: list[str], progress: Progress) -> bool:
    """The wanted columns of the file as the table ``_SRC`` (``w0``, ``w1``, ... in file order).

    True when the timestamp column holds UTC instants (parsed by the CSV reader).
    """
    path, fmt = source.path, source.format
    step = progress.step(f"reading {path.name}", 1)
    sql: str | None = None
    if fmt == "csv":
        with tempfile.TemporaryDirectory(prefix="ketenmining-quick-") as tmp:
            # the reader parses the timestamps when their shape allows; text otherwise
            sql, utc = _read_csv_sql(path, source, wanted, tmp, typed=True)
            if sql is not None and _create_src(con, sql):
                step.done()
                return utc
            sql, _ = _read_csv_sql(path, source, wanted, tmp)  # may read a UTF-8 copy in tmp
            if sql is not None and _create_src(con, sql):
                step.done()
                return False
    elif fmt == "parquet":
        cols = ", ".join(
            f'"{c.replace(chr(34), chr(34) * 2)}" AS "w{i}"' for i, c in enumerate(wanted)
        )
        sql = f"SELECT {cols} FROM read_parquet({_lit(str(path))})"
    elif fmt == "jsonl":
        from ketenmining.ingest.sql import read_json_sql

        inner = read_json_sql(wanted).replace("?", _lit(str(path)), 1)
        cols = ", ".join(
            f'"{c.replace(chr(34), chr(34) * 2)}" AS "w{i}"' for i, c in enumerate(wanted)
        )
        sql = f"SELECT {cols} FROM ({inner})"
    if fmt != "csv" and sql is not None and _create_src(con, sql):
        step.done()
        return False
    if fmt == "xes":
        _load_xes(con, path, wanted)
        step.done()
        return False
    from ketenmining.ingest.readers import ROW, read_table

    table = read_table(path, fmt, source.options, wanted, progress)
    table = table.drop_columns([ROW]) if ROW in table.column_names else table
    table = table.rename_columns([f"w{i}" for i in range(len(wanted))])
    con.register("__quick_arrow", table)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_SRC} AS SELECT * FROM __quick_arrow")
    finally:
        con.unregister("__quick_arrow")
    step.done()
    return False


def _create_src(con: Any, sql: str) -> bool:
    """Run ``CREATE TABLE _SRC AS sql``; False when DuckDB cannot read the file that way."""
    import duckdb

    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_SRC} AS {sql}")
    except duckdb.Error:
        return False  # the reader then says what is wrong, with rows and a hint
    return True


def _load_xes(con: Any, path: Path, wanted: list[str]) -> None:
    """XES, parsed into packed columns (:func:`~ketenmining.ingest.readers.xes.scan_packed`),
    split by Arrow into ``_SRC``.

    Each column is one text split in C++ (no Python object per value, and no Arrow
    array built from Python objects, which would import pandas); trace attributes
    come already repeated on their events.
    """
    from ketenmining.ingest.readers import xes
    from ketenmining.ingest.readers.common import require_columns

    event_wanted = {c for c in wanted if not c.startswith(xes.CASE_PREFIX)}
    trace_wanted = {c[len(xes.CASE_PREFIX) :] for c in wanted if c.startswith(xes.CASE_PREFIX)}
    packed = xes.scan_packed(path, event_wanted, trace_wanted)
    missing = [c for c in wanted if c not in packed.columns]
    if missing:
        available = sorted(packed.event_keys | set(packed.columns))
        available += sorted(xes.CASE_PREFIX + k for k in packed.trace_keys)
        require_columns(path, wanted, available, what="attributes")
    if not packed.events:
        cols = ", ".join(f'CAST(NULL AS VARCHAR) AS "w{i}"' for i in range(len(wanted)))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_SRC} AS SELECT {cols} WHERE false")
        return
    empty = xes.SEP.join([xes.NULL] * packed.events)
    table = _split_columns([packed.columns.get(c, empty) for c in wanted], xes.SEP)
    outer = ", ".join(f'NULLIF("v{i}", chr({ord(xes.NULL)})) AS "w{i}"' for i in range(len(wanted)))
    con.register("__quick_arrow", table)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_SRC} AS SELECT {outer} FROM __quick_arrow")
    finally:
        con.unregister("__quick_arrow")


def _split_columns(texts: list[str], sep: str) -> Any:
    """An Arrow table of columns ``v0``, ``v1``, ...: each text of ``texts`` split at ``sep``."""
    import struct

    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for text in texts:
        data = text.encode("utf-8")
        offsets = pa.py_buffer(struct.pack("<qq", 0, len(data)))
        whole = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
        columns.append(pc.split_pattern(whole, sep).flatten())
    return pa.table(columns, names=[f"v{i}" for i in range(len(texts))])


def _text(col: str, typ: str) -> str:
    """SQL turning a source column into trimmed text (empty → null; whole floats lose ``.0``;
    NUL bytes dropped, as stitch drops them)."""
    if typ in ("DOUBLE", "FLOAT", "REAL") or typ.startswith("DECIMAL"):
        value = (
            f"CASE WHEN {col} = floor({col}) THEN CAST(CAST({col} AS BIGINT) AS VARCHAR) "
            f"ELSE CAST({col} AS VARCHAR) END"
        )
    else:
        value = f"CAST({col} AS VARCHAR)"
    return f"NULLIF(trim(replace({value}, chr(0), '')), '')"  # NUL: dropped, as stitch does


def _time_exprs(
    col: str, typ: str, spec: TimestampSpec, first: str | None = None, utc: bool = False
) -> tuple[str, str, str]:
    """(text, utc, local) SQL for the timestamp column ``col`` of DuckDB type ``typ``.

    ``first``: the column's first value (its ISO shape makes a fast path); ``utc``: a
    TIMESTAMP column holds UTC instants (not local wall-clock times).
    """
    if utc and typ == "TIMESTAMP":
        return "CAST(NULL AS VARCHAR)", f"CAST({col} AS TIMESTAMPTZ)", "CAST(NULL AS TIMESTAMP)"
    if typ in ("VARCHAR", '"NULL"', "NULL"):
        v = f"NULLIF(trim(CAST({col} AS VARCHAR)), '')"
        utc, local = _format_exprs("ts_text", spec, iso_like(first))
        return v, utc, local
    if typ.startswith("TIMESTAMP WITH TIME ZONE"):
        return "CAST(NULL AS VARCHAR)", f"CAST({col} AS TIMESTAMPTZ)", "CAST(NULL AS TIMESTAMP)"
    if typ.startswith(("TIMESTAMP", "DATE")):
        return "CAST(NULL AS VARCHAR)", "CAST(NULL AS TIMESTAMPTZ)", f"CAST({col} AS TIMESTAMP)"
    raise KetenError(
        f"it holds {typ} values", hint="give the timestamp column with --timestamp COLUMN"
    )


def _map(
    con: Any, source: SourceConfig, wanted: list[str], where: Location, utc_column: bool = False
) -> None:
    """The view ``_MAPPED``: raw_id, activity_raw, ts_text, utc, local, lifecycle, org, source_row.

    ``utc_column``: the timestamp column holds UTC instants (see :func:`_load`).
    """
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE {_SRC}").fetchall()}

    def w(column: str | None) -> str | None:
        return None if column is None else f'"w{wanted.index(column)}"'

    cols = source.columns
    ts = w(cols.timestamp)
    assert ts is not None
    first = None
    if types[ts.strip('"')] == "VARCHAR":
        row = con.execute(
            f"SELECT trim({ts}) FROM {_SRC} WHERE NULLIF(trim({ts}), '') IS NOT NULL LIMIT 1"
        ).fetchall()
        first = row[0][0] if row else None
    try:
        ts_text, utc, local = _time_exprs(
            ts, types[ts.strip('"')], source.timestamp, first, utc_column
        )
    except KetenError as exc:
        raise KetenError(
            f"column '{cols.timestamp}' does not hold timestamps ({exc.message})",
            hint=exc.hint,
            where=where,
        ) from None
    case = _text(w(source.id_column) or "NULL", types[w(source.id_column).strip('"')])
    activity = _text(w(cols.activity) or "NULL", types[w(cols.activity).strip('"')])
    lc = w(cols.lifecycle)
    org = w(cols.org)
    lifecycle = f"lower({_text(lc, types[lc.strip(chr(34))])})" if lc else "CAST(NULL AS VARCHAR)"
    org_sql = _text(org, types[org.strip('"')]) if org else "CAST(NULL AS VARCHAR)"
    attrs = "".join(
        f", {_text(w(col), types[w(col).strip(chr(34))])} AS {attr_column(name)}"
        for name, col in cols.attributes
    )
    attr_names = "".join(f", {attr_column(name)}" for name, _ in cols.attributes)
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {_MAPPED} AS "
        f"WITH s AS (SELECT rowid + 1 AS source_row, {case} AS raw_id, {activity} AS activity_raw, "
        f"{ts_text} AS ts_text, {lifecycle} AS lifecycle, {org_sql} AS org, {ts} AS ts_col{attrs} "
        f"FROM {_SRC}), "
        f"z AS (SELECT *, {utc.replace(ts, 'ts_col')} AS utc FROM s) "
        f"SELECT source_row, raw_id, activity_raw, ts_text, lifecycle, org, utc, "
        f"CASE WHEN utc IS NULL THEN {local.replace(ts, 'ts_col')} END AS local{attr_names} FROM z"
    )


def attr_column(name: str) -> str:
    """The quoted chain-log column of attribute ``name``: ``"attr_<name>"``."""
    return '"attr_' + name.replace('"', '""') + '"'


def _check_times(con: Any, source: SourceConfig, hint: str | None, where: Location) -> None:
    bad = con.execute(f"SELECT count(*), min(source_row) FROM {_ALL} WHERE bad").fetchall()[0]
    if not bad or not bad[0]:
        return
    rows = [
        r[0]
        for r in con.execute(
            f"SELECT source_row FROM {_ALL} WHERE bad ORDER BY source_row LIMIT {_SHOW_ROWS}"
        ).fetchall()
    ]
    first = con.execute(
        f"SELECT ts_text FROM {_MAPPED} WHERE source_row = ?", [int(bad[1])]
    ).fetchall()[0][0]
    count = int(bad[0])
    listed_rows = ", ".join(str(r) for r in rows) + (", …" if count > len(rows) else "")
    raise KetenError(
        f"column '{source.columns.timestamp}': {count} row{'s' if count != 1 else ''} "
        f"({listed_rows}) with a timestamp that does not parse; expected "
        f"{describe_format(source.timestamp)}, found values shaped like '{shape(first)}'",
        hint=hint or "give the format with --timestamp-format, e.g. '%d-%m-%Y %H:%M'",
        where=Location(where.file, row=int(bad[1])),
    )


def _utc_sql(tz: str) -> tuple[str, str, str]:
    """(utc, ambiguous, nonexistent) SQL for ``local`` wall-clock times in ``tz``.

    DuckDB (ICU) reads a repeated hour as its second occurrence and a missing
    hour with the offset before the jump; the policy of
    :mod:`ketenmining.ingest.timestamps` takes the first occurrence, so an
    ambiguous time (the instant an hour earlier shows the same wall clock) is
    moved back an hour.
    """
    if tz.upper() in ("UTC", "ETC/UTC", "Z"):
        u = "CAST(local AS TIMESTAMPTZ)"
        return u, "false", "false"
    z = _lit(tz)
    u0 = f"timezone({z}, local)"
    ambiguous = f"(timezone({z}, {u0} - INTERVAL 1 HOUR) = local)"
    nonexistent = f"(timezone({z}, {u0}) <> local)"
    return (
        f"CASE WHEN {ambiguous} THEN {u0} - INTERVAL 1 HOUR ELSE {u0} END",
        ambiguous,
        nonexistent,
    )


def open_quick(
    con: Any,
    spec: LogSpec,
    progress: Progress = SILENT,
    pseudonymise: Callable[[Any], Any] | None = None,
) -> QuickLog:
    """Read the file of ``spec`` into ``con`` as the table :data:`QUICK_EVENTS`.

    The table has the canonical chain-log columns, in no particular row order
    (every analysis orders the events of a case itself; a global sort of a
    million events would cost a third of a second for nothing): ``case_id`` (the raw case id, or ``pseudonymise`` of it — an Arrow array of the
    distinct ids to their pseudonyms — when given; an empty id
    is the case ``''``), episode 1, ``org``, ``activity`` (= ``activity_raw``),
    UTC ``timestamp``, ``lifecycle`` (lower case, default ``complete``),
    ``source`` (the file name) and ``source_row``. Events without an activity
    or a timestamp cannot be placed and are left out (counted in the meta).
    """
    import duckdb

    source, choice, detected = quick_source(spec, con)
    where = Location(str(source.path))
    attr_names = "".join(f", {attr_column(name)}" for name, _ in source.columns.attributes)
    wanted = list(dict.fromkeys(source.mapped_columns()))
    utc_column = _load(con, source, wanted, progress)
    _map(con, source, wanted, where, utc_column)
    hint = None
    if detected and not source.timestamp.iso:
        hint = (
            f"the format was taken to be {describe_format(source.timestamp)} from the first rows; "
            "give the right one with --timestamp-format, e.g. '%d-%m-%Y %H:%M'"
        )
    utc, ambiguous, nonexistent = _utc_sql(source.timestamp.timezone)
    case_sql = "COALESCE(raw_id, '')"
    join = ""
    if pseudonymise is not None:
        case_sql = "COALESCE(p.pseudonym, '')"
        join = _pseudonym_join(con, pseudonymise)
    # what is the same on every row (episode, source, the organisation without an org
    # column) and the activity's copy are given by the view, not stored per event
    has_org = source.columns.org is not None
    stored_org = f" COALESCE(org, {_lit(QUICK_ORG)}) AS org," if has_org else ""
    step = progress.step("mapping events", 1)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_ALL} AS "
            f"WITH t AS (SELECT *, CASE WHEN utc IS NOT NULL THEN utc WHEN local IS NOT NULL "
            f"THEN {utc} END AS timestamp FROM {_MAPPED}) "
            f"SELECT {case_sql} AS case_id,{stored_org} activity_raw, "
            "timestamp, COALESCE(lifecycle, 'complete') AS lifecycle, "
            f"CAST(source_row AS BIGINT) AS source_row{attr_names}, "
            "raw_id IS NULL AS no_id, ts_text IS NOT NULL AND utc IS NULL AND local IS NULL AS bad, "
            f"local IS NOT NULL AND {ambiguous} AS twice, local IS NOT NULL AND {nonexistent} AS missing "
            f"FROM t {join}"
        )
    except duckdb.Error as exc:
        if "time zone" in str(exc).lower():
            raise KetenError(
                f"unknown time zone '{source.timestamp.timezone}'",
                hint="use an IANA zone name such as Europe/Amsterdam or UTC",
                where=where,
            ) from None
        raise
    finally:
        con.execute("DROP TABLE IF EXISTS __quick_pseudonyms")
    try:
        _check_times(con, source, hint, where)
    finally:
        con.execute(f"DROP VIEW IF EXISTS {_MAPPED}")
        con.execute(f"DROP TABLE IF EXISTS {_SRC}")
    counts = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE no_id), "
        "count(*) FILTER (WHERE activity_raw IS NULL), "
        "count(*) FILTER (WHERE timestamp IS NULL), "
        "count(*) FILTER (WHERE activity_raw IS NOT NULL AND timestamp IS NOT NULL), "
        f"count(*) FILTER (WHERE twice), count(*) FILTER (WHERE missing) FROM {_ALL}"
    ).fetchall()[0]
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {QUICK_EVENTS} AS SELECT case_id, "
        f"CAST(1 AS INTEGER) AS episode, {'org' if has_org else _lit(QUICK_ORG)} AS org, "
        "activity_raw AS activity, activity_raw, timestamp, lifecycle, "
        f"{_lit(source.id)} AS source, source_row{attr_names} FROM {_ALL} "
        "WHERE activity_raw IS NOT NULL AND timestamp IS NOT NULL"
    )
    step.done()
    rows_read, no_id, no_activity, no_time, events, twice, missing = (int(x or 0) for x in counts)
    meta = {
        "rows_read": rows_read,
        "events": int(events),
        "empty_case_id": no_id,
        "no_activity": no_activity,
        "no_timestamp": no_time,
        "left_out": rows_read - int(events),
        "dst_ambiguous": twice,
        "dst_nonexistent": missing,
        "quick": choice_record(source, choice, detected),
    }
    return QuickLog(source, choice, detected, meta)


def _pseudonym_join(con: Any, pseudonymise: Callable[[Any], Any]) -> str:
    """Register the pseudonym of every distinct case id; the JOIN clause that applies it."""
    ids = con.execute(
        f"SELECT DISTINCT raw_id FROM {_MAPPED} WHERE raw_id IS NOT NULL"
    ).to_arrow_table()
    raw = ids.column("raw_id")
    import pyarrow as pa

    mapping = pa.table({"raw_id": raw, "pseudonym": pseudonymise(raw)})
    con.register("__quick_pseudonyms_src", mapping)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE __quick_pseudonyms AS SELECT * FROM __quick_pseudonyms_src"
    )
    con.unregister("__quick_pseudonyms_src")
    return "LEFT JOIN __quick_pseudonyms p USING (raw_id)"


def choice_record(source: SourceConfig, choice: Choice, detected: bool) -> dict[str, Any]:
    """The column choice as data (for the one-line message and the provenance)."""
    return {
        "columns": dict(choice.columns),
        "how": dict(choice.how),
        "timestamp_format": "ISO 8601"
        if source.timestamp.iso
        else " / ".join(f"'{f}'" for f in source.timestamp.formats),
        "timestamp_format_detected": detected,
        "timezone": source.timestamp.timezone,
    }


def choice_line(record: dict[str, Any], lang: str = "nl") -> str:
    """One line: the columns and timestamp format quick mode uses, and how to change them."""
    from ketenmining.texts import tr

    columns: dict[str, str] = record["columns"]
    how: dict[str, str] = record["how"]
    parts = []
    for role in ("case", "activity", "timestamp", "org", "lifecycle"):
        if role not in columns:
            continue
        mark = tr("ingest.quick.by_content", lang) if how.get(role) == "content" else ""
        text = f"{tr(f'ingest.role.{role}', lang)} = '{columns[role]}'{mark}"
        if role == "timestamp":
            fmt = record["timestamp_format"]
            found = record.get("timestamp_format_detected")
            text += ", " + tr(
                "ingest.quick.format_detected" if found else "ingest.quick.format", lang, fmt=fmt
            )
        parts.append(text)
    if "org" not in columns:
        parts.append(
            tr("ingest.quick.no_org", lang, role=tr("ingest.role.org", lang), org=QUICK_ORG)
        )
    chosen = [r for r in ("case", "activity", "timestamp", "org") if how.get(r) != "given"]
    options = [OPTION[r] for r in chosen] + (
        ["--timestamp-format"] if record.get("timestamp_format_detected") else []
    )
    tail = tr("ingest.quick.override", lang, options="/".join(options)) if options else ""
    return tr("ingest.quick.line", lang, parts="; ".join(parts), tail=tail)
