"""P010 contradictory-windows: time windows that cannot all hold.

Within one rule: ``after`` longer than ``within`` (``after: 4 weeks, within:
10 working days``). Across rules: a chain of windows on steps that occur at
most once per case, e.g. "intake at least 10 working days after the
handover", "home visit within 5 working days of the handover", and the route
has the home visit after the intake. The windows form a simple temporal
network (difference constraints between the steps' times, plus "before" from
the route's order); a negative cycle means no timing satisfies them all, so
every case that passes those steps breaks one of the rules.

Day-based units (days, weeks, months, working days) are judged on local
dates, so they are compared as whole days: a window in days or weeks is
exact; a month or N working days is bounded by its exact calendar span —
the shortest and the longest run of N working days (or one month) over the
holidays of the years in scope (the calendar's years, 2015–2035, and the
years of the protocol's own closing days and tests). So "after: 3 weeks"
with "within: 5 working days" on the same steps is reported (5 working days
span at most 12 days), and "after: 9 days" with it is not (Easter and
Christmas stretch 5 working days to 11 or 12 days). For one pair of steps
this is exact; along a chain of rules the bounds may leave a contradiction
that depends on the dates unreported, never report one that is not there.
When hours or minutes take part, whole days become time differences with a
day of slack either way.

Fails::

    - id: MONITORING
      text: Monitoring tussen 16 en 10 weken na overdracht
      response: {from: overdracht, to: monitoring, after: 16 weeks, within: 10 weeks}

Passes::

    - id: MONITORING
      text: Monitoring tussen 10 en 16 weken na overdracht
      response: {from: overdracht, to: monitoring, after: 10 weeks, within: 16 weeks}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from ketenmining.errors import Finding
from ketenmining.protocol.abstract import RuleAutomaton
from ketenmining.protocol.explore import all_accept, find_trace
from ketenmining.protocol.lint.context import LintContext
from ketenmining.protocol.model import Rule
from ketenmining.protocol.windows import TIME_UNITS, calendar_span, day_span, weekday_span
from ketenmining.timeunits import Duration

CODE = "P010"
NAME = "contradictory-windows"
SEVERITY = "error"

#: Up to this many working days some stretch of the years in scope has no closed day.
HOLIDAY_FREE = 60

#: Kinds whose window constrains t(to) − t(from) for the pair they name.
_PAIR_KINDS = ("response", "succession", "chain_response", "precedence", "handover", "duration")


def check(ctx: LintContext) -> Iterator[Finding]:
    """Contradictions inside one rule, then negative cycles across rules.

    First with the spans of a calendar without holidays, which need no holiday
    data: closed days only make the longest span of N working days longer (a
    looser ``within``), and up to :data:`HOLIDAY_FREE` working days the
    shortest span is that of a stretch without holidays (mid-August to
    Christmas has none). When nothing contradicts then, nothing can, and lint
    stays light; only otherwise are the exact calendar spans computed.
    """
    if ctx.protocol is None:
        return
    longest = max(
        (
            d.amount
            for r in ctx.protocol.rules
            for d in (r.window.within, r.window.after)
            if d is not None and d.unit == "working_days"
        ),
        default=0,
    )
    if longest <= HOLIDAY_FREE and not list(_findings(ctx, _Spans(ctx, exact=False))):
        return
    yield from _findings(ctx, _Spans(ctx, exact=True))


def _findings(ctx: LintContext, spans: _Spans) -> Iterator[Finding]:
    proto = ctx.protocol
    assert proto is not None
    me = sys.modules[__name__]
    single_bad = set()
    for rule in proto.rules:
        w = rule.window
        if w.within is None or w.after is None:
            continue
        same_unit = w.within.unit == w.after.unit and w.after.amount > w.within.amount
        exact = w.within.unit not in TIME_UNITS and w.after.unit not in TIME_UNITS
        if same_unit or spans.low(w.after, exact) > spans.high(w.within, exact):
            single_bad.add(rule.id)
            yield ctx.finding(
                me,
                w.after_where or rule.where,
                "lint.P010.rule_after_longer_than",
                "lint.P010.rule_after_longer_than.hint",
                rid=rule.id,
                a=w.after.text(ctx.lang),
                w=w.within.text(ctx.lang),
            )
    yield from _network(ctx, me, single_bad, spans)


def _pair(rule: Rule) -> tuple[str, str] | None:
    if rule.kind not in _PAIR_KINDS or rule.window.empty:
        return None
    if rule.kind == "handover":
        return (rule.step, rule.pickup) if rule.step and rule.pickup else None
    if rule.kind == "duration":
        return (rule.source, rule.target) if rule.source and rule.target else None
    return (rule.source, rule.target) if rule.source and rule.target else None


class _Spans:
    """Bounds of a window in days, from the protocol's calendar over the years in scope."""

    def __init__(self, ctx: LintContext, exact: bool) -> None:
        self.ctx = ctx
        self.is_exact = exact
        self.cache: dict[Duration, tuple[int, int]] = {}
        self.calendar: Any = None

    def exact(self, d: Duration) -> tuple[int, int]:
        got = self.cache.get(d)
        if got is None and not self.is_exact and d.unit == "working_days":
            got = self.cache[d] = weekday_span(d.amount)  # a calendar without holidays
        if got is None:
            import datetime as dt

            from ketenmining.protocol.calendar import WorkCalendar

            proto = self.ctx.protocol
            assert proto is not None
            years = {2015, 2035}
            years.update(day.year for day in proto.calendar.closed)
            years.update(e.timestamp.year for t in proto.tests for e in t.events)
            first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
            try:  # only working days need the holiday calendar
                if d.unit == "working_days":
                    self.calendar = self.calendar or WorkCalendar(proto.calendar)
                cal = self.calendar
            except (ValueError, LookupError):  # a broken calendar is P012's finding
                lo, hi = day_span(d)
                got = self.cache[d] = (int(lo), int(hi))
            else:
                got = self.cache[d] = calendar_span(d, cal, first, last)
        return got

    def low(self, d: Duration, whole_days: bool) -> float:
        """The fewest days ``after d`` can mean (as whole days, or as a time difference)."""
        if d.unit in TIME_UNITS:
            return day_span(d)[0]
        lo = self.exact(d)[0]
        return lo if whole_days else max(lo - 1, 0)

    def high(self, d: Duration, whole_days: bool) -> float:
        """The most days ``within d`` can mean."""
        if d.unit in TIME_UNITS:
            return day_span(d)[1]
        hi = self.exact(d)[1]
        return hi if whole_days else hi + 1


def _network(ctx: LintContext, me: object, skip: set[str], spans: _Spans) -> Iterator[Finding]:
    auto = ctx.automaton
    if auto is None:
        return
    rules = [
        (r, p) for r in ctx.sound_rules if r.id not in skip and (p := _pair(r)) and p[0] != p[1]
    ]
    if len(rules) < 2:
        return
    steps = sorted({s for _, p in rules for s in p})
    once = [s for s in steps if _at_most_once(ctx, s)]
    rules = [(r, p) for r, p in rules if p[0] in once and p[1] in once]
    if len(rules) < 2:
        return
    nodes = sorted({s for _, p in rules for s in p})
    inf = float("inf")
    dist = {(x, y): (0.0 if x == y else inf) for x in nodes for y in nodes}
    why: dict[tuple[str, str], str | None] = {}

    def edge(x: str, y: str, w: float, rid: str | None) -> None:
        if w < dist[(x, y)]:
            dist[(x, y)] = w
            why[(x, y)] = rid

    # whole days when no window is in hours or minutes (all compare local dates)
    whole = all(
        d.unit not in TIME_UNITS
        for r, _ in rules
        for d in (r.window.within, r.window.after)
        if d is not None
    )
    for rule, (a, b) in rules:
        lo = spans.low(rule.window.after, whole) if rule.window.after else 0.0
        hi = spans.high(rule.window.within, whole) if rule.window.within else inf
        edge(a, b, hi, rule.id)  # t_b - t_a <= hi
        edge(b, a, -lo, rule.id)  # t_a - t_b <= -lo
    for x in nodes:
        for y in nodes:
            if x != y and _always_before(ctx, x, y):
                edge(y, x, 0.0, None)  # t_x <= t_y
    nxt = {(x, y): y for x in nodes for y in nodes}
    for k in nodes:
        for i in nodes:
            for j in nodes:
                if dist[(i, k)] + dist[(k, j)] < dist[(i, j)]:
                    dist[(i, j)] = dist[(i, k)] + dist[(k, j)]
                    nxt[(i, j)] = nxt[(i, k)]
    for x in nodes:
        if dist[(x, x)] >= 0:
            continue
        cycle = _cycle(nxt, x)
        ids = sorted({why.get((cycle[i], cycle[i + 1])) for i in range(len(cycle) - 1)} - {None})
        if not ids or not _co_occur(ctx, set(cycle)):
            continue
        first = next(r for r, _ in rules if r.id == ids[0])
        yield ctx.finding(
            me,
            first.where,
            "lint.P010.windows_rules_cannot_all",
            "lint.P010.windows_rules_cannot_all.hint",
            data={"rules": ids, "steps": cycle},
            ids=", ".join(ids),
            steps=" → ".join(cycle),
        )
        return


def _cycle(nxt: dict[tuple[str, str], str], start: str) -> list[str]:
    path = [start]
    cur = nxt[(start, start)]
    while cur != start and len(path) <= len(nxt):
        path.append(cur)
        cur = nxt[(cur, start)]
    path.append(start)
    return path


def _count_automaton(step: str, least: int) -> RuleAutomaton:
    return RuleAutomaton(
        step,
        (0, True),
        lambda s, x: (min(s[0] + (x == step), least), True),
        lambda s: s[0] >= least,
    )


def _at_most_once(ctx: LintContext, step: str) -> bool:
    assert ctx.automaton is not None
    found, _ = find_trace(
        ctx.automaton, [_count_automaton(step, 2)], lambda s: s[0][0] >= 2, ctx.budget
    )
    return found is False


def _always_before(ctx: LintContext, x: str, y: str) -> bool:
    """Every route trace with both x and y has x first."""
    assert ctx.automaton is not None
    ya = RuleAutomaton(
        "order",
        (0, True),
        lambda s, sym: (
            (1 if s[0] == 0 and sym == y else 2 if s[0] == 1 and sym == x else s[0]),
            True,
        ),
        lambda s: s[0] == 2,
    )
    found, _ = find_trace(ctx.automaton, [ya], lambda s: s[0][0] == 2, ctx.budget)
    return found is False


def _co_occur(ctx: LintContext, steps: set[str]) -> bool:
    assert ctx.automaton is not None
    autos = [_count_automaton(s, 1) for s in sorted(steps)]
    found, _ = find_trace(ctx.automaton, autos, all_accept(autos), ctx.budget)
    return found is True
