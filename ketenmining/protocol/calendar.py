"""Working days: weekends, Dutch public holidays and the chain's own closing days.

The national list comes from the ``holidays`` package (``holidays.NL``), but
the two days on which Dutch organisations differ are decided by the protocol,
not by the package's defaults:

* ``good_friday: closed | open`` — Goede Vrijdag (the package lists it as a
  public holiday; many organisations work);
* ``liberation_day: every_year | lustrum | open`` — Bevrijdingsdag, 5 May
  (the package lists it in lustrum years 2025, 2030, ... only).

``closed: [dates]`` adds the organisation's own closing days (bridge days).
Dates are local dates in the calendar's ``timezone`` (default
Europe/Amsterdam). For speed the calendar keeps two arrays over a range of
days that grows on demand: the cumulative number of working days up to and
including each day (``wd``), and the UTC instant of each local midnight
(to turn epoch seconds into a local day with one bisection, DST included).
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from ketenmining.protocol.model import CalendarSpec

KNOWN_COUNTRIES = ("NL",)
_DEFAULT_SPAN = (2015, 2035)


def easter(year: int) -> dt.date:
    """Western Easter Sunday (python-dateutil's algorithm; dateutil comes with ``holidays``)."""
    from dateutil.easter import easter as _easter

    return _easter(year)


class WorkCalendar:
    """Working-day arithmetic for one protocol's calendar settings."""

    def __init__(self, spec: CalendarSpec | None = None) -> None:
        self.spec = spec or CalendarSpec()
        if self.spec.country not in KNOWN_COUNTRIES:
            raise ValueError(f"unknown calendar country {self.spec.country!r}")
        self.tz = ZoneInfo(self.spec.timezone)
        self._closed_cache: dict[int, dict[dt.date, str]] = {}
        self._first = 0  # ordinal of the first day in the arrays
        self._wd: list[int] = []
        self._midnights: list[float] = []
        self._extend(
            dt.date(_DEFAULT_SPAN[0], 1, 1).toordinal(),
            dt.date(_DEFAULT_SPAN[1], 12, 31).toordinal(),
        )

    # -- which days are closed -------------------------------------------
    def holidays(self, year: int) -> dict[dt.date, str]:
        """Closed days of ``year`` (public holidays per the settings + own days), with names."""
        cached = self._closed_cache.get(year)
        if cached is not None:
            return cached
        import holidays as holidays_pkg

        days: dict[dt.date, str] = {}
        national = holidays_pkg.country_holidays("NL", years=year, language="nl")
        good_friday = easter(year) - dt.timedelta(days=2)
        for day, name in national.items():
            if day == good_friday or (day.month == 5 and day.day == 5):
                continue  # decided by the protocol's settings below
            days[day] = name
        if self.spec.good_friday == "closed":
            days[good_friday] = "Goede Vrijdag"
        if self.spec.liberation_day == "every_year" or (
            self.spec.liberation_day == "lustrum" and year % 5 == 0
        ):
            days[dt.date(year, 5, 5)] = "Bevrijdingsdag"
        for day in self.spec.closed:
            if day.year == year:
                days[day] = "eigen sluitingsdag"
        self._closed_cache[year] = days
        return days

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday and not a closed day."""
        return day.weekday() < 5 and day not in self.holidays(day.year)

    # -- arrays -------------------------------------------------------------
    def _extend(self, lo: int, hi: int) -> None:
        """Make the arrays cover ordinals lo..hi (inclusive), rebuilding when needed."""
        if self._wd and lo >= self._first and hi < self._first + len(self._wd):
            return
        if self._wd:
            lo = min(lo, self._first)
            hi = max(hi, self._first + len(self._wd) - 1)
        lo = dt.date(dt.date.fromordinal(lo).year, 1, 1).toordinal()
        hi = dt.date(dt.date.fromordinal(hi).year, 12, 31).toordinal()
        wd, mids, count = [], [], 0
        tz = self.tz
        for ordinal in range(lo, hi + 1):
            day = dt.date.fromordinal(ordinal)
            if self.is_working_day(day):
                count += 1
            wd.append(count)
            mids.append(dt.datetime(day.year, day.month, day.day, tzinfo=tz).timestamp())
        self._first, self._wd, self._midnights = lo, wd, mids
        # Where every local midnight falls on a whole UTC hour (true for Europe/Amsterdam),
        # the local date is constant within each UTC hour: cache it per hour.
        self._hourly = all(m % 3600 == 0 for m in mids)
        self._hour_cache: dict[int, int] = {}

    def ensure(self, first: dt.date, last: dt.date) -> None:
        """Make sure the fast arrays cover ``first``..``last``."""
        self._extend(first.toordinal(), last.toordinal())

    def wd(self, ordinal: int) -> int:
        """Working days up to and including the day with this ordinal (relative count)."""
        i = ordinal - self._first
        if i < 0 or i >= len(self._wd):
            self._extend(ordinal - 366, ordinal + 366)
            i = ordinal - self._first
        return self._wd[i]

    def working_ordinals(self, first: dt.date, last: dt.date) -> list[int]:
        """The ordinals of the working days from ``first`` to ``last`` (inclusive)."""
        self.ensure(first - dt.timedelta(days=1), last)
        lo = first.toordinal() - self._first
        wd = self._wd
        return [
            self._first + i
            for i in range(lo, lo + last.toordinal() - first.toordinal() + 1)
            if wd[i] > wd[i - 1]
        ]

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """``wd(b) - wd(a)``: working days after ``a`` up to and including ``b``."""
        return self.wd(b.toordinal()) - self.wd(a.toordinal())

    def local_ordinal(self, epoch: float) -> int:
        """The local date (as an ordinal) of an instant given as UTC epoch seconds."""
        if self._hourly:
            hour = int(epoch // 3600)
            got = self._hour_cache.get(hour)
            if got is None:
                got = self._bisect_ordinal(hour * 3600.0)
                self._hour_cache[hour] = got
            return got
        return self._bisect_ordinal(epoch)

    def _bisect_ordinal(self, epoch: float) -> int:
        mids = self._midnights
        i = bisect.bisect_right(mids, epoch) - 1
        if i < 0 or i >= len(mids) - 1:
            day = dt.datetime.fromtimestamp(epoch, self.tz).date()
            self._extend(day.toordinal() - 366, day.toordinal() + 366)
            mids = self._midnights
            i = bisect.bisect_right(mids, epoch) - 1
        return self._first + i

    def local_date(self, epoch: float) -> dt.date:
        """The local date of an instant (UTC epoch seconds)."""
        return dt.date.fromordinal(self.local_ordinal(epoch))

    def working_days_between_many(self, t0: Any, t1: Any) -> Any:
        """:meth:`working_days_between` the local dates of two arrays of UTC epoch seconds (numpy).

        The same count as the scalar method, for many instants at once (the seams of a
        national chain have hundreds of thousands of handovers).
        """
        import numpy as np

        t0, t1 = np.asarray(t0, float), np.asarray(t1, float)
        if not len(t0):
            return np.zeros(0)
        lo, hi = float(min(t0.min(), t1.min())), float(max(t0.max(), t1.max()))
        self.local_ordinal(lo)
        self.local_ordinal(hi)  # extends the arrays to cover both ends
        mids = np.asarray(self._midnights)
        wd = np.asarray(self._wd)
        i0 = np.searchsorted(mids, t0, side="right") - 1
        i1 = np.searchsorted(mids, t1, side="right") - 1
        return (wd[i1] - wd[i0]).astype(float)

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (``day`` itself for n = 0): a deadline in working days.

        Closed days right after it are still within the deadline (their wd is
        the same), but the deadline people are told is this working day.
        """
        target = self.wd(day.toordinal()) + n
        ordinal = day.toordinal()
        while self.wd(ordinal) < target:
            ordinal += 1
        return dt.date.fromordinal(ordinal)

    # -- text ---------------------------------------------------------------
    def describe(self, lang: str = "en") -> str:
        """One sentence stating the calendar used, for reports and lint output."""
        s = self.spec
        own = len(s.closed)
        from ketenmining.texts import tr

        good_friday = "closed" if s.good_friday == "closed" else "open"
        return tr(
            "protocol.calendar.describe",
            lang,
            country=s.country,
            good_friday=tr(f"protocol.calendar.good_friday.{good_friday}", lang),
            liberation_day=tr(f"protocol.calendar.liberation_day.{s.liberation_day}", lang),
            own=own,
            timezone=s.timezone,
        )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus calendar months, the day clamped to the end of the month."""
    import calendar as _cal

    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    last = _cal.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))
