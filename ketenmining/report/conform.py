"""What ``conform`` prints: the route summary tables, the protocol summary, warnings and notes.

Every function reads the stage's result (``conform.api``) and returns text or
:class:`~ketenmining.tables.PrintedTable` objects; the command prints them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ketenmining.tables import PrintedTable
from ketenmining.texts import has, tr


def warning_lines(warnings: list[dict[str, str]], lang: str) -> list[str]:
    """One line per warning of the stage (for stderr)."""
    return [tr("cli.conform.warning", lang, text=w[lang]) for w in warnings]


def left_out_line(period: dict[str, Any], lang: str) -> str | None:
    """The note on the events outside the audit period, or None when none were left out."""
    left = period.get("left_out") or {}
    if not (left.get("before") or left.get("after")):
        return None
    return tr("cli.conform.left_out", lang, before=left["before"], after=left["after"], **period)


def wrote_lines(written: list[Path], lang: str) -> list[str]:
    """``wrote PATH`` per file written."""
    return [f"{tr('cli.conform.wrote', lang)} {path}" for path in written]


def protocol_summary(result: Any, protocol: Any, lang: str, written: list[Path]) -> str:
    """``conform --protocol``: fitness, the rules, the deviations per kind, the seams, the files."""
    f = result.fitness
    out = [
        f"{tr('cli.conform.title', lang)}: {protocol.ref}",
        f"  {tr('cli.conform.cases', lang)}: {f['cases']}, "
        f"{tr('cli.conform.variants', lang)}: {result.variants}, "
        f"{tr('cli.conform.avg_fitness', lang)}: {f['overall']:.4f}",
        tr("cli.conform.rules", lang),
    ]
    for row in result.rule_summary.to_pylist():
        share = "–" if row["compliance"] is None else f"{row['compliance']:.1%}"
        verdict = (
            tr("cli.conform.met", lang)
            if row["met"]
            else (tr("cli.conform.not_met", lang) if row["met"] is not None else "")
        )
        out.append(
            f"  {row['rule_id']:<32} {share:>7} / {row['norm']:.0%}  {verdict}  "
            f"({row['violated']} {tr('cli.conform.violated', lang)}, "
            f"{row['pending']} {tr('cli.conform.pending', lang)})"
        )
    out += deviation_lines(result, lang)
    out.append(tr("cli.conform.seams", lang))
    for row in result.seams.to_pylist():
        seam = f"{row['from_org']}→{row['to_org']}"
        out.append(
            f"  {seam:<10} {row['handovers']:>6} {tr('cli.conform.handovers', lang)}, "
            f"{row['lost']} {tr('cli.conform.lost', lang)}, "
            f"{row['late']} {tr('cli.conform.late', lang)}, "
            f"{row['joint']} {tr('cli.conform.joint', lang)}"
        )
    out += wrote_lines(written, lang)
    return "\n".join(out)


def deviation_lines(result: Any, lang: str) -> list[str]:
    """Cases with a deviation and the deviations per kind, from the one deviations table."""
    counts = result.deviation_counts()
    n, m, r = counts["with_deviation"], counts["cases"], counts["with_violated_rule"]
    out = [
        tr("cli.conform.deviations", lang),
        "  " + tr("cli.conform.with_dev", lang, n=n, m=m, r=r),
    ]
    for kind, count in counts["kinds"]:
        label = tr(f"cli.conform.{kind}", lang) if has(f"cli.conform.{kind}") else kind
        out.append(f"  {count:>6}  {label}")
    return out


def route_summary(
    result: Any, model: str, lang: str, fmt: str = "auto"
) -> tuple[list[PrintedTable], str | None]:
    """``conform --model``: the summary and the most frequent deviations as tables, and the
    line "no deviations" when there are none (``fmt``: see --summary-format)."""
    s = result.summary
    rows = [
        (tr("cli.conform.model", lang), model),
        (tr("cli.conform.cases", lang), f"{s.cases}"),
        (tr("cli.conform.variants", lang), f"{s.variants}"),
        (tr("cli.conform.avg_fitness", lang), f"{s.average_trace_fitness:.4f}"),
        (tr("cli.conform.log_fitness", lang), f"{s.log_fitness:.4f}"),
        (
            tr("cli.conform.fitting", lang),
            f"{s.fitting_cases} ({s.percentage_of_fitting_traces:.1f}%)",
        ),
    ]
    top = [
        (step, tr(f"cli.conform.{kind}", lang), f"{n}") for step, kind, n in result.top_deviations()
    ]
    tables = [
        PrintedTable(
            tr("cli.conform.title", lang),
            (tr("cli.conform.measure", lang), tr("cli.conform.value", lang)),
            rows,
        )
    ]
    machine = fmt in ("csv", "json")  # stdout is one document: no lines around it
    if top or machine:
        headers = (
            tr("cli.conform.step", lang),
            tr("cli.conform.kind", lang),
            tr("cli.conform.cases", lang),
        )
        tables.append(PrintedTable(tr("cli.conform.top", lang), headers, top, right=frozenset({2})))
    none = tr("cli.conform.none", lang) if not top and not machine else None
    return tables, none
