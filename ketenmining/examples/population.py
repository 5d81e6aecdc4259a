"""The population of the example chain: every child's episodes, rows and truth rows.

:class:`Population` draws a plan per child (:mod:`.scenario`), schedules its
events (:mod:`.schedule`), appends them to compact per-source buffers
(:mod:`.rows`) and streams ``truth.csv`` rows as it goes. Independent random
streams (plans, times of day, row-level noise, BSNs) are seeded from the seed.

Placement rules that keep the ground truth exact:

* deviating cases start anywhere in the period, like clean ones, so that
  deviations are spread over the whole period (no quarter is free of them
  by construction). A deviating case that is not over (closed, or stopped)
  at least :data:`DEVIATION_MARGIN` days before the end of the data is
  *pending* in the truth: the end of the data may have cut off its
  deviation, or a deadline it misses may not have passed yet, so its rules
  may still be pending (never violated beyond its labels). For every other
  deviating case the injected deviation has fully happened and every
  deadline it misses has passed;
* clean cases start anywhere in the period; those cut off by the end of the
  data are "running" (``ended`` false) and, by the scheduler's gap limit,
  their last event is less than three months before the end;
* rows with an invalid BSN are *extra* rows (a mistyped duplicate of a real
  school or GP row, or a child not otherwise in the chain), never the only
  record of an event of a case in the truth.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter

from ketenmining.examples.calendar import WorkCalendar, date_of, day_of
from ketenmining.examples.identities import demo_key_text, invalid_bsn, new_bsns
from ketenmining.examples.rows import FLAG_MISTYPED, FLAG_PLAIN, FLAG_VARIANT, SourceBuffer
from ketenmining.examples.scenario import (
    CLEAN_SECOND_EPISODE,
    Plan,
    draw_labels,
    draw_plan,
    start_weight,
)
from ketenmining.examples.schedule import MAX_CLEAN_GAP, Event, Scheduler, timed
from ketenmining.examples.sources import (
    COMPLETE,
    HA,
    IGNORED,
    PILOT,
    REGULAR,
    SCH,
    SIGNAL,
    SOURCE_IDS,
    TT,
)
from ketenmining.examples.truth import TruthWriter
from ketenmining.privacy.pseudonym import pseudonym
from ketenmining.progress import SILENT, Progress

DEFAULT_SEED = 2023
DEFAULT_CHILDREN = 2000
#: A deviating case over at least this many days before the end of the data is fully
#: judged; a later one is pending in the truth. The longest a violation can take to show
#: after a case's last event is the monitoring window (16 weeks after the handover) and
#: the three months of silence after which a case counts as ended.
DEVIATION_MARGIN = 120
#: A clean family that returns: first episode starts at least this many days before the end.
SECOND_EPISODE_SPAN = 520
#: Shortest period the generator accepts (days).
MIN_PERIOD_DAYS = DEVIATION_MARGIN + 420
P_VARIANT = {HA: 0.30, SCH: 0.40}  # BSN with dots (GP) / as a number (school)
P_MISTYPED = 0.025  # a GP/school row is entered twice, once with a typing error in the BSN
P_ORPHAN = 0.012  # a GP/school records signals of a child without a valid BSN


class Population:
    """The generation state: calendar, random streams, per-source buffers, counts."""

    def __init__(
        self,
        children: int,
        seed: int,
        start: dt.date,
        end: dt.date,
        *,
        stream: str = "",
        bsns: list[int] | None = None,
    ) -> None:
        """``stream`` names independent random streams (a chunk of the scale form, :mod:`.scale`);
        ``bsns`` gives the children's BSNs instead of drawing them."""
        self.n = children
        self.first, self.last = day_of(start), day_of(end)
        self.cal = WorkCalendar(start, end + dt.timedelta(days=900))
        tag = f"{seed}:{stream}" if stream else f"{seed}"
        self.plan_rng = random.Random(f"ketenmining-voorbeeld:{tag}:plan")
        self.time_rng = random.Random(f"ketenmining-voorbeeld:{tag}:time")
        self.row_rng = random.Random(f"ketenmining-voorbeeld:{tag}:rows")
        if bsns is None:
            bsns = new_bsns(random.Random(f"ketenmining-voorbeeld:{seed}:bsn"), children)
        elif len(bsns) != children:
            raise ValueError("one BSN per child")
        self.bsns = bsns
        self.sched = Scheduler(self.cal, self.plan_rng)
        self.starts = self.cal.schedulable_between(self.first, self.last)
        self.second_starts = self.cal.schedulable_between(
            self.first, self.last - SECOND_EPISODE_SPAN
        )
        self.start_cum = self._cumulative(self.starts)
        self.second_cum = self._cumulative(self.second_starts)
        self.buffers = [SourceBuffer() for _ in SOURCE_IDS]
        self.orphans: list[str] = []
        self.counts: Counter[str] = Counter()
        self.key = demo_key_text().encode("ascii")

    def _cumulative(self, days: list[int]) -> list[float]:
        """Cumulative seasonal-and-trend weights of candidate start days (:func:`start_weight`)."""
        out, acc = [], 0.0
        for day in days:
            d = date_of(day)
            acc += start_weight(day - self.first, d.month, d.day)
            out.append(acc)
        return out

    def _start(self, second: bool = False) -> int:
        """A start day drawn by the seasonal inflow and trend."""
        days, cum = (
            (self.second_starts, self.second_cum) if second else (self.starts, self.start_cum)
        )
        return self.plan_rng.choices(days, cum_weights=cum)[0]

    def episodes(self) -> list[tuple[Plan, list[Event]]]:
        """Plans and scheduled events of the next child's episodes."""
        rng = self.plan_rng
        labels = draw_labels(rng)
        if labels:
            plan = draw_plan(rng, labels)
            events, _ = self.sched.episode(plan, self._start(), 0)
            return [(plan, events)]
        if self.second_starts and rng.random() < CLEAN_SECOND_EPISODE:
            first_plan = draw_plan(rng, (), branch="close")
            first, dossier = self.sched.episode(first_plan, self._start(second=True), 0)
            again = self.cal.on_or_after(first[-1][0] + rng.randint(410, 470))
            second_plan = draw_plan(rng)
            second, _ = self.sched.episode(second_plan, again, dossier)
            return [(first_plan, first), (second_plan, second)]
        plan = draw_plan(rng)
        events, _ = self.sched.episode(plan, self._start(), 0)
        return [(plan, events)]

    def run(self, truth: TruthWriter, progress: Progress = SILENT) -> None:
        """Generate every child: rows into the buffers, truth rows into ``truth``."""
        step = progress.step("kinderen / children", self.n)
        for child in range(self.n):
            case_id = pseudonym(self.key, f"{self.bsns[child]:09d}")
            episode_no = 0
            for plan, events in self.episodes():
                stamped = timed(events, self.time_rng)
                kept = [e for e in stamped if e[0] // 1440 <= self.last]
                if not kept:
                    continue
                truncated = len(kept) < len(stamped)
                pending = bool(plan.labels) and events[-1][0] > self.last - DEVIATION_MARGIN
                self._check(plan, events, truncated, kept)
                episode_no += 1
                cohort = ""
                if any(e[1] == TT for e in kept):
                    cohort = PILOT if plan.pilot else REGULAR
                truth.add(case_id, episode_no, cohort, not truncated, plan.labels, pending)
                self._count(plan, episode_no, truncated, cohort, pending)
                for ts, src, act, lc, aux in kept:
                    self._row(child, ts, src, act, lc, aux)
            if child % 1000 == 999:
                step.advance(1000)
        step.done()

    def _check(self, plan: Plan, events: list[Event], truncated: bool, kept: list) -> None:
        """Guard the placement rules the ground truth relies on (a failure is a bug here)."""
        if plan.labels:
            return
        days = [e[0] for e in events if not (e[1] == SCH and e[2] in IGNORED[SCH])]
        if any(b - a > MAX_CLEAN_GAP for a, b in itertools.pairwise(days)):
            raise AssertionError("a clean case has a gap longer than the scheduler allows")
        if truncated and self.last - kept[-1][0] // 1440 > MAX_CLEAN_GAP:
            raise AssertionError("a running clean case has been silent too long")

    def _count(
        self, plan: Plan, episode_no: int, truncated: bool, cohort: str, pending: bool
    ) -> None:
        self.counts["episodes"] += 1
        if episode_no > 1:
            self.counts["second_episodes"] += 1
        if cohort:
            self.counts[f"cohort:{cohort}"] += 1
        if plan.labels:
            self.counts["deviating"] += 1
            if pending:
                self.counts["deviating_pending"] += 1
            for name in plan.labels:
                self.counts[name] += 1
            if len(plan.labels) > 1:
                self.counts["more_than_one_label"] += 1
        else:
            self.counts["clean"] += 1
            self.counts[f"clean_branch:{plan.branch}"] += 1
            if truncated:
                self.counts["clean_running"] += 1

    def _row(self, child: int, ts: int, src: int, act: int, lc: int, aux: int) -> None:
        """Append one event row, plus the noise rows GPs and schools produce."""
        buf = self.buffers[src]
        if src not in P_VARIANT:
            buf.add(child, ts, act, lc, aux)
            return
        rng = self.row_rng
        buf.add(
            child, ts, act, lc, aux, FLAG_VARIANT if rng.random() < P_VARIANT[src] else FLAG_PLAIN
        )
        if act in IGNORED.get(src, ()):
            return
        if rng.random() < P_MISTYPED:
            buf.add(child, ts, act, lc, aux, FLAG_MISTYPED)
        if rng.random() < P_ORPHAN:
            orphan = self.n + len(self.orphans)
            self.orphans.append(invalid_bsn(rng))
            day = rng.choice(self.starts)
            buf.add(orphan, day * 1440 + rng.randint(510, 960), SIGNAL, COMPLETE, 0)
