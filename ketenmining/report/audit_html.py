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
    criteria_section,
    degree_section,
    e,
    glossary_section,
    maps_section,
    method_section,
    provenance_section,
    sample_section,
    scope_section,
    signature_block,
    table,
)


def render_html(record: dict[str, Any], lang: str = "nl", seams: Any = None) -> str:
    """The whole report as one HTML document; with ``seams`` (an ``analyse`` report of the
    same log and protocol) its seam chapter follows the maps."""
    crit = record["criteria"]
    title = record["title"][lang]
    css = (
        CSS.replace("{header}", _css_str(f"{title} · {crit['cite']}"))
        .replace("{confidential}", _css_str(tx("confidential", lang)))
        .replace("{footer}", _css_str(record["confidentiality"]["text"][lang]))
        .replace("{page}", _css_str(tx("page", lang)))
        .replace("{of}", _css_str(tx("of", lang)))
    )
    body = [
        front(record, lang),
        _findings(record, lang, 1),
        _review(record, lang, 2),
        _conclusions(record, lang, 3),
        _programme(record, lang),
        '<section class="newpage">',
        f"<h2>4. {e(tx('s.objectives', lang))}</h2><p>{e(record['objectives'][lang])}</p>",
        scope_section(record, lang, 5),
        criteria_section(record, lang, 6),
        "</section>",
        method_section(record, lang, 7),
        degree_section(record, lang, 8),
        _limitations(record, lang, 9),
        maps_section(record, lang, 10),
        *([seam_chapter_html(seams, lang, 11)] if seams is not None else []),
        f'<section class="sigpage">{signature_block(lang)}</section>',
        sample_section(record, lang),
        glossary_section(lang),
        provenance_section(record, lang),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{e(title)} – {e(tx('confidential', lang))}</title>\n"
        f"<style>{css}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _css_str(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def front(record: dict[str, Any], lang: str) -> str:
    """Identity and status, the management summary and the compliance per criterion (Jinja2)."""
    from importlib.resources import files

    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(
        files("ketenmining.report").joinpath("audit_front.html").read_text("utf-8")
    )
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


def _lines(text: str) -> str:
    return "<br>".join(e(line) for line in text.split("\n"))


def _findings(record: dict[str, Any], lang: str, n: int) -> str:
    out = [f'<section class="newpage"><h2>{n}. {e(tx("s.findings", lang))}</h2>']
    out.append(
        f"<p>{e(tx('grouping_text', lang, overlap=fmt.pct(record['settings'].get('group_overlap', 0.8), lang)))}</p>"
    )
    if not record["findings"]:
        out.append(f"<p>{e(tx('no_findings', lang))}</p>")
    for f in record["findings"]:
        out.append(_finding(f, lang, record))
    out.append("</section>")
    return "".join(out)


def _finding(f: dict[str, Any], lang: str, record: dict[str, Any]) -> str:
    st = f["statement"][lang]
    ev = f["evidence"]
    parts = [
        f'<article class="finding {e(f["class"])}" id="{e(f["id"])}">',
        f'<div class="fhead"><div><span class="fid">{e(f["id"])}</span>'
        f'<span class="badge {e(f["class"])}">{e(class_label(f["class"], lang))}</span>'
        + (
            f' <span class="badge provisional">{e(tx("f.provisional", lang))}</span>'
            if f.get("provisional")
            else ""
        )
        + "</div>",
        f"<h3>{e(f['title'][lang])}</h3>",
        # the header stays on the page of the criterion and the requirement
        '<dl class="statement">',
        f"<dt>{e(tx('f.criterion', lang))}</dt><dd>{e(criterion_text(f, lang))}"
        + (f" — {e(f['criterion']['clause'])}" if f["criterion"]["clause"] else "")
        + "</dd></dl></div>",
        '<dl class="statement">',
        f"<dt>{e(_part('requirement', lang))}</dt><dd>{e(st['requirement'])}</dd>",
        f"<dt>{e(_part('evidence', lang))}</dt><dd>{e(st['evidence'])}</dd>",
        f"<dt>{e(conclusion_label(f['class'], lang))}</dt><dd>{e(st['conclusion'])}</dd>",
        "</dl>",
    ]
    meta = [(tx("col.owner", lang), ", ".join(f.get("owners") or []) or "–")]
    grouped = member_lines(f, lang)
    if grouped:
        meta.append((tx("f.grouped", lang), "; ".join(grouped)))
    for k, v in meta:
        parts.append(f'<div class="meta"><span class="k">{e(k)}</span><span>{e(v)}</span></div>')
    for r in ev["rules"]:
        chart = trend_svg(
            r["trend"], r["norm"], tx("f.trend", lang), lambda q: fmt.quarter(q, lang)
        )
        if chart:
            label = tx("f.trend", lang) + (f" {r['id']}" if len(ev["rules"]) > 1 else "")
            notes = "".join(f'<p class="notes">{e(n)}</p>' for n in trend_notes(r, record, lang))
            parts.append(f'<div class="meta"><span class="k">{e(label)}</span>')
            parts.append(f'<div class="trend">{chart}{notes}</div></div>')
    labels = sample_labels(f, record)
    if labels:
        parts.append(
            f'<div class="meta"><span class="k">{e(tx("f.sample", lang))}</span>'
            f"<span>{e(', '.join(labels))}</span></div>"
        )
    if f["class"] in ("major", "minor"):
        rows = "".join(
            f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in response_fields(f, record, lang)
        )
        parts.append(
            f'<h4>{e(tx("resp.head", lang))}</h4><table class="facts response">{rows}</table>'
        )
    parts.append("</article>")
    return "".join(parts)


def _part(name: str, lang: str) -> str:
    from ketenmining.texts import tr

    return tr(f"audit.part.{name}", lang)


def _conclusions(record: dict[str, Any], lang: str, n: int) -> str:
    c = record["conclusions"]
    return (
        f"<section><h2>{n}. {e(tx('s.conclusions', lang))}</h2>"
        f'<div class="verdict {e(c["verdict"])}"><p><strong>{e(verdict_label(record, lang))}:'
        f"</strong> {e(c['text'][lang])}</p></div></section>"
    )


def _programme(record: dict[str, Any], lang: str) -> str:
    """Audit programme: periodicity, next audit and the previous audit's findings."""
    text, rows = programme_text(record, lang)
    head = f"<section><h3>{e(tx('s.programme', lang))}</h3><p>{e(text)}</p>"
    if rows:
        head += table([(tx(h, lang), False) for h in PROGRAMME_HEADERS], rows)
    return head + "</section>"


def _review(record: dict[str, Any], lang: str, n: int) -> str:
    """Resultaten dossieronderzoek: per finding the outcomes of the file review."""
    rev = record.get("review")
    head = f"<section><h2>{n}. {e(tx('s.review', lang))}</h2>"
    if not rev:
        return head + f"<p>{e(tx('rev.none', lang))}</p></section>"
    intro = review_intro(rev, lang)
    rows = table(
        [(tx(h, lang), i not in (0, 6)) for i, h in enumerate(REVIEW_HEADERS)],
        review_rows(record, lang),
    )
    return head + f"<p>{e(intro)}</p>{rows}</section>"


def _limitations(record: dict[str, Any], lang: str, n: int) -> str:
    items = "".join(f"<li>{e(lim['text'][lang])}</li>" for lim in record["limitations"])
    return (
        f"<section><h2>{n}. {e(tx('s.limitations', lang))}</h2>"
        f"<p><strong>{e(record['sampling_statement'][lang])}</strong></p><ul>{items}</ul>"
        "</section>"
    )
