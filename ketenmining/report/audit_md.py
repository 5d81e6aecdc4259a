"""The audit record as Markdown (GitHub-flavoured tables), in Dutch or English.

The same structure as the HTML report, for wikis, merge requests and plain
reading; maps are not embedded (they are in the HTML report).
"""

from __future__ import annotations

from typing import Any

from ketenmining.audit import fmt
from ketenmining.audit.statements import class_label, conclusion_label
from ketenmining.audit.texts import TEXTS
from ketenmining.i18n import tr
from ketenmining.report.audit_common import (
    cases_text,
    compliance_text,
    criterion_text,
    population_text,
    rule_result,
    short_reason,
    stratum_label,
    summary_counts,
    tx,
)


def _cell(value: Any) -> str:
    return "–" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def render_markdown(record: dict[str, Any], lang: str = "nl") -> str:
    """The whole report as Markdown."""
    scope, crit = record["scope"], record["criteria"]
    period, pop = scope["period"], scope["population"]
    conf = record["confidentiality"]["text"][lang]
    out = [
        f"> **{tx('confidential', lang)}** — {conf}\n",
        f"# {record['title'][lang]}\n",
        f"{crit['title']} — `{crit['cite']}`\n",
        f"**{tx('verdict', lang)}:** {record['conclusions']['text'][lang]}\n",
        f"## {tx('summary', lang)}\n",
        summary_counts(record, lang) + "\n",
    ]
    if record["findings"]:
        out.append(
            _table(
                [tx(k, lang) for k in ("col.nr", "col.class", "col.criterion", "col.finding")]
                + [tx("col.compliance", lang), tx("col.cases", lang)],
                [
                    [
                        f["id"],
                        class_label(f["class"], lang),
                        criterion_text(f, lang),
                        f["title"][lang],
                        compliance_text(f, lang),
                        cases_text(f, lang),
                    ]
                    for f in record["findings"]
                ],
            )
        )
    out += [
        f"## 1. {tx('s.objectives', lang)}\n",
        record["objectives"][lang] + "\n",
        f"## 2. {tx('s.scope', lang)}\n",
        f"- **{tx('organisations', lang)}:** "
        + ", ".join(
            f"{o['code']} ({o['name']})" if o.get("name") else o["code"]
            for o in scope["organisations"]
        ),
        f"- **{tx('period', lang)}:** {fmt.date(period['from'], lang)} – "
        f"{fmt.date(period['to'], lang)}; {tx('data_end', lang).lower()} "
        f"{fmt.end_date(period['data_end'], lang)}",
        f"- **{tx('population', lang)}:** " + population_text(pop, lang) + "\n",
        f"## 3. {tx('s.criteria', lang)}\n",
        f"- **{tx('h.protocol', lang)}:** {crit['title']} — `{crit['cite']}`",
        f"- **{tx('h.file_hash', lang)}:** `{crit['file']}` `{crit['sha256']}`",
        f"- **{tx('h.calendar', lang)}:** {crit['calendar']}\n",
        _table(
            [
                tx("col.rule", lang),
                tx("col.text", lang),
                tx("col.severity", lang),
                tx("col.norm", lang),
            ],
            [
                [
                    r["id"],
                    f"{(r.get('text_en') if lang == 'en' else None) or r['text']} ({r['clause']})",
                    tx(f"sev.{r['severity']}", lang),
                    fmt.pct(r["norm"], lang),
                ]
                for r in crit["rules"]
            ],
        ),
        _method(record, lang),
        f"## 5. {tx('s.findings', lang)}\n",
    ]
    out += [_finding(f, lang) for f in record["findings"]] or [tx("no_findings", lang) + "\n"]
    out += [
        f"## 6. {tx('s.conclusions', lang)}\n",
        record["conclusions"]["text"][lang] + "\n",
        _degree(record, lang),
        f"## 8. {tx('s.limitations', lang)}\n",
        f"**{record['sampling_statement'][lang]}**\n",
        "\n".join(f"- {lim['text'][lang]}" for lim in record["limitations"]) + "\n",
        f"## {tx('s.sample', lang)}\n",
        tx("sample_intro", lang) + "\n",
        _table(
            [tx(k, lang) for k in ("col.nr", "col.case", "col.episode", "col.stratum", "col.rule")]
            + [tx("col.variant", lang), tx("col.reason", lang)],
            [
                [
                    r["nr"],
                    f"`{r['case_id']}`",
                    r["episode"],
                    stratum_label(r["stratum"], lang),
                    r["rule_id"].replace(";", ", "),
                    r["variant_id"],
                    short_reason(r, lang),
                ]
                for r in record["sample"]["rows"]
            ],
        ),
        _provenance(record, lang),
    ]
    return "\n".join(out)


def _method(record: dict[str, Any], lang: str) -> str:
    m = record["method"]
    size = m["sampling"]["size"]
    lines = [f"## 4. {tx('s.method', lang)}\n", f"### {tx('h.sources', lang)}\n"]
    if m["sources"]:
        lines.append(
            _table(
                [tx(k, lang) for k in ("col.source", "col.org", "col.file", "col.events")]
                + [tx("col.rejected", lang), tx("col.sha", lang)],
                [
                    [
                        s["id"],
                        s["org"],
                        s["file"],
                        fmt.num(s["events"], lang),
                        fmt.num(s["rejected"], lang),
                        f"`{s['sha256']}`",
                    ]
                    for s in m["sources"]
                ],
            )
        )
    else:
        lines.append(tx("no_sources", lang) + "\n")
    lines += [
        f"### {tx('h.conformance', lang)}\n",
        tx(
            "conformance_text",
            lang,
            variants=fmt.num(m["conformance"]["variants"], lang),
            evaluator=m["conformance"]["evaluator"],
        )
        + "\n",
        f"### {tx('h.sampling', lang)}\n",
        f"`n0 = z² · p · (1 − p) / e² = {size['n0']}`; "
        f"`n = ⌈n0 / (1 + (n0 − 1) / N)⌉ = {size['n']}` (N = {size['population']}, "
        f"{fmt.pct(size['confidence'], lang)}, ±{fmt.pct(size['precision'], lang)}, "
        f"p = {fmt.pct(size['expected_rate'], lang)}); "
        + tx(
            "sample_result", lang, total=m["sampling"]["total"], strata=len(m["sampling"]["strata"])
        )
        + "\n",
    ]
    return "\n".join(lines)


def _finding(f: dict[str, Any], lang: str) -> str:
    st = f["statement"][lang]
    lines = [
        f"### {f['id']} · {class_label(f['class'], lang)} — {f['title'][lang]}\n",
        f"- **{tx('f.criterion', lang)}:** {criterion_text(f, lang)}"
        + (f" — {f['criterion']['clause']}" if f["criterion"]["clause"] else ""),
        f"- **{tr(TEXTS, 'part.requirement', lang)}:** {st['requirement']}",
        f"- **{tr(TEXTS, 'part.evidence', lang)}:** {st['evidence']}",
        f"- **{conclusion_label(f['class'], lang)}:** {st['conclusion']}",
    ]
    if f["sample"]:
        ids = ", ".join(f"`{s['case_id']}` ({s['episode']})" for s in f["sample"])
        lines.append(f"- **{tx('f.sample', lang)}:** {ids}")
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
                s["handovers"],
                s["lost"],
                s["late"],
                fmt.num(s["median_days"], lang),
                fmt.pct(s["compliance"], lang),
            ]
            for s in d["per_seam"]
        ],
    )
    return "\n".join(
        [
            f"## 7. {tx('s.degree', lang)}\n",
            _table(
                [tx(k, lang) for k in ("col.rule", "col.norm", "col.compliance", "col.judged")]
                + [tx("col.violated", lang), tx("col.pending", lang), tx("col.result", lang)],
                [
                    [
                        r["id"],
                        fmt.pct(r["norm"], lang),
                        fmt.pct(r["compliance"], lang),
                        r["satisfied"] + r["violated"],
                        r["violated"],
                        r["pending"],
                        rule_result(r, lang) + (f" ({r['finding']})" if r["finding"] else ""),
                    ]
                    for r in d["rules"]
                ],
            ),
            f"### {tx('d.orgs', lang)}\n",
            _table(
                [
                    tx(f"col.{k}", lang)
                    for k in ("org", "cases", "judgements", "compliance", "fitness")
                ],
                [
                    [
                        o["org"],
                        o["cases"],
                        o["judgements"],
                        fmt.pct(o["compliance"], lang),
                        fmt.decimal(o["fitness"], lang),
                    ]
                    for o in d["per_org"]
                ],
            ),
            f"### {tx('d.seams', lang)}\n",
            seams,
        ]
    )


def _provenance(record: dict[str, Any], lang: str) -> str:
    p = record["provenance"]
    inputs = "\n".join(f"- {i['role']}: `{i['file']}` `{i['sha256']}`" for i in p.get("inputs", []))
    return (
        f"## {tx('s.provenance', lang)}\n\n"
        f"- **{tx('p.tool', lang)}:** {p.get('tool', 'ketenmining')} {p.get('version', '')}\n"
        f"- **{tx('p.command', lang)}:** `{' '.join(p.get('command') or [])}`\n"
        f"- **{tx('p.created', lang)}:** {p.get('created', '–')}\n"
        f"- **{tx('p.calendar', lang)}:** {p.get('calendar') or record['criteria']['calendar']}\n"
        f"- **{tx('p.inputs', lang)}:**\n{inputs}\n"
    )
