"""Tables printed on stdout, as data rendered by a dict of renderers.

A command that prints a table builds a :class:`PrintedTable` and renders it
with :func:`render`: ``text`` (plain aligned columns at full width: nothing is
cut or wrapped, so a pipe, a CI log or a file gets every character), ``csv``,
``markdown`` or ``json``. ``auto`` is the rich table on a terminal and
``text`` everywhere else; the choice is the command's ``--summary-format``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ketenmining.safetext import csv_row, markdown, one_line

#: The values of ``--summary-format``.
TABLE_FORMATS = ("auto", "text", "csv", "markdown", "json")


@dataclass(frozen=True)
class PrintedTable:
    """A title, column heads, rows of text cells and which columns are right-aligned."""

    title: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    right: frozenset[int] = field(default_factory=frozenset)
    empty: str = ""


def _text(table: PrintedTable) -> str:
    rows = [tuple(one_line(c) for c in r) for r in (table.headers, *table.rows)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(table.headers))]
    lines = [table.title] if table.title else []
    for r in rows:
        cells = [
            f"{c:>{widths[i]}}" if i in table.right else f"{c:<{widths[i]}}"
            for i, c in enumerate(r)
        ]
        lines.append("  ".join(cells).rstrip())
    if not table.rows and table.empty:
        lines.append(table.empty)
    return "\n".join(lines) + "\n"


def _csv(table: PrintedTable) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(csv_row(table.headers))
    writer.writerows(csv_row(r) for r in table.rows)
    return buf.getvalue()


def _md_cell(text: str) -> str:
    return markdown(text)  # one line, escaped


def _markdown(table: PrintedTable) -> str:
    lines = [f"**{_md_cell(table.title)}**", ""] if table.title else []
    lines.append("| " + " | ".join(_md_cell(h) for h in table.headers) + " |")
    lines.append(
        "|"
        + "|".join("---:" if i in table.right else "---" for i in range(len(table.headers)))
        + "|"
    )
    for r in table.rows:
        lines.append("| " + " | ".join(_md_cell(c) for c in r) + " |")
    if not table.rows and table.empty:
        lines += ["", table.empty]
    return "\n".join(lines) + "\n"


def _json(table: PrintedTable) -> str:
    data = {
        "title": table.title,
        "rows": [dict(zip(table.headers, r, strict=True)) for r in table.rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


#: Renderer per format (``auto`` is resolved by :func:`resolve` first).
RENDERERS: dict[str, Callable[[PrintedTable], str]] = {
    "text": _text,
    "csv": _csv,
    "markdown": _markdown,
    "json": _json,
}


def resolve(fmt: str, terminal: bool) -> str:
    """``auto`` → ``rich`` on a terminal, ``text`` otherwise; any other format stays."""
    if fmt == "auto":
        return "rich" if terminal else "text"
    return fmt


def render(table: PrintedTable, fmt: str) -> str:
    """The table as text in ``fmt`` (one of :data:`RENDERERS`)."""
    return RENDERERS[fmt](table)


def render_many(tables: Sequence[PrintedTable], fmt: str) -> str:
    """Several tables in ``fmt``: one JSON array for ``json``, else one after another with a
    blank line between them."""
    if fmt == "json":
        return (
            json.dumps([json.loads(_json(t)) for t in tables], ensure_ascii=False, indent=2) + "\n"
        )
    return "\n".join(render(t, fmt) for t in tables)


def rich_table(table: PrintedTable, styles: Sequence[str | None] = ()) -> object:
    """The table as a rich Table for a terminal (long cells fold, never end in '…')."""
    from rich.table import Table
    from rich.text import Text

    out = Table(title=table.title or None, title_justify="left")
    for i, head in enumerate(table.headers):
        out.add_column(head, justify="right" if i in table.right else "left", overflow="fold")
    for i, row in enumerate(table.rows):
        out.add_row(*(Text(one_line(c)) for c in row), style=styles[i] if i < len(styles) else None)
    if not table.rows and table.empty:
        out.caption = table.empty
    return out
