"""The audit record as ONE self-contained HTML file that prints well on A4 (nl/en).

Inline CSS and SVG only: no scripts, fonts, images or links to fetch, so the
report opens without a network and can be archived as it is. Print layout:
A4 pages with the confidentiality marking and page numbers in the page
margins, page breaks before the main sections, tables whose rows never
split, and the maps and the sample list on landscape pages.
"""

from __future__ import annotations

from typing import Any

from ketenmining.audit import fmt
from ketenmining.audit.statements import class_label, conclusion_label
from ketenmining.formats.svg import trend_svg
from ketenmining.report.analyse_html import seam_chapter_html
from ketenmining.report.audit_common import (
    PROGRAMME_HEADERS,
    REVIEW_HEADERS,
    cases_text,
    criterion_text,
    key_messages,
    member_lines,
    owner_lines,
    programme_text,
    response_fields,
    review_intro,
    review_rows,
    rule_result,
    sample_labels,
    status_facts,
    summary_counts,
    trend_notes,
    tx,
    verdict_label,
)
from ketenmining.report.audit_css import CSS
from ketenmining.report.audit_sections import (
    _context,
    criteria_view,
    degree_view,
    glossary_view,
    maps_view,
    method_view,
    provenance_view,
    sample_view,
    scope_view,
    signature_view,
    table,
)
from ketenmining.report.html import css_string, environment, markup


def render_html(record: dict[str, Any], lang: str = "nl", seams: Any = None) -> str:
    """The whole report as one HTML document; with ``seams`` (an ``analyse`` report of the
    same log and protocol) its seam chapter follows the maps."""
    crit = record["criteria"]
    title = record["title"][lang]
    css = (
        CSS.replace("{header}", css_string(f"{title} · {crit['cite']}"))
        .replace("{confidential}", css_string(tx("confidential", lang)))
        .replace("{footer}", css_string(record["confidentiality"]["text"][lang]))
        .replace("{page}", css_string(tx("page", lang)))
        .replace("{of}", css_string(tx("of", lang)))
    )
    view = {
        "findings": _findings_view(record, lang),
        "review": _review_view(record, lang),
        "conclusions": _conclusions_view(record, lang),
        "programme": _programme_view(record, lang),
        "objectives": record["objectives"][lang],
        "scope": scope_view(record, lang),
        "criteria": criteria_view(record, lang),
        "method": method_view(record, lang),
        "degree": degree_view(record, lang),
        "limitations": {
            "statement": record["sampling_statement"][lang],
            "texts": [lim["text"][lang] for lim in record["limitations"]],
        },
        "maps": maps_view(record, lang),
        "signature": signature_view(lang),
        "sample": sample_view(record, lang),
        "glossary": glossary_view(lang),
        "provenance": provenance_view(record, lang),
    }
    template = environment(compact_escape=True).get_template("audit_report.html")
    return template.render(
        **_context(lang),
        title=title,
        # the style sheet is ours; the texts in it are CSS strings (css_string)
        css=markup(css),
        front=markup(front(record, lang)),
        seams=markup(seam_chapter_html(seams, lang, 11)) if seams is not None else None,
        v=view,
    )


def front(record: dict[str, Any], lang: str) -> str:
    """Identity and status, the management summary and the compliance per criterion (Jinja2)."""
    template = environment().get_template("audit_front.html")
    crit = record["criteria"]
    concl = record["conclusions"]
    owners_of = {r["id"]: ", ".join(r.get("owners") or []) for r in crit["rules"]}
    rules = [
        {
            "id": r["id"],
            "owners": owners_of.get(r["id"], ""),
            "norm": fmt.pct(r["norm"], lang),
            "compliance": fmt.pct(r["compliance"], lang),
            "judged": fmt.num(r["satisfied"] + r["violated"], lang),
            "violated": fmt.num(r["violated"], lang),
            "pending": fmt.num(r["pending"], lang),
            "result": rule_result(r, lang),
            "findings": ", ".join(r.get("findings") or []),
            "cls": "bad" if r["met"] is False else "",
        }
        for r in record["degree"]["rules"]
    ]
    findings = [
        {
            "id": f["id"],
            "cls": f["class"],
            "label": class_label(f["class"], lang),
            "provisional": f.get("provisional"),
            "criterion": criterion_text(f, lang),
            "title": f["title"][lang],
            "owners": ", ".join(f.get("owners") or []) or "–",
            "cases": cases_text(f, lang),
        }
        for f in record["findings"]
    ]
    t = {
        "mgmt": tx("mgmt", lang),
        "messages": tx("mgmt.messages", lang),
        "owners": tx("mgmt.owners", lang),
        "block": tx("st.block", lang),
        "compliance": tx("d.rules", lang),
        "findings": tx("summary", lang),
        "provisional": tx("f.provisional", lang),
        "col_owner": tx("col.owner", lang),
        "col_findings": tx("col.own_findings", lang),
        "col_term": tx("col.term", lang),
        "col_nr": tx("col.nr", lang),
        "col_class": tx("col.class", lang),
        "col_finding": tx("col.finding", lang),
        "col_cases": tx("col.cases", lang),
    }
    headers = [
        (tx("col.rule", lang), False),
        (tx("col.norm", lang), True),
        (tx("col.compliance", lang).split(" /")[0], True),
        (tx("col.judged", lang), True),
        (tx("col.violated", lang), True),
        (tx("col.pending", lang), True),
        (tx("col.result", lang), False),
    ]
    return template.render(
        confidential=record["confidentiality"]["text"][lang],
        doc=tx("doc", lang),
        state_label=tx(f"st.{(record.get('status') or {}).get('state', 'concept')}", lang).split(
            " –"
        )[0],
        title=record["title"][lang],
        protocol=f"{crit['title']} — {crit['cite']}",
        verdict=concl["verdict"],
        provisional=concl.get("provisional", True),
        verdict_label=verdict_label(record, lang),
        verdict_text=concl["text"][lang],
        messages=key_messages(record, lang),
        owners=owner_lines(record, lang),
        status=status_facts(record, lang),
        counts=summary_counts(record, lang),
        rule_headers=headers,
        rules=rules,
        findings=findings,
        t=t,
    )


def _findings_view(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """Section 1: how findings were grouped, and every finding."""
    overlap = fmt.pct(record["settings"].get("group_overlap", 0.8), lang)
    return {
        "grouping": tx("grouping_text", lang, overlap=overlap),
        "findings": [_finding_view(f, lang, record) for f in record["findings"]],
    }


def _finding_view(f: dict[str, Any], lang: str, record: dict[str, Any]) -> dict[str, Any]:
    """One finding: its statement, owners, grouped findings, trend charts, sample and response."""
    st = f["statement"][lang]
    ev = f["evidence"]
    meta = [(tx("col.owner", lang), ", ".join(f.get("owners") or []) or "–")]
    grouped = member_lines(f, lang)
    if grouped:
        meta.append((tx("f.grouped", lang), "; ".join(grouped)))
    trends = []
    for r in ev["rules"]:
        chart = trend_svg(
            r["trend"], r["norm"], tx("f.trend", lang), lambda q: fmt.quarter(q, lang)
        )
        if chart:
            trends.append(
                {
                    "label": tx("f.trend", lang) + (f" {r['id']}" if len(ev["rules"]) > 1 else ""),
                    # drawn by formats.svg from numbers, its texts escaped there
                    "chart": markup(chart),
                    "notes": trend_notes(r, record, lang),
                }
            )
    return {
        "id": f["id"],
        "cls": f["class"],
        "label": class_label(f["class"], lang),
        "provisional": bool(f.get("provisional")),
        "title": f["title"][lang],
        "criterion": criterion_text(f, lang),
        "clause": f["criterion"]["clause"],
        "statement": [
            (_part("requirement", lang), st["requirement"]),
            (_part("evidence", lang), st["evidence"]),
            (conclusion_label(f["class"], lang), st["conclusion"]),
        ],
        "meta": meta,
        "trends": trends,
        "sample": ", ".join(sample_labels(f, record)),
        "response": response_fields(f, record, lang) if f["class"] in ("major", "minor") else [],
    }


def _part(name: str, lang: str) -> str:
    from ketenmining.texts import tr

    return tr(f"audit.part.{name}", lang)


def _conclusions_view(record: dict[str, Any], lang: str) -> dict[str, Any]:
    c = record["conclusions"]
    return {"verdict": c["verdict"], "label": verdict_label(record, lang), "text": c["text"][lang]}


def _programme_view(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """Audit programme: periodicity, next audit and the previous audit's findings."""
    text, rows = programme_text(record, lang)
    return {
        "text": text,
        "table": table([(tx(h, lang), False) for h in PROGRAMME_HEADERS], rows) if rows else None,
    }


def _review_view(record: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """Resultaten dossieronderzoek: per finding the outcomes of the file review."""
    rev = record.get("review")
    if not rev:
        return None
    return {
        "intro": review_intro(rev, lang),
        "table": table(
            [(tx(h, lang), i not in (0, 6)) for i, h in enumerate(REVIEW_HEADERS)],
            review_rows(record, lang),
        ),
    }
