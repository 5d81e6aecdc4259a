"""What ``conform`` prints: the route summary tables, the protocol summary, warnings and notes.

Every function reads the stage's result (``conform.api``) and returns text or
:class:`~ketenmining.tables.PrintedTable` objects; the command prints them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ketenmining.i18n import tr
from ketenmining.tables import PrintedTable

TEXTS = {
    "title": {"nl": "Conformiteit van de route", "en": "Route conformance"},
    "model": {"nl": "Model", "en": "Model"},
    "cases": {"nl": "Casussen", "en": "Cases"},
    "variants": {"nl": "Varianten", "en": "Variants"},
    "avg_fitness": {"nl": "Gemiddelde fitness per casus", "en": "Average trace fitness"},
    "log_fitness": {"nl": "Fitness van het log", "en": "Log fitness"},
    "fitting": {"nl": "Casussen zonder afwijking", "en": "Cases without deviation"},
    "top": {"nl": "Meest voorkomende afwijkingen", "en": "Most frequent deviations"},
    "step": {"nl": "Stap", "en": "Step"},
    "measure": {"nl": "Maat", "en": "Measure"},
    "value": {"nl": "Waarde", "en": "Value"},
    "kind": {"nl": "Soort", "en": "Kind"},
    "none": {"nl": "Geen afwijkingen gevonden.", "en": "No deviations found."},
    "wrote": {"nl": "geschreven", "en": "wrote"},
    "left_out": {
        "nl": "let op: de periode is {from} – {to}; {before} gebeurtenissen ervóór en {after} erna "
        "zijn buiten beschouwing gelaten",
        "en": "note: the period is {from} – {to}; {before} events before and {after} after it "
        "were left out",
    },
    "skipped": {"nl": "overgeslagen", "en": "skipped"},
    "extra": {"nl": "extra (hier niet toegestaan)", "en": "extra (not allowed here)"},
    "not_in_protocol": {"nl": "niet in het model", "en": "not in the model"},
    "wrong_order": {"nl": "verkeerde volgorde", "en": "wrong order"},
    "rules": {"nl": "Regels (naleving / norm)", "en": "Rules (compliance / norm)"},
    "met": {"nl": "voldaan", "en": "met"},
    "not_met": {"nl": "NIET voldaan", "en": "NOT met"},
    "violated": {"nl": "overtreden", "en": "violated"},
    "pending": {"nl": "nog niet te beoordelen", "en": "pending"},
    "seams": {"nl": "Naden (overdrachten)", "en": "Seams (handovers)"},
    "handovers": {"nl": "overdrachten", "en": "handovers"},
    "lost": {"nl": "nooit opgepakt", "en": "never picked up"},
    "late": {"nl": "te laat", "en": "late"},
    "joint": {"nl": "gezamenlijk", "en": "joint"},
    "deviations": {"nl": "Afwijkingen (per soort)", "en": "Deviations (by kind)"},
    "with_dev": {
        "nl": "Zaken met een afwijking (route, organisatie of naad): {n} van {m}; "
        "met een overtreden regel: {r}",
        "en": "Cases with a deviation (route, organisation or seam): {n} of {m}; "
        "with a violated rule: {r}",
    },
    "lost_handover": {"nl": "overdracht nooit opgepakt", "en": "lost handover"},
    "late_pickup": {"nl": "te laat opgepakt", "en": "late pickup"},
    "ping_pong": {"nl": "rondpompen", "en": "ping-pong"},
    "duplicate": {"nl": "dubbel werk", "en": "duplicate work"},
    "wrong_org": {"nl": "andere organisatie dan verantwoordelijk", "en": "wrong organisation"},
}


def _t(key: str, lang: str, **values: Any) -> str:
    return tr(TEXTS, key, lang, **values)


def warning_lines(warnings: list[dict[str, str]], lang: str) -> list[str]:
    """One line per warning of the stage (for stderr)."""
    return [("let op: " if lang == "nl" else "warning: ") + w[lang] for w in warnings]


def left_out_line(period: dict[str, Any], lang: str) -> str | None:
    """The note on the events outside the audit period, or None when none were left out."""
    left = period.get("left_out") or {}
    if not (left.get("before") or left.get("after")):
        return None
    return _t("left_out", lang, before=left["before"], after=left["after"], **period)


def wrote_lines(written: list[Path], lang: str) -> list[str]:
    """``wrote PATH`` per file written."""
    return [f"{_t('wrote', lang)} {path}" for path in written]


def protocol_summary(result: Any, protocol: Any, lang: str, written: list[Path]) -> str:
    """``conform --protocol``: fitness, the rules, the deviations per kind, the seams, the files."""

    def t(key: str) -> str:
        return _t(key, lang)

    f = result.fitness
    out = [
        f"{t('title')}: {protocol.ref}",
        f"  {t('cases')}: {f['cases']}, {t('variants')}: {result.variants}, "
        f"{t('avg_fitness')}: {f['overall']:.4f}",
        t("rules"),
    ]
    for row in result.rule_summary.to_pylist():
        share = "–" if row["compliance"] is None else f"{row['compliance']:.1%}"
        verdict = t("met") if row["met"] else (t("not_met") if row["met"] is not None else "")
        out.append(
            f"  {row['rule_id']:<32} {share:>7} / {row['norm']:.0%}  {verdict}  "
            f"({row['violated']} {t('violated')}, {row['pending']} {t('pending')})"
        )
    out += deviation_lines(result, lang)
    out.append(t("seams"))
    for row in result.seams.to_pylist():
        seam = f"{row['from_org']}→{row['to_org']}"
        out.append(
            f"  {seam:<10} {row['handovers']:>6} {t('handovers')}, "
            f"{row['lost']} {t('lost')}, {row['late']} {t('late')}, {row['joint']} {t('joint')}"
        )
    out += wrote_lines(written, lang)
    return "\n".join(out)


def deviation_lines(result: Any, lang: str) -> list[str]:
    """Cases with a deviation and the deviations per kind, from the one deviations table."""
    counts = result.deviation_counts()
    n, m, r = counts["with_deviation"], counts["cases"], counts["with_violated_rule"]
    out = [_t("deviations", lang), "  " + _t("with_dev", lang, n=n, m=m, r=r)]
    for kind, count in counts["kinds"]:
        label = _t(kind, lang) if kind in TEXTS else kind
        out.append(f"  {count:>6}  {label}")
    return out


def route_summary(
    result: Any, model: str, lang: str, fmt: str = "auto"
) -> tuple[list[PrintedTable], str | None]:
    """``conform --model``: the summary and the most frequent deviations as tables, and the
    line "no deviations" when there are none (``fmt``: see --summary-format)."""

    def t(key: str) -> str:
        return _t(key, lang)

    s = result.summary
    rows = [
        (t("model"), model),
        (t("cases"), f"{s.cases}"),
        (t("variants"), f"{s.variants}"),
        (t("avg_fitness"), f"{s.average_trace_fitness:.4f}"),
        (t("log_fitness"), f"{s.log_fitness:.4f}"),
        (t("fitting"), f"{s.fitting_cases} ({s.percentage_of_fitting_traces:.1f}%)"),
    ]
    top = [(step, t(kind), f"{n}") for step, kind, n in result.top_deviations()]
    tables = [PrintedTable(t("title"), (t("measure"), t("value")), rows)]
    machine = fmt in ("csv", "json")  # stdout is one document: no lines around it
    if top or machine:
        headers = (t("step"), t("kind"), t("cases"))
        tables.append(PrintedTable(t("top"), headers, top, right=frozenset({2})))
    return tables, (t("none") if not top and not machine else None)
