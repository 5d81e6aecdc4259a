"""Pictures of ``analyse``: waiting times per seam, work in progress, Kaplan-Meier curves.

Each ``*_figure`` function draws a matplotlib figure from a stage result;
:func:`save` writes it as PNG and SVG (deterministic SVG: fixed hash salt, no
date). Labels are Dutch or English. Small cells stay suppressed: a seam with
fewer than ``k`` picked-up handovers gets no distribution, a suppressed
work-in-progress week is a gap in its line, and numbers at risk below ``k``
are shown as "< k".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ketenmining.texts import tr

#: Seams in the waiting-time picture at most (one A4 page).
MAX_ROWS = 20


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "ketenmining"
    plt.rcParams["font.size"] = 9
    return plt


def save(fig: Any, outdir: Path, name: str) -> list[Path]:
    """Write ``fig`` as ``name.png`` and ``name.svg`` in ``outdir``; close it."""
    plt = _plt()
    outdir.mkdir(parents=True, exist_ok=True)
    paths = [outdir / f"{name}.png", outdir / f"{name}.svg"]
    fig.savefig(paths[0], dpi=120, bbox_inches="tight", metadata={"Software": None})
    fig.savefig(paths[1], bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return paths


def waits_figure(delays: dict[tuple[str, str], list[float]], k: int, lang: str) -> Any:
    """Box plots of the days from handover to pickup, one row per seam (log scale)."""
    plt = _plt()
    shown = {f"{a} → {b}": v for (a, b), v in delays.items() if len(v) >= max(k, 1)}
    hidden = len(delays) - len(shown)
    if len(shown) > MAX_ROWS:  # one A4 page: the seams with the most pickups
        keep = sorted(shown, key=lambda s: -len(shown[s]))[:MAX_ROWS]
        shown = {s: v for s, v in shown.items() if s in keep}
    fig, ax = plt.subplots(figsize=(7.0, 0.5 + 0.45 * max(len(shown), 1)))
    names = list(shown)[::-1]
    data = [np.maximum(np.asarray(shown[n], float), 1e-3) for n in names]
    if data:
        import matplotlib

        # ``orientation`` since matplotlib 3.10 (``vert`` is deprecated there)
        new = tuple(int(x) for x in matplotlib.__version__.split(".")[:2]) >= (3, 10)
        across = {"orientation": "horizontal"} if new else {"vert": False}
        ax.boxplot(data, whis=(5, 95), showfliers=False, widths=0.6, **across)
        ax.set_yticks(range(1, len(names) + 1), [f"{n}  ({len(shown[n])})" for n in names])
        ax.set_xscale("log")
        from matplotlib.ticker import NullFormatter

        ax.xaxis.set_minor_formatter(NullFormatter())  # narrow ranges: no crowded minor labels
    ax.set_xlabel(tr("analyse.pictures.waits_x", lang))
    ax.set_title(tr("analyse.pictures.waits_title", lang))
    ax.grid(axis="x", alpha=0.3)
    if hidden:
        fig.text(0.01, 0.0, tr("analyse.pictures.suppressed", lang, n=hidden, k=k), fontsize=7)
    if len(delays) - hidden > len(shown):
        more = len(delays) - hidden - len(shown)
        fig.text(0.6, 0.0, tr("analyse.pictures.more_seams", lang, n=more), fontsize=7)
    fig.tight_layout()
    return fig


def wip_figure(org_weeks: list[dict[str, Any]], lang: str) -> Any:
    """Work in progress per organisation and week (suppressed weeks are gaps)."""
    import datetime as dt

    plt = _plt()
    fig, ax = plt.subplots(figsize=(7.0, 3.2))
    orgs = sorted({r["org"] for r in org_weeks})
    if len(orgs) > 10:  # a legible picture: the ten with the most work in progress
        mean = {o: np.nanmean([r["wip"] or 0 for r in org_weeks if r["org"] == o]) for o in orgs}
        orgs = sorted(sorted(orgs, key=lambda o: -mean[o])[:10])
    for org in orgs:
        rows = [r for r in org_weeks if r["org"] == org]
        x = [dt.date.fromisoformat(r["week"]) for r in rows]
        y = [np.nan if r["wip"] is None else r["wip"] for r in rows]
        ax.plot(x, y, label=org, linewidth=1.2)
    ax.set_ylabel(tr("analyse.pictures.wip_y", lang))
    ax.set_xlabel(tr("analyse.pictures.week", lang))
    ax.set_title(tr("analyse.pictures.wip_title", lang))
    ax.grid(alpha=0.3)
    if orgs:
        ax.legend(ncol=min(len(orgs), 6), fontsize=7, loc="upper left")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def km_band(days: np.ndarray, reached: np.ndarray) -> tuple[np.ndarray, ...]:
    """Times, survival and a pointwise 95 % band (log-log transform of statsmodels' Greenwood SE)."""
    from ketenmining.analyse.compare import km

    sf = km(days, reached)
    t, s, se = sf.surv_times, sf.surv_prob, sf.surv_prob_se
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = np.log(-np.log(s))
        width = 1.96 * se / np.abs(s * np.log(s))
        lo = np.exp(-np.exp(theta + width))
        hi = np.exp(-np.exp(theta - width))
    lo = np.where(np.isfinite(lo), lo, s)
    hi = np.where(np.isfinite(hi), hi, s)
    return t, s, lo, hi


def km_figure(
    cohorts: list[Any],
    k: int,
    lang: str,
    outcome: str,
    start: str | None = None,
    horizon: float | None = None,
) -> Any:
    """Kaplan-Meier curves of the cohorts with 95 % bands and the numbers at risk below."""
    plt = _plt()
    from matplotlib.transforms import blended_transform_factory

    fig, (ax, risk) = plt.subplots(
        2,
        1,
        figsize=(7.0, 3.6 + 0.22 * len(cohorts)),
        gridspec_kw={"height_ratios": [5, 0.3 + 0.25 * len(cohorts)], "hspace": 0.45},
    )
    end = horizon or max(float(np.percentile(c.days, 95)) for c in cohorts)
    for c in cohorts:
        t, s, lo, hi = km_band(c.days, c.reached)
        keep = t <= end
        x = np.concatenate([[0.0], t[keep]])
        ax.step(
            x, np.concatenate([[1.0], s[keep]]), where="post", label=f"{c.name} (n = {len(c.days)})"
        )
        ax.fill_between(
            x,
            np.concatenate([[1.0], lo[keep]]),
            np.concatenate([[1.0], hi[keep]]),
            step="post",
            alpha=0.2,
        )
    ax.set_xlim(0, end)
    ax.set_ylim(0, 1.02)
    ax.axhline(0.5, color="grey", linewidth=0.6, linestyle=":")
    ax.set_ylabel(tr("analyse.pictures.km_y", lang))
    ax.set_xlabel(
        tr("analyse.pictures.km_x", lang, start=start or tr("analyse.pictures.first_event", lang))
    )
    ax.set_title(tr("analyse.pictures.km_title", lang, outcome=outcome))
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    ticks = ax.get_xticks()
    ticks = ticks[(ticks >= 0) & (ticks <= end)]
    risk.set_xlim(ax.get_xlim())
    risk.set_ylim(-0.5, len(cohorts) - 0.5)
    risk.axis("off")
    left = blended_transform_factory(risk.transAxes, risk.transData)
    risk.text(
        -0.035,
        len(cohorts) - 0.4,
        tr("analyse.pictures.at_risk", lang),
        fontsize=7,
        ha="right",
        weight="bold",
        transform=left,
    )
    for row, c in enumerate(cohorts):
        y = len(cohorts) - 1.4 - row
        for tick in ticks:
            n = int((c.days >= tick).sum())
            label = str(n) if n >= k or n == 0 else f"< {k}"
            risk.text(tick, y, label, ha="center", fontsize=7)
        risk.text(-0.035, y, c.name[:24], ha="right", fontsize=7, transform=left)
    return fig


def report_figures(report: Any, lang: str) -> dict[str, Any]:
    """The figures of an :class:`~ketenmining.analyse.report.AnalyseReport`, by name."""
    figs = {
        "waits": waits_figure(report.seams.delays, report.k, lang),
        "wip": wip_figure(report.seams.org_weeks, lang),
    }
    if report.compare is not None:
        c = report.compare
        figs["km"] = km_figure(
            list(c.cohorts),
            report.k,
            lang,
            step_label(report.protocol, c.outcome, lang),
            step_label(report.protocol, c.start, lang) if c.start else None,
        )
    return figs


def step_label(protocol: Any, step: str | None, lang: str) -> str:
    """The protocol's label of ``step`` in ``lang`` (the step id without a protocol)."""
    if protocol is not None and step in protocol.steps:
        return str(protocol.steps[step].text(lang)).lower()
    return str(step)
