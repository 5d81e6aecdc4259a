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


#: Time units: an exact length in seconds, compared as instants.
TIME_UNITS = ("minutes", "hours")


def calendar_span(d: Duration, cal: WorkCalendar, first: dt.date, last: dt.date) -> tuple[int, int]:
    """Exact bounds of day(B) − day(A) that ``d`` allows, over every start day A in first..last.

    For a day-based unit (days, weeks, months, working days): ``(least, most)``,
    where *least* is the fewest days ``after d`` can mean (its shortest
    calendar span) and *most* the most days ``within d`` can mean (its longest
    span: N working days before a run of weekends and holidays). Working days
    and months are taken from the calendar itself, day by day, so the bounds
    are those of the years in scope, holidays included.
    """
    n = d.amount
    if d.unit in TIME_UNITS:
        raise ValueError("calendar_span is for day-based units")
    if d.unit in ("days", "weeks"):
        days = n * (7 if d.unit == "weeks" else 1)
        return days, days
    lo_ord, hi_ord = first.toordinal(), last.toordinal()
    if d.unit == "months":
        spans = [
            add_months(dt.date.fromordinal(o), n).toordinal() - o for o in range(lo_ord, hi_ord + 1)
        ]
        return min(spans), max(spans)
    if cal is None:
        raise ValueError("working days need a calendar")
    # working days: W holds the working days; wd(B) - wd(A) counts those in (A, B].
    # Start days A with W[k-1] <= A < W[k] have W[k] as their first working day after A.
    margin = 14 + 3 * n  # enough working days around the start days
    work = cal.working_ordinals(
        dt.date.fromordinal(lo_ord - margin), dt.date.fromordinal(hi_ord + margin)
    )
    most, least = 0, None
    for k in range(1, len(work) - n):
        start, stop = max(work[k - 1], lo_ord), min(work[k] - 1, hi_ord)
        if start > stop:
            continue
        # within n: the latest B is the day before the (n+1)-th working day; A as early as can be
        most = max(most, work[k + n] - 1 - start)
        # after n: the earliest B is the n-th working day (A itself for n = 0); A as late as can be
        b = work[k + n - 1] if n else stop
        least = b - stop if least is None else min(least, b - stop)
    return int(least or 0), most


def weekday_span(n: int) -> tuple[int, int]:
    """Shortest and longest calendar span of ``n`` working days when only weekends are closed.

    A lower bound of the real shortest span (closed days only lengthen spans);
    needs no holiday calendar.
    """
    least, most = None, 0
    for start in range(7):  # the weekday of the start day A (0 = Monday)
        count, d, first_reach = 0, 0, None
        while True:
            d += 1
            if (start + d) % 7 < 5:
                count += 1
                if count == n and first_reach is None:
                    first_reach = d
                if count == n + 1:
                    most = max(most, d - 1)
                    break
        reach = first_reach if n else 0
        least = reach if least is None else min(least, reach)
    return int(least or 0), most
