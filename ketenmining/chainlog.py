"""The canonical chain log: its columns, its order, and reading/writing it as Parquet.

One row per event, the same columns for every source (see ARCHITECTURE.md):

=============  =========================================================
case_id        pseudonym of the client (text)
episode        1, 2, ... : a client's history split at long gaps (int)
org            organisation code (text)
activity       protocol step id, or the source's own name when unmapped
activity_raw   the source's own activity name
timestamp      UTC, tz-aware (microseconds)
lifecycle      start / complete / ... (lower case)
source         source id from the chain config
source_row     row number of the event in its source (1-based)
=============  =========================================================

plus optional attribute columns (``attr_*`` keep their source names after
the prefix). Rows are in a total, deterministic order:
``case_id, timestamp, lifecycle order, source, source_row``.

The Parquet file carries provenance in its metadata under the key
``ketenmining``: tool version, config hash, source file hashes, protocol hash.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError, Location

CANONICAL_COLUMNS: tuple[str, ...] = (
    "case_id",
    "episode",
    "org",
    "activity",
    "activity_raw",
    "timestamp",
    "lifecycle",
    "source",
    "source_row",
)

#: Order of lifecycle transitions at equal timestamps (XES standard lifecycle).
LIFECYCLE_ORDER: dict[str, int] = {
    "schedule": 0,
    "assign": 1,
    "reassign": 2,
    "start": 3,
    "resume": 4,
    "suspend": 5,
    "autoskip": 6,
    "manualskip": 7,
    "withdraw": 8,
    "complete": 9,
    "ate_abort": 10,
    "pi_abort": 11,
}
UNKNOWN_LIFECYCLE_ORDER = 12

META_KEY = b"ketenmining"


def arrow_schema(extra: dict[str, Any] | None = None) -> Any:
    """The Arrow schema of the chain log (``extra`` maps attribute names to Arrow types)."""
    import pyarrow as pa

    fields = [
        pa.field("case_id", pa.string(), nullable=False),
        pa.field("episode", pa.int32(), nullable=False),
        pa.field("org", pa.string(), nullable=False),
        pa.field("activity", pa.string(), nullable=False),
        pa.field("activity_raw", pa.string(), nullable=False),
        pa.field("timestamp", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("lifecycle", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("source_row", pa.int64(), nullable=False),
    ]
    for name, typ in (extra or {}).items():
        fields.append(pa.field(name, typ))
    return pa.schema(fields)


def lifecycle_order_sql(column: str = "lifecycle") -> str:
    """A SQL CASE expression giving the sort rank of a lifecycle value."""
    whens = " ".join(f"WHEN '{k}' THEN {v}" for k, v in LIFECYCLE_ORDER.items())
    return f"(CASE {column} {whens} ELSE {UNKNOWN_LIFECYCLE_ORDER} END)"


def write_parquet_with_meta(table: Any, path: str | Path, meta: dict[str, Any]) -> None:
    """Write an Arrow table to ``path`` (not atomically) with ketenmining metadata."""
    import pyarrow.parquet as pq

    existing = dict(table.schema.metadata or {})
    existing[META_KEY] = json.dumps(meta, sort_keys=True, default=str).encode("utf-8")
    pq.write_table(
        table.replace_schema_metadata(existing), path, compression="zstd", row_group_size=1 << 20
    )


def write_chain_log(table: Any, path: str | Path, meta: dict[str, Any]) -> Path:
    """Write an Arrow table as a chain log Parquet file, atomically, with provenance metadata."""
    from ketenmining.fsutil import atomic_path

    target = Path(path)
    with atomic_path(target) as tmp:
        write_parquet_with_meta(table, tmp, meta)
    return target


def read_meta(path: str | Path) -> dict[str, Any]:
    """The ketenmining provenance of a chain log, or ``{}`` if it has none.

    Metadata that is not a JSON object, or whose known fields have the wrong
    type, is a KetenError naming the field: a later stage would trip over it.
    """
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception as exc:  # pyarrow raises several kinds for a bad file
        raise KetenError(
            f"not a readable Parquet file ({type(exc).__name__})",
            hint="give a chain log written by 'ketenmining stitch'",
            where=Location(str(path)),
        ) from None
    raw = (schema.metadata or {}).get(META_KEY)
    if not raw:
        return {}
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        meta = None
    if not isinstance(meta, dict):
        raise _bad_meta(path, "is not a JSON object")
    for key, (kind, what) in _META_FIELDS.items():
        value = meta.get(key)
        if value is not None and not kind(value):
            raise _bad_meta(path, f"has a field '{key}' that is not {what}")
    return meta


def _bad_meta(path: str | Path, what: str) -> KetenError:
    return KetenError(
        f"the ketenmining metadata of this Parquet file {what}: it was damaged or not "
        "written by 'ketenmining stitch'",
        hint="stitch the chain log again from its config",
        where=Location(str(path)),
    )


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_time(value: Any) -> bool:
    import datetime as dt

    try:
        dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _is_text_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _is_sources(value: Any) -> bool:
    fields = ("id", "org", "file", "sha256")
    return isinstance(value, list) and all(
        isinstance(s, dict) and all(isinstance(s.get(f), str) for f in fields) for s in value
    )


def _is_period(value: Any) -> bool:
    return isinstance(value, dict) and all(
        v is None or _is_time(v) for k, v in value.items() if k in ("from", "to")
    )


#: The metadata fields later stages read, with a test of their type and its name.
_META_FIELDS: dict[str, tuple[Any, str]] = {
    "chain": (_is_text, "text"),
    "title": (_is_text, "text"),
    "kind": (_is_text, "text"),
    "timezone": (_is_text, "text"),
    "key_id": (_is_text, "text"),
    "episode_gap": (_is_text, "text"),
    "created": (_is_time, "an ISO 8601 time"),
    "data_start": (_is_time, "an ISO 8601 time"),
    "data_end": (_is_time, "an ISO 8601 time"),
    "events": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "organisations": (_is_text_map, "a mapping of codes to names"),
    "mapped_steps": (
        lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "a list of step ids",
    ),
    "period": (_is_period, "a mapping with ISO dates 'from' and 'to'"),
    "protocol": (lambda v: isinstance(v, dict), "a mapping"),
    "config": (lambda v: isinstance(v, dict), "a mapping"),
    "sources": (_is_sources, "a list of sources with id, org, file and sha256"),
}

#: What each canonical column must hold: a test of its Arrow type and its name.
_COLUMN_TYPES: dict[str, tuple[str, str]] = {
    "case_id": ("string", "text"),
    "episode": ("integer", "whole numbers"),
    "org": ("string", "text"),
    "activity": ("string", "text"),
    "activity_raw": ("string", "text"),
    "timestamp": ("timestamp", "timestamps"),
    "lifecycle": ("string", "text"),
    "source": ("string", "text"),
    "source_row": ("integer", "whole numbers"),
}


def check_chain_log(path: str | Path) -> None:
    """Refuse a chain log whose canonical columns have the wrong type or hold nulls.

    The types are read from the schema; nulls from the row groups' statistics,
    and only where a row group has no statistics is a column read. The first
    null is named by its row (1-based), never by a value.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several kinds for a bad file
        raise KetenError(
            f"not a readable Parquet file ({type(exc).__name__})",
            hint="give a chain log written by 'ketenmining stitch'",
            where=Location(str(path)),
        ) from None
    schema = pf.schema_arrow
    tests = {
        "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
        "integer": pa.types.is_integer,
        "timestamp": pa.types.is_timestamp,
    }
    for name, (kind, what) in _COLUMN_TYPES.items():
        if name not in schema.names:
            continue
        typ = schema.field(name).type
        if not tests[kind](typ):
            raise KetenError(
                f"column '{name}' holds {typ}, a chain log holds {what} there",
                hint="stitch the chain log again with 'ketenmining stitch', or give the file "
                "in quick mode (--case/--activity/--timestamp) with a timestamp format",
                where=Location(str(path), detail=f"column {name}"),
            )
    meta = pf.metadata
    indices = {schema.names[i]: i for i in range(len(schema.names))}
    offset = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for name in _COLUMN_TYPES:
            if name not in indices:
                continue
            stats = group.column(indices[name]).statistics
            if stats is not None and stats.has_null_count and stats.null_count == 0:
                continue
            column = pf.read_row_group(g, columns=[name]).column(0)
            if column.null_count:
                import pyarrow.compute as pc

                first = pc.index(pc.is_null(column), True).as_py()
                raise KetenError(
                    f"column '{name}' is empty in {column.null_count:,} row(s); every event "
                    "of a chain log has one",
                    hint="stitch the chain log again with 'ketenmining stitch' (it rejects "
                    "such rows with a data-quality finding)",
                    where=Location(str(path), row=offset + first + 1, detail=f"column {name}"),
                )
        offset += group.num_rows


def is_chain_log(path: str | Path) -> bool:
    """True when ``path`` is a Parquet file with all canonical columns."""
    import pyarrow.parquet as pq

    try:
        names = set(pq.read_schema(path).names)
    except Exception:
        return False
    return set(CANONICAL_COLUMNS) <= names
