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

from ketenmining.i18n import Catalogue, tr

TEXTS: Catalogue = {
    "activity_map": {"nl": "Activiteitenkaart", "en": "Activity map"},
    "frequency": {"nl": "frequentie", "en": "frequency"},
    "performance": {"nl": "doorlooptijd", "en": "performance"},
    "org_map": {
        "nl": "Organisatiekaart: overdrachten tussen organisaties",
        "en": "Organisation map: handovers between organisations",
    },
    "swimlane_map": {
        "nl": "Zwembaankaart: activiteiten per organisatie",
        "en": "Swimlane map: activities per organisation",
    },
    "variants_title": {"nl": "Meest voorkomende routes", "en": "Most frequent routes"},
    "start": {"nl": "Start", "en": "Start"},
    "end": {"nl": "Einde", "en": "End"},
    "cases": {"nl": "zaken", "en": "cases"},
    "case": {"nl": "zaak", "en": "case"},
    "events": {"nl": "gebeurtenissen", "en": "events"},
    "times": {"nl": "{n}×", "en": "{n}×"},
    "summary": {
        "nl": "{cases} zaken · {traces} trajecten · {events} gebeurtenissen",
        "en": "{cases} cases · {traces} routes · {events} events",
    },
    "summary_no_events": {
        "nl": "{cases} zaken · {traces} trajecten · aantal gebeurtenissen afgeschermd (kleine aantallen)",
        "en": "{cases} cases · {traces} routes · number of events withheld (small counts)",
    },
    "coverage": {
        "nl": "{kept} meest voorkomende routes ({share} van de trajecten)",
        "en": "{kept} most frequent routes ({share} of routes)",
    },
    "suppressed": {
        "nl": "Privacy: alles wat minder dan {k} zaken betreft is weggelaten ({n} cellen)",
        "en": "Privacy: everything concerning fewer than {k} cases is left out ({n} cells)",
    },
    "suppressed_variants": {
        "nl": "Privacy: routes van minder dan {k} zaken zijn samengevoegd onder 'overige routes' ({n} routes)",
        "en": "Privacy: routes of fewer than {k} cases are merged into 'other routes' ({n} routes)",
    },
    "no_suppression": {
        "nl": "Let op: kleine aantallen niet afgeschermd (k=1), alleen voor intern gebruik",
        "en": "Note: small counts not suppressed (k=1), internal use only",
    },
    "edge_note_freq": {
        "nl": "Getal bij pijl: aantal zaken (×: aantal keer, als dat afwijkt) · dikte naar aantal zaken",
        "en": "Number on arrow: cases (×: times, when different) · thickness by cases",
    },
    "edge_note_perf": {
        "nl": "Bij pijl: mediane wachttijd · p90 (90% wacht korter) · kleur: grijs kort, rood lang · dikte naar aantal zaken",
        "en": "On arrow: median waiting time · p90 (90% wait less) · colour: grey short, red long · thickness by cases",
    },
    "swim_note": {
        "nl": "Getal bij pijl: aantal zaken · dikte naar aantal zaken · rode pijl: overdracht naar een andere organisatie",
        "en": "Number on arrow: cases · thickness by cases · red arrow: handover to another organisation",
    },
    "org_note": {
        "nl": "Pijl: overdracht met aantal zaken, wachttijd op de naad (mediaan / p90) en terugkeer A→B→A · lus: werk binnen de organisatie",
        "en": "Arrow: handover with cases, waiting time at the seam (median / p90) and return A→B→A · loop: work inside the organisation",
    },
    "median": {"nl": "mediaan", "en": "median"},
    "back": {"nl": "terug", "en": "back"},
    "inside": {"nl": "intern", "en": "inside"},
    "fewer_than": {"nl": "<{k}", "en": "<{k}"},
    "legend": {"nl": "Organisaties", "en": "Organisations"},
    "simplified": {
        "nl": "Getoond: {nodes} van {nodes_total} {what}, {edges} van {edges_total} paden "
        "({share} van de overgangen; --activities {activities} --paths {paths}; 1 = alles)",
        "en": "Shown: {nodes} of {nodes_total} {what}, {edges} of {edges_total} paths "
        "({share} of the transitions; --activities {activities} --paths {paths}; 1 = all)",
    },
    "fitted_a4": {
        "nl": "Ingekort tot wat op A4 leesbaar blijft (letters ≥ 8 pt); alle detail: --no-fit-a4",
        "en": "Cut to what stays legible on A4 (type ≥ 8 pt); all detail: --no-fit-a4",
    },
    "fitted_routes": {
        "nl": "De {n} meest gevolgde routes: zo veel als op A4 leesbaar past; "
        "de volledige lijst staat in variants.md en variants.csv",
        "en": "The {n} most followed routes: as many as fit legibly on A4; "
        "the full list is in variants.md and variants.csv",
    },
    "what_activities": {"nl": "activiteiten", "en": "activities"},
    "what_orgs": {"nl": "organisaties", "en": "organisations"},
    "duration": {"nl": "duur", "en": "takes"},
    "other_variants": {"nl": "overige routes", "en": "other routes"},
    "share": {"nl": "aandeel", "en": "share"},
    "route": {"nl": "route", "en": "route"},
    "rank": {"nl": "nr.", "en": "no."},
}

_UNITS = {
    "nl": {
        "s": "s",
        "min": "min",
        "h": "uur",
        "d": "dagen",
        "d1": "dag",
        "w": "weken",
        "w1": "week",
    },
    "en": {"s": "s", "min": "min", "h": "h", "d": "days", "d1": "day", "w": "weeks", "w1": "week"},
}


def fmt_int(n: int | None, lang: str) -> str:
    """``1234`` as ``1.234`` (nl) or ``1,234`` (en); ``None`` as a dash."""
    if n is None:
        return "–"
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang == "nl" else text


def fmt_num(x: float, lang: str, digits: int = 1) -> str:
    """A decimal number (rounded half up) with a decimal comma in Dutch."""
    from decimal import ROUND_HALF_UP, Decimal

    text = str(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    if text.endswith("." + "0" * digits):
        text = text[: -(digits + 1)]
    return text.replace(".", ",") if lang == "nl" else text


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
    u = _UNITS[lang]
    s = max(0.0, float(seconds))
    if s < 60:
        return f"{fmt_num(s, lang, 0)} {u['s']}"
    if s < 3600:
        return f"{fmt_num(s / 60, lang, 0)} {u['min']}"
    if s < 86400:
        return f"{fmt_num(s / 3600, lang)} {u['h']}"
    days = s / 86400
    if days < 21:
        return f"{fmt_num(days, lang)} {u['d1'] if round(days, 1) == 1 else u['d']}"
    weeks = days / 7
    return f"{fmt_num(weeks, lang)} {u['w1'] if round(weeks, 1) == 1 else u['w']}"


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
        return tr(TEXTS, key, self.lang, **values)


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
