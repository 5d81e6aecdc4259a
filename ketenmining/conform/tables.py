"""Write the tables of a conformance result (cases, deviations, rules, seams) as files.

Every table of a :class:`~ketenmining.conform.result.ConformResult` goes
into one folder in one format (Parquet, CSV or JSON lines), atomically: the
evidence behind a report, per case, in pseudonyms only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

TABLES = ("cases", "deviations", "rules", "rule_summary", "rule_trend", "seams")

#: The defined row order of every table (empty values last); ``rule_summary`` keeps the
#: protocol's order of the rules.
TABLE_ORDER: dict[str, tuple[str, ...]] = {
    "cases": ("case_id", "episode"),
    "deviations": ("case_id", "episode", "position", "kind", "step", "org", "seam"),
    "rules": ("case_id", "episode", "rule_id"),
    "rule_trend": ("rule_id", "quarter"),
    "seams": ("from_org", "to_org"),
}


def ordered(name: str, table: Any) -> Any:
    """``table`` in the defined order of table ``name`` (stable; keys it lacks are skipped)."""
    keys = [k for k in TABLE_ORDER.get(name, ()) if k in table.column_names]
    if not keys or table.num_rows < 2 or _in_order(table, keys):
        return table
    return table.sort_by([(k, "ascending", "at_end") for k in keys])


def _in_order(table: Any, keys: list[str]) -> bool:
    """True when ``table`` is already in the order of ``keys`` (no nulls): no sorted copy needed.

    Compares each row with the next, key by key, in a few vectorised passes.
    """
    import pyarrow.compute as pc

    if any(table.column(k).null_count for k in keys):
        return False
    n = table.num_rows
    ok = same = None
    for k in keys:
        col = table.column(k)
        a, b = col.slice(0, n - 1), col.slice(1)
        less, equal = pc.less(a, b), pc.equal(a, b)
        if ok is None:
            ok, same = less, equal
        else:
            ok, same = pc.or_(ok, pc.and_(same, less)), pc.and_(same, equal)
    return bool(pc.all(pc.or_(ok, same)).as_py())


def _parquet(table: Any, path: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(table, path, compression="zstd")


def _csv(table: Any, path: Path) -> None:
    from ketenmining.safetext import write_arrow_csv

    write_arrow_csv(table, path)


def _json(table: Any, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in table.to_pylist():
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


WRITERS: dict[str, tuple[str, Callable[[Any, Path], None]]] = {
    "parquet": (".parquet", _parquet),
    "csv": (".csv", _csv),
    "json": (".jsonl", _json),
}


def write_tables(result: Any, folder: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write every table of ``result`` into ``folder`` as ``<table><suffix>``; return the paths."""
    from ketenmining.errors import KetenError
    from ketenmining.fsutil import atomic_dir

    if fmt not in WRITERS:
        raise KetenError(f"unknown table format '{fmt}'", hint="use " + ", ".join(WRITERS))
    suffix, write = WRITERS[fmt]
    out = Path(folder)
    with atomic_dir(out) as tmp:
        for name in TABLES:
            write(getattr(result, name), tmp / f"{name}{suffix}")
        (tmp / "fitness.json").write_text(
            json.dumps(result.fitness, indent=2, default=str) + "\n", encoding="utf-8"
        )
        (tmp / "run.json").write_text(
            json.dumps(run_record(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return [out / f"{name}{suffix}" for name in TABLES] + [out / "fitness.json", out / "run.json"]


def run_record(result: Any) -> dict[str, Any]:
    """What the tables were computed from: protocol, its hash, the data end, the time basis."""
    from ketenmining.version import __version__

    meta = result.meta or {}
    return {
        "tool": "ketenmining",
        "tool_version": __version__,
        "protocol": meta.get("protocol"),
        "protocol_sha256": meta.get("protocol_sha256"),
        "data_end": result.data_end,
        "times": "UTC (ISO 8601); reports show the chain's local time",
        "order": {name: list(keys) for name, keys in TABLE_ORDER.items()},
        "data_limited": meta.get("data_limited"),
    }
