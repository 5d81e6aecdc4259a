"""Quick mode: one event-log file, its columns named on the command line (or guessed).

A consultant points a command at a single export (csv, xes, xes.gz, parquet,
also jsonl and xlsx) instead of writing a chain config. :func:`quick_source`
builds the :class:`~ketenmining.config.model.SourceConfig` for it: the format
from the file name; columns from ``--case/--activity/--timestamp/--org/
--lifecycle`` or, when not given, the pm4py names (``case:concept:name``,
``concept:name``, ``time:timestamp``, ``lifecycle:transition``) and then common
ones (``case_id``, ``activity``, ``timestamp``, ``lifecycle``); the timestamp
format from ``--timestamp-format`` or detected from the first values (ISO 8601
first, day-first before month-first). The id is opaque; the organisation is
the ``--org`` column or the constant ``LOG``; activities are not mapped.
"""

from __future__ import annotations

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
from ketenmining.ingest.mapping import MappedSource, map_source
from ketenmining.ingest.readers import peek_columns, read_table, sample_column
from ketenmining.ingest.readers.common import listed
from ketenmining.ingest.timestamps import describe_format
from ketenmining.logspec import LogSpec
from ketenmining.progress import SILENT, Progress

#: Organisation of every event when no --org column is given.
QUICK_ORG = "LOG"

#: Column names tried, in order, when an option is not given.
DEFAULT_NAMES: dict[str, tuple[str, ...]] = {
    "case": ("case:concept:name", "case_id", "case", "Case ID", "CaseID", "case id"),
    "activity": ("concept:name", "activity", "Activity", "activity_name"),
    "timestamp": ("time:timestamp", "timestamp", "Timestamp", "time", "Complete Timestamp"),
    "lifecycle": ("lifecycle:transition", "lifecycle", "Lifecycle"),
}
_OPTION = {"case": "--case", "activity": "--activity", "timestamp": "--timestamp"}

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


def _pick(role: str, given: str | None, available: list[str], path: Path) -> str:
    if given:
        return given
    for name in DEFAULT_NAMES[role]:
        if name in available:
            return name
    tried = ", ".join(f"'{n}'" for n in DEFAULT_NAMES[role][:3])
    raise KetenError(
        f"no {role} column given and none of {tried} found; available: {listed(available)}",
        hint=f"name the columns: {_OPTION[role]} COLUMN (and --case, --activity, --timestamp as needed)",
        where=Location(str(path)),
    )


def detect_timestamp_format(
    values: list[Any], timezone: str = "Europe/Amsterdam"
) -> TimestampSpec | None:
    """The first of ISO 8601 and :data:`CANDIDATE_FORMATS` that parses every sampled value.

    Returns None when nothing fits. Day-first formats come before month-first
    ones, so month-first is only chosen when the data rule day-first out.
    """
    import pyarrow as pa

    from ketenmining.ingest.timestamps import parse_text

    texts = pa.array(
        [str(v).strip() for v in values if v is not None and str(v).strip()], pa.string()
    )
    if len(texts) == 0:
        return None
    for spec in [TimestampSpec(timezone=timezone)] + [
        TimestampSpec(formats=(f,), timezone=timezone) for f in CANDIDATE_FORMATS
    ]:
        _, utc, local = parse_text(texts, spec)
        if utc.null_count + local.null_count == len(texts):  # each value parsed in one of the two
            return spec
    return None


def _timestamp_spec(
    path: Path, fmt: str, options: ReadOptions, column: str, spec: LogSpec
) -> TimestampSpec:
    q = spec.quick
    if q.timestamp_format:
        formats = () if q.timestamp_format.lower() in ("iso", "iso8601") else (q.timestamp_format,)
        return TimestampSpec(formats=formats, timezone=q.timezone)
    if fmt == "xes":  # xs:dateTime
        return TimestampSpec(timezone=q.timezone)
    values = [v for v in sample_column(path, fmt, options, column, _SAMPLE) if isinstance(v, str)]
    if not values:  # native date-times (xlsx/parquet), or no values at all
        return TimestampSpec(timezone=q.timezone)
    found = detect_timestamp_format(values, q.timezone)
    if found is None:
        from ketenmining.ingest.timestamps import shape

        raise KetenError(
            f"could not recognise the timestamp format of column '{column}' "
            f"(values shaped like '{shape(values[0])}')",
            hint="give it with --timestamp-format, e.g. --timestamp-format '%d-%m-%Y %H:%M'",
            where=Location(str(path)),
        )
    return found


def quick_source(spec: LogSpec) -> SourceConfig:
    """A source mapping for the single event-log file of ``spec`` (quick mode)."""
    from ketenmining.ingest.readers.delimited import guess_encoding

    path = require_file(spec.path, "log file")
    fmt = format_from_path(path)
    if fmt is None:
        raise KetenError(
            "cannot tell the log's format from its file name",
            hint="use a file ending in .csv, .xes, .xes.gz, .parquet, .jsonl or .xlsx",
            where=Location(str(path)),
        )
    q = spec.quick
    options = ReadOptions(
        delimiter=q.delimiter,
        encoding=guess_encoding(path) if fmt == "csv" else "utf-8",
    )
    available = peek_columns(path, fmt, options)
    case = _pick("case", q.case, available, path)
    activity = _pick("activity", q.activity, available, path)
    timestamp = _pick("timestamp", q.timestamp, available, path)
    lifecycle = q.lifecycle or next((n for n in DEFAULT_NAMES["lifecycle"] if n in available), None)
    return SourceConfig(
        id=path.name,
        org=QUICK_ORG,
        path=path,
        format=fmt,
        id_column=case,
        id_kind="opaque",
        columns=ColumnMap(activity=activity, timestamp=timestamp, lifecycle=lifecycle, org=q.org),
        options=options,
        timestamp=_timestamp_spec(path, fmt, options, timestamp, spec),
    )


def read_quick(spec: LogSpec, progress: Progress = SILENT) -> MappedSource:
    """Read and map the single event-log file of ``spec`` (quick mode)."""
    source = quick_source(spec)
    table = read_table(
        source.path, source.format, source.options, source.mapped_columns(), progress
    )
    hint = None
    if not spec.quick.timestamp_format:
        hint = (
            f"the format was taken to be {describe_format(source.timestamp)} from the first rows; "
            "give the right one with --timestamp-format, e.g. '%d-%m-%Y %H:%M'"
        )
    return map_source(table, source, timestamp_hint=hint)


def quick_chain_table(con: Any, mapped: MappedSource) -> tuple[Any, dict[str, int]]:
    """Canonical chain-log rows (``case_id = raw_id``, episode 1), canonically ordered.

    Rows with an empty case id form the case ``''`` (counted as
    ``empty_case_id``); events without an activity or timestamp cannot be
    placed and are left out (counted per reason, and in ``left_out``).
    """
    from ketenmining.engine.sql import quick_events_sql

    table = mapped.table
    extra = [c for c in table.column_names if c.startswith("attr_")]
    con.register("__quick_mapped", table)
    try:
        ordered = con.sql(quick_events_sql("__quick_mapped", extra)).to_arrow_table()
    finally:
        con.unregister("__quick_mapped")
    counts = {
        "empty_case_id": table.column("raw_id").null_count,
        "no_activity": table.column("activity").null_count,
        "no_timestamp": table.column("timestamp").null_count,
        "left_out": table.num_rows - ordered.num_rows,
    }
    return ordered, counts
