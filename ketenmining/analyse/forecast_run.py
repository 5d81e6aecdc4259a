"""``analyse forecast`` as plain functions: visits → forecast and backtest → records.

The records are what leaves the chain: per organisation and week the expected
inflow with its 80 % interval, and per organisation and horizon the backtest's
errors. An organisation seen in fewer than ``k`` distinct cases is left out of
both (its weekly counts would describe a handful of children).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ketenmining.analyse.backtest import Backtest, run_backtest
from ketenmining.analyse.forecast import simulate
from ketenmining.analyse.visits import DAY, Visits, read_visits, week_start, weekly_inflow
from ketenmining.progress import SILENT, Progress


@dataclass
class ForecastResult:
    """The forecast, the backtest and what was left out."""

    orgs: list[str]
    origin: float  # the Monday the forecast starts (days)
    weeks: int
    mean: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    history_weeks: np.ndarray
    history: np.ndarray  # observed inflow per org and week before the origin
    backtest: Backtest
    suppressed: list[str] = field(default_factory=list)
    forecast_records: list[dict[str, Any]] = field(default_factory=list)
    backtest_records: list[dict[str, Any]] = field(default_factory=list)


def day_to_date(day: float) -> str:
    """A day number (days since the epoch) as an ISO date."""
    return (dt.date(1970, 1, 1) + dt.timedelta(days=int(round(day)))).isoformat()


def run_forecast(
    con: Any,
    weeks: int,
    data_end: float | None = None,
    k: int = 10,
    paths: int = 1000,
    backtest_paths: int = 200,
    seed: int = 0,
    progress: Progress = SILENT,
) -> ForecastResult:
    """Forecast ``weeks`` weeks from the last complete week of ``events`` in ``con``, with the backtest."""
    step = progress.step("visits")
    v: Visits = read_visits(con, data_end)
    step.done()
    origin = week_start(v.data_end)  # the week holding the data end is the first one forecast
    step = progress.step("forecast")
    sim = simulate(v, origin, weeks, paths=paths, seed=seed)
    step.done()
    mean, lo, hi = sim.summary()
    bt = run_backtest(v, horizons=8, paths=backtest_paths, seed=seed + 1, progress=progress)
    hist_weeks = np.arange(week_start(float(v.start.min())), origin, 7.0)
    history = weekly_inflow(v, hist_weeks)
    cases = [np.unique(v.case[v.org == o]).size for o in range(len(v.orgs))]
    keep = [o for o in range(len(v.orgs)) if cases[o] >= k]
    res = ForecastResult(
        [v.orgs[o] for o in keep],
        origin,
        weeks,
        mean[keep],
        lo[keep],
        hi[keep],
        hist_weeks,
        history[keep],
        bt,
        [v.orgs[o] for o in range(len(v.orgs)) if o not in keep],
    )
    for i, org in enumerate(res.orgs):
        for w in range(weeks):
            res.forecast_records.append(
                {
                    "organisation": org,
                    "week": day_to_date(origin + 7 * w),
                    "expected": round(float(res.mean[i, w]), 2),
                    "interval_low": float(res.lo[i, w]),
                    "interval_high": float(res.hi[i, w]),
                }
            )
    res.backtest_records = [r for r in bt.records if r["organisation"] in res.orgs]
    return res


def verdicts(res: ForecastResult, lang: str) -> list[str]:
    """Plain sentences: per organisation, horizons 1–4, where the model beats the baselines and where not."""
    out = []
    for r in res.backtest_records:
        if r["horizon"] != "1-4":
            continue
        rel = r["relative_mae"]
        p = r["dm_p_value"]
        cov = r["coverage"]
        won = r["beats_seasonal_naive"]
        if lang == "nl":
            head = "beter dan" if won else ("niet aantoonbaar beter dan" if rel and rel < 1 else "slechter dan")
            out.append(
                f"{r['organisation']}: model {head} seizoensnaïef (MAE-verhouding {rel:.2f}, DM p = {p:.3f}), "
                f"{'beter' if r['beats_recent_mean'] else 'niet beter'} dan het recente gemiddelde; "
                f"80%-interval dekt {cov:.0%} (horizon 1–4 weken)"
            )
        else:
            head = "beats" if won else ("is not shown to beat" if rel and rel < 1 else "loses to")
            out.append(
                f"{r['organisation']}: the model {head} seasonal-naive (MAE ratio {rel:.2f}, DM p = {p:.3f}), "
                f"{'beats' if r['beats_recent_mean'] else 'does not beat'} the recent mean; "
                f"the 80% interval covers {cov:.0%} (horizons 1–4 weeks)"
            )
    return out


def data_end_days(end: Any) -> float | None:
    """A data-end datetime (or None) as days since the epoch."""
    if end is None:
        return None
    if isinstance(end, dt.datetime):
        if end.tzinfo is None:
            end = end.replace(tzinfo=dt.timezone.utc)
        return end.timestamp() / DAY
    return float(end)
