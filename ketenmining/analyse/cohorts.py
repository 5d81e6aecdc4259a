"""Build the two cohorts of ``analyse compare`` from the ``events`` view (SQL in :mod:`.sql`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ketenmining.analyse import sql
from ketenmining.analyse.compare import Cohort
from ketenmining.analyse.sides import side_sql, sides
from ketenmining.errors import KetenError

__all__ = ["CompareResult", "cohort", "run_compare", "side_sql", "sides"]


def cohort(
    con: Any,
    spec: str,
    start: str | None,
    outcome: str,
    data_end: dt.datetime,
    cases: dict[tuple[str, int], dict[str, Any]],
) -> Cohort:
    """The cohort ``spec``: days from ``start`` to ``outcome`` (censored at the data end)."""
    columns = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    q, params, name = side_sql(spec, columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE __side AS {q}", params)
    rows = con.execute(sql.TIME_TO_OUTCOME, [start, outcome]).fetchall()
    days, reached, hand, reentry = [], [], [], []
    for case_id, episode, t0, t1 in rows:
        end = t1 if t1 is not None else data_end
        days.append(max((end - t0).total_seconds() / 86400.0, 0.0))
        reached.append(1 if t1 is not None else 0)
        c = cases.get((case_id, int(episode)), {})
        hand.append(c.get("handovers", 0))
        r = c.get("reentry_12m")
        reentry.append(np.nan if r is None else float(r))
    return Cohort(
        name,
        np.asarray(days),
        np.asarray(reached),
        np.asarray(hand, float),
        np.asarray(reentry, float),
    )


@dataclass
class CompareResult:
    """``analyse compare``: one record per measure and the two cohorts they were computed on."""

    records: list[dict[str, Any]]
    cohorts: tuple[Cohort, Cohort]
    start: str | None
    outcome: str
    #: the map of what changed: one row per directly-follows edge (see :mod:`.changes`)
    changes: list[dict[str, Any]] = field(default_factory=list)


def run_compare(
    con: Any,
    data_end: dt.datetime,
    protocol: Any,
    side_a: str,
    side_b: str,
    start: str | None = None,
    outcome: str | None = None,
    k: int = 10,
    horizon: float | None = None,
) -> CompareResult:
    """Compare two cohorts of the ``events`` view (the stage behind ``analyse compare``)."""
    from ketenmining.analyse.compare import compare_cohorts
    from ketenmining.analyse.seams import closure_step, episode_rows, outcome_step

    target = outcome or outcome_step(protocol)
    if not target:
        raise KetenError(
            "no outcome step", hint="name it with --outcome STEP (required without --protocol)"
        )
    cases = {
        (c["case_id"], c["episode"]): c
        for c in episode_rows(con, data_end, protocol, closure_step(protocol))
    }
    a = cohort(con, side_a, start, target, data_end, cases)
    b = cohort(con, side_b, start, target, data_end, cases)
    from ketenmining.analyse.changes import edge_changes

    records = compare_cohorts(a, b, k, horizon)
    return CompareResult(records, (a, b), start, target, edge_changes(con, side_a, side_b, k))
