"""Durations as people write them: ``5 working days``, ``10 weeks``, ``12 maanden``.

Used by the chain config (episode gap) and the protocol (rule windows). A
duration is an amount and a unit; units are minutes, hours, days, working
days, weeks and months, in English or Dutch. Working days and months are
calendar-dependent, so turning a duration into a deadline is the calendar's
job (:mod:`ketenmining.protocol.calendar`); here we only parse and print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Canonical unit names.
UNITS = ("minutes", "hours", "days", "working_days", "weeks", "months")

_ALIASES: dict[str, str] = {
    "minute": "minutes",
    "minutes": "minutes",
    "min": "minutes",
    "minuut": "minutes",
    "minuten": "minutes",
    "hour": "hours",
    "hours": "hours",
    "h": "hours",
    "uur": "hours",
    "uren": "hours",
    "day": "days",
    "days": "days",
    "d": "days",
    "dag": "days",
    "dagen": "days",
    "kalenderdag": "days",
    "kalenderdagen": "days",
    "working day": "working_days",
    "working days": "working_days",
    "working_days": "working_days",
    "workday": "working_days",
    "workdays": "working_days",
    "business days": "working_days",
    "werkdag": "working_days",
    "werkdagen": "working_days",
    "week": "weeks",
    "weeks": "weeks",
    "w": "weeks",
    "weken": "weeks",
    "month": "months",
    "months": "months",
    "maand": "months",
    "maanden": "months",
}

_PATTERN = re.compile(r"^\s*(\d+)\s*([a-zA-Z_ ]+?)\s*$")

#: The largest amount of each unit: 100 years. Longer windows or gaps mean nothing in a
#: chain whose cases last months, and they overflow date arithmetic (issue 13).
MAX_AMOUNT = {
    "minutes": 100 * 366 * 24 * 60,
    "hours": 100 * 366 * 24,
    "days": 100 * 366,
    "working_days": 100 * 262,
    "weeks": 100 * 53,
    "months": 100 * 12,
}

#: Fixed length in seconds of the units that have one.
SECONDS = {"minutes": 60, "hours": 3600, "days": 86400, "weeks": 7 * 86400}


@dataclass(frozen=True, order=True)
class Duration:
    """An amount of a unit, e.g. ``Duration(5, "working_days")``."""

    amount: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if self.amount < 0:
            raise ValueError("a duration cannot be negative")

    @property
    def fixed_seconds(self) -> int | None:
        """Length in seconds when the unit has a fixed length, else None."""
        per = SECONDS.get(self.unit)
        return None if per is None else per * self.amount

    def text(self, lang: str = "en") -> str:
        """Human text, e.g. ``5 working days`` or ``5 werkdagen``."""
        from ketenmining.texts import tr

        number = "one" if self.amount == 1 else "many"
        return tr(f"base.unit.{self.unit}.{number}", lang, n=self.amount)

    def __str__(self) -> str:
        return self.text("en")


def parse_duration(value: object) -> Duration:
    """Parse ``"5 working days"`` (or Dutch ``"5 werkdagen"``) into a Duration.

    Raises ValueError with a readable message when the text is not a duration.
    """
    if isinstance(value, Duration):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a duration like '5 working days', got {type(value).__name__}")
    m = _PATTERN.match(value)
    if not m:
        raise ValueError(f"'{value}' is not a duration like '5 working days' or '10 weeks'")
    amount, unit_text = int(m.group(1)), " ".join(m.group(2).lower().split())
    unit = _ALIASES.get(unit_text)
    if unit is None:
        raise ValueError(
            f"unknown time unit '{unit_text}'; use minutes, hours, days, working days, weeks or months"
        )
    if amount > MAX_AMOUNT[unit]:
        from ketenmining.texts import tr

        many = tr(f"base.unit.{unit}.many", "en", n=amount)
        limit = tr(f"base.unit.{unit}.many", "en", n=f"{MAX_AMOUNT[unit]:,}")
        raise ValueError(f"'{many}' is too long: the limit is {limit} (100 years)")
    return Duration(amount, unit)
