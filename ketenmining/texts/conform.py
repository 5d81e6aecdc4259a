"""Texts of the conform area: message id (after "conform.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/conform/route.py (warnings of route conformance)
    "too_many_states": {
        "en": "the model has more than {n} reachable states; aligning with pm4py's slower search",
        "nl": "het model heeft meer dan {n} bereikbare toestanden; uitlijnen met de tragere zoekmethode van pm4py",
    },
    "not_in_model": {
        "en": "{n} of {m} activities are not in the model: {shown}",
        "nl": "{n} van de {m} activiteiten staan niet in het model: {shown}",
    },
}
