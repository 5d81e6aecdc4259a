"""Source timestamps → UTC instants, vectorised, with an explicit daylight-saving policy.

Text is parsed by DuckDB (``try_strptime`` for the source's strftime
formats, tried in order; a strict ISO 8601 pattern otherwise); values with a
UTC offset are exact, values without one are local wall-clock time in the
source's time zone (default Europe/Amsterdam). XLSX/Parquet date-times and
dates are taken as they are (naive ones as local time).

Daylight-saving policy for local times (the rule of RFC 5545 and of Python's
``zoneinfo`` with ``fold=0``), counted in the result:

* the repeated hour in October (02:00–03:00 happens twice): the *first*
  occurrence, still summer time (2024-10-27 02:30 → 00:30 UTC);
* the missing hour in March (02:00–03:00 does not exist): read with the offset
  in force *before* the jump, winter time (2024-03-31 02:30 → 01:30 UTC,
  which the clock shows as 03:30).

Date-only values become local midnight. Error messages give row numbers and
the *shape* of an offending value (digits as 9, letters as a), never the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ketenmining.config.model import TimestampSpec
from ketenmining.errors import KetenError, Location

SHOW_ROWS = 5
#: The ``format`` entry that means ISO 8601 (with or without offset).
ISO = "iso8601"
_ZONED_CODES = re.compile(r"%[zZ]")


@dataclass(frozen=True)
class RowSample:
    """Some rows with a problem: how many, and the first few row numbers (1-based)."""

    count: int = 0
    rows: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return self.count > 0

    def describe(self) -> str:
        """``3 rows (12, 40, 41)``-style text."""
        shown = ", ".join(str(r) for r in self.rows)
        more = ", …" if self.count > len(self.rows) else ""
        return f"{self.count} row{'s' if self.count != 1 else ''} ({shown}{more})"


@dataclass(frozen=True)
class ParsedTimes:
    """UTC instants for a column plus what was noteworthy on the way."""

    utc: Any  # pyarrow timestamp[us, tz=UTC], null where the cell was empty
    empty: RowSample
    dst_ambiguous: int = 0
    dst_nonexistent: int = 0


def shape(value: Any) -> str:
    """A value's shape with digits as 9 and letters as a (never the value itself)."""
    text = str(value)[:40]
    return re.sub(r"[^\W\d_]", "a", re.sub(r"\d", "9", text))


def row_sample(mask: Any, rows: Any) -> RowSample:
    """The rows where the boolean Arrow ``mask`` is true."""
    import pyarrow.compute as pc

    count = int(pc.sum(pc.cast(mask, "int64")).as_py() or 0)
    if not count:
        return RowSample()
    first = pc.filter(rows, mask).slice(0, SHOW_ROWS).to_pylist()
    return RowSample(count, tuple(int(r) for r in first))


def describe_format(spec: TimestampSpec) -> str:
    """The expected format, for messages."""
    iso_text = "ISO 8601 (e.g. 2024-03-01T09:30:00+01:00 or 2024-03-01 09:30)"
    if spec.iso:
        text = iso_text
    else:
        text = " or ".join(iso_text if f == ISO else f"'{f}'" for f in spec.formats)
    return text + (" (date only)" if spec.date_only else "")


def localize(local: Any, tz: str) -> tuple[Any, int, int]:
    """Naive local wall-clock times → UTC under the policy above; also the DST counts."""
    import pyarrow as pa
    import pyarrow.compute as pc

    local = local.cast(pa.timestamp("us"))
    if tz.upper() in ("UTC", "ETC/UTC", "Z"):
        return local.cast(pa.int64()).cast(pa.timestamp("us", tz="UTC")), 0, 0
    early = pc.assume_timezone(local, tz, ambiguous="earliest", nonexistent="earliest")
    late = pc.assume_timezone(local, tz, ambiguous="latest", nonexistent="latest")
    e64, l64 = early.cast(pa.int64()), late.cast(pa.int64())
    gap = pc.subtract(l64, e64)
    # a missing local time: 'earliest' is the last instant before the jump, 'latest' the first after
    nonexistent = pc.fill_null(pc.equal(gap, 1), False)
    ambiguous = pc.fill_null(pc.greater(gap, 1), False)
    n_missing = int(pc.sum(pc.cast(nonexistent, "int64")).as_py() or 0)
    n_twice = int(pc.sum(pc.cast(ambiguous, "int64")).as_py() or 0)
    result = e64
    if n_missing:
        offset_before = pc.subtract(pc.local_timestamp(early).cast(pa.int64()), e64)
        fixed = pc.subtract(local.cast(pa.int64()), offset_before)
        result = pc.if_else(nonexistent, fixed, e64)
    return result.cast(pa.timestamp("us", tz="UTC")), n_twice, n_missing


def _zone_error(tz: str, where: Location) -> KetenError:
    return KetenError(
        f"unknown time zone '{tz}'",
        hint="use an IANA zone name such as Europe/Amsterdam or UTC",
        where=Location(where.file),
    )


def _wall_clock(utc: Any, tz: str, where: Location) -> Any:
    """UTC instants as naive wall-clock times in ``tz``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        return pc.local_timestamp(utc.cast(pa.timestamp("us", tz=tz)))
    except pa.ArrowException:
        raise _zone_error(tz, where) from None


def _unparsable(
    bad: Any,
    values: Any,
    rows: Any,
    spec: TimestampSpec,
    column: str,
    where: Location,
    hint: str | None,
) -> KetenError:
    import pyarrow.compute as pc

    sample = row_sample(bad, rows)
    first = pc.filter(values, bad)[0].as_py()
    return KetenError(
        f"column '{column}': {sample.describe()} with a timestamp that does not parse; "
        f"expected {describe_format(spec)}, found values shaped like '{shape(first)}'",
        hint=hint
        or "set timestamp: {format: ...} in the source to the format of these values "
        "(strftime codes, e.g. '%d-%m-%Y %H:%M'), or correct the rows",
        where=Location(where.file, row=sample.rows[0] if sample.rows else None),
    )


def parse_text(values: Any, spec: TimestampSpec) -> tuple[Any, Any, Any]:
    """(present, utc, local) arrays for a text column, parsed in DuckDB."""
    import duckdb
    import pyarrow as pa

    from ketenmining.ingest.duck import cursor
    from ketenmining.ingest.sql import timestamp_parse_sql

    con = cursor()
    try:
        con.register("__ts_in", pa.table({"s": values.cast(pa.string())}))
        formats = [f for f in spec.formats if f != ISO]
        zoned = [f for f in formats if _ZONED_CODES.search(f)]
        local = [f for f in formats if not _ZONED_CODES.search(f)]
        iso = spec.iso or ISO in spec.formats
        sql = timestamp_parse_sql("__ts_in", iso, bool(zoned), bool(local), spec.date_only)
        params = [p for p in (zoned, local) if p]
        try:
            out = con.sql(sql, params=params).to_arrow_table()
        except duckdb.Error as exc:
            raise KetenError(
                f"timestamp format {describe_format(spec)} is not usable: {str(exc).splitlines()[0][:120]}",
                hint="use strftime codes such as %Y %m %d %H %M %S %f %z",
            ) from None
    finally:
        con.close()
    return out.column("present"), out.column("utc"), out.column("local")


def parse_timestamps(
    values: Any,
    rows: Any,
    spec: TimestampSpec,
    column: str,
    where: Location,
    hint: str | None = None,
) -> ParsedTimes:
    """Parse a timestamp column (text, date-time or date) into UTC instants.

    Empty cells give null (their rows are reported in ``empty``); a non-empty
    cell that does not parse raises a :class:`KetenError` with the first rows,
    the count and the expected format (``hint`` replaces the default hint).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    rows = rows.combine_chunks() if isinstance(rows, pa.ChunkedArray) else rows
    typ = values.type
    if pa.types.is_string(typ) or pa.types.is_large_string(typ) or pa.types.is_null(typ):
        present, utc, local = parse_text(values, spec)
        present = present.combine_chunks()
        utc, local = utc.combine_chunks(), local.combine_chunks()
        bad = pc.and_(present, pc.and_(pc.is_null(utc), pc.is_null(local)))
        if pc.any(bad).as_py():
            raise _unparsable(bad, values, rows, spec, column, where, hint)
        empty = row_sample(pc.invert(present), rows)
    elif pa.types.is_timestamp(typ) or pa.types.is_date(typ):
        empty = row_sample(pc.is_null(values), rows)
        if pa.types.is_timestamp(typ) and typ.tz is not None:
            utc = values.cast(pa.timestamp(typ.unit, tz="UTC")).cast(
                pa.timestamp("us", tz="UTC"), safe=False
            )
            local = pa.nulls(len(values), pa.timestamp("us"))
        else:
            local = values.cast(pa.timestamp("us"), safe=False)
            utc = pa.nulls(len(values), pa.timestamp("us", tz="UTC"))
            if spec.date_only:
                local = pc.floor_temporal(local, unit="day")
    else:
        raise KetenError(
            f"column '{column}' holds {typ} values, not timestamps",
            hint="format the column as a date/time (Excel) or export it as text, and set its format",
            where=where,
        )
    if spec.date_only and utc.null_count < len(
        utc
    ):  # zoned values: their date in the source's zone
        in_zone = _wall_clock(utc, spec.timezone, where)
        local = pc.coalesce(local, pc.floor_temporal(in_zone, unit="day"))
        utc = pa.nulls(len(values), pa.timestamp("us", tz="UTC"))
    twice = missing = 0
    if local.null_count < len(local):
        try:
            localized, twice, missing = localize(local, spec.timezone)
        except pa.ArrowException:
            raise _zone_error(spec.timezone, where) from None
        utc = pc.coalesce(utc, localized) if utc.null_count < len(utc) else localized
    return ParsedTimes(utc=utc, empty=empty, dst_ambiguous=twice, dst_nonexistent=missing)
