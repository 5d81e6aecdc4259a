"""Map a source table onto the canonical columns: ids, organisation, activity, time, lifecycle.

:func:`map_source` is vectorised: activity and lifecycle names are mapped on
their *distinct* values (a dictionary encoding) and the result is taken back
to the rows, timestamps are parsed in DuckDB/pyarrow (see
:mod:`ketenmining.ingest.timestamps`). Per row, no Python runs.

Activity mapping, per distinct name: an exact name in ``activities`` maps to
its step; an exact name in ``ignore`` drops the row; otherwise the
``patterns`` are tried in order (``re.search``), then the ignore patterns.
Anything else is kept with ``activity = activity_raw`` and counted in
``unmapped``. Names are compared with surrounding white space removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ketenmining.config.model import SourceConfig
from ketenmining.errors import KetenError, Location
from ketenmining.ingest.readers import ROW, read_table
from ketenmining.ingest.timestamps import RowSample, parse_timestamps, row_sample
from ketenmining.progress import SILENT, Progress

__all__ = ["MappedSource", "RowSample", "map_source", "read_mapped"]

DEFAULT_LIFECYCLE = "complete"
_IGNORE = object()
_NUMBER = {
    ".": r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$",
    ",": r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$",
}
_LEADING_ZERO = r"^[+-]?0\d"


@dataclass
class MappedSource:
    """One source in canonical columns, with what the mapping noticed on the way."""

    table: Any  # pyarrow Table: raw_id, org, activity, activity_raw, timestamp, lifecycle, source, source_row, attr_*[, dossier]
    source: str
    rows_read: int = 0
    unmapped: dict[str, int] = field(default_factory=dict)
    ignored_rows: int = 0
    dst_ambiguous: int = 0
    dst_nonexistent: int = 0
    empty_timestamps: RowSample = field(default_factory=RowSample)
    empty_ids: RowSample = field(default_factory=RowSample)
    empty_activities: RowSample = field(default_factory=RowSample)


def _plain(col: Any) -> Any:
    import pyarrow as pa

    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def text_column(col: Any) -> Any:
    """Any column as trimmed text; empty → null. Whole floats (Excel ids) lose their ``.0``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    col = _plain(col)
    typ = col.type
    if pa.types.is_floating(typ):
        # whole and exactly representable (|x| <= 2**53): a larger float, or inf, is no id
        # an integer column can hold, and stays text ("1e+20")
        small = pc.less_equal(pc.abs(col), float(2**53))
        whole = pc.fill_null(pc.and_(pc.equal(col, pc.floor(col)), small), True)
        if pc.all(whole).as_py():
            col = col.cast(pa.int64())
    if pa.types.is_dictionary(typ):
        col = col.cast(typ.value_type)
    if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
        col = col.cast(pa.string())
    col = pc.utf8_trim_whitespace(col.cast(pa.string()))
    return pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)


def _pattern_hits(names: list[str | None], patterns: Any) -> list[list[bool]]:
    """For each pattern, which names it matches: with RE2 (Arrow's engine), linear in the
    text, so no pattern can make matching hang (``^(a+)+$`` backtracks in Python's ``re``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array([n or "" for n in names], pa.string())
    hits = []
    for p in patterns:
        try:
            mask = pc.match_substring_regex(values, p.regex.pattern)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raise KetenError(
                f"{p.where}: this regular expression is not supported (back-references and "
                "look-arounds are not: patterns are matched in linear time)",
                hint="rewrite the pattern without \\1, (?=…), (?!…), (?<=…) or (?<!…)",
            ) from None
        hits.append(mask.to_pylist())
    return hits


def _activity_steps(names: list[str | None], source: SourceConfig) -> list[Any]:
    exact = dict(source.activity_map)
    ignored = set(source.ignore_names)
    step_hits = _pattern_hits(names, source.patterns)
    ignore_hits = _pattern_hits(names, source.ignore_patterns)
    out: list[Any] = []
    for i, name in enumerate(names):
        if name is None:
            out.append(None)
        elif name in exact:
            out.append(exact[name])
        elif name in ignored:
            out.append(_IGNORE)
        else:
            step = next(
                (p.step for p, hit in zip(source.patterns, step_hits, strict=True) if hit[i]), None
            )
            if step is None and any(hit[i] for hit in ignore_hits):
                step = _IGNORE
            out.append(step)
    return out


def _map_activities(raw: Any, source: SourceConfig) -> tuple[Any, Any, Any]:
    """(activity, keep mask, unmapped mask) for the raw names."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(raw)
    names = encoded.dictionary.to_pylist()
    steps = _activity_steps(names, source)
    activity_dict = pa.array(
        [n if s is None or s is _IGNORE else s for n, s in zip(names, steps, strict=True)],
        pa.string(),
    )
    ignore_dict = pa.array([s is _IGNORE for s in steps], pa.bool_())
    activity = activity_dict.take(encoded.indices)
    unmapped_dict = pa.array(
        [n is not None and s is None for n, s in zip(names, steps, strict=True)], pa.bool_()
    )
    keep = pc.invert(pc.fill_null(ignore_dict.take(encoded.indices), False))
    unmapped = pc.fill_null(unmapped_dict.take(encoded.indices), False)
    return activity, keep, unmapped


def _lifecycle(col: Any | None, n: int, source: SourceConfig) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if col is None:
        return pa.repeat(pa.scalar(DEFAULT_LIFECYCLE), n)
    encoded = pc.dictionary_encode(text_column(col))
    mapping = dict(source.lifecycle_map)
    folded = {k.lower(): v for k, v in mapping.items()}
    names = encoded.dictionary.to_pylist()
    mapped = [mapping.get(v, folded.get(v.lower(), v)).lower() for v in names]
    return pc.fill_null(pa.array(mapped, pa.string()).take(encoded.indices), DEFAULT_LIFECYCLE)


def _typed_values(values: Any, decimal: str) -> Any:
    """Distinct attribute texts → numbers when every one is a number, else trimmed text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = text_column(values)
    present = text.drop_null()
    pattern = _NUMBER.get(decimal, _NUMBER["."])
    if len(present) == 0 or not pc.all(pc.match_substring_regex(present, pattern)).as_py():
        return text
    if pc.any(pc.match_substring_regex(present, _LEADING_ZERO)).as_py():
        return text
    if decimal == ",":
        text = pc.replace_substring(pc.replace_substring(text, ".", ""), ",", ".")
    whole = pc.all(pc.match_substring_regex(text.drop_null(), r"^[+-]?\d{1,18}$")).as_py()
    return text.cast(pa.int64() if whole else pa.float64())


def attribute_column(col: Any, decimal: str = ".") -> Any:
    """An attribute column: text stays text unless every value is a number (decimal comma handled).

    Whole numbers become int64 and others float64, unless a value has a
    leading zero (a postcode, a client number): then the column stays text.
    Native (XLSX/Parquet) types are kept. The work is done on the distinct
    values, then taken back to the rows.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    col = _plain(col)
    if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
        return col
    encoded = pc.dictionary_encode(col)
    return _typed_values(encoded.dictionary, decimal).take(encoded.indices)


def map_source(
    table: Any,
    source: SourceConfig,
    with_dossier: bool = False,
    timestamp_hint: str | None = None,
) -> MappedSource:
    """Turn a reader's table into canonical rows for ``source`` (see the module docs)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    where = Location(str(source.path), detail=f"source {source.id}")
    cols = source.columns
    rows_read = table.num_rows
    if rows_read == 0:
        raise KetenError(
            f"{where}: no data rows (only a header, or nothing)",
            hint="export the source again with its events, or leave it out of the config",
        )
    activity_raw = text_column(table.column(cols.activity))
    blank = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(activity_raw), ""), True)
    if pc.any(blank).as_py():
        numbers = pc.filter(_plain(table.column(ROW)), blank)
        sample = RowSample(len(numbers), tuple(numbers.slice(0, 5).to_pylist()))
        raise KetenError(
            f"{where}: {sample.describe()} without an activity in column '{cols.activity}'",
            hint="fill in the activity in the export, or filter those rows out before mapping",
        )
    activity, keep, unmapped = _map_activities(activity_raw, source)
    ignored = rows_read - int(pc.sum(pc.cast(keep, "int64")).as_py() or 0)
    if ignored:
        table = table.filter(keep)
        activity_raw, activity = activity_raw.filter(keep), activity.filter(keep)
        unmapped = unmapped.filter(keep)
    n = table.num_rows
    rows = _plain(table.column(ROW))
    times = parse_timestamps(
        table.column(cols.timestamp), rows, source.timestamp, cols.timestamp, where, timestamp_hint
    )
    org = (
        pc.fill_null(text_column(table.column(cols.org)), source.org)
        if cols.org
        else pa.repeat(pa.scalar(source.org), n)
    )
    out = {
        "raw_id": text_column(table.column(source.id_column)),
        "org": org,
        "activity": activity,
        "activity_raw": activity_raw,
        "timestamp": times.utc,
        "lifecycle": _lifecycle(
            table.column(cols.lifecycle) if cols.lifecycle else None, n, source
        ),
        "source": pa.repeat(pa.scalar(source.id), n),
        "source_row": rows.cast(pa.int64()),
    }
    for name, column in cols.attributes:
        out[f"attr_{name}"] = attribute_column(table.column(column), source.options.decimal)
    if with_dossier and source.dossier_column:
        out["dossier"] = text_column(table.column(source.dossier_column))
    result = pa.table(out)
    return MappedSource(
        table=result,
        source=source.id,
        rows_read=rows_read,
        unmapped=_counts(activity_raw.filter(unmapped)),
        ignored_rows=ignored,
        dst_ambiguous=times.dst_ambiguous,
        dst_nonexistent=times.dst_nonexistent,
        empty_timestamps=times.empty,
        empty_ids=row_sample(pc.is_null(result.column("raw_id")), rows),
        empty_activities=row_sample(pc.is_null(activity_raw), rows),
    )


def _counts(names: Any) -> dict[str, int]:
    """Name → count, most frequent first."""
    import pyarrow.compute as pc

    counts = {c["values"]: int(c["counts"]) for c in pc.value_counts(names).to_pylist()}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def read_mapped(
    source: SourceConfig,
    with_dossier: bool = False,
    progress: Progress = SILENT,
    part: tuple[int, int] | None = None,
) -> MappedSource:
    """Read a source's file (mapped columns only) and map it onto the canonical columns.

    ``part=(i, n)``: only the i-th of n parts of a splittable file (row numbers restart at 1).
    """
    columns = source.mapped_columns()
    if with_dossier and source.dossier_column and source.dossier_column not in columns:
        columns.append(source.dossier_column)
    table = read_table(source.path, source.format, source.options, columns, progress, part=part)
    return map_source(table, source, with_dossier=with_dossier)
