"""What the body sections of the HTML audit report show, as plain values for the templates.

Each ``*_view`` function takes the record (and the language) and returns the
section's texts, numbers and table rows, formatted; the macros of
``templates/audit_sections.html`` lay them out. A table is a dict with
``headers`` ((text, numeric) pairs), ``rows`` and optional ``cls`` and ``widths``;
a cell with markup around its text is a :class:`~ketenmining.report.html.Cell`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ketenmining.audit import fmt
from ketenmining.formats.svg import inline_svg, print_tiles
from ketenmining.report.audit_common import (
    DOCUMENT_HEADERS,
    cell,
    document_rows,
    glossary,
    method_texts,
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
from ketenmining.report.html import Cell, environment, markup


def table(
    headers: Iterable[tuple[str, bool]],
    rows: Iterable[Iterable[Any]],
    cls: str = "",
    widths: Iterable[str] = (),
) -> dict[str, Any]:
    """A table for the ``table`` macro; ``headers`` are (text, numeric) pairs."""
    headers = list(headers)
    rows = [list(r) for r in rows]
    for r in rows:
        if len(r) != len(headers):
            raise ValueError(f"a row of {len(r)} cells under {len(headers)} headers")
    return {"headers": headers, "rows": rows, "cls": cls, "widths": list(widths)}


def scope_view(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """Scope: organisations, period, population."""
    scope = record["scope"]
    pop, period = scope["population"], scope["period"]
    facts = [
        (tx("organisations", lang), ", ".join(o["code"] for o in scope["organisations"]) or "–"),
        (tx("period", lang), f"{fmt.date(period['from'], lang)} – {fmt.date(period['to'], lang)}"),
        (tx("data_end", lang), fmt.end_date(period["data_end"], lang)),
        (tx("population", lang), population_text(pop, lang)),
    ]
    orgs = table(
        [(tx("col.org", lang), False), (tx("col.name", lang), False)],
        [(o["code"], o.get("name")) for o in scope["organisations"]],
    )
    excl = scope.get("excluded") or []
    note = tx("scope.excluded", lang, orgs=", ".join(excl)) if excl else None
    return {"facts": facts, "orgs": orgs, "note": note}


def criteria_view(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """Criteria: protocol id@version, file hash, calendar, the documents and the rules."""
    c = record["criteria"]
    facts = [
        (tx("h.protocol", lang), f"{c['title']} — {c['cite']}"),
        (tx("h.file_hash", lang), Cell("file", c["file"], c["sha256"])),
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
                Cell("clause", _text(r, lang), r["clause"]),
                tx(f"sev.{r['severity']}", lang),
                fmt.pct(r["norm"], lang),
            )
            for r in c["rules"]
        ],
    )
    docs = document_rows(record, lang)
    documents = (
        table([(tx(k, lang), False) for k in DOCUMENT_HEADERS], docs, cls="documents")
        if docs
        else None
    )
    return {"facts": facts, "documents": documents, "rules": rules}


def _text(r: dict[str, Any], lang: str) -> str:
    from ketenmining.i18n import localised

    return localised(r["text"], r.get("text_en"), lang)


def method_view(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """Method: sources with hashes, linkage, conformance, classification, sampling."""
    m = record["method"]
    sources = None
    if m["sources"]:
        sources = table(
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
                    Cell("code", (src["sha256"] or "")[:10] + "…"),
                )
                for src in m["sources"]
            ],
            cls="sources",
        )
    rec = reconciliation(record, lang)
    return {
        "sources": sources,
        "reconcile": (
            table([(tx("col.count", lang), False), ("", True)], rec, cls="facts reconcile")
            if rec
            else None
        ),
        **method_texts(record, lang),
        "sampling": _sampling(m["sampling"], lang, record),
    }


def _sampling(sm: dict[str, Any], lang: str, record: dict[str, Any]) -> dict[str, Any]:
    lines = sampling_majors(sm, lang)
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
    return {
        "intro": sampling_intro(sm, lang),
        # one empty line makes no formula block, as an empty list does
        "formula": [] if lines == [""] else lines,
        "result": tx("sample_result", lang, total=sm["total"], strata=len(sm["strata"])),
        "strata": strata,
        "note": small_cell_note(record, lang),
    }


def degree_view(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """Degree of fulfilment: overall, per rule, per organisation, per seam."""
    d = record["degree"]
    o = d["overall"]
    compliance = tx("col.compliance", lang).split(" /")[0]
    rules = table(
        [
            (tx("col.rule", lang), False),
            (tx("col.norm", lang), True),
            (compliance, True),
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
                Cell("nowrap", rule_result(r, lang), r["met"] is False),
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
            (compliance, True),
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
        + [(compliance, True)],
        [
            (
                r["seam"],
                cell(r["handovers"], record, lang),
                Cell("bad", cell(r["lost"], record, lang), r["lost"] > 0),
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
    return {
        "overall": tx(
            "d.overall_text",
            lang,
            met=o["rules_met"],
            assessed=o["rules_assessed"],
            rules=o["rules"],
        ),
        "rules": rules,
        "orgs": orgs,
        "seams": seams,
        "note": small_cell_note(record, lang),
    }


def maps_view(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """The agreed route and the real chain side by side, and, for print, in page-sized tiles.

    In a tile every label is at least 8 pt; the SVG is the Graphviz map after
    :func:`~ketenmining.formats.svg.inline_svg`, so it is marked safe.
    """
    figures, tiles = [], []
    for key in ("route", "real"):
        svg = inline_svg(record["maps"].get(key))
        figures.append({"caption": tx(f"map.{key}", lang), "svg": markup(svg)})
        orientation, parts = print_tiles(svg)
        for i, part in enumerate(parts, start=1):
            caption = tx(f"map.{key}", lang)
            if len(parts) > 1:
                caption += " — " + tx("map.part", lang, i=i, n=len(parts))
            tiles.append({"orientation": orientation, "caption": caption, "svg": markup(part)})
    return {"figures": figures, "tiles": tiles}


def maps_section(record: dict[str, Any], lang: str, n: int) -> str:
    """The maps chapter alone, numbered ``n`` (as the report shows it)."""
    module = environment(compact_escape=True).get_template("audit_sections.html")
    return str(module.make_module(_context(lang)).maps(n, maps_view(record, lang)))


def sample_view(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """Annex A: the sample list the organisations act on (full pseudonyms)."""
    return table(
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


def provenance_view(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """Annex B: tool, command line, input hashes, calendar, time of run, settings."""
    p = record["provenance"]
    facts = [
        (tx("p.tool", lang), f"{p.get('tool', 'ketenmining')} {p.get('version', '')}".strip()),
        (tx("p.command", lang), Cell("code", " ".join(p.get("command") or []))),
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
            (i.get("role"), i.get("file"), Cell("code", i.get("sha256")))
            for i in p.get("inputs", [])
        ],
    )
    settings = table(
        [(tx("col.setting", lang), False), (tx("col.value", lang), False)],
        [(k, v) for k, v in record["settings"].items()],
    )
    return {"facts": facts, "inputs": inputs, "settings": settings}


def glossary_view(lang: str) -> list[tuple[str, str]]:
    """Annex: the terms of the report and what they mean."""
    return glossary(lang)


def signature_view(lang: str) -> list[tuple[str, str]]:
    """Blank lines for the quality officer who approves the report."""
    return [
        (tx("sig.name", lang), ""),
        (tx("sig.role", lang), tx("sig.role_value", lang)),
        (tx("sig.date", lang), ""),
        (tx("sig.sign", lang), ""),
    ]


def _context(lang: str) -> dict[str, Any]:
    """What every audit template sees: the language and ``t(key, **values)`` of the catalogue."""

    def t(key: str, **values: Any) -> str:
        return tx(key, lang, **values)

    return {"lang": lang, "t": t}
