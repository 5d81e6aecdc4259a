"""The ``analyse report`` as Markdown, with its pictures as PNG files beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ketenmining.report.analyse_html import (
    changes_svg,
    compare_context,
    forecast_context,
    seams_context,
)
from ketenmining.safetext import markdown as md
from ketenmining.texts import tr


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md(str(c)) for c in r) + " |" for r in rows]
    return [*lines, ""]


def seams_markdown(c: dict[str, Any], refs: dict[str, str] | None) -> list[str]:
    """The seam section's tables (and pictures, when ``refs`` names them) as Markdown lines."""
    t = c["t"]
    out: list[str] = []
    if c["left_out"]:
        out += [f"*{c['left_out']}*", ""]
    keys = ["seam", "handovers", "picked_up", "lost", "pending", "deadline", "km_late", "median"]
    keys += ["p90", "ping_pong", "duplicate", "joint"]
    out += _table([t[k] for k in keys], [[r[k] for k in keys] for r in c["seam_rows"]])
    if refs:
        out += [f"![{t['waits_fig']}]({refs['waits']})", "", f"*{t['waits_fig']}*", ""]
    out += [f"### {t['orgs']}", ""]
    okeys = ["org", "weeks", "inflow", "inflow_week", "wip_mean", "wip_peak", "wait"]
    heads = [t["org"], t["weeks"], t["inflow"], t["inflow_week"], t["wip_mean"], t["wip_peak"]]
    out += _table([*heads, t["wait_first"]], [[r[k] for k in okeys] for r in c["org_rows"]])
    if refs:
        out += [f"![{c['wip_caption']}]({refs['wip']})", "", f"*{c['wip_caption']}*", ""]
    out += [f"### {t['cases']}", ""]
    out += _table(["", ""], [[label, value] for label, value in c["case_rows"]])
    out += [f"{t['k']}: {c['k_text']}", ""]
    return out


def seam_chapter_markdown(report: Any, lang: str, number: int) -> str:
    """The audit report's seam chapter in Markdown (its pictures are in the HTML report)."""
    c = seams_context(report, lang, {})
    t = c["t"]
    lines = [f"## {number}. {t['chapter']}", "", t["chapter_intro"], "", t["seams_intro"], ""]
    return "\n".join(lines + seams_markdown(c, None))


def render_markdown(report: Any, lang: str, outdir: Path) -> tuple[str, list[Path]]:
    """The report text and the pictures written into ``outdir/pictures``."""
    from ketenmining.analyse.pictures import report_figures, save

    pictures: list[Path] = []
    refs: dict[str, str] = {}
    for name, fig in report_figures(report, lang).items():
        paths = save(fig, outdir / "pictures", name)
        pictures += paths
        refs[name] = f"pictures/{name}.png"
    svg = changes_svg(report, lang)
    if svg is not None:
        (outdir / "pictures" / "changes.svg").write_bytes(svg)
        pictures.append(outdir / "pictures" / "changes.svg")
        refs["changes"] = "pictures/changes.svg"
    c = seams_context(report, lang, refs)
    t = c["t"]
    out = [f"# {t['title']}", "", t["subtitle"], ""]
    out += [f"- {t['log']}: {md(report.log_name)}", f"- {t['k']}: {c['k_text']}", ""]
    out += [f"## 1. {t['seams']}", "", t["seams_intro"], ""]
    out += seams_markdown(c, refs)
    number = 2
    comp = compare_context(report, lang)
    if comp is not None:
        out += [f"## {number}. {t['compare']}", "", comp["intro"], ""]
        ckeys = ["measure", "n_a", "n_b", "a", "b", "difference", "test", "p"]
        heads = [t["measure"], "n A", "n B", "A", "B", t["difference"], t["test"], t["p"]]
        out += _table(heads, [[r[k] for k in ckeys] for r in comp["rows"]])
        out += [f"- {md(r['reading'])}" for r in comp["rows"] if r["reading"]] + [""]
        out += [f"![{t['km_fig']}]({refs['km']})", "", f"*{t['km_fig']}*", ""]
        out += [f"![{t['changes_fig']}]({refs['changes']})", "", f"*{t['changes_fig']}*", ""]
        number += 1
    fc = forecast_context(report, lang, outdir / "pictures")
    out += [f"## {number}. {tr('report.analyse.forecast', lang)}", ""]
    if fc["note"]:
        out += [f"**{fc['note']}**"]
    else:
        out += [f"- {md(v)}" for v in fc["verdicts"]] + [""]
        out += [f"![{tr('report.analyse.forecast', lang)}]({ref})" for ref in fc["figures"]]
        pictures += fc["paths"]
    return "\n".join(out) + "\n", pictures
