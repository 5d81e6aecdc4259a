"""Render analyse tables (lists of dict rows): rich table, csv, json, markdown, one renderer each.

The small-cell suppression before rendering is the stage's (``analyse.small_cells``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any


def _cell(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1000 else f"{v:.0f}"
    return str(v)


def columns(rows: list[dict[str, Any]]) -> list[str]:
    """Every field of ``rows`` in first-seen order (records may differ in their extra fields)."""
    out: dict[str, None] = {}
    for r in rows:
        out.update(dict.fromkeys(r))
    return list(out)


def to_csv(title: str, rows: list[dict[str, Any]]) -> str:
    """CSV with a header row."""
    buf = io.StringIO()
    if rows:
        w = csv.DictWriter(buf, fieldnames=columns(rows), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return buf.getvalue()


def to_json(title: str, rows: list[dict[str, Any]]) -> str:
    """A JSON array of records."""
    return json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"


def tables_to_json(tables: list[tuple[str, list[dict[str, Any]]]]) -> str:
    """One JSON object holding each named table as an array of records (one valid document)."""
    return json.dumps(dict(tables), ensure_ascii=False, indent=2, default=str) + "\n"


def to_markdown(title: str, rows: list[dict[str, Any]]) -> str:
    """A Markdown table under a heading."""
    if not rows:
        return f"## {title}\n\n(–)\n"
    cols = columns(rows)
    lines = [f"## {title}", "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(_cell(r.get(c)) for c in cols) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def to_table(title: str, rows: list[dict[str, Any]]) -> str:
    """A rich table, as text."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    cols = columns(rows)
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(r.get(c)) for c in cols))
    console = Console(file=io.StringIO(), width=200, force_terminal=False)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


RENDERERS: dict[str, Callable[[str, list[dict[str, Any]]], str]] = {
    "table": to_table,
    "csv": to_csv,
    "json": to_json,
    "markdown": to_markdown,
}
EXTENSIONS = {"table": "txt", "csv": "csv", "json": "json", "markdown": "md"}
