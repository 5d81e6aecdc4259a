"""Working days for scheduling the example chain (weekends, Dutch holidays, closed days).

The generator schedules every event on a working day, so that rule windows in
working days can be kept comfortably inside (clean cases) or clearly outside
(deviations). Which days are working days is decided by the protocol's own
calendar (:class:`ketenmining.protocol.calendar.WorkCalendar`) with the example
protocol's settings: Good Friday closed, 5 May closed in lustrum years only,
and the protocol's bridge days after Ascension closed. (The test oracle in
``tests/chain_oracle.py`` checks the result with a calendar of its own.)

As an extra safety margin nothing is ever *scheduled* on 5 May (the one day
whose status differs between organisations), although in non-lustrum years it
counts as a working day.

Days are integers: days since 1970-01-01 (``date.toordinal() - EPOCH``).
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left
from collections.abc import Iterable

from ketenmining.protocol.calendar import WorkCalendar as ProtocolCalendar
from ketenmining.protocol.model import CalendarSpec

#: ``date.toordinal()`` of 1970-01-01: day numbers here are days since that date.
EPOCH = dt.date(1970, 1, 1).toordinal()

#: The protocol's own closed days (configs/protocols/meldcode-keten.yaml, ``calendar.closed``).
PROTOCOL_CLOSED = (dt.date(2023, 5, 19), dt.date(2024, 5, 10))


def day_of(d: dt.date) -> int:
    """Day number (days since 1970-01-01) of a date."""
    return d.toordinal() - EPOCH


def date_of(day: int) -> dt.date:
    """The date of a day number."""
    return dt.date.fromordinal(day + EPOCH)


class WorkCalendar:
    """Working days between two dates, with fast arithmetic on day numbers.

    ``wd(day)`` counts working days up to and including ``day`` (the protocol's
    definition), so ``wd(b) - wd(a)`` is the number of working days from a to b.
    """

    def __init__(
        self, first: dt.date, last: dt.date, extra_closed: Iterable[dt.date] = PROTOCOL_CLOSED
    ):
        self.first = day_of(first)
        self.last = day_of(last)
        protocol = ProtocolCalendar(CalendarSpec(closed=tuple(extra_closed)))
        self._cum = array("i")
        self._working: list[int] = []
        self._schedulable: list[int] = []
        count = 0
        for day in range(self.first, self.last + 1):
            d = date_of(day)
            if protocol.is_working_day(d):
                count += 1
                self._working.append(day)
                if not (d.month == 5 and d.day == 5):
                    self._schedulable.append(day)
            self._cum.append(count)

    def _check(self, day: int) -> int:
        if not self.first <= day <= self.last:
            raise ValueError(f"day {date_of(day)} outside the calendar range")
        return day - self.first

    def wd(self, day: int) -> int:
        """Working days from the calendar's first day up to and including ``day``."""
        return self._cum[self._check(day)]

    def is_working(self, day: int) -> bool:
        """True when ``day`` is a working day."""
        i = self._check(day)
        return self._cum[i] != (self._cum[i - 1] if i else 0)

    def is_schedulable(self, day: int) -> bool:
        """True when events may be scheduled on ``day`` (a working day that is not 5 May)."""
        j = bisect_left(self._schedulable, day)
        return j < len(self._schedulable) and self._schedulable[j] == day

    def on_or_after(self, day: int) -> int:
        """The first schedulable day on or after ``day``."""
        j = bisect_left(self._schedulable, day)
        if j >= len(self._schedulable):
            raise ValueError("no schedulable day left in the calendar range")
        return self._schedulable[j]

    def schedulable_between(self, a: int, b: int) -> list[int]:
        """All schedulable days from ``a`` to ``b`` inclusive."""
        return self._schedulable[
            bisect_left(self._schedulable, a) : bisect_left(self._schedulable, b + 1)
        ]

    def add_working_days(self, day: int, n: int) -> int:
        """The schedulable day ``n`` working days after the working day ``day`` (n >= 0).

        The result is exactly ``n`` working days later, or one more when that day
        is 5 May (never scheduled).
        """
        if n == 0:
            return self.on_or_after(day)
        target = self.wd(day) + n  # the target is the target-th working day of the range
        if target > len(self._working):
            raise ValueError("no working day left in the calendar range")
        return self.on_or_after(self._working[target - 1])

    def working_days_between(self, a: int, b: int) -> int:
        """``wd(b) - wd(a)``: working days from day a to day b."""
        return self.wd(b) - self.wd(a)
