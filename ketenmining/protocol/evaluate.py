"""THE evaluator: the status of every protocol rule on one case.

This is the one implementation of the rule semantics (documented with
examples in ``docs/protocol-semantics.md``), used by ``protocol test`` and by
the conformance audit, so the two can never disagree.

Input per case: its events in canonical order as parallel sequences — step
ids (``activity``), organisations, timestamps (UTC epoch seconds or aware
datetimes) and lifecycles — plus ``data_end``, the instant the data ends
(None: the trace is complete). Events of activities that are not protocol
steps are ignored. Output: one :class:`~.checks.RuleResult` per rule (status,
activations, violations, evidence of the first violation).

Everything that can be is prepared once per protocol (:class:`Evaluator`):
the compiled checkers, the working-day array, local midnights for turning
instants into local dates. :meth:`Evaluator.evaluate_columns` walks flat
columns with case offsets, the shape a columnar engine hands over; worker
processes each build their own Evaluator from the protocol (it pickles).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from ketenmining.protocol.calendar import WorkCalendar
from ketenmining.protocol.checks import BUILDERS, STATUSES, Checker, RuleResult, _Ctx, iso
from ketenmining.protocol.checks_chain import CHAIN_BUILDERS
from ketenmining.protocol.model import Protocol, Rule, TraceEvent
from ketenmining.protocol.windows import compile_bound


def compile_rule(rule: Rule, proto: Protocol, cal: WorkCalendar) -> Checker:
    """The checker of one rule (its kind's builder from :mod:`.checks` or :mod:`.checks_chain`)."""
    ctx = _Ctx(rule, proto, cal)
    builder = BUILDERS.get(rule.kind) or CHAIN_BUILDERS[rule.kind]
    return builder(ctx)


__all__ = ["STATUSES", "Case", "Evaluator", "RuleResult"]


def _epoch(t: Any) -> float:
    if isinstance(t, dt.datetime):
        if t.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware (UTC)")
        return t.timestamp()
    return float(t)


class Case:
    """One case prepared for the checkers: events, activity instances, local days."""

    __slots__ = (
        "cal",
        "e_day",
        "e_lc",
        "e_org",
        "e_step",
        "e_time",
        "end_d",
        "end_t",
        "ended",
        "ev_pos",
        "i_day",
        "i_org",
        "i_pos",
        "i_sday",
        "i_step",
        "i_stime",
        "i_time",
    )

    def inst(self, i: int) -> dict[str, Any]:
        """An activity instance as evidence: step, organisation, local time."""
        return {"step": self.i_step[i], "org": self.i_org[i], "time": iso(self.i_time[i], self.cal)}

    def event(self, k: int) -> dict[str, Any]:
        """An event as evidence."""
        return {
            "step": self.e_step[k],
            "org": self.e_org[k],
            "time": iso(self.e_time[k], self.cal),
            "lifecycle": self.e_lc[k],
        }


class Evaluator:
    """All rules of one protocol, compiled; evaluate cases with it."""

    def __init__(self, protocol: Protocol, calendar: WorkCalendar | None = None) -> None:
        self.protocol = protocol
        self.cal = calendar or WorkCalendar(protocol.calendar)
        self.rule_ids = [r.id for r in protocol.rules]
        self.checkers: list[Checker] = [compile_rule(r, protocol, self.cal) for r in protocol.rules]
        self.known = frozenset(protocol.steps)
        self._closed = compile_bound(protocol.case_closed_after, self.cal, upper=False)
        self.end_steps: frozenset[str] = frozenset()
        if protocol.route is not None:
            from ketenmining.protocol.route import build_automaton

            self.automaton = build_automaton(protocol.route)
            self.end_steps = frozenset(self.automaton.end_steps())
        else:
            self.automaton = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (Evaluator, (self.protocol,))

    # -- preparing a case ----------------------------------------------------
    def prepare(
        self,
        steps: Sequence[str],
        orgs: Sequence[str | None],
        times: Sequence[Any],
        lifecycles: Sequence[str | None] | None = None,
        data_end: Any = None,
        days: Sequence[int] | None = None,
    ) -> Case:
        """Filter to protocol steps, convert times, build activity instances.

        ``days`` are the events' local dates as ordinals when the caller has them
        already (a columnar engine computes them for every event at once);
        otherwise they are derived from the times with the calendar.
        """
        cal = self.cal
        known = self.known
        local = cal.local_ordinal
        c = Case()
        c.cal = cal
        keep_idx = [k for k, s in enumerate(steps) if s in known]
        if len(keep_idx) == len(steps):
            e_step = list(steps)
            e_org = list(orgs)
            raw_times = list(times)
            raw_lc = list(lifecycles) if lifecycles is not None else None
            raw_days = list(days) if days is not None else None
        else:
            e_step = [steps[k] for k in keep_idx]
            e_org = [orgs[k] for k in keep_idx]
            raw_times = [times[k] for k in keep_idx]
            raw_lc = [lifecycles[k] for k in keep_idx] if lifecycles is not None else None
            raw_days = [days[k] for k in keep_idx] if days is not None else None
        if raw_times and not isinstance(raw_times[0], float):
            raw_times = [_epoch(x) for x in raw_times]
        e_time: list[float] = raw_times
        e_lc: list[str] = (
            ["complete"] * len(e_step) if raw_lc is None else [lc or "complete" for lc in raw_lc]
        )
        e_day = raw_days if raw_days is not None else [local(t) for t in e_time]
        c.e_step, c.e_org, c.e_time, c.e_lc, c.e_day = e_step, e_org, e_time, e_lc, e_day
        ev_pos: dict[str, list[int]] = {}
        for k, s in enumerate(e_step):
            ev_pos.setdefault(s, []).append(k)
        c.ev_pos = ev_pos
        keep, started = _instance_events(e_step, e_lc)
        if keep is None:
            c.i_step, c.i_org, c.i_time, c.i_day, c.i_pos = e_step, e_org, e_time, e_day, ev_pos
            c.i_stime, c.i_sday = e_time, e_day
        else:
            c.i_step = [e_step[k] for k in keep]
            c.i_org = [e_org[k] for k in keep]
            c.i_time = [e_time[k] for k in keep]
            c.i_day = [e_day[k] for k in keep]
            c.i_stime = [e_time[started.get(k, k)] for k in keep]
            c.i_sday = [e_day[started.get(k, k)] for k in keep]
            pos: dict[str, list[int]] = {}
            for i, s in enumerate(c.i_step):
                pos.setdefault(s, []).append(i)
            c.i_pos = pos
        if data_end is None:
            c.end_t = c.end_d = None
            c.ended = True
        else:
            c.end_t = _epoch(data_end)
            c.end_d = local(c.end_t)
            c.ended = bool(
                e_step
                and (
                    e_step[-1] in self.end_steps
                    or self._closed(e_time[-1], e_day[-1], c.end_t, c.end_d)
                )
            )
        return c

    # -- evaluating ------------------------------------------------------------
    def evaluate_case(
        self,
        steps: Sequence[str],
        orgs: Sequence[str | None],
        times: Sequence[Any],
        lifecycles: Sequence[str | None] | None = None,
        data_end: Any = None,
    ) -> list[RuleResult]:
        """One result per rule (in the protocol's order) for one case."""
        case = self.prepare(steps, orgs, times, lifecycles, data_end)
        return [check(case) for check in self.checkers]

    def evaluate_columns(
        self,
        offsets: Sequence[int],
        steps: Sequence[str],
        orgs: Sequence[str | None],
        times: Sequence[Any],
        lifecycles: Sequence[str | None] | None = None,
        data_end: Any = None,
    ) -> Iterator[list[RuleResult]]:
        """Results per case for flat columns; case k spans ``offsets[k]:offsets[k+1]``."""
        checkers = self.checkers
        prepare = self.prepare
        for k in range(len(offsets) - 1):
            lo, hi = offsets[k], offsets[k + 1]
            lcs = lifecycles[lo:hi] if lifecycles is not None else None
            case = prepare(steps[lo:hi], orgs[lo:hi], times[lo:hi], lcs, data_end)
            yield [check(case) for check in checkers]

    def evaluate_events(
        self, events: Sequence[TraceEvent], data_end: Any = None
    ) -> list[RuleResult]:
        """Results for an embedded test trace (missing organisations filled in)."""
        proto = self.protocol
        orgs = [e.org or proto.default_org(e.step) for e in events]
        return self.evaluate_case(
            [e.step for e in events],
            orgs,
            [e.timestamp for e in events],
            [e.lifecycle for e in events],
            data_end,
        )

    def instance_steps(
        self, steps: Sequence[str], lifecycles: Sequence[str | None] | None = None
    ) -> list[str]:
        """The case's route trace: protocol steps, one per activity instance."""
        kept = [
            (s, (lifecycles[k] if lifecycles is not None else None) or "complete")
            for k, s in enumerate(steps)
            if s in self.known
        ]
        e_step = [s for s, _ in kept]
        keep, _ = _instance_events(e_step, [lc for _, lc in kept])
        return e_step if keep is None else [e_step[k] for k in keep]

    def conforms(
        self, steps: Sequence[str], lifecycles: Sequence[str | None] | None = None
    ) -> bool:
        """True when the case's route trace is a complete trace of the route."""
        if self.automaton is None:
            raise ValueError(
                "the route is not resolved (a BPMN/PNML route needs compile.resolve_route)"
            )
        trace = [s for s in self.instance_steps(steps, lifecycles)]
        if any(s not in self.known for s in trace):
            return False
        return self.automaton.accepts(trace)


def _instance_events(steps: list[str], lcs: list[str]) -> tuple[list[int] | None, dict[int, int]]:
    """Event positions that stand for activity instances (None when every event does),
    and for each instance that had a start, the position of that start.

    An instance is its ``complete`` event, or its ``start`` event when no
    complete follows for that step. Starts and completes of a step pair up
    first-in, first-out. Other lifecycles (schedule, suspend, ...) are not
    instances.
    """
    if all(lc == "complete" for lc in lcs):
        return None, {}
    keep: list[int] = []
    started: dict[int, int] = {}
    open_starts: dict[str, list[int]] = {}
    for k, (s, lc) in enumerate(zip(steps, lcs, strict=True)):
        if lc == "start":
            open_starts.setdefault(s, []).append(k)
        elif lc == "complete":
            starts = open_starts.get(s)
            if starts:
                started[k] = starts.pop(0)
            keep.append(k)
    for starts in open_starts.values():
        keep.extend(starts)
    keep.sort()
    return keep, started
