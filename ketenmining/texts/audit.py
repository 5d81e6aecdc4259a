"""Texts of the audit area: message id (after "audit.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # from ketenmining/audit/maps.py (AUDIT_MAP_TEXTS)
    "map.cases": {"en": "clients", "nl": "cliënten"},
    "map.case": {"en": "client", "nl": "cliënt"},
    "map.summary": {
        "en": "{cases} clients · {traces} cases · {events} events",
        "nl": "{cases} cliënten · {traces} zaken · {events} gebeurtenissen",
    },
    "map.summary_no_events": {
        "en": "{cases} clients · {traces} cases · number of events withheld (small counts)",
        "nl": "{cases} cliënten · {traces} zaken · aantal gebeurtenissen afgeschermd (kleine aantallen)",
    },
    "map.suppressed": {
        "en": "Privacy: everything concerning fewer than {k} clients is left out ({n} cells)",
        "nl": "Privacy: alles wat minder dan {k} cliënten betreft is weggelaten ({n} cellen)",
    },
    "map.org_note": {
        "en": "Arrow: handover with clients, waiting time at the seam (median / p90) and return A→B→A · loop: work inside the organisation",
        "nl": "Pijl: overdracht met aantal cliënten, wachttijd op de naad (mediaan / p90) en terugkeer A→B→A · lus: werk binnen de organisatie",
    },
    # from ketenmining/audit/maps.py (TEXTS)
    "maps.skipped": {
        "en": "missing in {n} cases ({share})",
        "nl": "ontbreekt in {n} zaken ({share})",
    },
    "maps.wrong_org": {"en": "{n}× by another organisation", "nl": "{n}× door andere organisatie"},
    "maps.compliance": {
        "en": "{share} on time (norm {norm})",
        "nl": "{share} op tijd (norm {norm})",
    },
    "maps.handover": {
        "en": "{lost} never picked up, {late} late",
        "nl": "{lost} nooit opgepakt, {late} te laat",
    },
}
