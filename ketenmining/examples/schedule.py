"""Turn a child's plan into dated events that follow (or clearly break) the protocol.

Timing of a clean case, always on working days and well inside every window
of ``configs/protocols/meldcode-keten.yaml`` (about 60 % of it at most):

==========================  ==================================  =================
step                        after                               protocol window
==========================  ==================================  =================
melding (VT)                0-1 working days after the report   3 working days
veiligheidsbeoordeling      0-3 working days after melding      5 working days
onderzoek start → complete  14-38 days (+ at most 4 to a        10 weeks
                            working day)
raadsonderzoek start        3-7 days after the request          6 weeks
raadsonderzoek complete     7-12 days after its start           (6 weeks, too)
intake (TT)                 1-6 working days after overdracht   10 working days
monitoring (VT)             84-98 days after overdracht         10-16 weeks
==========================  ==================================  =================

The pilot cohort ("Verbindend Samenwerken") reaches stable safety after
:data:`~.scenario.PILOT_FACTOR` (0.8) times the days from handover the same
family would take in the regular way of working: a median 20 % sooner, the
known effect ``analyse compare`` must recover (written to ``truth.json``).

Deviations move one of these clearly outside (late_assessment 8-15 working
days, late_pickup 15-25 working days, late_investigation 12-16 weeks,
late_raad 8-12 weeks) or change the structure (see :mod:`.scenario`).

The Raad's investigation is kept short on purpose: a clean case then meets
RAAD-6W whether the pickup is measured at the start or at the complete event
of ``raadsonderzoek`` (at most 7+4+12+4 = 27 days after the request).

In a clean case no two consecutive events are more than 63 days apart, so a
case cut off by the end of the data always has its last event less than three
months before that end: it is still running, never "ended" and incomplete.

Events are tuples ``(day, source, activity, lifecycle, aux, joint)`` in causal
order (``joint``: same moment as the previous event, a joint home visit);
:func:`timed` gives them times of day within office hours.
"""

from __future__ import annotations

import random

from ketenmining.examples.calendar import WorkCalendar
from ketenmining.examples.scenario import (
    MELDER_WEIGHTS,
    P_SIGNAL,
    PILOT_FACTOR,
    Plan,
    weighted_choice,
)
from ketenmining.examples.sources import (
    COMPLETE,
    REPORT,
    RVDK,
    RVDK_ONDERZOEK,
    SCH,
    SCH_OVERLEG,
    SCH_OVERLEG_OUDERS,
    SCH_REPORT_AAN,
    SCH_REPORT_BIJ,
    SIGNAL,
    START,
    TT,
    TT_HUISBEZOEK,
    TT_INTAKE,
    TT_STABIEL,
    TT_TERUG,
    VT,
    VT_AFSLUITING,
    VT_BEOORDELING,
    VT_HUISBEZOEK,
    VT_KENNISMAKING,
    VT_MELDING,
    VT_MONITORING,
    VT_ONDERZOEK,
    VT_OVERDRACHT,
    VT_VERZOEK_RAAD,
)

Event = tuple[int, int, int, int, int, bool]

#: Office hours in minutes after local midnight: first event of a day 08:30-14:00,
#: later events of the same day 10-45 minutes after the previous one (at most four
#: a day), so every event is before 16:30 and a +1 h clock skew never changes the date.
DAY_FIRST = (8 * 60 + 30, 14 * 60)
SAME_DAY_STEP = (10, 45)
LATEST = 16 * 60 + 30
#: Largest gap between consecutive events of a clean case (days).
MAX_CLEAN_GAP = 63
_ASSESS_WD = {0: 0.25, 1: 0.35, 2: 0.25, 3: 0.15}
_VISITS = {1: 0.3, 2: 0.35, 3: 0.2, 4: 0.15}


class Scheduler:
    """Builds the events of episodes on a working-day calendar with one random stream."""

    def __init__(self, cal: WorkCalendar, rng: random.Random) -> None:
        self.cal = cal
        self.rng = rng
        #: Days from the last handover to stable safety in the last Toegang episode
        #: scheduled (``stable_days``) and what the regular way of working would have
        #: taken for the same family (``regular_days``); None before any.
        self.stable_days: int | None = None
        self.regular_days: int | None = None
        #: Every scheduled episode that reaches stable safety: (pilot, days, regular days).
        self.stable_log: list[tuple[bool, int, int]] = []

    def _wd(self, day: int, lo: int, hi: int) -> int:
        return self.cal.add_working_days(day, self.rng.randint(lo, hi))

    def _days(self, day: int, lo: int, hi: int) -> int:
        return self.cal.on_or_after(day + self.rng.randint(lo, hi))

    def episode(self, plan: Plan, start: int, vt_dossier: int) -> tuple[list[Event], int]:
        """Events of one episode starting on the schedulable day ``start``.

        ``vt_dossier`` is the child's next Veilig Thuis dossier index; returns the
        events and the next free index (every report opens a new VT dossier).
        """
        ev: list[Event] = []
        labels = plan.labels
        reported = self._report(ev, plan.melder, plan.signal, start)
        if "lost_report" in labels:
            return ev, vt_dossier
        after = self._assess(ev, reported, vt_dossier, "late_assessment" in labels)
        if plan.branch == "close":
            closed = self._wd(after, 1, 8)
            ev.append((closed, VT, VT_AFSLUITING, COMPLETE, vt_dossier, False))
            if "reentry" in labels:
                vt_dossier += 1
                melder = weighted_choice(self.rng, MELDER_WEIGHTS)
                again = self._days(closed, 91, 240)
                reported = self._report(ev, melder, self.rng.random() < P_SIGNAL, again)
                after = self._assess(ev, reported, vt_dossier, False)
                ev.append((self._wd(after, 1, 8), VT, VT_AFSLUITING, COMPLETE, vt_dossier, False))
            return ev, vt_dossier + 1
        if plan.onderzoek:
            begin = self._wd(after, 1, 5)
            if "late_investigation" in labels:
                finish = self._days(begin, 84, 112)
            else:
                finish = self._days(begin, 14, 38)
            ev.append((begin, VT, VT_ONDERZOEK, START, vt_dossier, False))
            ev.append((finish, VT, VT_ONDERZOEK, COMPLETE, vt_dossier, False))
            after = finish
        if plan.branch == "raad":
            self._raad(ev, after, vt_dossier, "late_raad" in labels)
        else:
            if "duplicate_intake" in labels:
                after = self._wd(after, 1, 3)
                ev.append((after, VT, VT_KENNISMAKING, COMPLETE, vt_dossier, False))
            self._toegang(ev, after, plan, vt_dossier)
        return ev, vt_dossier + 1

    def _report(self, ev: list[Event], melder: int, signal: bool, start: int) -> int:
        """Signals (optional) and the report by the melder; returns the day of the report."""
        reported = start
        if signal:
            ev.append((start, melder, SIGNAL, COMPLETE, 0, False))
            gap = 0 if self.rng.random() < 0.3 else self.rng.randint(1, 14)
            reported = self.cal.on_or_after(start + gap)
            if melder == SCH and reported - start >= 2 and self.rng.random() < 0.5:
                meeting = self.cal.on_or_after(start + 1)
                if meeting < reported:
                    kind = SCH_OVERLEG if self.rng.random() < 0.6 else SCH_OVERLEG_OUDERS
                    ev.append((meeting, SCH, kind, COMPLETE, 0, False))
        act = REPORT
        if melder == SCH:
            r = self.rng.random()
            act = REPORT if r < 0.7 else (SCH_REPORT_BIJ if r < 0.85 else SCH_REPORT_AAN)
        ev.append((reported, melder, act, COMPLETE, 0, False))
        return reported

    def _assess(self, ev: list[Event], reported: int, dossier: int, late: bool) -> int:
        """VT registers the report and assesses safety; returns the assessment day."""
        received = self.cal.add_working_days(reported, 0 if self.rng.random() < 0.7 else 1)
        if late:
            assessed = self._wd(received, 8, 15)
        else:
            assessed = self.cal.add_working_days(received, weighted_choice(self.rng, _ASSESS_WD))
        ev.append((received, VT, VT_MELDING, COMPLETE, dossier, False))
        ev.append((assessed, VT, VT_BEOORDELING, COMPLETE, dossier, False))
        return assessed

    def _raad(self, ev: list[Event], after: int, dossier: int, late: bool) -> None:
        """Request to the Raad, its investigation (date-only) and closing."""
        request = self._wd(after, 1, 5)
        begin = self._days(request, 56, 84) if late else self._days(request, 3, 7)
        finish = self._days(begin, 7, 12)
        closed = self._wd(finish, 2, 10)
        ev.append((request, VT, VT_VERZOEK_RAAD, COMPLETE, dossier, False))
        ev.append((begin, RVDK, RVDK_ONDERZOEK, START, 0, False))
        ev.append((finish, RVDK, RVDK_ONDERZOEK, COMPLETE, 0, False))
        ev.append((closed, VT, VT_AFSLUITING, COMPLETE, dossier, False))

    def _toegang(self, ev: list[Event], after: int, plan: Plan, dossier: int) -> None:
        """Handover to Toegang, intake, home visits, monitoring and stable safety, closing."""
        labels = plan.labels
        tt = 1 if plan.pilot else 0
        handover = self._wd(after, 1, 5)
        ev.append((handover, VT, VT_OVERDRACHT, COMPLETE, dossier, False))
        if "lost_handover" in labels:
            return
        intake = self._wd(handover, 15, 25) if "late_pickup" in labels else self._wd(handover, 1, 6)
        ev.append((intake, TT, TT_INTAKE, COMPLETE, tt, False))
        if "ping_pong" in labels:
            first = self._wd(intake, 1, 5)
            visits = [first] + ([self._days(first, 7, 18)] if self.rng.random() < 0.5 else [])
            self._visits(ev, visits, plan.pilot, dossier)
            back = self._days(intake, 63, 77)
            ev.append((back, TT, TT_TERUG, COMPLETE, tt, False))
            handover = self._days(back, 35, 49)
            ev.append((handover, VT, VT_OVERDRACHT, COMPLETE, dossier, False))
            intake = self._wd(handover, 1, 6)
            ev.append((intake, TT, TT_INTAKE, COMPLETE, tt, False))
        monitor = self._days(handover, 84, 98)
        visits = [self._wd(intake, 1, 5)]
        for _ in range(weighted_choice(self.rng, _VISITS) - 1):
            nxt = self._days(visits[-1], 7, 18)
            if nxt >= monitor - 14:
                break
            visits.append(nxt)
        last = visits[-1]
        if monitor - last > 56 or self.rng.random() < 0.5:
            # Stable safety first, between the last visit and monitoring (keeps gaps short).
            lo, hi = max(last + 5, monitor - 59), min(monitor - 9, last + 59)
            stable = self.cal.on_or_after(self.rng.randint(lo, hi))
        else:
            stable = self._days(monitor, 7, 28)
        self.regular_days = stable - handover
        if plan.pilot:
            stable, monitor, visits = self._pilot_timing(handover, stable, monitor, visits)
        self._visits(ev, visits, plan.pilot, dossier)
        if stable <= monitor:
            ev.append((stable, TT, TT_STABIEL, COMPLETE, tt, False))
            ev.append((monitor, VT, VT_MONITORING, COMPLETE, dossier, False))
        else:
            ev.append((monitor, VT, VT_MONITORING, COMPLETE, dossier, False))
            ev.append((stable, TT, TT_STABIEL, COMPLETE, tt, False))
        self.stable_days = stable - handover
        self.stable_log.append((plan.pilot, self.stable_days, self.regular_days))
        closed = self._wd(max(monitor, stable), 2, 10)
        ev.append((closed, VT, VT_AFSLUITING, COMPLETE, dossier, False))

    def _pilot_timing(
        self, handover: int, stable: int, monitor: int, visits: list[int]
    ) -> tuple[int, int, list[int]]:
        """The pilot's stable safety after :data:`PILOT_FACTOR` times the regular time.

        Home visits after the earlier stable safety are dropped (at least the first one
        stays, five days before it), and monitoring moves forward when it would come
        more than :data:`MAX_CLEAN_GAP` days after stable safety (it stays inside the
        protocol's 10-16 week window: stable safety is at least 20 days after handover).
        """
        target = handover + round(PILOT_FACTOR * (stable - handover))
        target = self.cal.on_or_after(max(target, visits[0] + 5))
        kept = [v for v in visits if v <= target - 5] or visits[:1]
        if monitor - target > MAX_CLEAN_GAP:
            monitor = self.cal.on_or_after(target + MAX_CLEAN_GAP - 4)
        return target, monitor, kept

    def _visits(self, ev: list[Event], days: list[int], pilot: bool, dossier: int) -> None:
        """Home visits by Toegang; in the pilot the first (and about half of the rest) joint with VT."""
        tt = 1 if pilot else 0
        for i, day in enumerate(days):
            if pilot and (i == 0 or self.rng.random() < 0.5):
                ev.append((day, VT, VT_HUISBEZOEK, COMPLETE, dossier, False))
                ev.append((day, TT, TT_HUISBEZOEK, COMPLETE, tt, True))
            else:
                ev.append((day, TT, TT_HUISBEZOEK, COMPLETE, tt, False))


def timed(events: list[Event], rng: random.Random) -> list[tuple[int, int, int, int, int]]:
    """Give events local times (minutes since 1970-01-01 00:00 local): ``(ts, src, act, lc, aux)``.

    Raad events are date-only (local midnight) and never share a day with
    another event of the case. Raises AssertionError if the schedule is not in
    causal order, which would be a bug in the scheduler.
    """
    out: list[tuple[int, int, int, int, int]] = []
    prev_day, prev_min, rvdk_day = -1, 0, -1
    for day, src, act, lc, aux, joint in events:
        if day < prev_day or day <= rvdk_day:
            raise AssertionError("scheduler produced events out of order")
        if src == RVDK:
            if day == prev_day:
                raise AssertionError("a Raad event shares its date with another event")
            rvdk_day = day
            out.append((day * 1440, src, act, lc, aux))
            continue
        if joint:
            if day != prev_day:
                raise AssertionError("joint event on another day")
            minute = prev_min
        elif day == prev_day:
            minute = prev_min + rng.randint(*SAME_DAY_STEP)
        else:
            minute = rng.randint(*DAY_FIRST)
        if minute > LATEST:
            raise AssertionError("event after office hours")
        prev_day, prev_min = day, minute
        out.append((day * 1440 + minute, src, act, lc, aux))
    return out
