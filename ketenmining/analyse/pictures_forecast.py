"""Pictures of ``analyse forecast``: per organisation the fan chart with its backtest beside it.

Left: the observed inflow of the last year and the forecast, its mean
and the 80 % prediction interval as a band. Right: the backtest's mean
absolute error per horizon of the model and of the two baselines, with the
coverage of the 80 % interval. PNG and SVG, Dutch or English labels
(matplotlib, Agg backend: no display needed).

Small cells stay out: the observed history is drawn as 4-week means (a block
of fewer than ``k`` cases is left out) and forecast weeks suppressed under
``k`` are not drawn.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import numpy as np

from ketenmining.texts import tr

HISTORY_WEEKS = 52
#: Organisations drawn at most (the largest inflow first).
MAX_ORGS = 12
BLOCK = 4


def _dates(days: np.ndarray) -> list[dt.date]:
    return [dt.date(1970, 1, 1) + dt.timedelta(days=int(np.rint(d))) for d in days]


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "org"


def figure(result: Any, org_index: int, lang: str) -> Any:
    """The matplotlib figure of one organisation (fan chart | backtest)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    org = result.orgs[org_index]
    fig, (ax, bx) = plt.subplots(
        1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [1.6, 1]}, layout="constrained"
    )
    # observed history in 4-week blocks ending at the origin
    hist = result.history[org_index]
    weeks = result.history_weeks
    n = min(HISTORY_WEEKS, hist.size) // BLOCK * BLOCK
    if n:
        blocks = hist[-n:].reshape(-1, BLOCK)
        totals = blocks.sum(1)
        mids = weeks[-n:].reshape(-1, BLOCK).mean(1) + 3.5
        shown = (totals >= result.k) | (totals == 0) if result.k > 1 else np.ones_like(totals, bool)
        ax.plot(
            _dates(mids[shown]),
            (totals / BLOCK)[shown],
            "o-",
            color="#555555",
            label=tr("analyse.fan.observed", lang),
        )
    days = result.origin + 7.0 * np.arange(result.weeks) + 3.5
    recs = [r for r in result.forecast_records if r["organisation"] == org]
    ok = np.array([not r["suppressed"] for r in recs], bool)
    if ok.any():
        x = _dates(days[ok])
        ax.fill_between(
            x,
            result.lo[org_index][ok],
            result.hi[org_index][ok],
            color="#1f77b4",
            alpha=0.25,
            label=tr("analyse.fan.band", lang),
        )
        ax.plot(
            x,
            result.mean[org_index][ok],
            "-",
            color="#1f77b4",
            lw=2,
            label=tr("analyse.fan.expected", lang),
        )
    if not ok.all():
        ax.text(
            0.99,
            0.02,
            tr("analyse.fan.suppressed", lang),
            transform=ax.transAxes,
            ha="right",
            fontsize=8,
        )
    ax.axvline(_dates(np.array([result.origin]))[0], color="#999999", lw=1, ls=":")
    ax.set_title(tr("analyse.fan.title", lang, org=org))
    ax.set_ylabel(tr("analyse.fan.cases", lang))
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="upper left")
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    # backtest per horizon
    recs_bt = [
        r
        for r in result.backtest_records
        if r["organisation"] == org and isinstance(r["horizon"], int)
    ]
    hs = [r["horizon"] for r in recs_bt]
    styles = {
        "model": ("#1f77b4", "o-"),
        "seasonal_naive": ("#d62728", "s--"),
        "recent_mean": ("#2ca02c", "^:"),
    }
    for method, (colour, style) in styles.items():
        bx.plot(
            hs,
            [r[f"mae_{method}"] for r in recs_bt],
            style,
            color=colour,
            label=tr(f"analyse.fan.{method}", lang),
        )
    cov = [r["coverage"] for r in recs_bt]
    for h, c in zip(hs, cov, strict=True):
        if c is not None:
            bx.annotate(
                f"{c:.0%}",
                (h, 0),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color="#1f77b4",
            )
    bx.text(
        0.99,
        0.09,
        tr("analyse.fan.coverage", lang),
        transform=bx.transAxes,
        ha="right",
        fontsize=7,
        color="#1f77b4",
    )
    n_cut = max((r["cutoffs"] for r in recs_bt), default=0)
    bx.set_title(tr("analyse.fan.bt_title", lang, n=n_cut))
    bx.set_xlabel(tr("analyse.fan.horizon", lang))
    bx.set_ylabel(tr("analyse.fan.mae", lang))
    bx.set_xticks(hs)
    bx.set_ylim(bottom=0)
    bx.legend(fontsize=8, loc="best")
    return fig


def forecast_figures(result: Any, outdir: Path, lang: str, max_orgs: int = MAX_ORGS) -> list[Path]:
    """Write ``forecast-<org>.png`` and ``.svg`` per organisation into ``outdir``; return the paths.

    At most ``max_orgs`` organisations, those with the largest inflow over the
    history (a quick-mode log with hundreds of resources gets its main ones).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    totals = result.history.sum(1) if len(result.orgs) else np.zeros(0)
    chosen = sorted(np.argsort(-totals, kind="stable")[:max_orgs].tolist())
    for i in chosen:
        org = result.orgs[i]
        fig = figure(result, i, lang)
        name = _safe(org)
        if name in used:
            name = f"{name}-{i}"
        used.add(name)
        stem = outdir / f"forecast-{name}"
        for ext in ("png", "svg"):
            path = stem.with_suffix(f".{ext}")
            fig.savefig(
                path, dpi=120, metadata={"Date": None} if ext == "svg" else {"Software": None}
            )
            written.append(path)
        plt.close(fig)
    return written
