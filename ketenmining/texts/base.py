"""Texts of the base modules (idmask, timeunits, i18n helpers): id (after "base.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "value_not_shown": {
        "en": "text of {n} characters (not shown)",
        "nl": "tekst van {n} tekens (niet getoond)",
    },
    # ketenmining/timeunits.py (Duration.text)
    "unit.minutes.one": {"en": "{n} minute", "nl": "{n} minuut"},
    "unit.minutes.many": {"en": "{n} minutes", "nl": "{n} minuten"},
    "unit.hours.one": {"en": "{n} hour", "nl": "{n} uur"},
    "unit.hours.many": {"en": "{n} hours", "nl": "{n} uur"},
    "unit.days.one": {"en": "{n} day", "nl": "{n} dag"},
    "unit.days.many": {"en": "{n} days", "nl": "{n} dagen"},
    "unit.working_days.one": {"en": "{n} working day", "nl": "{n} werkdag"},
    "unit.working_days.many": {"en": "{n} working days", "nl": "{n} werkdagen"},
    "unit.weeks.one": {"en": "{n} week", "nl": "{n} week"},
    "unit.weeks.many": {"en": "{n} weeks", "nl": "{n} weken"},
    "unit.months.one": {"en": "{n} month", "nl": "{n} maand"},
    "unit.months.many": {"en": "{n} months", "nl": "{n} maanden"},
}
