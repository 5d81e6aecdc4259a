"""Small chain logs built in memory, and ways to damage them (for the hardening tests).

``good_table()`` is a valid chain log of a few cases of the example protocol;
``DAMAGE`` maps a name to a function that turns it (and its metadata) into a
broken one: wrong column types, nulls, damaged metadata.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROUTE = [
    ("HA", "melding_gedaan"),
    ("VT", "melding"),
    ("VT", "veiligheidsbeoordeling"),
    ("VT", "overdracht"),
    ("TT", "intake"),
]
META = {
    "kind": "chainlog",
    "chain": "test",
    "organisations": {"HA": "Huisarts", "VT": "Veilig Thuis", "TT": "Toegang"},
    "events": 0,
    "data_end": "2024-06-30T00:00:00+00:00",
    "sources": [{"id": "ha", "org": "HA", "file": "ha.csv", "sha256": "0" * 64}],
}


def good_table(cases: int = 24) -> Any:
    """A valid chain log (Arrow table) of ``cases`` cases along ``ROUTE``, with metadata."""
    import pyarrow as pa

    from ketenmining.chainlog import META_KEY, arrow_schema

    rows: dict[str, list[Any]] = {name: [] for name in arrow_schema().names}
    start = dt.datetime(2024, 1, 8, 9, tzinfo=dt.UTC)
    for c in range(cases):
        for i, (org, step) in enumerate(ROUTE):
            rows["case_id"].append(f"{c:064x}")
            rows["episode"].append(1)
            rows["org"].append(org)
            rows["activity"].append(step)
            rows["activity_raw"].append(step)
            rows["timestamp"].append(start + dt.timedelta(days=c % 5 + 2 * i, hours=i))
            rows["lifecycle"].append("complete")
            rows["source"].append(org.lower())
            rows["source_row"].append(len(rows["source_row"]) + 1)
    table = pa.table(rows, schema=arrow_schema())
    meta = dict(META, events=table.num_rows)
    return table.replace_schema_metadata({META_KEY: json.dumps(meta).encode("utf-8")})


def write(table: Any, path: Path) -> Path:
    """Write ``table`` as Parquet (metadata as it is) and return the path."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


def _set(table: Any, name: str, values: Any, typ: Any = None) -> Any:
    import pyarrow as pa

    i = table.schema.get_field_index(name)
    array = pa.array(values, typ) if typ is not None else pa.array(values)
    return table.set_column(i, pa.field(name, array.type), array)


def _with_null(name: str, row: int) -> Callable[[Any], Any]:
    def damage(table: Any) -> Any:
        values = table.column(name).to_pylist()
        values[row] = None
        return _set(table, name, values, table.schema.field(name).type)

    return damage


def _as_text(name: str) -> Callable[[Any], Any]:
    def damage(table: Any) -> Any:
        return _set(table, name, [str(v) for v in table.column(name).to_pylist()])

    return damage


def _meta(raw: bytes) -> Callable[[Any], Any]:
    from ketenmining.chainlog import META_KEY

    return lambda table: table.replace_schema_metadata({META_KEY: raw})


def _meta_field(key: str, value: Any) -> Callable[[Any], Any]:
    from ketenmining.chainlog import META_KEY

    def damage(table: Any) -> Any:
        meta = json.loads(table.schema.metadata[META_KEY])
        meta[key] = value
        return table.replace_schema_metadata({META_KEY: json.dumps(meta).encode("utf-8")})

    return damage


#: name → (damage, what the one-line error must name)
DAMAGE: dict[str, tuple[Callable[[Any], Any], tuple[str, ...]]] = {
    "string timestamps": (_as_text("timestamp"), ("column 'timestamp'", "timestamps")),
    "integer timestamps": (
        lambda t: _set(t, "timestamp", list(range(t.num_rows))),
        ("column 'timestamp'",),
    ),
    "text episodes": (_as_text("episode"), ("column 'episode'",)),
    "integer case ids": (
        lambda t: _set(t, "case_id", list(range(t.num_rows))),
        ("column 'case_id'",),
    ),
    "null activity": (_with_null("activity", 6), ("column 'activity'", "row 7")),
    "null timestamp": (_with_null("timestamp", 0), ("column 'timestamp'", "row 1")),
    "null case id": (_with_null("case_id", 3), ("column 'case_id'", "row 4")),
    "null organisation": (_with_null("org", 9), ("column 'org'", "row 10")),
    "null lifecycle": (_with_null("lifecycle", 2), ("column 'lifecycle'", "row 3")),
    "metadata not JSON": (_meta(b"{not json"), ("metadata", "JSON object")),
    "metadata a list": (_meta(b"[1, 2]"), ("metadata", "JSON object")),
    "metadata not UTF-8": (_meta(b"\xff\xfe\x00"), ("metadata", "JSON object")),
    "organisations a string": (
        _meta_field("organisations", "HA VT"),
        ("metadata", "'organisations'"),
    ),
    "sources a number": (_meta_field("sources", 5), ("metadata", "'sources'")),
    "data_end not a time": (_meta_field("data_end", "gisteren"), ("metadata", "'data_end'")),
    "period not dates": (_meta_field("period", {"from": 3}), ("metadata", "'period'")),
    "events a string": (_meta_field("events", "many"), ("metadata", "'events'")),
}
