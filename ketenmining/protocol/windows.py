"""Time windows compiled to fast comparisons between two events of a case.

A window bound is a :class:`~ketenmining.timeunits.Duration`. Comparing two
events A (earlier) and B (later) — each known by its instant (UTC epoch
seconds) and its local day ordinal in the calendar's timezone:

============== ========================================= ==============================
unit           ``within N`` holds when                   ``after N`` holds when
============== ========================================= ==============================
minutes, hours B − A ≤ N × 60 / 3600 s (exact time)      B − A ≥ N × 60 / 3600 s
days, weeks    day(B) ≤ day(A) + N (× 7)                 day(B) ≥ day(A) + N (× 7)
months         day(B) ≤ day(A) + N calendar months       day(B) ≥ day(A) + N months
               (day clamped to the month's end)
working days   wd(day B) − wd(day A) ≤ N                 wd(day B) − wd(day A) ≥ N
============== ========================================= ==============================

``wd(d)`` counts working days up to and including ``d``, so the day of A
does not count and a report on a Saturday starts counting on Monday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ketenmining.protocol.calendar import WorkCalendar, add_months
from ketenmining.timeunits import Duration

#: ``check(a_time, a_day, b_time, b_day) -> bool``
Check = Callable[[float, int, float, int], bool]


def compile_bound(d: Duration, cal: WorkCalendar, upper: bool) -> Check:
    """A comparison for ``within d`` (``upper=True``) or ``after d`` (``upper=False``)."""
    n = d.amount
    if d.unit in ("minutes", "hours"):
        secs = float(d.fixed_seconds or 0)
        if upper:
            return lambda at, ad, bt, bd: bt - at <= secs
        return lambda at, ad, bt, bd: bt - at >= secs
    if d.unit in ("days", "weeks"):
        days = n * (7 if d.unit == "weeks" else 1)
        if upper:
            return lambda at, ad, bt, bd: bd - ad <= days
        return lambda at, ad, bt, bd: bd - ad >= days
    if d.unit == "working_days":
        wd = cal.wd
        if upper:
            return lambda at, ad, bt, bd: wd(bd) - wd(ad) <= n
        return lambda at, ad, bt, bd: wd(bd) - wd(ad) >= n
    cache: dict[int, int] = {}

    def shifted(ad: int) -> int:
        got = cache.get(ad)
        if got is None:
            got = add_months(dt.date.fromordinal(ad), n).toordinal()
            cache[ad] = got
        return got

    if upper:
        return lambda at, ad, bt, bd: bd <= shifted(ad)
    return lambda at, ad, bt, bd: bd >= shifted(ad)


def shift(d: Duration, cal: WorkCalendar, a_time: float, a_day: int) -> str:
    """The moment ``d`` after A, as ISO text (a date for day units).

    For ``within d`` it is the last moment still allowed, for ``after d`` the first.
    """
    n = d.amount
    if d.unit in ("minutes", "hours"):
        when = dt.datetime.fromtimestamp(a_time + (d.fixed_seconds or 0), cal.tz)
        return when.isoformat(timespec="minutes")
    day = dt.date.fromordinal(a_day)
    if d.unit == "days":
        return (day + dt.timedelta(days=n)).isoformat()
    if d.unit == "weeks":
        return (day + dt.timedelta(weeks=n)).isoformat()
    if d.unit == "months":
        return add_months(day, n).isoformat()
    return cal.add_working_days(day, n).isoformat()


def day_span(d: Duration) -> tuple[float, float]:
    """Bounds (in days, as a time difference) that ``d`` can stand for.

    Used by lint to decide, without a calendar, whether windows contradict
    each other: ``within d`` allows at most the upper bound, ``after d``
    needs at least the lower bound. Day-based units are judged on local
    dates, hence the one-day slack; working days may stretch over weekends
    and holiday clusters (upper bound 2N + 21 days).
    """
    n = d.amount
    if d.unit in ("minutes", "hours"):
        x = (d.fixed_seconds or 0) / 86400
        return x, x
    if d.unit == "days":
        return max(n - 1, 0), n + 1
    if d.unit == "weeks":
        return max(7 * n - 1, 0), 7 * n + 1
    if d.unit == "months":
        return max(28 * n - 1, 0), 31 * n + 1
    return max(n - 1, 0), 2 * n + 21
