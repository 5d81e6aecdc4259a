"""Texts of the ingest stage (quick mode): id (after "ingest.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/ingest/quick.py (choice_line: the columns quick mode uses)
    "role.case": {"en": "case", "nl": "zaak"},
    "role.activity": {"en": "activity", "nl": "activiteit"},
    "role.timestamp": {"en": "timestamp", "nl": "tijdstip"},
    "role.lifecycle": {"en": "lifecycle", "nl": "levenscyclus"},
    "role.org": {"en": "organisation", "nl": "organisatie"},
    "quick.by_content": {"en": " (by content)", "nl": " (op inhoud)"},
    "quick.format_detected": {"en": "format detected: {fmt}", "nl": "formaat herkend: {fmt}"},
    "quick.format": {"en": "format: {fmt}", "nl": "formaat: {fmt}"},
    "quick.no_org": {"en": "{role}: no column ({org})", "nl": "{role}: geen kolom ({org})"},
    "quick.override": {"en": "; override with {options}", "nl": "; anders opgeven met {options}"},
    "quick.line": {"en": "quick mode: {parts}{tail}", "nl": "snelle modus: {parts}{tail}"},
}
