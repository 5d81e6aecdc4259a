"""What people read on maps: step labels, organisation names, numbers and durations (nl/en).

Activity ids are shown with the protocol's step labels (``label`` in Dutch,
``label_en`` in English) when a protocol is known, and organisation codes with
their names from the chain config or the protocol. Numbers and durations are
written the Dutch way (``1.234``, ``3,5 dagen``) or the English way.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenmining.i18n import local_number
from ketenmining.texts import tr


def fmt_int(n: int | None, lang: str) -> str:
    """``1234`` as ``1.234`` (nl) or ``1,234`` (en); ``None`` as a dash."""
    if n is None:
        return "–"
    return local_number(f"{int(n):,}", lang)


def fmt_num(x: float, lang: str, digits: int = 1) -> str:
    """A decimal number (rounded half up) with a decimal comma in Dutch."""
    from decimal import ROUND_HALF_UP, Decimal

    text = str(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    if text.endswith("." + "0" * digits):
        text = text[: -(digits + 1)]
    return local_number(text, lang)


def fmt_share(part: float, whole: float, lang: str) -> str:
    """A percentage, e.g. ``12,5%``."""
    if not whole:
        return "–"
    pct = 100.0 * part / whole
    return fmt_num(pct, lang, 0 if pct >= 10 else 1) + "%"


def fmt_duration(seconds: float | None, lang: str) -> str:
    """A waiting time in the most readable unit: ``45 min``, ``3,5 uur``, ``2 dagen``, ``6 weken``."""
    if seconds is None:
        return "–"
    s = max(0.0, float(seconds))
    if s < 60:
        return tr("discover.unit.s", lang, n=fmt_num(s, lang, 0))
    if s < 3600:
        return tr("discover.unit.min", lang, n=fmt_num(s / 60, lang, 0))
    if s < 86400:
        return tr("discover.unit.h", lang, n=fmt_num(s / 3600, lang))
    days = s / 86400
    if days < 21:
        return tr(
            "discover.unit.d1" if round(days, 1) == 1 else "discover.unit.d",
            lang,
            n=fmt_num(days, lang),
        )
    weeks = days / 7
    return tr(
        "discover.unit.w1" if round(weeks, 1) == 1 else "discover.unit.w",
        lang,
        n=fmt_num(weeks, lang),
    )


def wrap(text: str, width: int = 20) -> list[str]:
    """Wrap a (long Dutch) label into lines of about ``width`` characters; words stay whole."""
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [
        text
    ]


@dataclass
class Labels:
    """Display names of activities and organisations in one language."""

    lang: str = "nl"
    steps: dict[str, dict[str, str]] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)

    def activity(self, activity: str) -> str:
        """The label of an activity id (the id itself when the protocol does not know it)."""
        entry = self.steps.get(activity)
        if not entry:
            return activity
        return entry.get(self.lang) or entry.get("nl") or activity

    def org(self, code: str) -> str:
        """The name of an organisation code (the code itself when unknown)."""
        return self.orgs.get(code, code)

    def text(self, key: str, **values: Any) -> str:
        """A fixed text of the maps in this language."""
        return tr(f"discover.{key}", self.lang, **values)


def _org_names(raw: Any) -> dict[str, str]:
    names: dict[str, str] = {}
    if isinstance(raw, dict):
        for code, value in raw.items():
            if isinstance(value, str):
                names[str(code)] = value
            elif isinstance(value, dict) and isinstance(value.get("name"), str):
                names[str(code)] = value["name"]
    return names


def read_protocol_labels(path: Path) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Step labels (per language) and organisation names from a protocol file."""
    from ketenmining.protocol import load_protocol

    protocol = load_protocol(path)
    steps = {sid: {"nl": s.label, "en": s.label_en or s.label} for sid, s in protocol.steps.items()}
    orgs = {code: org.name for code, org in protocol.organisations.items()}
    return steps, orgs


def load_labels(
    lang: str, protocol: Path | None = None, org_names: dict[str, str] | None = None
) -> Labels:
    """Labels in ``lang`` from a protocol file (optional) and organisation names (config first)."""
    steps: dict[str, dict[str, str]] = {}
    orgs: dict[str, str] = {}
    if protocol is not None:
        steps, orgs = read_protocol_labels(protocol)
    orgs.update(org_names or {})
    return Labels(lang, steps, orgs)
