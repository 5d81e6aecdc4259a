"""``analyse seams``: where cases wait and bounce between organisations.

Handovers and pickups come from :mod:`ketenmining.conform.seams` (the one
definition of the tool). A handover never picked up is *lost* only when its
pickup deadline (the protocol's ``handover`` rule, else ``--deadline``) passed
before the data end; a younger one is *pending*. The share not picked up
within the deadline is a Kaplan-Meier estimate (statsmodels), so pending
handovers count as censored, not as picked up or lost. Waiting-time medians
and p90 carry a bootstrap 95 % interval (scipy).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ketenmining.analyse import sql
from ketenmining.timeunits import Duration

DEFAULT_DEADLINE = Duration(10, "working_days")
REENTRY_DAYS = 365


@dataclass
class SeamsResult:
    """The three tables of ``analyse seams`` (lists of dict rows) and their context."""

    seams: list[dict[str, Any]]
    org_weeks: list[dict[str, Any]]
    cases: list[dict[str, Any]]
    data_end: str
    meta: dict[str, Any] = field(default_factory=dict)


def handovers(con: Any, protocol: Any = None) -> Any:
    """The handover table (Arrow) of the protocol's handover steps, or of the org changes."""
    from ketenmining.conform.seams import handover_table, handovers_from_steps

    if protocol is not None:
        return handover_table(con, protocol)
    return handovers_from_steps(con, con.sql(sql.ORG_CHANGE_STEPS).to_arrow_table())


def deadlines(protocol: Any) -> dict[str, Duration]:
    """Pickup deadline per handover step from the protocol's ``handover`` rules."""
    if protocol is None:
        return {}
    return {
        r.step: r.window.within
        for r in protocol.rules
        if r.kind == "handover" and r.step and r.window.within is not None
    }


def _elapsed(cal: Any, unit: str, t0: dt.datetime, t1: dt.datetime) -> float:
    """Time from ``t0`` to ``t1`` in ``unit`` (working days on the protocol's calendar)."""
    if unit == "working_days":
        return float(
            cal.working_days_between(cal.local_date(t0.timestamp()), cal.local_date(t1.timestamp()))
        )
    days = (t1 - t0).total_seconds() / 86400.0
    per_day = {"minutes": 1440.0, "hours": 24.0, "days": 1.0, "weeks": 1 / 7, "months": 12 / 365.25}
    return days * per_day[unit]


def _bootstrap_ci(
    values: list[float], stat: Any, seed: int = 12
) -> tuple[float | None, float | None]:
    """Percentile bootstrap 95 % interval of ``stat`` (scipy), None with fewer than 2 values."""
    import numpy as np
    from scipy.stats import bootstrap

    if len(values) < 2 or len(set(values)) < 2:
        return None, None
    res = bootstrap(
        (np.asarray(values),),
        stat,
        n_resamples=999,
        method="percentile",
        random_state=np.random.default_rng(seed),
        vectorized=True,
        axis=-1,
    )
    return float(res.confidence_interval.low), float(res.confidence_interval.high)


def km_share_not_within(waits: list[float], picked: list[bool], limit: float) -> float | None:
    """Kaplan-Meier share of handovers not picked up within ``limit`` (pending ones censored)."""
    import numpy as np
    from statsmodels.duration.survfunc import SurvfuncRight

    if not waits:
        return None
    sf = SurvfuncRight(np.asarray(waits, float), np.asarray(picked, float))
    times, surv = sf.surv_times, sf.surv_prob
    below = times <= limit
    return float(surv[below][-1]) if below.any() else 1.0


def analyse_seams(
    con: Any,
    data_end: dt.datetime,
    protocol: Any = None,
    deadline: Duration = DEFAULT_DEADLINE,
    outcome: str | None = None,
    closure: str | None = None,
) -> SeamsResult:
    """Seams, organisation-weeks and cases of the ``events`` view in ``con``."""
    import numpy as np

    from ketenmining.protocol.calendar import WorkCalendar
    from ketenmining.protocol.model import CalendarSpec

    cal = WorkCalendar(protocol.calendar if protocol is not None else CalendarSpec())
    table = handovers(con, protocol)
    con.register("__handovers", table)
    per_step = deadlines(protocol)
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for h in table.to_pylist():
        if not h["from_org"] or not h["to_org"]:
            continue
        g = groups.setdefault(
            (h["from_org"], h["to_org"]),
            {"delays": [], "waits": [], "picked": [], "lost": 0, "pending": 0, "limit": None},
        )
        limit = per_step.get(h["step"], deadline)
        g["limit"] = limit
        if h["t1"] is not None:
            g["delays"].append(float(h["delay_days"]))
            g["waits"].append(_elapsed(cal, limit.unit, h["t0"], h["t1"]))
            g["picked"].append(True)
            continue
        waited = _elapsed(cal, limit.unit, h["t0"], data_end)
        g["waits"].append(max(waited, 0.0))
        g["picked"].append(False)
        if waited > limit.amount:
            g["lost"] += 1
        else:
            g["pending"] += 1
    ping = {(a, b): int(n) for a, b, n in con.sql(sql.PING_PONG).fetchall()}
    dup = {(a, b): int(n) for a, b, n in con.sql(sql.DUPLICATES).fetchall()}
    joint = {(a, b): int(n) for a, b, n in con.sql(sql.JOINT).fetchall()}
    cases_per_seam = {
        (a, b): int(n)
        for a, b, n in con.sql(
            "SELECT from_org, to_org, count(DISTINCT (case_id, episode)) FROM __handovers GROUP BY ALL"
        ).fetchall()
    }
    seams = []
    for (a, b), g in sorted(groups.items()):
        delays = g["delays"]
        med = float(np.median(delays)) if delays else None
        p90 = float(np.percentile(delays, 90)) if delays else None
        med_lo, med_hi = _bootstrap_ci(delays, np.median)
        p90_lo, p90_hi = _bootstrap_ci(delays, lambda x, axis=-1: np.percentile(x, 90, axis=axis))
        pair = (min(a, b), max(a, b))
        n_cases = cases_per_seam.get((a, b), 0)
        seams.append(
            {
                "from_org": a,
                "to_org": b,
                "handovers": len(g["picked"]),
                "cases": n_cases,
                "picked_up": len(delays),
                "lost": g["lost"],
                "pending": g["pending"],
                "deadline": g["limit"].text("en"),
                "km_not_picked_up_within_deadline": km_share_not_within(
                    g["waits"], g["picked"], float(g["limit"].amount)
                ),
                "median_days": med,
                "median_ci_low": med_lo,
                "median_ci_high": med_hi,
                "p90_days": p90,
                "p90_ci_low": p90_lo,
                "p90_ci_high": p90_hi,
                "ping_pong_cases": ping.get((a, b), 0),
                "ping_pong_share": ping.get((a, b), 0) / n_cases if n_cases else None,
                "duplicate_cases": dup.get(pair, 0),
                "joint_cases": joint.get(pair, 0),
            }
        )
    org_weeks = [
        {
            "org": o,
            "week": w.isoformat(),
            "inflow": int(i),
            "outflow": int(x),
            "wip": int(p),
            "wait_days": None if d is None else float(d),
        }
        for o, w, i, x, p, d in con.sql(sql.ORG_WEEKS).fetchall()
    ]
    cases = case_table(con, data_end, outcome, closure)
    con.unregister("__handovers")
    return SeamsResult(
        seams,
        org_weeks,
        cases,
        data_end.isoformat(),
        {"handover_steps": "protocol" if protocol is not None else "org changes"},
    )


def case_table(
    con: Any, data_end: dt.datetime, outcome: str | None, closure: str | None
) -> list[dict[str, Any]]:
    """Per episode: handovers, organisations, days to ``outcome`` (censored), re-entry in 12 months.

    Needs ``__handovers``. Re-entry: the next episode of the same case starts within
    12 months of this episode's ``closure`` step (or, in the episode itself, an event
    after its closure within 12 months).
    """
    rows = {
        (c, e): {"case_id": c, "episode": int(e), "first": f, "last": last, "organisations": int(n)}
        for c, e, f, last, n in con.sql(sql.CASES).fetchall()
    }
    per_case = dict(((c, e), int(n)) for c, e, n in con.sql(sql.HANDOVERS_PER_CASE).fetchall())
    reached = (
        {(c, e): t for c, e, t in con.execute(sql.FIRST_OF_STEP, [outcome]).fetchall()}
        if outcome
        else {}
    )
    closed = (
        {(c, e): t for c, e, t in con.execute(sql.FIRST_OF_STEP, [closure]).fetchall()}
        if closure
        else {}
    )
    by_case: dict[str, list[tuple[int, Any]]] = {}
    for (c, e), r in rows.items():
        by_case.setdefault(c, []).append((int(e), r["first"]))
    out = []
    for key in sorted(rows):
        r = rows[key]
        t = reached.get(key)
        end = t if t is not None else data_end
        reentry = None
        if key in closed:
            later = [f for e, f in by_case[key[0]] if e > r["episode"]]
            reentry = bool(
                (later and (min(later) - closed[key]).days <= REENTRY_DAYS)
                or (
                    r["last"] > closed[key]
                    and (r["last"] - closed[key]).days <= REENTRY_DAYS
                    and r["last"] != closed[key]
                )
            )
        out.append(
            {
                "case_id": r["case_id"],
                "episode": r["episode"],
                "handovers": per_case.get(key, 0),
                "organisations": r["organisations"],
                "days_to_outcome": round((end - r["first"]).total_seconds() / 86400.0, 3)
                if outcome
                else None,
                "outcome_reached": t is not None if outcome else None,
                "reentry_12m": reentry,
            }
        )
    return out
