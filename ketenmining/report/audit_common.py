"""Pieces every audit renderer shares: labels, the findings summary rows, the sample list as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from ketenmining.audit import fmt
from ketenmining.audit.statements import class_label, short_class, source_label
from ketenmining.i18n import tr
from ketenmining.report.audit_texts import T

#: Columns of sample.csv, in order (``ketenmining lookup`` reads ``case_id``).
SAMPLE_COLUMNS = (
    "nr",
    "case_id",
    "episode",
    "stratum",
    "finding",
    "rule_id",
    "orgs",
    "variant_id",
    "reason",
)


def tx(key: str, lang: str, **values: Any) -> str:
    """A text of the report catalogue."""
    return tr(T, key, lang, **values)


def population_text(pop: dict[str, Any], lang: str) -> str:
    """One sentence on the population: clients, cases (ended, running), events, variants."""
    return tx(
        "population_text",
        lang,
        **{k: fmt.num(pop[k], lang) for k in ("clients", "cases", "ended", "running", "events")},
        variants=fmt.num(pop["variants"], lang),
    )


def stratum_label(stratum: str, lang: str) -> str:
    """``control · HA,VT`` → ``controle · HA,VT`` in Dutch."""
    if stratum.startswith("control"):
        return tx("control", lang) + stratum[len("control") :]
    return stratum


def reason_text(row: dict[str, Any], lang: str) -> str:
    """Why a case is in the sample: the class of its finding (and other findings), or control."""
    if row["reason"] == "control":
        return tx("reason.control", lang)
    text = f"{class_label(row['reason'], lang)} {row['finding']}"
    if row.get("also"):
        text += tx("reason.also", lang, ids=", ".join(row["also"]))
    return text


def short_reason(row: dict[str, Any], lang: str) -> str:
    """Compact reason for the sample table: ``major F04 (ook F09)`` / ``controle``."""
    if row["reason"] == "control":
        return tx("control", lang)
    word = short_class(row["reason"], lang)
    also = f" ({tx('also_short', lang)} {', '.join(row['also'])})" if row.get("also") else ""
    return f"{word} {row['finding']}{also}"


def criterion_text(f: dict[str, Any], lang: str) -> str:
    """Short criterion of a finding: rule ids, or the seam / route / data-quality label."""
    rules = f["criterion"]["rules"]
    return ", ".join(rules) if rules else source_label(f["source"], lang)


def compliance_text(f: dict[str, Any], lang: str, sep: str = " · ") -> str:
    """``84% / 90%`` for a rule finding (one per rule, joined by ``sep``); ``–`` for the others."""
    rules = f["evidence"]["rules"]
    if len(rules) == 1:
        r = rules[0]
        return f"{fmt.pct(r['compliance'], lang)} / {fmt.pct(r['norm'], lang)}"
    if len(rules) > 1:
        return sep.join(
            f"{r['id']}: {fmt.pct(r['compliance'], lang)} / {fmt.pct(r['norm'], lang)}"
            for r in rules
        )
    return "–"


def cases_text(f: dict[str, Any], lang: str) -> str:
    """Number of cases a finding is about (``–`` for data-quality findings)."""
    return fmt.num(f["evidence"]["cases"], lang) if f["source"] != "data" else "–"


def rule_result(r: dict[str, Any], lang: str) -> str:
    """``voldaan`` / ``niet voldaan`` / ``niet beoordeeld``."""
    if r["met"] is None:
        return tx("not_assessed", lang)
    return tx("met" if r["met"] else "not_met", lang)


def summary_counts(record: dict[str, Any], lang: str) -> str:
    """``4 major · 2 minor · 4 observaties · 2 verbeterpunten``."""
    return tx("summary_counts", lang, **record["summary"])


def sample_csv(record: dict[str, Any], lang: str = "nl") -> str:
    """The audit sample as CSV (comma-separated, UTF-8), one row per case to pull."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SAMPLE_COLUMNS)
    for row in record["sample"]["rows"]:
        values = dict(row)
        values["stratum"] = stratum_label(row["stratum"], lang)
        values["reason"] = reason_text(row, lang)
        writer.writerow([values[c] for c in SAMPLE_COLUMNS])
    return out.getvalue()
