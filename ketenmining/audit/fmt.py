"""Number, date and label formatting shared by the audit statements and the renderers (nl/en)."""

from __future__ import annotations

import datetime as dt
from typing import Any

_MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}


def pct(x: float | None, lang: str, digits: int | None = None) -> str:
    """0.843 → ``84,3%`` (nl) / ``84.3%`` (en); whole percentages without decimals; None → ``–``."""
    if x is None:
        return "–"
    value = x * 100
    if digits is None:
        digits = 0 if abs(value - round(value)) < 0.05 else 1
    text = f"{value:.{digits}f}"
    return (text.replace(".", ",") if lang == "nl" else text) + "%"


def points(x: float | None, lang: str) -> str:
    """A difference of shares in percentage points: 0.06 → ``6`` (``6,5`` in nl for 0.065)."""
    if x is None:
        return "–"
    value = x * 100
    text = f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


def decimal(x: float | None, lang: str, digits: int = 3) -> str:
    """0.9431 → ``0,943`` (nl) / ``0.943`` (en); None → ``–``."""
    if x is None:
        return "–"
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def num(n: int | float | None, lang: str) -> str:
    """Thousands separated the local way: 12345 → ``12.345`` (nl) / ``12,345`` (en)."""
    if n is None:
        return "–"
    text = f"{n:,.1f}" if isinstance(n, float) and not n.is_integer() else f"{int(n):,}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def quarter(q: str | None, lang: str) -> str:
    """``2024-Q1`` → ``2024-K1`` in Dutch (kwartaal); unchanged in English."""
    if not q:
        return "–"
    return q.replace("-Q", "-K") if lang == "nl" else q


def date(value: Any, lang: str) -> str:
    """An ISO date or datetime (text or object) as ``31 december 2024`` / ``31 December 2024``."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = value.date()
    month = _MONTHS[lang].split()[value.month - 1]
    return f"{value.day} {month} {value.year}"


def datetime_text(value: str | None, lang: str) -> str:
    """An ISO datetime as ``31 december 2024, 14:05 UTC``."""
    if not value:
        return "–"
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    zone = moment.tzname() or ""
    return f"{date(moment, lang)}, {moment:%H:%M} {zone}".strip()


def counts(counter: dict[str, int], lang: str, limit: int = 6) -> str:
    """``{"VT": 12, "TT": 3}`` → ``VT (12), TT (3)``; the rest as ``+2 more`` / ``+2 andere``."""
    items = list(counter.items())
    text = ", ".join(f"{k} ({num(v, lang)})" for k, v in items[:limit])
    rest = len(items) - limit
    if rest > 0:
        text += f", +{rest} " + ("andere" if lang == "nl" else "more")
    return text or "–"
