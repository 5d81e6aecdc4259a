"""Texts of the base modules (idmask, timeunits, i18n helpers): id (after "base.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "value_not_shown": {
        "en": "text of {n} characters (not shown)",
        "nl": "tekst van {n} tekens (niet getoond)",
    },
}
