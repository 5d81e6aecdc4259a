"""The terminal summary of findings and the ``--fail-on`` exit-code decision.

``summary_table`` gives a rich Table for a terminal, ``summary_text`` the same
as plain aligned text (for CI logs and pipes); ``fail_exit_code`` says
whether findings of the chosen class or worse exist (exit 1) or not (0).
"""

from __future__ import annotations

from typing import Any

from ketenmining.audit import fmt
from ketenmining.audit.finding import CLASSES
from ketenmining.audit.statements import class_label, short_class, source_label
from ketenmining.errors import ExitCode, KetenError

FAIL_ON = ("major", "minor", "never")
_STYLE = {"major": "bold red", "minor": "dark_orange", "observation": "blue", "ofi": "green"}
_HEAD = {
    "nl": ("Nr.", "Klasse", "Criterium", "Bevinding", "Naleving/norm", "Zaken"),
    "en": ("No.", "Class", "Criterion", "Finding", "Compliance/norm", "Cases"),
}
_TITLE = {"nl": "Bevindingen van de ketenaudit", "en": "Findings of the chain audit"}
_NONE = {"nl": "Geen bevindingen.", "en": "No findings."}


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


def summary_table(record: dict[str, Any], lang: str = "nl") -> Any:
    """The findings as a rich Table (colour per class)."""
    from rich.table import Table

    table = Table(title=_TITLE[lang], title_justify="left", show_lines=False)
    for i, head in enumerate(_HEAD[lang]):
        table.add_column(head, justify="right" if i in (4, 5) else "left", overflow="fold")
    for f, row in zip(record["findings"], _rows(record, lang), strict=True):
        table.add_row(*row, style=_STYLE.get(f["class"]))
    if not record["findings"]:
        table.caption = _NONE[lang]
    return table


def summary_text(record: dict[str, Any], lang: str = "nl", width: int = 120) -> str:
    """The findings as plain aligned text (no colours), for logs and pipes."""
    rows = [_HEAD[lang], *_rows(record, lang, short=True)]
    fixed = [max(len(r[i]) for r in rows) for i in range(6)]
    title_w = max(20, width - sum(fixed[i] for i in (0, 1, 2, 4, 5)) - 10)
    lines = [_TITLE[lang]]
    for r in rows:
        title = r[3] if len(r[3]) <= title_w else r[3][: title_w - 1] + "…"
        lines.append(
            f"{r[0]:<{fixed[0]}}  {r[1]:<{fixed[1]}}  {r[2]:<{fixed[2]}}  "
            f"{title:<{title_w}}  {r[4]:>{fixed[4]}}  {r[5]:>{fixed[5]}}".rstrip()
        )
    if not record["findings"]:
        lines.append(_NONE[lang])
    return "\n".join(lines) + "\n"


def fail_exit_code(record: dict[str, Any], fail_on: str) -> ExitCode:
    """``FINDINGS`` (1) when findings of class ``fail_on`` or worse exist, else ``OK`` (0)."""
    if fail_on not in FAIL_ON:
        raise KetenError(f"unknown --fail-on value '{fail_on}'", hint="use major, minor or never")
    if fail_on == "never":
        return ExitCode.OK
    worst = CLASSES[: CLASSES.index(fail_on) + 1]
    found = any(f["class"] in worst for f in record["findings"])
    return ExitCode.FINDINGS if found else ExitCode.OK


_CLASS_WORDS = {
    "major": {"nl": ("major tekortkoming", "major tekortkomingen"),
              "en": ("major nonconformity", "major nonconformities")},
    "minor": {"nl": ("minor tekortkoming", "minor tekortkomingen"),
              "en": ("minor nonconformity", "minor nonconformities")},
}  # fmt: skip


def fail_reason(record: dict[str, Any], fail_on: str, lang: str = "nl") -> str:
    """The one line that says why ``--fail-on`` failed: the findings of that class or worse."""
    worst = CLASSES[: CLASSES.index(fail_on) + 1]
    parts = []
    for cls in worst:
        found = [f for f in record["findings"] if f["class"] == cls]
        if not found:
            continue
        one, many = _CLASS_WORDS[cls][lang]
        cited = ", ".join(
            f"{f['id']}: {', '.join(f['criterion']['rules']) or source_label(f['source'], lang)}"
            for f in found
        )
        parts.append(f"{len(found)} {one if len(found) == 1 else many} ({cited})")
    head = "audit mislukt" if lang == "nl" else "audit failed"
    return f"{head}: {'; '.join(parts)} — --fail-on {fail_on}"
