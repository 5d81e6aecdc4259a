"""Number, date and label formatting shared by the audit statements and the renderers (nl/en)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ketenmining.i18n import local_number
from ketenmining.texts import tr


def pct(x: float | None, lang: str, digits: int | None = None) -> str:
    """0.843 → ``84,3%`` (nl) / ``84.3%`` (en); whole percentages without decimals; None → ``–``."""
    if x is None:
        return "–"
    value = x * 100
    if digits is None:
        digits = 0 if abs(value - round(value)) < 0.05 else 1
    text = f"{value:.{digits}f}"
    return local_number(text, lang) + "%"


def points(x: float | None, lang: str) -> str:
    """A difference of shares in percentage points: 0.06 → ``6`` (``6,5`` in nl for 0.065)."""
    if x is None:
        return "–"
    value = x * 100
    text = f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
    return local_number(text, lang)


def decimal(x: float | None, lang: str, digits: int = 3) -> str:
    """0.9431 → ``0,943`` (nl) / ``0.943`` (en); None → ``–``."""
    if x is None:
        return "–"
    return local_number(f"{x:.{digits}f}", lang)


def num(n: int | float | None, lang: str) -> str:
    """Thousands separated the local way: 12345 → ``12.345`` (nl) / ``12,345`` (en)."""
    if n is None:
        return "–"
    text = f"{n:,.1f}" if isinstance(n, float) and not n.is_integer() else f"{int(n):,}"
    return local_number(text, lang)


def quarter(q: str | None, lang: str) -> str:
    """``2024-Q1`` → ``2024-K1`` in Dutch (kwartaal); unchanged in English."""
    if not q:
        return "–"
    year, quarter_mark, n = q.partition("-Q")
    return tr("audit.quarter", lang, year=year, n=n) if quarter_mark else q


#: The time zone people read times in: the chain's (every chain so far is Dutch).
PEOPLE_TZ = "Europe/Amsterdam"


def local(moment: dt.datetime, tz: str = PEOPLE_TZ) -> dt.datetime:
    """An aware instant in the chain's time zone (naive ones are taken as UTC)."""
    from zoneinfo import ZoneInfo

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(tz))


def date(value: Any, lang: str) -> str:
    """An ISO date or datetime (text or object) as ``31 december 2024`` / ``31 December 2024``.

    An instant is shown as its date in the chain's time zone (not its UTC date).
    """
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = (local(value) if value.tzinfo is not None else value).date()
    month = tr("audit.months", lang).split()[value.month - 1]
    return f"{value.day} {month} {value.year}"


def end_date(value: Any, lang: str) -> str:
    """The last day an exclusive end instant covers: local midnight is the day before.

    The data end of a period ending on 31 December is 1 January 00:00 local
    time; people read "31 December".
    """
    if isinstance(value, str) and "T" in value:
        try:
            moment = local(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value
        if moment.time() == dt.time(0):
            return date(moment.date() - dt.timedelta(days=1), lang)
        return date(moment.date(), lang)
    return date(value, lang)


def datetime_text(value: str | None, lang: str) -> str:
    """An instant the way people read times: the chain's local time, ISO 8601 with its
    offset, to the minute (``2024-12-31T14:05+01:00``), in every language."""
    if not value:
        return "–"
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return local(moment).isoformat(timespec="minutes")


def counts(counter: dict[str, int], lang: str, limit: int = 6) -> str:
    """``{"VT": 12, "TT": 3}`` → ``VT (12), TT (3)``; the rest as ``+2 more`` / ``+2 andere``."""
    items = list(counter.items())
    text = ", ".join(f"{k} ({num(v, lang)})" for k, v in items[:limit])
    rest = len(items) - limit
    if rest > 0:
        text += ", " + tr("audit.more", lang, n=rest)
    return text or "–"
