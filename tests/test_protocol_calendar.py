"""Working days: Dutch holidays, the protocol's own choices, year boundaries and DST."""

from __future__ import annotations

import datetime as dt

import pytest

from ketenmining.protocol.calendar import WorkCalendar, add_months, easter
from ketenmining.protocol.model import CalendarSpec

D = dt.date
UTC = dt.UTC


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar(
        CalendarSpec(good_friday="closed", liberation_day="lustrum", closed=(D(2024, 5, 10),))
    )


def test_easter_dates() -> None:
    assert easter(2024) == D(2024, 3, 31)
    assert easter(2025) == D(2025, 4, 20)
    assert easter(2019) == D(2019, 4, 21)
    assert easter(2038) == D(2038, 4, 25)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 3, 28), True),  # Maundy Thursday
        (D(2024, 3, 29), False),  # Good Friday (closed by the setting)
        (D(2024, 4, 1), False),  # Easter Monday
        (D(2024, 4, 2), True),
        (D(2024, 5, 9), False),  # Ascension Day
        (D(2024, 5, 10), False),  # own closing day (bridge day)
        (D(2024, 5, 20), False),  # Whit Monday
        (D(2024, 5, 21), True),
        (D(2024, 12, 25), False),
        (D(2024, 12, 26), False),
        (D(2024, 12, 27), True),
        (D(2025, 1, 1), False),
        (D(2024, 4, 27), False),  # King's Day on a Saturday
        (D(2023, 4, 27), False),  # King's Day on a Thursday
        (D(2024, 5, 5), False),  # a Sunday anyway
        (D(2025, 5, 5), False),  # Liberation Day in a lustrum year (Monday)
        (D(2026, 5, 5), True),  # not a lustrum year (Tuesday)
    ],
)
def test_working_days(cal: WorkCalendar, day: D, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_kings_day_on_sunday_moves_to_saturday(cal: WorkCalendar) -> None:
    # 27 April 2025 and 2014 are Sundays: King's Day is the Saturday before.
    assert D(2025, 4, 26) in cal.holidays(2025)
    assert D(2025, 4, 27) not in cal.holidays(2025)
    assert D(2014, 4, 26) in cal.holidays(2014)
    # a Monday after it is a normal working day
    assert cal.is_working_day(D(2025, 4, 28))


def test_settings_decide_good_friday_and_liberation_day() -> None:
    open_gf = WorkCalendar(CalendarSpec(good_friday="open", liberation_day="every_year"))
    assert open_gf.is_working_day(D(2024, 3, 29))
    assert not open_gf.is_working_day(D(2026, 5, 5))
    never = WorkCalendar(CalendarSpec(liberation_day="open"))
    assert never.is_working_day(D(2025, 5, 5))
    assert not never.is_working_day(D(2025, 4, 18))  # Good Friday closed by default


def test_counting_across_easter_and_the_year_boundary(cal: WorkCalendar) -> None:
    # Thu 28 March 2024 -> Fri 5 April: 2, 3, 4, 5 April are working days (Good Friday, Easter Monday not)
    assert cal.working_days_between(D(2024, 3, 28), D(2024, 4, 5)) == 4
    # Tue 24 Dec 2024 -> Thu 2 Jan 2025: 27, 30, 31 Dec and 2 Jan
    assert cal.working_days_between(D(2024, 12, 24), D(2025, 1, 2)) == 4
    # a report on a Saturday starts counting on Monday
    assert cal.working_days_between(D(2024, 3, 2), D(2024, 3, 4)) == 1
    assert cal.working_days_between(D(2024, 3, 2), D(2024, 3, 3)) == 0


def test_far_dates_extend_the_arrays(cal: WorkCalendar) -> None:
    assert cal.working_days_between(D(1999, 12, 31), D(2000, 1, 3)) == 1
    assert (
        cal.working_days_between(D(2051, 12, 22), D(2051, 12, 27)) == 1
    )  # Sat, Sun, Christmas Mon/Tue, then Wed


def test_local_dates_across_dst(cal: WorkCalendar) -> None:
    def at(*args: int) -> float:
        return dt.datetime(*args, tzinfo=UTC).timestamp()

    # spring forward, 31 March 2024 (UTC+1 before)
    assert cal.local_date(at(2024, 3, 30, 22, 59)) == D(2024, 3, 30)
    assert cal.local_date(at(2024, 3, 30, 23, 0)) == D(2024, 3, 31)
    # after the switch (UTC+2): 22:00 UTC is midnight
    assert cal.local_date(at(2024, 3, 31, 21, 59)) == D(2024, 3, 31)
    assert cal.local_date(at(2024, 3, 31, 22, 0)) == D(2024, 4, 1)
    # fall back, 27 October 2024: 22:00 UTC on the 26th is midnight (UTC+2), 23:00 UTC on the 27th (UTC+1)
    assert cal.local_date(at(2024, 10, 26, 22, 0)) == D(2024, 10, 27)
    assert cal.local_date(at(2024, 10, 27, 22, 59)) == D(2024, 10, 27)
    assert cal.local_date(at(2024, 10, 27, 23, 0)) == D(2024, 10, 28)


def test_add_months_clamps() -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 11, 30), 3) == D(2025, 2, 28)
    assert add_months(D(2023, 6, 1), 12) == D(2024, 6, 1)


def test_deadline_in_working_days(cal: WorkCalendar) -> None:
    assert cal.add_working_days(D(2024, 3, 28), 5) == D(2024, 4, 8)
    assert cal.add_working_days(D(2024, 5, 8), 1) == D(
        2024, 5, 13
    )  # Ascension + bridge day + weekend


def test_describe_states_the_choices(cal: WorkCalendar) -> None:
    text = cal.describe("nl")
    assert "Goede Vrijdag gesloten" in text and "lustrumjaren" in text and "1 eigen" in text
    assert "Europe/Amsterdam" in cal.describe("en")


def test_unknown_country_is_refused() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(CalendarSpec(country="BE"))


def test_calendar_span_of_working_days_is_exact() -> None:
    """Shortest and longest calendar span of N working days, against a day-by-day count."""
    import datetime as dt

    from ketenmining.protocol.calendar import WorkCalendar
    from ketenmining.protocol.windows import calendar_span
    from ketenmining.timeunits import Duration

    cal = WorkCalendar()
    first, last = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
    for n in (1, 3, 5, 10):
        most = least = None
        day = first
        while day <= last:
            d = 0
            while cal.working_days_between(day, day + dt.timedelta(days=d + 1)) <= n:
                d += 1
            most = d if most is None else max(most, d)
            d = 0
            while cal.working_days_between(day, day + dt.timedelta(days=d)) < n:
                d += 1
            least = d if least is None else min(least, d)
            day += dt.timedelta(days=1)
        assert calendar_span(Duration(n, "working_days"), cal, first, last) == (least, most), n
    assert calendar_span(Duration(5, "working_days"), cal, first, last)[1] == 12  # Christmas 2024
    assert calendar_span(Duration(1, "months"), cal, first, last) == (28, 31)
