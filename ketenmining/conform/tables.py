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


def _parquet(table: Any, path: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(table, path, compression="zstd")


def _csv(table: Any, path: Path) -> None:
    import pyarrow.csv as pacsv

    pacsv.write_csv(table, path)


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
    return [out / f"{name}{suffix}" for name in TABLES] + [out / "fitness.json"]
