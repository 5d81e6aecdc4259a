"""The terminal summary of the audit's findings, and the line that says why ``--fail-on`` failed.

``summary_table`` gives a rich Table for a terminal, ``summary_text`` the same
as plain aligned text at full width (for CI logs and pipes) or as CSV,
Markdown or JSON. The decision itself (exit 1 or 0) is the audit stage's:
``audit.fail_on.fail_exit_code``.
"""

from __future__ import annotations

from typing import Any

from ketenmining.audit import fmt
from ketenmining.audit.finding import CLASSES
from ketenmining.audit.statements import class_label, short_class, source_label
from ketenmining.texts import tr

CLASS_STYLE = {"major": "bold red", "minor": "dark_orange", "observation": "blue", "ofi": "green"}
_HEAD = ("no", "class", "criterion", "finding", "compliance", "cases")  # audit.summary.head.<name>


def _rows(record: dict[str, Any], lang: str, short: bool = False) -> list[tuple[str, ...]]:
    rows = []
    for f in record["findings"]:
        rules = f["evidence"]["rules"]
        comp = (
            f"{fmt.pct(rules[0]['compliance'], lang)}/{fmt.pct(rules[0]['norm'], lang)}"
            if len(rules) == 1
            else "–"
        )
        cases = fmt.num(f["evidence"]["cases"], lang) if f["source"] != "data" else "–"
        crit = ", ".join(f["criterion"]["rules"]) or source_label(f["source"], lang)
        label = short_class(f["class"], lang) if short else class_label(f["class"], lang)
        rows.append((f["id"], label, crit, f["title"][lang], comp, cases))
    return rows


def printed_table(record: dict[str, Any], lang: str = "nl", short: bool = False) -> Any:
    """The findings as a :class:`~ketenmining.tables.PrintedTable` (every cell at full length)."""
    from ketenmining.tables import PrintedTable

    return PrintedTable(
        title=tr("audit.summary.title", lang),
        headers=tuple(tr(f"audit.summary.head.{name}", lang) for name in _HEAD),
        rows=_rows(record, lang, short=short),
        right=frozenset({4, 5}),
        empty=tr("audit.summary.none", lang),
    )


def summary_table(record: dict[str, Any], lang: str = "nl") -> Any:
    """The findings as a rich Table (colour per class; long findings fold, never cut)."""
    from ketenmining.tables import rich_table

    styles = [CLASS_STYLE.get(f["class"]) for f in record["findings"]]
    return rich_table(printed_table(record, lang), styles)


def summary_text(record: dict[str, Any], lang: str = "nl", fmt: str = "text") -> str:
    """The findings as plain text (``text``: aligned, full width, nothing cut), or as
    ``csv``, ``markdown`` or ``json``; for logs, pipes and files."""
    from ketenmining.tables import render

    return render(printed_table(record, lang, short=fmt == "text"), fmt)


def fail_reason(record: dict[str, Any], fail_on: str, lang: str = "nl") -> str:
    """The one line that says why ``--fail-on`` failed: the findings of that class or worse."""
    worst = CLASSES[: CLASSES.index(fail_on) + 1]
    parts = []
    for cls in worst:
        found = [f for f in record["findings"] if f["class"] == cls]
        if not found:
            continue
        cited = ", ".join(
            f"{f['id']}: {', '.join(f['criterion']['rules']) or source_label(f['source'], lang)}"
            for f in found
        )
        number = "one" if len(found) == 1 else "many"
        words = tr(f"audit.summary.{cls}.{number}", lang, n=len(found))
        parts.append(f"{words} ({cited})")
    return tr("audit.summary.failed", lang, parts="; ".join(parts), fail_on=fail_on)
