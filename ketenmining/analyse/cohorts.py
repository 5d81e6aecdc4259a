"""Build the two cohorts of ``analyse compare`` from the ``events`` view (SQL in :mod:`.sql`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from ketenmining.analyse import sql
from ketenmining.analyse.compare import Cohort
from ketenmining.errors import KetenError


def side_sql(spec: str, columns: set[str]) -> tuple[str, list[Any], str]:
    """SQL selecting the (case_id, episode) of one side: ``ATTR=VALUE``, ``before:DATE``, ``after:DATE``."""
    if spec.startswith(("before:", "after:")):
        kind, date = spec.split(":", 1)
        op = "<" if kind == "before" else ">="
        q = (
            f"SELECT case_id, episode FROM events GROUP BY ALL "
            f"HAVING min(timestamp) {op} CAST(? AS TIMESTAMPTZ)"
        )
        return q, [date], spec
    if "=" not in spec:
        raise KetenError(f"'{spec}' is not ATTR=VALUE", hint="e.g. --a werkwijze=Regulier")
    attr, value = spec.split("=", 1)
    col = attr if attr in columns else f"attr_{attr}"
    if col not in columns:
        known = ", ".join(sorted(c.removeprefix("attr_") for c in columns if c.startswith("attr_")))
        raise KetenError(
            f"cohort attribute '{attr}' is not in the log",
            hint=f"attributes in this log: {known or 'none'}",
        )
    q = f'SELECT DISTINCT case_id, episode FROM events WHERE CAST("{col}" AS VARCHAR) = ?'
    return q, [value], value


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
