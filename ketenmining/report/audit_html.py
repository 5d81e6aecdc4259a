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
from ketenmining.report.audit_common import (
    cases_text,
    compliance_text,
    criterion_text,
    population_text,
    summary_counts,
    tx,
)
from ketenmining.report.audit_css import CSS
from ketenmining.report.audit_sections import (
    criteria_section,
    degree_section,
    e,
    facts_table,
    maps_section,
    method_section,
    provenance_section,
    sample_section,
    scope_section,
    signature_block,
)
from ketenmining.report.svg import trend_svg


def render_html(record: dict[str, Any], lang: str = "nl") -> str:
    """The whole report as one HTML document."""
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
        _cover(record, lang),
        _summary(record, lang),
        '<section class="newpage">',
        f"<h2>1. {e(tx('s.objectives', lang))}</h2><p>{e(record['objectives'][lang])}</p>",
        scope_section(record, lang, 2),
        criteria_section(record, lang, 3),
        "</section>",
        method_section(record, lang, 4),
        _findings(record, lang, 5),
        _conclusions(record, lang, 6),
        degree_section(record, lang, 7),
        _limitations(record, lang, 8),
        maps_section(record, lang, 9),
        sample_section(record, lang),
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


def _cover(record: dict[str, Any], lang: str) -> str:
    scope, crit, prov = record["scope"], record["criteria"], record["provenance"]
    period = scope["period"]
    pop = scope["population"]
    orgs = ", ".join(
        f"{o['code']} ({o['name']})" if o.get("name") else o["code"] for o in scope["organisations"]
    )
    facts = [
        (tx("criteria_short", lang), f"{crit['title']} — {crit['cite']}"),
        (tx("period", lang), f"{fmt.date(period['from'], lang)} – {fmt.date(period['to'], lang)}"),
        (tx("data_end", lang), fmt.end_date(period["data_end"], lang)),
        (tx("population", lang), population_text(pop, lang)),
        (tx("organisations", lang), orgs or "–"),
        (tx("auditor", lang), scope.get("auditor") or tx("not_given", lang)),
        (tx("client", lang), scope.get("client") or tx("not_given", lang)),
        (tx("report_date", lang), fmt.datetime_text(prov.get("created"), lang)),
    ]
    concl = record["conclusions"]
    return (
        f'<div class="banner">{e(record["confidentiality"]["text"][lang])}</div>'
        f'<div class="kicker">{e(tx("doc", lang))} · ISO 19011</div>'
        f"<h1>{e(record['title'][lang])}</h1>"
        f'<p class="subtitle">{e(crit["title"])}</p>'
        f"{facts_table(facts)}"
        f'<div class="verdict {e(concl["verdict"])}"><p><strong>{e(tx("verdict", lang))}:</strong> '
        f"{e(concl['text'][lang].split('. ')[0].rstrip('.'))}.</p></div>"
    )


def _summary(record: dict[str, Any], lang: str) -> str:
    findings = record["findings"]
    head = f"<h2>{e(tx('summary', lang))}</h2><p>{e(summary_counts(record, lang))}</p>"
    if not findings:
        return head + f"<p>{e(tx('no_findings', lang))}</p>"
    cols = ("col.nr", "col.class", "col.finding", "col.compliance", "col.cases")
    th = "".join(
        f'<th class="{"num" if c in ("col.compliance", "col.cases") else ""}">{e(tx(c, lang))}</th>'
        for c in cols
    )
    rows = []
    for f in findings:
        rows.append(
            f'<tr><td><a href="#{e(f["id"])}"><strong>{e(f["id"])}</strong></a></td>'
            f'<td><span class="badge {e(f["class"])}">{e(class_label(f["class"], lang))}</span></td>'
            f'<td><span class="crit">{e(criterion_text(f, lang))}</span><br>{e(f["title"][lang])}</td>'
            f'<td class="num">{_lines(compliance_text(f, lang, sep=chr(10)))}</td>'
            f'<td class="num">{e(cases_text(f, lang))}</td></tr>'
        )
    widths = "".join(f'<col style="width:{w}">' for w in ("10mm", "47mm", "auto", "30mm", "14mm"))
    return head + (
        f'<table class="summary"><colgroup>{widths}</colgroup><thead><tr>{th}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _lines(text: str) -> str:
    return "<br>".join(e(line) for line in text.split("\n"))


def _findings(record: dict[str, Any], lang: str, n: int) -> str:
    out = [f'<section class="newpage"><h2>{n}. {e(tx("s.findings", lang))}</h2>']
    if not record["findings"]:
        out.append(f"<p>{e(tx('no_findings', lang))}</p>")
    for f in record["findings"]:
        out.append(_finding(f, lang))
    out.append("</section>")
    return "".join(out)


def _finding(f: dict[str, Any], lang: str) -> str:
    st = f["statement"][lang]
    ev = f["evidence"]
    parts = [
        f'<article class="finding {e(f["class"])}" id="{e(f["id"])}">',
        f'<div><span class="fid">{e(f["id"])}</span>'
        f'<span class="badge {e(f["class"])}">{e(class_label(f["class"], lang))}</span></div>',
        f"<h3>{e(f['title'][lang])}</h3>",
        '<dl class="statement">',
        f"<dt>{e(tx('f.criterion', lang))}</dt><dd>{e(criterion_text(f, lang))}"
        + (f" — {e(f['criterion']['clause'])}" if f["criterion"]["clause"] else "")
        + "</dd>",
        f"<dt>{e(_part('requirement', lang))}</dt><dd>{e(st['requirement'])}</dd>",
        f"<dt>{e(_part('evidence', lang))}</dt><dd>{e(st['evidence'])}</dd>",
        f"<dt>{e(conclusion_label(f['class'], lang))}</dt><dd>{e(st['conclusion'])}</dd>",
        "</dl>",
    ]
    for r in ev["rules"]:
        chart = trend_svg(
            r["trend"], r["norm"], tx("f.trend", lang), lambda q: fmt.quarter(q, lang)
        )
        if chart:
            label = tx("f.trend", lang) + (f" {r['id']}" if len(ev["rules"]) > 1 else "")
            parts.append(f'<div class="meta"><span class="k">{e(label)}</span>')
            parts.append(f'<div class="trend">{chart}</div></div>')
    if f["sample"]:
        ids = "<br>".join(f"{e(s['case_id'])} · ep. {e(s['episode'])}" for s in f["sample"])
        parts.append(
            f'<div class="meta"><span class="k">{e(tx("f.sample", lang))}</span>'
            f'<span class="ids">{ids}</span></div>'
        )
    parts.append("</article>")
    return "".join(parts)


def _part(name: str, lang: str) -> str:
    from ketenmining.audit.texts import TEXTS
    from ketenmining.i18n import tr

    return tr(TEXTS, f"part.{name}", lang)


def _conclusions(record: dict[str, Any], lang: str, n: int) -> str:
    c = record["conclusions"]
    return (
        f'<section class="newpage"><h2>{n}. {e(tx("s.conclusions", lang))}</h2>'
        f'<div class="verdict {e(c["verdict"])}"><p>{e(c["text"][lang])}</p></div>'
        "</section>"
    )


def _limitations(record: dict[str, Any], lang: str, n: int) -> str:
    items = "".join(f"<li>{e(lim['text'][lang])}</li>" for lim in record["limitations"])
    return (
        f"<section><h2>{n}. {e(tx('s.limitations', lang))}</h2>"
        f"<p><strong>{e(record['sampling_statement'][lang])}</strong></p><ul>{items}</ul>"
        + signature_block(lang)
        + "</section>"
    )
