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
    #: Waiting days to pickup of every picked-up handover, per seam (from, to): for the pictures.
    delays: dict[tuple[str, str], list[float]] = field(default_factory=dict)


def handover_steps(con: Any, protocol: Any = None) -> Any:
    """The handover steps (Arrow: step, to_org, to_orgs, pickup): the protocol's, or the org changes."""
    if protocol is not None:
        from ketenmining.conform.seams import handover_steps as protocol_steps

        return protocol_steps(protocol)
    return con.sql(sql.ORG_CHANGE_STEPS).to_arrow_table()


def handovers(con: Any, protocol: Any = None) -> Any:
    """The handover table (Arrow) of the protocol's handover steps, or of the org changes."""
    from ketenmining.conform.seams import handovers_from_steps

    return handovers_from_steps(con, handover_steps(con, protocol))


def deadlines(protocol: Any) -> dict[str, Duration]:
    """Pickup deadline per handover step from the protocol's ``handover`` rules."""
    if protocol is None:
        return {}
    return {
        r.step: r.window.within
        for r in protocol.rules
        if r.kind == "handover" and r.step and r.window.within is not None
    }


def elapsed(cal: Any, unit: str, t0: dt.datetime, t1: dt.datetime) -> float:
    """Time from ``t0`` to ``t1`` in ``unit`` (working days on the protocol's calendar)."""
    if unit == "working_days":
        return float(
            cal.working_days_between(cal.local_date(t0.timestamp()), cal.local_date(t1.timestamp()))
        )
    days = (t1 - t0).total_seconds() / 86400.0
    per_day = {"minutes": 1440.0, "hours": 24.0, "days": 1.0, "weeks": 1 / 7, "months": 12 / 365.25}
    return days * per_day[unit]


#: Above this many values the bootstrap interval of a quantile is computed exactly.
EXACT_FROM = 2000


def _bootstrap_ci(
    values: list[float], stat: Any, seed: int = 12, q: float = 0.5
) -> tuple[float | None, float | None]:
    """Percentile bootstrap 95 % interval of the ``q`` quantile, None with fewer than 2 values.

    Up to :data:`EXACT_FROM` values: scipy ``bootstrap`` (999 resamples of ``stat``).
    Above: the exact bootstrap distribution (infinitely many resamples) of the order
    statistic behind the quantile, :func:`exact_quantile_ci`: the same interval without
    the million-fold resampling of a large seam.
    """
    import warnings

    import numpy as np
    from scipy.stats import bootstrap

    if len(values) < 2 or len(set(values)) < 2:
        return None, None
    if len(values) > EXACT_FROM:
        return exact_quantile_ci(values, q)
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # a degenerate resample distribution: the interval is a point
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


def exact_quantile_ci(values: list[float], q: float, level: float = 0.95) -> tuple[float, float]:
    """Exact percentile-bootstrap interval of the ``q`` quantile (order statistic of rank k).

    In a resample of ``n`` draws the k-th smallest value is at most ``x_(j)`` exactly when
    at least k draws are at most ``x_(j)``: a binomial count (scipy ``binom``) with
    probability (values at most ``x_(j)``) / n. The interval's ends are the values where
    that distribution passes (1 - level) / 2 and (1 + level) / 2.
    """
    import numpy as np
    from scipy.stats import binom

    x = np.sort(np.asarray(values, float))
    n = len(x)
    k = int(np.floor(q * (n - 1))) + 1  # rank of the order statistic below numpy's quantile
    at_most = np.searchsorted(x, x, side="right")  # values <= x_(j), ties included
    cdf = binom.sf(k - 1, n, at_most / n)
    tail = (1 - level) / 2
    lo = x[int(np.argmax(cdf >= tail))]
    hi = x[int(np.argmax(cdf >= 1 - tail))]
    return float(lo), float(hi)


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


def _group_handovers(
    table: Any, cal: Any, per_step: dict[str, Duration], deadline: Duration, data_end: dt.datetime
) -> dict[tuple[str, str], dict[str, Any]]:
    """Per seam: the pickup delays (days), the waits in the deadline's unit (pickup, or the
    data end for open handovers), picked or not, lost and pending counts, the deadline.

    Vectorised (numpy) over the handovers: working days from the calendar's arrays.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows
    if not n:
        return {}
    end = data_end.timestamp()

    def seconds(column: str) -> Any:
        micro = pc.cast(pc.cast(table.column(column), pa.timestamp("us", tz="UTC")), pa.int64())
        return pc.fill_null(micro, int(end * 1e6)).to_numpy(zero_copy_only=False) / 1e6

    step_code, step_names = _codes(table.column("step"))
    from_code, from_names = _codes(table.column("from_org"))
    to_code, to_names = _codes(table.column("to_org"))
    t0, t1 = seconds("t0"), seconds("t1")
    picked = pc.is_valid(table.column("t1")).to_numpy(zero_copy_only=False)
    delay = pc.fill_null(pc.cast(table.column("delay_days"), pa.float64()), float("nan"))
    delay = delay.to_numpy(zero_copy_only=False)
    step_limits = [per_step.get(s, deadline) for s in step_names]
    units = np.asarray([lim.unit for lim in step_limits])[step_code]
    amounts = np.asarray([float(lim.amount) for lim in step_limits])[step_code]
    waits = np.zeros(n)
    working = units == "working_days"
    if working.any():
        waits[working] = cal.working_days_between_many(t0[working], t1[working])
    per_day = {"minutes": 1440.0, "hours": 24.0, "days": 1.0, "weeks": 1 / 7, "months": 12 / 365.25}
    for unit, factor in per_day.items():
        mask = units == unit
        waits[mask] = (t1[mask] - t0[mask]) / 86400.0 * factor
    waits = np.maximum(waits, 0.0)
    # a seam is a pair of named organisations; its rows in table order, seams in order of
    # their first row (the busiest-direction rule below breaks ties by that order)
    named_from = np.asarray([bool(v) for v in from_names] + [False])
    named_to = np.asarray([bool(v) for v in to_names] + [False])
    rows = np.flatnonzero(named_from[from_code] & named_to[to_code])
    if not rows.size:
        return {}
    key = from_code[rows].astype(np.int64) * (len(to_names) + 1) + to_code[rows]
    order = np.argsort(key, kind="stable")
    _, starts = np.unique(key[order], return_index=True)
    groups = {}
    for ix in sorted(np.split(rows[order], starts[1:]), key=lambda ix: ix[0]):
        open_ = ~picked[ix]
        late = open_ & (waits[ix] > amounts[ix])
        groups[(from_names[from_code[ix[0]]], to_names[to_code[ix[0]]])] = {
            "delays": delay[ix][picked[ix]].tolist(),
            "waits": waits[ix].tolist(),
            "picked": picked[ix].tolist(),
            "lost": int(late.sum()),
            "pending": int((open_ & ~late).sum()),
            "limit": step_limits[step_code[ix[-1]]],
        }
    return groups


def _codes(column: Any) -> tuple[Any, list[Any]]:
    """A column as integer codes (numpy) into its distinct values; nulls get the code ``len(values)``."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column).combine_chunks()
    names = encoded.dictionary.to_pylist()
    codes = pc.fill_null(encoded.indices, len(names)).to_numpy(zero_copy_only=False)
    return codes, names


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

    table = handovers(con, protocol)
    con.register("__handovers", table)
    cal = WorkCalendar(protocol.calendar if protocol is not None else CalendarSpec())
    groups = _group_handovers(table, cal, deadlines(protocol), deadline, data_end)
    ping = {(a, b): int(n) for a, b, n in con.sql(sql.PING_PONG).fetchall()}
    dup, joint = {}, {}
    for a, b, n_dup, n_joint in con.sql(sql.DUPLICATE_JOINT).fetchall():
        dup[(a, b)], joint[(a, b)] = int(n_dup), int(n_joint)
    # a pair's duplicate and joint work is shown once, at its busiest direction (as conform does)
    busiest = {}
    for (a, b), g in groups.items():
        pair = (min(a, b), max(a, b))
        if pair not in busiest or len(g["picked"]) > len(groups[busiest[pair]]["picked"]):
            busiest[pair] = (a, b)
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
        p90_lo, p90_hi = _bootstrap_ci(
            delays, lambda x, axis=-1: np.percentile(x, 90, axis=axis), q=0.9
        )
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
                "deadline_nl": g["limit"].text("nl"),
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
                "duplicate_cases": dup.get(pair, 0) if busiest[pair] == (a, b) else 0,
                "joint_cases": joint.get(pair, 0) if busiest[pair] == (a, b) else 0,
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
    con.execute(f"CREATE OR REPLACE TEMP VIEW __handover_counts AS {sql.HANDOVERS_PER_CASE}")
    cases = case_table(con, data_end, outcome, closure)
    con.execute("DROP VIEW __handover_counts")
    con.unregister("__handovers")
    return SeamsResult(
        seams,
        org_weeks,
        cases,
        data_end.isoformat(),
        {"handover_steps": "protocol" if protocol is not None else "org changes"},
        {key: g["delays"] for key, g in sorted(groups.items())},
    )


def episode_rows(
    con: Any, data_end: dt.datetime, protocol: Any = None, closure: str | None = None
) -> list[dict[str, Any]]:
    """The per-episode table alone (handovers, organisations, re-entry): what a comparison needs."""
    return episode_table(con, data_end, protocol, closure).to_pylist()


def episode_table(
    con: Any, data_end: dt.datetime, protocol: Any = None, closure: str | None = None
) -> Any:
    """:func:`episode_rows` as an Arrow table.

    It counts the handovers (:func:`ketenmining.conform.seams.handover_counts`) without
    finding their pickups, which only the seam table needs.
    """
    from ketenmining.conform.seams import handover_counts

    con.register("__handover_counts", handover_counts(con, handover_steps(con, protocol)))
    try:
        return _case_arrow(con, data_end, None, closure)
    finally:
        con.unregister("__handover_counts")


def case_table(
    con: Any, data_end: dt.datetime, outcome: str | None, closure: str | None
) -> list[dict[str, Any]]:
    """Per episode: handovers, organisations, days to ``outcome`` (censored), re-entry in 12 months.

    Needs ``__handover_counts`` (case_id, episode, handovers). Re-entry: the next episode
    of the same case starts within 12 months of this episode's ``closure`` step (or, in the
    episode itself, an event after its closure within 12 months). Unknown (None) for
    episodes not closed, and for those closed less than 12 months before the data end
    without a re-entry yet.
    """
    return _case_arrow(con, data_end, outcome, closure).to_pylist()


def _case_arrow(con: Any, data_end: dt.datetime, outcome: str | None, closure: str | None) -> Any:
    return con.sql(sql.CASE_TABLE, params=[outcome, closure, data_end]).to_arrow_table()


def closure_step(protocol: Any) -> str | None:
    """The step that closes an episode: the source of the protocol's re-entry rule (not_succession)."""
    if protocol is None:
        return None
    for r in protocol.rules:
        if r.kind == "not_succession" and r.source:
            return str(r.source)
    return None


def outcome_step(protocol: Any) -> str | None:
    """The protocol's outcome step: its (first) milestone, such as stable safety."""
    if protocol is None:
        return None
    for step in protocol.steps.values():
        if step.milestone:
            return str(step.id)
    return None
