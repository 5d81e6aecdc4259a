"""Texts of the privacy area: message id (after "privacy.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/privacy/apply.py (reject reasons)
    "reason.missing_id": {"en": "missing id", "nl": "id ontbreekt"},
    "reason.invalid_bsn": {
        "en": "invalid BSN (fails the elfproef or is not 9 digits)",
        "nl": "ongeldig BSN (voldoet niet aan de elfproef of heeft geen 9 cijfers)",
    },
    "reason.missing_timestamp": {"en": "missing timestamp", "nl": "tijdstip ontbreekt"},
}
