"""The ``analyse report`` page (HTML, Jinja2, autoescaped) and the audit's seam chapter.

One self-contained file: inline CSS, pictures embedded as SVG data, no
scripts or links to fetch; it prints on A4. The seam chapter is one template
(``analyse_seams.html``) included by the page and by the audit report.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from ketenmining.audit import fmt
from ketenmining.i18n import localised
from ketenmining.report.html import css_string, environment
from ketenmining.texts import table, tr


def _env() -> Any:
    """The templates' environment (autoescaped; ``trim_blocks`` and ``lstrip_blocks``)."""
    return environment(trim=True)


def svg_data(fig: Any) -> str:
    """A matplotlib figure as an SVG data URI (deterministic: fixed hash salt, no date)."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def changes_svg(report: Any, lang: str) -> bytes | None:
    """The map of what changed (Graphviz SVG), or None without a comparison."""
    if report.compare is None:
        return None
    from ketenmining.analyse.changes import changes_dot
    from ketenmining.graphviz import render_bytes

    a, b = report.compare.cohorts
    return render_bytes(changes_dot(report.compare.changes, a.name, b.name, report.k, lang), "svg")


def count(v: Any, lang: str) -> str:
    """A count or its suppressed form ("< 10")."""
    return v if isinstance(v, str) else fmt.num(v, lang)


def days(v: float | None, lang: str, digits: int = 1) -> str:
    """Days with ``digits`` decimals (two below 1, so an hour still shows; a decimal comma in Dutch)."""
    if v is not None and digits == 1 and abs(v) < 1:
        digits = 2
    return fmt.decimal(v, lang, digits)


def interval(
    v: float | None, lo: float | None, hi: float | None, lang: str, digits: int = 1
) -> str:
    """``12.0 (9.1–15.2)``."""
    if v is None:
        return "–"
    if lo is None or hi is None:
        return days(v, lang, digits)
    return f"{days(v, lang, digits)} ({days(lo, lang, digits)}–{days(hi, lang, digits)})"


def seams_context(report: Any, lang: str, figures: dict[str, str]) -> dict[str, Any]:
    """What the seam chapter template shows (formatted strings)."""
    # the texts without placeholders (both forms have the same ones: tests/test_texts.py)
    t = {key: text for key, text in table("report.analyse.", lang).items() if "{" not in text}
    rows = [
        {
            "seam": f"{r['from_org']} → {r['to_org']}",
            "handovers": count(r["handovers"], lang),
            "picked_up": count(r["picked_up"], lang),
            "lost": count(r["lost"], lang),
            "pending": count(r["pending"], lang),
            "deadline": localised(r["deadline_nl"], r["deadline"], lang),
            "km_late": fmt.pct(r["km_not_picked_up_within_deadline"], lang),
            "median": interval(r["median_days"], r["median_ci_low"], r["median_ci_high"], lang),
            "p90": interval(r["p90_days"], r["p90_ci_low"], r["p90_ci_high"], lang),
            "ping_pong": fmt.pct(r["ping_pong_share"], lang),
            "duplicate": count(r["duplicate_cases"], lang),
            "joint": count(r["joint_cases"], lang),
            "bad": isinstance(r["lost"], int) and r["lost"] > 0,
        }
        for r in report.seam_rows
    ]
    orgs = [
        {
            "org": r["org"],
            "weeks": fmt.num(r["weeks"], lang),
            "inflow": count(r["inflow"], lang),
            "inflow_week": days(r["inflow_per_week"], lang),
            "wip_mean": days(r["wip_mean"], lang),
            "wip_peak": count(r["wip_peak"], lang),
            "wait": days(r["wait_days"], lang),
        }
        for r in report.org_rows
    ]
    cs = report.case_summary
    outcome = report.meta.get("outcome")
    from ketenmining.analyse.pictures import step_label

    label = step_label(report.protocol, outcome, lang) if outcome else None
    cases = [(t["episodes"], count(cs["episodes"], lang))]
    if "handovers_mean" in cs:
        cases += [
            (t["handovers_mean"], days(cs["handovers_mean"], lang, 2)),
            (t["three_plus"], count(cs["three_plus_handovers"], lang)),
            (t["orgs_mean"], days(cs["organisations_mean"], lang, 2)),
        ]
    if "outcome_reached" in cs and label:
        cases += [
            (tr("report.analyse.reached", lang, outcome=label), count(cs["outcome_reached"], lang)),
            (t["open"], count(cs["outcome_open"], lang)),
            (
                tr("report.analyse.km_outcome", lang, outcome=label),
                days(cs["km_median_days_to_outcome"], lang),
            ),
        ]
    if "reentry_known" in cs:
        cases.append(
            (
                t["reentry"],
                tr(
                    "report.analyse.reentry_of",
                    lang,
                    n=count(cs["reentry"], lang),
                    of=count(cs["reentry_known"], lang),
                    share=fmt.pct(cs["reentry_share"], lang),
                ),
            )
        )
    return {
        "t": t,
        "seam_rows": rows,
        "org_rows": orgs,
        "case_rows": cases,
        "figures": figures,
        "wip_caption": tr("report.analyse.wip_fig", lang, k=report.k),
        "k_text": tr("report.analyse.k_text", lang, k=report.k, n=report.suppressed),
        "left_out": _left_out(report, lang),
    }


def _left_out(report: Any, lang: str) -> str | None:
    """The note on the seams and organisations not shown, or None when all are."""
    gone = report.meta.get("left_out") or {}
    if not gone.get("seams") and not gone.get("orgs"):
        return None
    return tr(
        "report.analyse.left_out",
        lang,
        seams=gone.get("seams", 0),
        orgs=gone.get("orgs", 0),
        seams_shown=len(report.seam_rows),
        orgs_shown=len(report.org_rows),
    )


def compare_context(report: Any, lang: str) -> dict[str, Any] | None:
    """The compare section: the KPI table with its readings, or None without cohorts."""
    from ketenmining.analyse.compare import effect_text
    from ketenmining.analyse.pictures import step_label

    c = report.compare
    if c is None:
        return None
    rows = []
    for r in c.records:
        share = r["measure"].endswith("_share")
        d = 3 if share else 1
        name = tr(f"report.analyse.m.{r['measure']}", lang, h=days(r.get("horizon_days"), lang, 0))
        p = r["p_adjusted"] if r["p_adjusted"] is not None else r["p_value"]
        rows.append(
            {
                "measure": name,
                "n_a": fmt.num(r["n_a"], lang),
                "n_b": fmt.num(r["n_b"], lang),
                "a": days(r["value_a"], lang, d),
                "b": days(r["value_b"], lang, d),
                "difference": interval(r["difference"], r["ci_low"], r["ci_high"], lang, d),
                "test": r["test"],
                "p": fmt.decimal(p, lang, 4) if p is not None else "–",
                "reading": effect_text(r, lang),
                "significant": p is not None and p < 0.05,
            }
        )
    a, b = c.cohorts
    tested = sum(1 for r in c.records if r["p_value"] is not None)
    start = (
        step_label(report.protocol, c.start, lang)
        if c.start
        else tr("analyse.pictures.first_event", lang)
    )
    return {
        "rows": rows,
        "a": a.name,
        "b": b.name,
        "intro": tr(
            "report.analyse.compare_intro",
            lang,
            a=a.name,
            b=b.name,
            outcome=step_label(report.protocol, c.outcome, lang),
            start=start,
            n=tested,
        ),
    }


def forecast_context(report: Any, lang: str, outdir: Any = None) -> dict[str, Any]:
    """The forecast section: its verdicts and fan charts, or the slot's note.

    The fan charts come from ``pictures_forecast.forecast_figures``: written into
    ``outdir`` (the Markdown report's ``pictures/``) and referenced there, or, for the
    HTML page (``outdir`` None), written to a scratch folder and embedded as SVG data.
    """
    if report.forecast is None:
        key = report.forecast_note or "forecast_none"
        return {"note": tr(f"report.analyse.{key}", lang), "verdicts": [], "figures": []}
    import tempfile
    from pathlib import Path

    from ketenmining.analyse.forecast_run import verdicts
    from ketenmining.analyse.pictures_forecast import forecast_figures

    said = verdicts(report.forecast, lang)
    if outdir is not None:
        paths = forecast_figures(report.forecast, Path(outdir), lang)
        refs = [f"pictures/{p.name}" for p in paths if p.suffix == ".png"]
        return {"note": None, "verdicts": said, "figures": refs, "paths": paths}
    with tempfile.TemporaryDirectory() as tmp:
        paths = forecast_figures(report.forecast, Path(tmp), lang)
        data = [
            "data:image/svg+xml;base64," + base64.b64encode(p.read_bytes()).decode("ascii")
            for p in paths
            if p.suffix == ".svg"
        ]
    return {"note": None, "verdicts": said, "figures": data}


def render_html(report: Any, lang: str = "nl") -> str:
    """The whole ``analyse report`` page as one HTML document."""
    from ketenmining.analyse.pictures import report_figures
    from ketenmining.report.audit_css import CSS

    figures = {name: svg_data(fig) for name, fig in report_figures(report, lang).items()}
    svg = changes_svg(report, lang)
    if svg is not None:
        figures["changes"] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    title = tr("report.analyse.title", lang)
    css = (
        CSS.replace("{header}", title)
        .replace("{confidential}", tr("report.analyse.confidential", lang))
        .replace("{footer}", css_string(report.log_name.replace('"', "'")))
        .replace("{page}", "p.")
        .replace("{of}", "/")
    )
    return (
        _env()
        .get_template("analyse_report.html")
        .render(
            lang=lang,
            css=css,
            title=title,
            subtitle=tr("report.analyse.subtitle", lang),
            log_name=report.log_name,
            data_end=fmt.end_date(report.data_end, lang),
            number=1,
            chapter=False,
            compare=compare_context(report, lang),
            forecast=forecast_context(report, lang),
            **seams_context(report, lang, figures),
        )
    )


def seam_chapter_html(report: Any, lang: str, number: int) -> str:
    """The seam chapter alone, numbered ``number``, for the audit report."""
    from ketenmining.analyse.pictures import report_figures

    figures = {name: svg_data(fig) for name, fig in report_figures(report, lang).items()}
    return (
        _env()
        .get_template("analyse_seams.html")
        .render(number=number, chapter=True, **seams_context(report, lang, figures))
    )
