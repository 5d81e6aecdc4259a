"""``analyse report``: seams, a cohort comparison and the forecast gathered for one page.

:func:`build_report` runs the stages once (seams, compare when two cohorts
are given, forecast when ``weeks`` is given and the forecast stage is
installed) and applies the small-cell rule to every count that goes into
the page: a count below ``k`` is shown as "< k", and the statistics of a
seam with fewer than ``k`` handovers are left out. The renderers
(``ketenmining.report.analyse_html`` and ``analyse_md``) only format it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ketenmining.analyse.cohorts import CompareResult
from ketenmining.analyse.seams import SeamsResult
from ketenmining.progress import SILENT, Progress
from ketenmining.timeunits import Duration

SEAM_COUNTS = ("handovers", "cases", "picked_up", "lost", "pending")
SEAM_STATS = (
    "km_not_picked_up_within_deadline",
    "median_days",
    "median_ci_low",
    "median_ci_high",
    "p90_days",
    "p90_ci_low",
    "p90_ci_high",
    "ping_pong_share",
)
SEAM_SMALL = ("ping_pong_cases", "duplicate_cases", "joint_cases")
#: The page shows at most this many seams and organisations (the busiest); the rest are
#: counted in a note and are in the tables of ``analyse seams -o``.
MAX_SEAMS = 30
MAX_ORGS = 20


@dataclass
class AnalyseReport:
    """Everything the report page shows, small cells already suppressed."""

    log_name: str
    data_end: str
    k: int
    seams: SeamsResult  # seams and org_weeks suppressed (the pictures draw from them)
    seam_rows: list[dict[str, Any]]
    org_rows: list[dict[str, Any]]
    case_summary: dict[str, Any]
    suppressed: int
    protocol: Any = None
    compare: CompareResult | None = None
    forecast: Any = None
    forecast_note: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def small(value: int | None, k: int) -> int | str | None:
    """A count for a table leaving the chain: "< k" when 0 < value < k."""
    if isinstance(value, int) and 0 < value < k:
        return f"< {k}"
    return value


def seam_rows(seams: list[dict[str, Any]], k: int) -> tuple[list[dict[str, Any]], int]:
    """The seam table of the page: counts < k hidden, statistics of small seams left out."""
    rows, hidden = [], 0
    for s in seams:
        r = dict(s)
        tiny = isinstance(s["handovers"], int) and s["handovers"] < k
        for f in SEAM_COUNTS + SEAM_SMALL:
            r[f] = small(s[f], k)
            hidden += r[f] != s[f]
        if tiny:
            for f in SEAM_STATS:
                r[f] = None
        rows.append(r)
    return rows, hidden


def org_rows(org_weeks: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    """Per organisation: cases in, mean and peak work in progress, median wait before the first activity."""
    out = []
    for org in sorted({r["org"] for r in org_weeks}):
        rows = [r for r in org_weeks if r["org"] == org]
        wip = np.asarray([r["wip"] for r in rows], float)
        waits = [r["wait_days"] for r in rows if r["wait_days"] is not None]
        total = int(sum(r["inflow"] for r in rows))
        out.append(
            {
                "org": org,
                "weeks": len(rows),
                "inflow": small(total, k),
                "inflow_per_week": float(total / len(rows)) if total >= k else None,
                "wip_mean": float(wip.mean()) if total >= k else None,
                "wip_peak": small(int(wip.max()), k) if total >= k else None,
                "wait_days": float(np.median(waits)) if waits and total >= k else None,
            }
        )
    return out


def case_summary(cases: list[dict[str, Any]], k: int) -> dict[str, Any]:
    """Per-episode measures summed up: handovers, organisations, time to the outcome, re-entry."""
    from ketenmining.analyse.compare import km_median

    n = len(cases)
    out: dict[str, Any] = {"episodes": small(n, k)}
    if n < k:
        return out
    hand = np.asarray([c["handovers"] for c in cases], float)
    orgs = np.asarray([c["organisations"] for c in cases], float)
    out["handovers_mean"] = float(hand.mean())
    out["three_plus_handovers"] = small(int((hand >= 3).sum()), k)
    out["organisations_mean"] = float(orgs.mean())
    timed = [c for c in cases if c["days_to_outcome"] is not None]
    if timed:
        days = np.asarray([c["days_to_outcome"] for c in timed], float)
        reached = np.asarray([bool(c["outcome_reached"]) for c in timed], float)
        out["outcome_reached"] = small(int(reached.sum()), k)
        out["outcome_open"] = small(int(len(timed) - reached.sum()), k)
        median = km_median(days, reached)
        out["km_median_days_to_outcome"] = None if np.isnan(median) else median
    known = [c["reentry_12m"] for c in cases if c["reentry_12m"] is not None]
    out["reentry_known"] = small(len(known), k)
    out["reentry"] = small(int(sum(known)), k)
    out["reentry_share"] = float(np.mean(known)) if len(known) >= k else None
    return out


def build_report(
    con: Any,
    data_end: dt.datetime,
    protocol: Any = None,
    *,
    log_name: str = "",
    side_a: str | None = None,
    side_b: str | None = None,
    start: str | None = None,
    outcome: str | None = None,
    horizon: float | None = None,
    weeks: int | None = None,
    deadline: Duration | None = None,
    k: int = 10,
    progress: Progress = SILENT,
) -> AnalyseReport:
    """Run seams (always), compare (with two sides) and forecast (with ``weeks``) for the page."""
    from ketenmining.analyse.cohorts import run_compare
    from ketenmining.analyse.seams import (
        DEFAULT_DEADLINE,
        analyse_seams,
        closure_step,
        outcome_step,
    )
    from ketenmining.analyse.small_cells import suppress_small

    step = progress.step("naden / seams", total=None)
    target = outcome or outcome_step(protocol)
    seams = analyse_seams(
        con, data_end, protocol, deadline or DEFAULT_DEADLINE, target, closure_step(protocol)
    )
    step.done()
    busiest = sorted(seams.seams, key=lambda r: -r["handovers"])[:MAX_SEAMS]
    rows, hidden = seam_rows([r for r in seams.seams if r in busiest], k)
    orgs = org_rows(seams.org_weeks, k)
    big = sorted(orgs, key=lambda r: -(r["wip_mean"] or 0))[:MAX_ORGS]
    left_out = {
        "seams": len(seams.seams) - len(rows),
        "orgs": len(orgs) - len(big),
    }
    orgs = [r for r in orgs if r in big]
    shown = {r["org"] for r in orgs}
    seams.org_weeks = [r for r in seams.org_weeks if r["org"] in shown]
    keep = {(r["from_org"], r["to_org"]) for r in rows}
    seams.delays = {key: v for key, v in seams.delays.items() if key in keep}
    hidden += suppress_small(seams.org_weeks, ("inflow", "outflow", "wip"), k)
    report = AnalyseReport(
        log_name=log_name,
        data_end=seams.data_end,
        k=k,
        seams=seams,
        seam_rows=rows,
        org_rows=orgs,
        case_summary=case_summary(seams.cases, k),
        suppressed=hidden,
        protocol=protocol,
        meta={"outcome": target, "start": start, "left_out": left_out},
    )
    seams.cases = []  # per-episode rows (pseudonyms) never go into the page
    if side_a and side_b:
        step = progress.step("vergelijken / comparing", total=None)
        report.compare = run_compare(
            con, data_end, protocol, side_a, side_b, start, outcome, k, horizon
        )
        step.done()
    if weeks:
        report.forecast, report.forecast_note = forecast_slot(con, data_end, weeks, k, progress)
    return report


def forecast_slot(
    con: Any, data_end: dt.datetime, weeks: int, k: int, progress: Progress
) -> tuple[Any, str | None]:
    """The forecast with its backtest, or a note when the forecast stage is not in this build.

    The forecast stage is ``ketenmining.analyse.forecast_run.run_forecast`` (with its
    rolling backtest); a build without it gets a clearly marked slot instead.
    """
    try:
        from ketenmining.analyse.forecast_run import run_forecast
    except ImportError:  # pragma: no cover - a build without the forecast stage
        return None, "forecast_missing"
    return run_forecast(con, weeks, data_end, k=k, progress=progress), None


def audit_seams(audit: Any) -> AnalyseReport:
    """The seams of an audit's log and protocol for the audit report's seam chapter.

    ``audit`` is an :class:`~ketenmining.audit.api.AuditRecord` (its log, its
    conformance result's protocol and data end, the report's small-cell ``k``).
    """
    result = audit.result
    end = dt.datetime.fromisoformat(result.data_end) if result.data_end else None
    if end is None:
        from ketenmining.engine import scalar

        end = scalar(audit.log.con, "SELECT max(timestamp) FROM events")
    k = int(audit.record.get("settings", {}).get("small_cells", 10))
    return build_report(audit.log.con, end, result.protocol, k=k)
