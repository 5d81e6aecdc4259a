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
    """The ketenmining provenance of a chain log, or ``{}`` if it has none."""
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
    return json.loads(raw) if raw else {}


def is_chain_log(path: str | Path) -> bool:
    """True when ``path`` is a Parquet file with all canonical columns."""
    import pyarrow.parquet as pq

    try:
        names = set(pq.read_schema(path).names)
    except Exception:
        return False
    return set(CANONICAL_COLUMNS) <= names
