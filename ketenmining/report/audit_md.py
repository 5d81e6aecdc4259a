"""The audit record as Markdown (GitHub-flavoured tables), in Dutch or English.

The same structure as the HTML report, for wikis, merge requests and plain
reading; maps are not embedded (they are in the HTML report).
"""

from __future__ import annotations

from typing import Any

from ketenmining.audit import fmt
from ketenmining.audit.statements import class_label, conclusion_label
from ketenmining.i18n import localised
from ketenmining.report.analyse_md import seam_chapter_markdown
from ketenmining.report.audit_common import (
    DOCUMENT_HEADERS,
    PROGRAMME_HEADERS,
    REVIEW_HEADERS,
    cases_text,
    cell,
    criterion_text,
    document_rows,
    glossary,
    key_messages,
    member_lines,
    method_texts,
    owner_lines,
    population_text,
    programme_text,
    reconciliation,
    response_fields,
    review_intro,
    review_rows,
    rule_result,
    sample_labels,
    sampling_intro,
    sampling_majors,
    short_reason,
    small_cell_note,
    status_facts,
    stratum_label,
    summary_counts,
    trend_notes,
    tx,
    verdict_label,
)
from ketenmining.safetext import markdown
from ketenmining.texts import tr


def _cell(value: Any) -> str:
    return "–" if value is None else markdown(value)


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def render_markdown(record: dict[str, Any], lang: str = "nl", seams: Any = None) -> str:
    """The whole report as Markdown: the same sections and content as the HTML report
    (with ``seams``, an ``analyse`` report, the seam chapter after the maps)."""
    scope, crit = record["scope"], record["criteria"]
    period, pop = scope["period"], scope["population"]
    conf = record["confidentiality"]["text"][lang]
    st = record.get("status") or {}
    out = [
        f"> **{tx('confidential', lang)}** — {conf}\n",
        f"# {record['title'][lang]}\n",
        f"{crit['title']} — `{crit['cite']}` · {tx('st.' + st.get('state', 'concept'), lang)}\n",
        f"## {tx('mgmt', lang)}\n",
        f"**{verdict_label(record, lang)}:** {record['conclusions']['text'][lang]}\n",
        f"### {tx('mgmt.messages', lang)}\n",
        "\n".join(f"{i}. {m}" for i, m in enumerate(key_messages(record, lang), start=1)) + "\n",
        f"### {tx('mgmt.owners', lang)}\n",
        _table(
            [tx("col.owner", lang), tx("col.own_findings", lang), tx("col.term", lang)],
            [list(r) for r in owner_lines(record, lang)],
        ),
        f"### {tx('st.block', lang)}\n",
        "\n".join(f"- **{k}:** {v}" for k, v in status_facts(record, lang)) + "\n",
        f"## {tx('d.rules', lang)}\n",
        summary_counts(record, lang) + "\n",
        _rules_table(record, lang),
        f"### {tx('summary', lang)}\n",
    ]
    if record["findings"]:
        out.append(
            _table(
                [tx(k, lang) for k in ("col.nr", "col.class", "col.criterion", "col.finding")]
                + [tx("col.owner", lang), tx("col.cases", lang)],
                [
                    [
                        f["id"],
                        class_label(f["class"], lang)
                        + (f" · {tx('f.provisional', lang)}" if f.get("provisional") else ""),
                        criterion_text(f, lang),
                        f["title"][lang],
                        ", ".join(f.get("owners") or []) or "–",
                        cases_text(f, lang),
                    ]
                    for f in record["findings"]
                ],
            )
        )
    overlap = fmt.pct(record["settings"].get("group_overlap", 0.8), lang)
    out += [f"## 1. {tx('s.findings', lang)}\n", tx("grouping_text", lang, overlap=overlap) + "\n"]
    out += [_finding(f, lang, record) for f in record["findings"]] or [
        tx("no_findings", lang) + "\n"
    ]
    out.append(_review(record, lang))
    out += [
        f"## 3. {tx('s.conclusions', lang)}\n",
        f"**{verdict_label(record, lang)}:** {record['conclusions']['text'][lang]}\n",
        _programme(record, lang),
        f"## 4. {tx('s.objectives', lang)}\n",
        record["objectives"][lang] + "\n",
        f"## 5. {tx('s.scope', lang)}\n",
        f"- **{tx('organisations', lang)}:** "
        + ", ".join(
            f"{o['code']} ({o['name']})" if o.get("name") else o["code"]
            for o in scope["organisations"]
        ),
        f"- **{tx('period', lang)}:** {fmt.date(period['from'], lang)} – "
        f"{fmt.date(period['to'], lang)}; {tx('data_end', lang).lower()} "
        f"{fmt.end_date(period['data_end'], lang)}",
        f"- **{tx('population', lang)}:** " + population_text(pop, lang) + "\n",
        (
            tx("scope.excluded", lang, orgs=", ".join(scope["excluded"])) + "\n"
            if scope.get("excluded")
            else ""
        ),
        f"## 6. {tx('s.criteria', lang)}\n",
        f"- **{tx('h.protocol', lang)}:** {crit['title']} — `{crit['cite']}`",
        f"- **{tx('h.file_hash', lang)}:** `{crit['file']}` `{crit['sha256']}`",
        f"- **{tx('h.calendar', lang)}:** {crit['calendar']}",
        f"- **{tx('h.document', lang)}:** "
        + tx(
            "h.document_value",
            lang,
            cite=crit["cite"],
            owner=crit.get("owner") or tx("not_given", lang),
        )
        + "\n",
        f"### {tx('h.documents', lang)}\n",
        tx("doc.intro", lang) + "\n",
        (
            _table([tx(k, lang) for k in DOCUMENT_HEADERS], document_rows(record, lang))
            if document_rows(record, lang)
            else tx("doc.none_given", lang) + "\n"
        ),
        f"### {tx('h.rules', lang)}\n",
        _table(
            [
                tx("col.rule", lang),
                tx("col.text", lang),
                tx("col.owner", lang),
                tx("col.severity", lang),
                tx("col.norm", lang),
            ],
            [
                [
                    r["id"],
                    f"{localised(r['text'], r.get('text_en'), lang)} ({r['clause']})",
                    ", ".join(r.get("owners") or []) or "–",
                    tx(f"sev.{r['severity']}", lang),
                    fmt.pct(r["norm"], lang),
                ]
                for r in crit["rules"]
            ],
        ),
        _method(record, lang),
        _degree(record, lang),
        f"## 9. {tx('s.limitations', lang)}\n",
        f"**{record['sampling_statement'][lang]}**\n",
        "\n".join(f"- {lim['text'][lang]}" for lim in record["limitations"]) + "\n",
        f"## 10. {tx('s.maps', lang)}\n",
        tx("map.note", lang) + "\n",
        "\n".join(
            f"- {tx(f'map.{k}', lang)}: "
            + (tx("map.in_html", lang) if record["maps"].get(k) else tx("map.none", lang))
            for k in ("route", "real")
        )
        + "\n",
        *([seam_chapter_markdown(seams, lang, 11)] if seams is not None else []),
        f"## {tx('s.signature', lang)}\n",
        tx("sig.intro", lang) + "\n",
        "\n".join(
            f"- **{tx(k, lang)}:** {v}"
            for k, v in (
                ("sig.name", ""),
                ("sig.role", tx("sig.role_value", lang)),
                ("sig.date", ""),
                ("sig.sign", ""),
            )
        )
        + "\n",
        f"## {tx('s.sample', lang)}\n",
        tx("sample_intro", lang) + "\n",
        _table(
            [tx(k, lang) for k in ("col.nr", "col.episode", "col.stratum", "col.rule")]
            + [tx("col.variant", lang), tx("col.reason", lang)],
            [
                [
                    r.get("label") or r["nr"],
                    r["episode"],
                    stratum_label(r["stratum"], lang),
                    r["rule_id"].replace(";", ", "),
                    r["variant_id"],
                    short_reason(r, lang),
                ]
                for r in record["sample"]["rows"]
            ],
        ),
        f"## {tx('gloss', lang)}\n",
        "\n".join(f"- **{k}:** {v}" for k, v in glossary(lang)) + "\n",
        _provenance(record, lang),
    ]
    return "\n".join(out)


def _rules_table(record: dict[str, Any], lang: str) -> str:
    owners = {r["id"]: ", ".join(r.get("owners") or []) for r in record["criteria"]["rules"]}
    return _table(
        [tx(k, lang) for k in ("col.rule", "col.owner", "col.norm", "col.compliance")]
        + [tx(k, lang) for k in ("col.judged", "col.violated", "col.pending", "col.result")],
        [
            [
                r["id"],
                owners.get(r["id"]) or "–",
                fmt.pct(r["norm"], lang),
                fmt.pct(r["compliance"], lang),
                fmt.num(r["satisfied"] + r["violated"], lang),
                fmt.num(r["violated"], lang),
                fmt.num(r["pending"], lang),
                rule_result(r, lang)
                + (f" ({', '.join(r['findings'])})" if r.get("findings") else ""),
            ]
            for r in record["degree"]["rules"]
        ],
    )


def _programme(record: dict[str, Any], lang: str) -> str:
    text, rows = programme_text(record, lang)
    out = f"### {tx('s.programme', lang)}\n\n{text}\n"
    if rows:
        out += "\n" + _table([tx(h, lang) for h in PROGRAMME_HEADERS], rows)
    return out


def _review(record: dict[str, Any], lang: str) -> str:
    rev = record.get("review")
    head = f"## 2. {tx('s.review', lang)}\n"
    if not rev:
        return head + "\n" + tx("rev.none", lang) + "\n"
    intro = review_intro(rev, lang)
    return (
        head
        + "\n"
        + intro
        + "\n\n"
        + _table([tx(h, lang) for h in REVIEW_HEADERS], review_rows(record, lang))
    )


def _method(record: dict[str, Any], lang: str) -> str:
    m = record["method"]
    sm = m["sampling"]
    lines = [f"## 7. {tx('s.method', lang)}\n", f"### {tx('h.sources', lang)}\n"]
    if m["sources"]:
        lines.append(
            _table(
                [tx(k, lang) for k in ("col.source", "col.org", "col.file", "col.rows")]
                + [tx("col.events", lang), tx("col.rejected", lang), tx("col.ignored", lang)]
                + [tx("col.other", lang), tx("col.sha", lang)],
                [
                    [
                        src["id"],
                        src["org"],
                        src["file"],
                        fmt.num(src["rows_read"], lang),
                        fmt.num(src["events"], lang),
                        fmt.num(src["rejected"], lang),
                        fmt.num(src.get("ignored", 0), lang),
                        fmt.num(src.get("other", 0), lang),
                        f"`{src['sha256']}`",
                    ]
                    for src in m["sources"]
                ],
            )
        )
    else:
        lines.append(tx("no_sources", lang) + "\n")
    rec = reconciliation(record, lang)
    if rec:
        lines += [
            f"### {tx('h.reconcile', lang)}\n",
            tx("reconcile_intro", lang) + "\n",
            _table([tx("col.count", lang), ""], [list(r) for r in rec]),
        ]
    texts = method_texts(record, lang)
    if texts["linkage"]:
        lines += [f"### {tx('h.linkage', lang)}\n", f"{texts['linkage']}\n"]
    lines += [
        f"### {tx('h.conformance', lang)}\n",
        f"{texts['conformance']}\n",
        f"### {tx('h.classification', lang)}\n",
        f"{texts['classification']}\n",
        f"### {tx('h.sampling', lang)}\n",
        sampling_intro(sm, lang) + "\n",
    ]
    lines += [f"- {line}" for line in sampling_majors(sm, lang)]
    lines += [
        "",
        tx("sample_result", lang, total=sm["total"], strata=len(sm["strata"])) + "\n",
        _table(
            [tx("col.stratum", lang), tx("col.population", lang), tx("col.sample", lang)],
            [
                [
                    stratum_label(x["stratum"], lang),
                    cell(x["population"], record, lang),
                    fmt.num(x["sample"], lang),
                ]
                for x in sm["strata"]
            ],
        ),
        small_cell_note(record, lang) + "\n",
    ]
    return "\n".join(lines)


def _finding(f: dict[str, Any], lang: str, record: dict[str, Any]) -> str:
    st = f["statement"][lang]
    badge = f" · {tx('f.provisional', lang)}" if f.get("provisional") else ""
    lines = [
        f"### {f['id']} · {class_label(f['class'], lang)}{badge} — {f['title'][lang]}\n",
        f"- **{tx('f.criterion', lang)}:** {criterion_text(f, lang)}"
        + (f" — {f['criterion']['clause']}" if f["criterion"]["clause"] else ""),
        f"- **{tx('col.owner', lang)}:** {', '.join(f.get('owners') or []) or '–'}",
        f"- **{tr('audit.part.requirement', lang)}:** {st['requirement']}",
        f"- **{tr('audit.part.evidence', lang)}:** {st['evidence']}",
        f"- **{conclusion_label(f['class'], lang)}:** {st['conclusion']}",
    ]
    grouped = member_lines(f, lang)
    if grouped:
        lines.append(f"- **{tx('f.grouped', lang)}:** " + "; ".join(grouped))
    for r in f["evidence"]["rules"]:
        trend = [t for t in r["trend"] if t["compliance"] is not None]
        if len(trend) > 1:
            series = ", ".join(
                f"{fmt.quarter(t['quarter'], lang)} {fmt.pct(t['compliance'], lang)} "
                f"(n={fmt.num(t['applicable'], lang)})"
                for t in trend
            )
            label = tx("f.trend", lang) + (f" {r['id']}" if len(f["evidence"]["rules"]) > 1 else "")
            lines.append(f"- **{label}:** {series}")
            lines += [f"  - {n}" for n in trend_notes(r, record, lang)]
    labels = sample_labels(f, record)
    if labels:
        lines.append(f"- **{tx('f.sample', lang)}:** {', '.join(labels)}")
    if f["class"] in ("major", "minor"):
        lines.append(f"- **{tx('resp.head', lang)}:**")
        lines += [f"  - {k}: {v}" for k, v in response_fields(f, record, lang)]
    return "\n".join(lines) + "\n"


def _degree(record: dict[str, Any], lang: str) -> str:
    d = record["degree"]
    seams = _table(
        [
            tx(f"col.{k}", lang)
            for k in ("seam", "handovers", "lost", "late", "median", "compliance")
        ],
        [
            [
                s["seam"],
                cell(s["handovers"], record, lang),
                cell(s["lost"], record, lang),
                cell(s["late"], record, lang),
                fmt.num(s["median_days"], lang),
                fmt.pct(s["compliance"], lang),
            ]
            for s in d["per_seam"]
        ],
    )
    return "\n".join(
        [
            f"## 8. {tx('s.degree', lang)}\n",
            f"### {tx('d.overall', lang)}\n",
            tx(
                "d.overall_text",
                lang,
                met=d["overall"]["rules_met"],
                assessed=d["overall"]["rules_assessed"],
                rules=d["overall"]["rules"],
            )
            + "\n",
            f"### {tx('d.rules', lang)}\n",
            _table(
                [tx(k, lang) for k in ("col.rule", "col.norm", "col.compliance", "col.judged")]
                + [tx("col.violated", lang), tx("col.pending", lang), tx("col.result", lang)],
                [
                    [
                        r["id"],
                        fmt.pct(r["norm"], lang),
                        fmt.pct(r["compliance"], lang),
                        fmt.num(r["satisfied"] + r["violated"], lang),
                        fmt.num(r["violated"], lang),
                        fmt.num(r["pending"], lang),
                        rule_result(r, lang) + (f" ({r['finding']})" if r["finding"] else ""),
                    ]
                    for r in d["rules"]
                ],
            ),
            f"### {tx('d.orgs', lang)}\n",
            tx("d.orgs_note", lang) + "\n",
            _table(
                [
                    tx(f"col.{k}", lang)
                    for k in ("org", "cases", "owned", "judgements", "violated", "pending")
                ]
                + [tx("col.compliance", lang).split(" /")[0]],
                [
                    [
                        o["org"],
                        fmt.num(o["cases"], lang),
                        ", ".join(o.get("rules_owned") or []) or "–",
                        fmt.num(o["judgements"], lang),
                        fmt.num(o["violated"], lang),
                        fmt.num(o.get("pending", 0), lang),
                        fmt.pct(o["compliance"], lang),
                    ]
                    for o in d["per_org"]
                ],
            ),
            f"### {tx('d.seams', lang)}\n",
            seams,
            small_cell_note(record, lang) + "\n",
        ]
    )


def _provenance(record: dict[str, Any], lang: str) -> str:
    p = record["provenance"]
    inputs = _table(
        [tx("col.role", lang), tx("col.file", lang), tx("col.sha", lang)],
        [[i.get("role"), i.get("file"), f"`{i.get('sha256')}`"] for i in p.get("inputs", [])],
    )
    settings = _table(
        [tx("col.setting", lang), tx("col.value", lang)],
        [[k, v] for k, v in record["settings"].items()],
    )
    return (
        f"## {tx('s.provenance', lang)}\n\n"
        f"- **{tx('p.tool', lang)}:** {p.get('tool', 'ketenmining')} {p.get('version', '')}\n"
        f"- **{tx('p.command', lang)}:** `{' '.join(p.get('command') or [])}`\n"
        f"- **{tx('p.created', lang)}:** {fmt.datetime_text(p.get('created'), lang)}\n"
        f"- **{tx('p.calendar', lang)}:** {p.get('calendar') or record['criteria']['calendar']}\n"
        f"- **{tx('p.schema', lang)}:** {record['schema']}\n\n"
        f"### {tx('p.inputs', lang)}\n\n{inputs}\n"
        f"### {tx('p.settings', lang)}\n\n{settings}"
    )
