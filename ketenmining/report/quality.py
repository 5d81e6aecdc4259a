"""Render the data-quality record of a chain log as JSON or readable text (nl/en)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ketenmining.stitch.quality import finding_text
from ketenmining.texts import tr


def render_json(record: dict[str, Any], lang: str = "nl") -> str:
    """The record as pretty JSON."""
    return json.dumps(record, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def render_text(record: dict[str, Any], lang: str = "nl") -> str:
    """The record as readable text."""
    link = record["linkage"]
    lines = [
        tr("report.quality.title", lang, chain=record["chain"]),
        tr("report.quality.events", lang, events=record["events"], clients=link["clients"]),
        "",
        tr("report.quality.sources", lang),
    ]
    for s in record["sources"]:
        lines.append(
            tr(
                "report.quality.source_line",
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
                granularity=tr(f"report.quality.granularity.{s['granularity']}", lang),
            )
        )
    share = link["single_org_share"]
    lines += [
        "",
        tr(
            "report.quality.linkage",
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
                "report.quality.org_line",
                lang,
                org=org,
                clients=o["clients"],
                linked_share=f"{ls:.0%}" if ls is not None else "-",
            )
        )
    lines += ["", tr("report.quality.seams", lang)]
    if not record["seams"]:
        lines.append(tr("report.quality.none", lang))
    for s in record["seams"]:
        flag = tr("report.quality.suspected", lang) if s["suspected"] else ""
        lines.append(
            tr(
                "report.quality.seam_line",
                lang,
                org_a=s["org_a"],
                org_b=s["org_b"],
                pairs=s["pairs"],
                median=s["median_offset_min"],
                flag=flag,
            )
        )
    lines += ["", tr("report.quality.findings", lang)]
    if not record["findings"]:
        lines.append(tr("report.quality.none", lang))
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
