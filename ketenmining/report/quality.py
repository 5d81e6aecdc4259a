"""Render the data-quality record of a chain log as JSON or readable text (nl/en)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ketenmining.i18n import Catalogue, tr
from ketenmining.stitch.quality import finding_text

TEXTS: Catalogue = {
    "title": {
        "nl": "Datakwaliteit van de ketenlog: {chain}",
        "en": "Data quality of the chain log: {chain}",
    },
    "events": {
        "nl": "{events} gebeurtenissen, {clients} cliënten",
        "en": "{events} events, {clients} clients",
    },
    "sources": {"nl": "Bronnen", "en": "Sources"},
    "source_line": {
        "nl": "  {id} ({org}, {format}): {rows_read} rijen gelezen, {events} gebeurtenissen, "
        "{rejected} apart gezet, {ignored} genegeerd; {first} t/m {last}; korrelgrootte {granularity}",
        "en": "  {id} ({org}, {format}): {rows_read} rows read, {events} events, "
        "{rejected} set aside, {ignored} ignored; {first} to {last}; granularity {granularity}",
    },
    "linkage": {
        "nl": "Koppeling: {single} van {clients} cliënten ({share}) komen bij één organisatie voor",
        "en": "Linkage: {single} of {clients} clients ({share}) appear at one organisation only",
    },
    "org_line": {
        "nl": "  {org}: {clients} cliënten, {linked_share} ook bij een andere organisatie",
        "en": "  {org}: {clients} clients, {linked_share} also seen at another organisation",
    },
    "seams": {
        "nl": "Tijdsverschil bij gezamenlijke activiteiten",
        "en": "Time offsets of joint activities",
    },
    "seam_line": {
        "nl": "  {org_a}–{org_b}: {pairs} paren, mediaan {median} min{flag}",
        "en": "  {org_a}–{org_b}: {pairs} pairs, median {median} min{flag}",
    },
    "suspected": {"nl": "  ← vermoedelijke klokafwijking", "en": "  ← suspected clock skew"},
    "findings": {"nl": "Bevindingen", "en": "Findings"},
    "granularity.day": {"nl": "dag", "en": "day"},
    "granularity.minute": {"nl": "minuut", "en": "minute"},
    "granularity.second": {"nl": "seconde", "en": "second"},
    "granularity.sub-second": {"nl": "fractie van een seconde", "en": "sub-second"},
    "granularity.None": {"nl": "-", "en": "-"},
    "none": {"nl": "  geen", "en": "  none"},
}


def render_json(record: dict[str, Any], lang: str = "nl") -> str:
    """The record as pretty JSON."""
    return json.dumps(record, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def render_text(record: dict[str, Any], lang: str = "nl") -> str:
    """The record as readable text."""
    link = record["linkage"]
    lines = [
        tr(TEXTS, "title", lang, chain=record["chain"]),
        tr(TEXTS, "events", lang, events=record["events"], clients=link["clients"]),
        "",
        tr(TEXTS, "sources", lang),
    ]
    for s in record["sources"]:
        lines.append(
            tr(
                TEXTS,
                "source_line",
                lang,
                id=s["id"],
                org=s["org"],
                format=s["format"],
                rows_read=s["rows_read"],
                events=s["events"],
                rejected=sum(s["rejected"].values()),
                ignored=s["ignored_rows"],
                first=(s["first"] or "-")[:10],
                last=(s["last"] or "-")[:10],
                granularity=tr(TEXTS, f"granularity.{s['granularity']}", lang),
            )
        )
    share = link["single_org_share"]
    lines += [
        "",
        tr(
            TEXTS,
            "linkage",
            lang,
            single=link["single_org_clients"],
            clients=link["clients"],
            share=f"{share:.0%}" if share is not None else "-",
        ),
    ]
    for org, o in link["per_org"].items():
        ls = o["linked_share"]
        lines.append(
            tr(
                TEXTS,
                "org_line",
                lang,
                org=org,
                clients=o["clients"],
                linked_share=f"{ls:.0%}" if ls is not None else "-",
            )
        )
    lines += ["", tr(TEXTS, "seams", lang)]
    if not record["seams"]:
        lines.append(tr(TEXTS, "none", lang))
    for s in record["seams"]:
        flag = tr(TEXTS, "suspected", lang) if s["suspected"] else ""
        lines.append(
            tr(
                TEXTS,
                "seam_line",
                lang,
                org_a=s["org_a"],
                org_b=s["org_b"],
                pairs=s["pairs"],
                median=s["median_offset_min"],
                flag=flag,
            )
        )
    lines += ["", tr(TEXTS, "findings", lang)]
    if not record["findings"]:
        lines.append(tr(TEXTS, "none", lang))
    for f in record["findings"]:
        data = f.get("data", {})
        lines.append(
            f"  [{f['code']}] {f['severity']}: {finding_text(f['code'], 'message', lang, data)}"
        )
        lines.append(f"      → {finding_text(f['code'], 'hint', lang, data)}")
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[dict[str, Any], str], str]] = {
    "json": render_json,
    "txt": render_text,
}
