"""Text from the data made inert for each output: CSV cells, Markdown, DOT, the terminal.

Activity and organisation names, attribute values and notes come from the
partners' exports and may hold anything: spreadsheet formulas (``=HYPERLINK…``),
HTML and ``javascript:`` links, ANSI escape sequences, BEL, CR or NUL. Every
writer passes such text through the one function here for its format, so a
value is shown as text and never acts as a formula, markup, a DOT statement or
a terminal command. (The HTML report escapes through Jinja2's autoescaping.)
"""

from __future__ import annotations

import re
from typing import Any

#: ANSI/VT escape sequences (CSI, OSC, and two-character ESC sequences): removed whole.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
#: Control characters other than tab and line feed: C0, DEL and C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Any control character, tab and line feed included (for one-line contexts).
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Characters XML 1.0 cannot hold at all, not even as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What a removed control character becomes: visible, so nothing silently merges.
REPLACEMENT = "\ufffd"
#: The first characters with which a spreadsheet starts a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def visible(text: str) -> str:
    """``text`` without ANSI sequences and control characters (tab and newline kept)."""
    if not text.isprintable():
        text = _CONTROL.sub(REPLACEMENT, _ANSI.sub("", text))
    return text


def one_line(text: str) -> str:
    """``text`` on one line: ANSI sequences removed, every control character (tab, CR and
    LF too) replaced, so a value can neither move the cursor nor start a new line."""
    if not text.isprintable():
        text = _ANY_CONTROL.sub(lambda m: " " if m.group() in "\t\n\r" else REPLACEMENT,
                                _ANSI.sub("", text))  # fmt: skip
    return text


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids (NUL, most C0 controls, lone
    surrogates) replaced, so an XML writer (lxml, XES, PNML, BPMN) accepts it."""
    return _NOT_XML.sub(REPLACEMENT, text)


def csv_cell(value: Any) -> Any:
    """A CSV/XLSX cell that a spreadsheet shows as text, never runs as a formula.

    Strings lose their control characters and, when they start with ``=``, ``+``,
    ``-``, ``@``, a tab or a CR, get a leading apostrophe (the convention every
    spreadsheet understands as "text"). Numbers and other values pass unchanged.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START):
        return "'" + one_line(value)
    return one_line(value)


def csv_row(values: Any) -> list[Any]:
    """Every cell of a row through :func:`csv_cell`."""
    return [csv_cell(v) for v in values]


def arrow_table(table: Any) -> Any:
    """A pyarrow table whose text columns went through :func:`csv_cell` (vectorised)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for field, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            column = pc.replace_substring_regex(column, r"[\x00-\x1f\x7f-\x9f]", " ")
            column = pc.replace_substring_regex(column, r"^([=+\-@])", r"'\1")
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


#: Characters that Markdown (CommonMark/GFM) would read as markup or raw HTML.
_MARKDOWN = re.compile(r"([\\`*<>\[\]|])")


def markdown(text: Any) -> str:
    """``text`` for a Markdown paragraph or table cell: shown literally, never as HTML,
    a link or emphasis; ``javascript:`` loses its colon's meaning; one line."""
    out = _MARKDOWN.sub(r"\\\1", one_line(str(text)).replace("&", "&amp;"))
    return re.sub(r"(?i)(javascript|vbscript|data)(:)", r"\1\\\2", out)


def dot_quoted(text: str) -> str:
    """``text`` for inside a DOT double-quoted string (an id or a plain label): quotes and
    backslashes escaped, control characters replaced, so no DOT statement can break out."""
    return one_line(text).replace("\\", "\\\\").replace('"', '\\"')


def html_label(text: str) -> str:
    """``text`` for a Graphviz HTML-like label: XML-escaped, without the control characters
    its XML parser refuses."""
    return (
        one_line(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


class CsvWriter:
    """A :func:`csv.writer` whose every cell goes through :func:`csv_cell`."""

    def __init__(self, out: Any, **options: Any) -> None:
        import csv

        self._writer = csv.writer(out, **options)

    def writerow(self, row: Any) -> None:
        """Write one row, its cells neutralised."""
        self._writer.writerow(csv_row(row))

    def writerows(self, rows: Any) -> None:
        """Write many rows, their cells neutralised."""
        for row in rows:
            self.writerow(row)


def write_arrow_csv(table: Any, path: Any) -> None:
    """Write a pyarrow table as CSV with every text cell neutralised (:func:`arrow_table`)."""
    import pyarrow.csv as pacsv

    pacsv.write_csv(arrow_table(table), path)
