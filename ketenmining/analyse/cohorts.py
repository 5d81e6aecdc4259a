"""Build the two cohorts of ``analyse compare`` from the ``events`` view (SQL in :mod:`.sql`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ketenmining.analyse import sql
from ketenmining.analyse.compare import Cohort
from ketenmining.analyse.sides import side_sql, sides, sides_table
from ketenmining.errors import KetenError

__all__ = ["CompareResult", "cohort", "run_compare", "side_sql", "sides", "sides_table"]


def cohort(
    con: Any, side: str, name: str, start: str | None, outcome: str, data_end: dt.datetime
) -> Cohort:
    """One cohort (``side``: ``in_a`` or ``in_b`` of ``__sides``): days from ``start`` to
    ``outcome`` (censored at the data end), handovers and re-entry (from ``__episodes``).

    Days are the whole microseconds between the two instants over 1e6 and 86400, as
    ``timedelta.total_seconds() / 86400`` gives them; episodes in case and episode order.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if side not in ("in_a", "in_b"):
        raise ValueError(f"side must be in_a or in_b, not {side!r}")
    table = con.sql(
        sql.COHORT_EPISODES.format(side=side), params=[start, outcome, data_end]
    ).to_arrow_table()

    def column(name: str, kind: Any, missing: Any = None) -> np.ndarray:
        values = pc.cast(table.column(name), kind)
        if missing is not None:
            values = pc.fill_null(values, missing)
        return np.asarray(values.to_numpy(zero_copy_only=False))

    days = np.maximum(column("micros", pa.int64()) / 1e6 / 86400.0, 0.0)
    return Cohort(
        name,
        days,
        column("reached", pa.int64()),
        column("handovers", pa.float64()),
        column("reentry", pa.float64(), float("nan")),
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
    from ketenmining.analyse.changes import edge_changes
    from ketenmining.analyse.compare import compare_cohorts
    from ketenmining.analyse.seams import closure_step, episode_table, outcome_step

    target = outcome or outcome_step(protocol)
    if not target:
        raise KetenError(
            "no outcome step", hint="name it with --outcome STEP (required without --protocol)"
        )
    name_a, name_b = sides_table(con, side_a, side_b)
    con.register("__episodes", episode_table(con, data_end, protocol, closure_step(protocol)))
    try:
        a = cohort(con, "in_a", name_a, start, target, data_end)
        b = cohort(con, "in_b", name_b, start, target, data_end)
        records = compare_cohorts(a, b, k, horizon)
        changes = edge_changes(con, k)
    finally:
        con.unregister("__episodes")
        con.execute("DROP TABLE IF EXISTS __sides")
    return CompareResult(records, (a, b), start, target, changes)
