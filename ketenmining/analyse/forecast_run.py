"""``analyse forecast`` as plain functions: events → forecast and backtest → records and sentences.

The records are what leaves the chain: per organisation and week the expected
inflow with its 80 % interval, and per organisation and horizon the
backtest's errors. Small cells are suppressed with the tool's ``k``: an
organisation seen in fewer than ``k`` distinct cases is left out of every
output, and a forecast week whose expected inflow is below ``k`` cases has its
numbers blanked (``suppressed: true``) — ``--k 1`` shows them, for use inside
the organisation only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from ketenmining.analyse.backtest import run_backtest
from ketenmining.analyse.forecast import simulate
from ketenmining.analyse.forecast_data import (
    DAY,
    ChainEvents,
    read_events,
    week_start,
    weekly_inflow,
)
from ketenmining.analyse.forecast_result import ForecastResult
from ketenmining.engine.sql import LOCAL_TZ
from ketenmining.errors import KetenError
from ketenmining.progress import SILENT, Progress
from ketenmining.texts import tr

#: Horizons of the backtest, and the span its headline figures cover.
HORIZONS = 8
HEADLINE = "1-4"
#: Weeks of history the forecast needs before its first backtest cut-off.
MIN_WEEKS = 8 + 26 + 8


def day_to_date(day: float) -> str:
    """A day number (days since 1970-01-01) as an ISO date."""
    return (dt.date(1970, 1, 1) + dt.timedelta(days=int(np.rint(day)))).isoformat()


def data_end_days(end: Any) -> float | None:
    """A data-end datetime (or None) as days since 1970-01-01 on the local wall clock.

    An aware datetime is converted to the chain's time zone; a naive one is
    taken as local time already.
    """
    if end is None:
        return None
    if isinstance(end, dt.datetime):
        if end.tzinfo is not None:
            from zoneinfo import ZoneInfo

            end = end.astimezone(ZoneInfo(LOCAL_TZ)).replace(tzinfo=None)
        return end.replace(tzinfo=dt.UTC).timestamp() / DAY
    return float(end)


def run_forecast(
    con: Any,
    weeks: int,
    data_end: Any = None,
    k: int = 10,
    paths: int = 1000,
    backtest_paths: int = 200,
    seed: int = 0,
    progress: Progress = SILENT,
) -> ForecastResult:
    """Forecast ``weeks`` weeks of inflow per organisation of ``events`` in ``con``, with its backtest.

    The forecast starts at the Monday of the week holding the data end (the
    state of the chain at that Monday); the backtest forecasts from the
    Mondays of the last 33 complete weeks (every horizon 1–8 has ≥ 26).
    """
    step = progress.step("events")
    ev: ChainEvents = read_events(con, data_end_days(data_end))
    step.done()
    if ev.ts.size == 0:
        raise KetenError("the log has no events to forecast from", hint="check the filters")
    origin = week_start(ev.data_end)
    history_weeks = np.arange(week_start(float(ev.ts.min())), origin, 7.0)
    if history_weeks.size < MIN_WEEKS:
        raise KetenError(
            f"the log spans {history_weeks.size} complete weeks; the forecast and its backtest "
            f"need at least {MIN_WEEKS}",
            hint="use a longer log, or widen --from/--to",
        )
    step = progress.step("forecast")
    sim = simulate(ev, origin, weeks, paths=paths, seed=seed)
    step.done()
    mean, lo, hi = sim.summary()
    bt = run_backtest(ev, horizons=HORIZONS, paths=backtest_paths, seed=seed + 1, progress=progress)
    history = weekly_inflow(ev, history_weeks)
    org = ev.org
    cases = [np.unique(ev.case[org == o]).size for o in range(len(ev.orgs))]
    keep = [o for o in range(len(ev.orgs)) if cases[o] >= k]
    res = ForecastResult(
        orgs=[ev.orgs[o] for o in keep],
        origin=origin,
        weeks=weeks,
        k=k,
        mean=mean[keep],
        lo=lo[keep],
        hi=hi[keep],
        history_weeks=history_weeks,
        history=history[keep],
        backtest=bt,
        suppressed_orgs=[ev.orgs[o] for o in range(len(ev.orgs)) if o not in keep],
    )
    res.forecast_records = forecast_records(res)
    res.backtest_records = [r for r in bt.records if r["organisation"] in res.orgs]
    return res


def forecast_records(res: ForecastResult) -> list[dict[str, Any]]:
    """One record per organisation and week; weeks with an expected inflow below k blanked."""
    out = []
    for i, org in enumerate(res.orgs):
        for w in range(res.weeks):
            small = res.k > 1 and res.mean[i, w] < res.k
            out.append(
                {
                    "organisation": org,
                    "week": day_to_date(res.origin + 7 * w),
                    "expected": None if small else round(float(res.mean[i, w]), 2),
                    "low": None if small else round(float(res.lo[i, w]), 2),
                    "high": None if small else round(float(res.hi[i, w]), 2),
                    "suppressed": bool(small),
                }
            )
    return out


def _dm(p: float | None, lang: str) -> str:
    if p is None or not np.isfinite(p):
        return "DM –"
    return tr("analyse.forecast.sig" if p < 0.05 else "analyse.forecast.nosig", lang, p=p)


def verdicts(res: ForecastResult, lang: str) -> list[str]:
    """Plain sentences: per organisation how the model does over horizons 1–4, and where it loses.

    The model *wins* at a horizon against a baseline when its MAE is lower and
    the one-sided Diebold-Mariano test gives p < 0.05.
    """
    out = []
    by_org: dict[str, list[dict[str, Any]]] = {}
    for r in res.backtest_records:
        by_org.setdefault(r["organisation"], []).append(r)
    for org, recs in by_org.items():
        head = next(r for r in recs if r["horizon"] == HEADLINE)
        if head["relative_mae"] is None:
            continue
        out.append(
            tr(
                "analyse.forecast.wins",
                lang,
                org=org,
                span="1–4",
                rel_sn=head["relative_mae"],
                rel_rm=head["relative_mae_recent_mean"] or float("nan"),
                dm_sn=_dm(head["dm_p_value"], lang),
                dm_rm=_dm(head["dm_recent_mean_p_value"], lang),
                cov=head["coverage"] or 0.0,
            )
        )
        for base, flag in (
            ("seasonal_naive", "beats_seasonal_naive"),
            ("recent_mean", "beats_recent_mean"),
        ):
            lost = [str(r["horizon"]) for r in recs if r["horizon"] != HEADLINE and not r[flag]]
            if lost:
                out.append(
                    tr(
                        "analyse.forecast.loses",
                        lang,
                        org=org,
                        base=tr(f"analyse.forecast.{base}", lang),
                        hs=", ".join(lost),
                    )
                )
    return out
