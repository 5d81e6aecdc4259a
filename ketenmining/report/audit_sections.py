"""The body sections of the HTML audit report: scope, criteria, method, degree, maps, annexes."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from ketenmining.audit import fmt
from ketenmining.formats.svg import inline_svg, print_tiles
from ketenmining.report.audit_common import (
    DOCUMENT_HEADERS,
    cell,
    document_rows,
    population_text,
    reconciliation,
    rule_result,
    sampling_intro,
    sampling_majors,
    short_reason,
    small_cell_note,
    stratum_label,
    tx,
)

NUM = {"num"}


def e(value: Any) -> str:
    """HTML-escape any value (None → ``–``)."""
    return "–" if value is None else html.escape(str(value))


def table(
    headers: Iterable[tuple[str, bool]],
    rows: Iterable[Iterable[Any]],
    cls: str = "",
    widths: Iterable[str] = (),
) -> str:
    """A table; ``headers`` are (text, numeric) pairs; cells are escaped unless pre-rendered.

    A cell given as ``("html", markup)`` is inserted as it is; ``widths``
    (CSS lengths) fix the column widths.
    """
    headers = list(headers)
    cols = "".join(f'<col style="width:{w}">' for w in widths)
    colgroup = f"<colgroup>{cols}</colgroup>" if cols else ""
    th = "".join(f'<th class="{"num" if num else ""}">{e(h)}</th>' for h, num in headers)
    body = []
    for row in rows:
        cells = []
        for (_, num), value in zip(headers, row, strict=True):
            html_cell = isinstance(value, tuple) and value and value[0] == "html"
            content = value[1] if html_cell else e(value)
            cells.append(f'<td class="{"num" if num else ""}">{content}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="{cls}">{colgroup}<thead><tr>{th}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def facts_table(facts: Iterable[tuple[str, Any]]) -> str:
    """A two-column table of (label, value) facts; a value ``("html", markup)`` is kept as is."""
    rows = "".join(
        f"<tr><th>{e(k)}</th><td>{v[1] if isinstance(v, tuple) else e(v)}</td></tr>"
        for k, v in facts
    )
    return f'<table class="facts">{rows}</table>'


def scope_section(record: dict[str, Any], lang: str, n: int) -> str:
    """Scope: organisations, period, population."""
    scope = record["scope"]
    pop, period = scope["population"], scope["period"]
    facts = [
        (tx("organisations", lang), ", ".join(o["code"] for o in scope["organisations"]) or "–"),
        (tx("period", lang), f"{fmt.date(period['from'], lang)} – {fmt.date(period['to'], lang)}"),
        (tx("data_end", lang), fmt.end_date(period["data_end"], lang)),
        (
            tx("population", lang),
            population_text(pop, lang),
        ),
    ]
    orgs = table(
        [(tx("col.org", lang), False), (tx("col.name", lang), False)],
        [(o["code"], o.get("name")) for o in scope["organisations"]],
    )
    excl = scope.get("excluded") or []
    note = f"<p>{e(tx('scope.excluded', lang, orgs=', '.join(excl)))}</p>" if excl else ""
    return f"<h2>{n}. {e(tx('s.scope', lang))}</h2>{facts_table(facts)}{orgs}{note}"


def criteria_section(record: dict[str, Any], lang: str, n: int) -> str:
    """Criteria: protocol id@version, file hash, calendar, and the rules."""
    c = record["criteria"]
    facts = [
        (tx("h.protocol", lang), f"{c['title']} — {c['cite']}"),
        (tx("h.file_hash", lang), ("html", f"{e(c['file'])}<br><code>{e(c['sha256'])}</code>")),
        (tx("h.calendar", lang), c["calendar"]),
        (
            tx("h.document", lang),
            tx(
                "h.document_value",
                lang,
                cite=c["cite"],
                owner=c.get("owner") or tx("not_given", lang),
            ),
        ),
    ]
    rules = table(
        [
            (tx("col.rule", lang), False),
            (tx("col.text", lang), False),
            (tx("col.severity", lang), False),
            (tx("col.norm", lang), True),
        ],
        [
            (
                r["id"],
                ("html", f'{e(_text(r, lang))}<br><span class="muted">{e(r["clause"])}</span>'),
                tx(f"sev.{r['severity']}", lang),
                fmt.pct(r["norm"], lang),
            )
            for r in c["rules"]
        ],
    )
    docs = document_rows(record, lang)
    documents = f"<h3>{e(tx('h.documents', lang))}</h3><p>{e(tx('doc.intro', lang))}</p>" + (
        table([(tx(k, lang), False) for k in DOCUMENT_HEADERS], docs, cls="documents")
        if docs
        else f'<p class="bad">{e(tx("doc.none_given", lang))}</p>'
    )
    return (
        f"<h2>{n}. {e(tx('s.criteria', lang))}</h2>{facts_table(facts)}{documents}"
        f"<h3>{e(tx('h.rules', lang))}</h3>{rules}"
    )


def _text(r: dict[str, Any], lang: str) -> str:
    from ketenmining.i18n import localised

    return localised(r["text"], r.get("text_en"), lang)


def method_section(record: dict[str, Any], lang: str, n: int) -> str:
    """Method: sources with hashes, linkage, conformance, classification, sampling."""
    m, s = record["method"], record["settings"]
    out = [f'<section class="newpage"><h2>{n}. {e(tx("s.method", lang))}</h2>']
    out.append(f"<h3>{e(tx('h.sources', lang))}</h3>")
    if m["sources"]:
        out.append(
            table(
                [
                    (tx("col.source", lang), False),
                    (tx("col.org", lang), False),
                    (tx("col.file", lang), False),
                    (tx("col.rows", lang), True),
                    (tx("col.events", lang), True),
                    (tx("col.rejected", lang), True),
                    (tx("col.ignored", lang), True),
                    (tx("col.other", lang), True),
                    (tx("col.sha", lang), False),
                ],
                [
                    (
                        src["id"],
                        src["org"],
                        f"{src['file']} ({src['format']})",
                        fmt.num(src["rows_read"], lang),
                        fmt.num(src["events"], lang),
                        fmt.num(src["rejected"], lang),
                        fmt.num(src.get("ignored", 0), lang),
                        fmt.num(src.get("other", 0), lang),
                        ("html", f"<code>{e((src['sha256'] or '')[:10])}…</code>"),
                    )
                    for src in m["sources"]
                ],
                cls="sources",
            )
        )
    else:
        out.append(f"<p>{e(tx('no_sources', lang))}</p>")
    rec = reconciliation(record, lang)
    if rec:
        out.append(f"<h3>{e(tx('h.reconcile', lang))}</h3>")
        out.append(f"<p>{e(tx('reconcile_intro', lang))}</p>")
        out.append(table([(tx("col.count", lang), False), ("", True)], rec, cls="facts reconcile"))
    link = m.get("linkage")
    if link:
        out.append(f"<h3>{e(tx('h.linkage', lang))}</h3>")
        out.append(
            "<p>"
            + e(
                tx(
                    "linkage_text",
                    lang,
                    clients=fmt.num(link["clients"], lang),
                    single=fmt.num(link["single_org_clients"], lang),
                    share=fmt.pct(link["single_org_share"], lang),
                )
            )
            + "</p>"
        )
    conf = m["conformance"]
    out.append(f"<h3>{e(tx('h.conformance', lang))}</h3>")
    out.append(
        "<p>"
        + e(
            tx(
                "conformance_text",
                lang,
                variants=fmt.num(conf["variants"], lang),
                evaluator=conf["evaluator"],
            )
        )
        + "</p>"
    )
    out.append(f"<h3>{e(tx('h.classification', lang))}</h3>")
    out.append(
        "<p>"
        + e(
            tx(
                "classification_text",
                lang,
                escalate=fmt.points(s["escalate_gap"], lang),
                minors=s["minors_to_major"],
                drop=fmt.points(s["trend_drop"], lang),
                margin=fmt.points(s["margin"], lang),
                route=fmt.pct(s["route_share"], lang),
            )
        )
        + "</p>"
    )
    out.append(_sampling(m["sampling"], lang, record))
    out.append("</section>")
    return "".join(out)


def _sampling(sm: dict[str, Any], lang: str, record: dict[str, Any]) -> str:
    intro = sampling_intro(sm, lang)
    formula = "<br>".join(e(line) for line in sampling_majors(sm, lang))
    strata = table(
        [
            (tx("col.stratum", lang), False),
            (tx("col.population", lang), True),
            (tx("col.sample", lang), True),
        ],
        [
            (
                stratum_label(s["stratum"], lang),
                cell(s["population"], record, lang),
                fmt.num(s["sample"], lang),
            )
            for s in sm["strata"]
        ],
    )
    result = tx("sample_result", lang, total=sm["total"], strata=len(sm["strata"]))
    formula = f'<div class="formula">{formula}</div>' if formula else ""
    return (
        f"<h3>{e(tx('h.sampling', lang))}</h3><p>{e(intro)}</p>{formula}<p>{e(result)}</p>{strata}"
        f'<p class="muted">{e(small_cell_note(record, lang))}</p>'
    )


def degree_section(record: dict[str, Any], lang: str, n: int) -> str:
    """Degree of fulfilment: overall, per rule, per organisation, per seam."""
    d = record["degree"]
    o = d["overall"]
    overall = tx(
        "d.overall_text",
        lang,
        met=o["rules_met"],
        assessed=o["rules_assessed"],
        rules=o["rules"],
    )
    rules = table(
        [
            (tx("col.rule", lang), False),
            (tx("col.norm", lang), True),
            (tx("col.compliance", lang).split(" /")[0], True),
            (tx("col.judged", lang), True),
            (tx("col.violated", lang), True),
            (tx("col.pending", lang), True),
            (tx("col.result", lang), False),
            (tx("col.finding", lang), False),
        ],
        [
            (
                r["id"],
                fmt.pct(r["norm"], lang),
                fmt.pct(r["compliance"], lang),
                fmt.num(r["satisfied"] + r["violated"], lang),
                fmt.num(r["violated"], lang),
                fmt.num(r["pending"], lang),
                ("html", f'<span class="nowrap">{_result(r, lang)}</span>'),
                ", ".join(r.get("findings") or ([r["finding"]] if r["finding"] else [])),
            )
            for r in d["rules"]
        ],
    )
    orgs = table(
        [
            (tx("col.org", lang), False),
            (tx("col.cases", lang), True),
            (tx("col.owned", lang), False),
            (tx("col.judgements", lang), True),
            (tx("col.violated", lang), True),
            (tx("col.pending", lang), True),
            (tx("col.compliance", lang).split(" /")[0], True),
        ],
        [
            (
                r["org"],
                fmt.num(r["cases"], lang),
                ", ".join(r.get("rules_owned") or []) or "–",
                fmt.num(r["judgements"], lang),
                fmt.num(r["violated"], lang),
                fmt.num(r.get("pending", 0), lang),
                fmt.pct(r["compliance"], lang),
            )
            for r in d["per_org"]
        ],
    )
    seams = table(
        [(tx("col.seam", lang), False)]
        + [
            (tx(f"col.{k}", lang), True)
            for k in ("handovers", "lost", "late", "median", "ping_pong", "duplicates", "joint")
        ]
        + [(tx("col.compliance", lang).split(" /")[0], True)],
        [
            (
                r["seam"],
                cell(r["handovers"], record, lang),
                ("html", _bad(cell(r["lost"], record, lang), r["lost"] > 0)),
                cell(r["late"], record, lang),
                fmt.num(r["median_days"], lang),
                cell(r["ping_pong"], record, lang),
                cell(r["duplicates"], record, lang),
                cell(r["joint"], record, lang),
                fmt.pct(r["compliance"], lang),
            )
            for r in d["per_seam"]
        ],
    )
    return (
        f"<section><h2>{n}. {e(tx('s.degree', lang))}</h2>"
        f"<h3>{e(tx('d.overall', lang))}</h3><p>{e(overall)}</p>"
        f"<h3>{e(tx('d.rules', lang))}</h3>{rules}<h3>{e(tx('d.orgs', lang))}</h3>"
        f"<p>{e(tx('d.orgs_note', lang))}</p>{orgs}"
        f"<h3>{e(tx('d.seams', lang))}</h3>{seams}"
        f'<p class="muted">{e(small_cell_note(record, lang))}</p></section>'
    )


def _bad(text: str, bad: bool) -> str:
    return f'<span class="bad">{e(text)}</span>' if bad else e(text)


def _result(r: dict[str, Any], lang: str) -> str:
    return _bad(rule_result(r, lang), r["met"] is False)


def maps_section(record: dict[str, Any], lang: str, n: int) -> str:
    """The agreed route and the real chain side by side, on a landscape page."""
    figs = []
    for key in ("route", "real"):
        svg = inline_svg(record["maps"].get(key))
        inner = svg or f'<div class="placeholder">{e(tx("map.none", lang))}</div>'
        figs.append(f"<figure><figcaption>{e(tx(f'map.{key}', lang))}</figcaption>{inner}</figure>")
    return (
        f'<section class="newpage"><h2>{n}. {e(tx("s.maps", lang))}</h2>'
        f'<p>{e(tx("map.note", lang))}</p><div class="maps screen-only">{"".join(figs)}</div>'
        f"{_map_tiles(record, lang)}</section>"
    )


def _map_tiles(record: dict[str, Any], lang: str) -> str:
    """For print: each map in page-sized tiles in which every label is at least 8 pt."""
    out = []
    for key in ("route", "real"):
        orientation, tiles = print_tiles(inline_svg(record["maps"].get(key)))
        for i, svg in enumerate(tiles, start=1):
            caption = tx(f"map.{key}", lang)
            if len(tiles) > 1:
                caption += " — " + tx("map.part", lang, i=i, n=len(tiles))
            out.append(
                f'<figure class="tile {orientation}"><figcaption>{e(caption)}</figcaption>'
                f"{svg}</figure>"
            )
    return f'<div class="print-only">{"".join(out)}</div>' if out else ""


def sample_section(record: dict[str, Any], lang: str) -> str:
    """Annex A: the sample list the organisations act on (full pseudonyms)."""
    rows = table(
        [
            (tx("col.nr", lang), False),
            (tx("col.episode", lang), True),
            (tx("col.stratum", lang), False),
            (tx("col.variant", lang), True),
            (tx("col.reason", lang), False),
        ],
        [
            (
                r.get("label") or r["nr"],
                r["episode"],
                stratum_label(r["stratum"], lang)
                + (f" ({r['rule_id'].replace(';', ', ')})" if r["rule_id"] else ""),
                r["variant_id"],
                short_reason(r, lang),
            )
            for r in record["sample"]["rows"]
        ],
        cls="sample",
        widths=("8%", "6%", "44%", "8%", "34%"),
    )
    return (
        f'<section class="newpage"><h2>{e(tx("s.sample", lang))}</h2>'
        f"<p>{e(tx('sample_intro', lang))}</p>{rows}</section>"
    )


def provenance_section(record: dict[str, Any], lang: str) -> str:
    """Annex B: tool, command line, input hashes, calendar, time of run, settings."""
    p = record["provenance"]
    facts = [
        (tx("p.tool", lang), f"{p.get('tool', 'ketenmining')} {p.get('version', '')}".strip()),
        (tx("p.command", lang), ("html", f"<code>{e(' '.join(p.get('command') or []))}</code>")),
        (tx("p.created", lang), fmt.datetime_text(p.get("created"), lang)),
        (tx("p.calendar", lang), p.get("calendar") or record["criteria"]["calendar"]),
        (tx("p.schema", lang), record["schema"]),
    ]
    inputs = table(
        [
            (tx("col.role", lang), False),
            (tx("col.file", lang), False),
            (tx("col.sha", lang), False),
        ],
        [
            (i.get("role"), i.get("file"), ("html", f"<code>{e(i.get('sha256'))}</code>"))
            for i in p.get("inputs", [])
        ],
    )
    settings = table(
        [(tx("col.setting", lang), False), (tx("col.value", lang), False)],
        [(k, v) for k, v in record["settings"].items()],
    )
    return (
        f'<section class="newpage"><h2>{e(tx("s.provenance", lang))}</h2>'
        f"{facts_table(facts)}<h3>{e(tx('p.inputs', lang))}</h3>{inputs}"
        f"<h3>{e(tx('p.settings', lang))}</h3>{settings}</section>"
    )


def glossary_section(lang: str) -> str:
    """Annex: the terms of the report and what they mean."""
    from ketenmining.report.audit_common import glossary

    items = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in glossary(lang))
    return f'<section><h2>{e(tx("gloss", lang))}</h2><dl class="glossary">{items}</dl></section>'


def signature_block(lang: str) -> str:
    """Blank lines for the quality officer who approves the report."""
    rows = [
        (tx("sig.name", lang), ""),
        (tx("sig.role", lang), tx("sig.role_value", lang)),
        (tx("sig.date", lang), ""),
        (tx("sig.sign", lang), ""),
    ]
    body = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    return (
        f"<h3>{e(tx('s.signature', lang))}</h3><p>{e(tx('sig.intro', lang))}</p>"
        f'<table class="facts signature">{body}</table>'
    )
