"""Episodes: a client's history split where it was silent longer than the gap.

Calendar months are calendar months (the day clamped to the end of a shorter
month); other units are exact. Used on the sorted events of a chain log, one
row group at a time (:mod:`ketenmining.stitch.spill`).
"""

from __future__ import annotations

from typing import Any

from ketenmining.timeunits import Duration


def episodes(case_rank: Any, timestamps: Any, gap: Duration | None) -> Any:
    """Episode numbers (1, 2, ...) for events sorted by case and time.

    A client's history is split where the time since the previous event is
    longer than ``gap``; months are calendar months (day clamped to the end of
    a shorter month), other units are exact.
    """
    import numpy as np
    import pyarrow as pa

    case = np.asarray(case_rank.to_numpy(), dtype=np.int64)
    n = case.size
    if n == 0:
        return pa.array([], pa.int32())
    if gap is None:
        return pa.array(np.ones(n, dtype=np.int32))
    ts = np.asarray(timestamps.cast(pa.int64()).to_numpy(), dtype=np.int64)
    same = np.zeros(n, dtype=bool)
    same[1:] = case[1:] == case[:-1]
    prev = np.empty(n, dtype=np.int64)
    prev[0] = ts[0]
    prev[1:] = ts[:-1]
    if gap.unit == "months":
        limit = _add_months_us(prev, gap.amount)
    else:
        limit = prev + int(gap.fixed_seconds or 0) * 1_000_000
    new = same & (ts > limit)
    count = np.cumsum(new)
    starts = np.flatnonzero(~same)
    base = np.repeat(count[starts], np.diff(np.append(starts, n)))
    return pa.array((count - base + 1).astype(np.int32))


def _add_months_us(us: Any, months: int) -> Any:
    """Microsecond instants plus ``months`` calendar months, the day clamped to the month's end."""
    import numpy as np

    t = us.astype("datetime64[us]")
    month = t.astype("datetime64[M]")
    day = t.astype("datetime64[D]")
    day_in_month = (day - month.astype("datetime64[D]")).astype(np.int64)
    time_of_day = (t - day.astype("datetime64[us]")).astype(np.int64)
    target = month + months
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    clamped = np.minimum(day_in_month, length - 1)
    out = target.astype("datetime64[D]") + clamped
    return out.astype("datetime64[us]").astype(np.int64) + time_of_day
