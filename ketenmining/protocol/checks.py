"""One compiled checker per rule kind: ``check(case) -> RuleResult``.

The semantics are documented (with examples) in ``docs/protocol-semantics.md``
and implemented only here, so ``protocol test`` and the conformance audit can
never disagree. A checker reads a prepared :class:`~.evaluate.Case`:
*instances* (one per activity instance: its ``complete`` event, or its
``start`` when it has no complete) for the control-flow templates, and the
raw *events* for ``duration`` and ``by``.

Status rules shared by every checker:

* ``violated`` — at least one activation is violated;
* ``pending`` — none violated, but at least one cannot be judged yet: its
  deadline has not passed at the data end, or (no deadline) a required event
  may still come because the case has not ended;
* ``satisfied`` — activated at least once, every activation fulfilled;
* ``not_applicable`` — never activated.

Negative rules ("nothing forbidden happens") are satisfied only once the
window in which the forbidden event could still come has closed:
``not_succession``, ``not_co_existence``, ``no_duplicate`` and
``no_ping_pong`` are pending while the window after an activation is still
open at the data end (no window: while the case has not ended); ``absence``,
``at_most``, ``exactly`` and ``max_handovers``, whose window is the whole
case, are pending while the case has not ended. ``by``, ``precedence`` and
``init`` judge events that already happened and are never pending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

from ketenmining.protocol.calendar import WorkCalendar
from ketenmining.protocol.model import BINARY_KINDS, UNARY_KINDS, Protocol, Rule
from ketenmining.protocol.windows import compile_bound, shift

SATISFIED = "satisfied"
VIOLATED = "violated"
PENDING = "pending"
NOT_APPLICABLE = "not_applicable"
STATUSES = (SATISFIED, VIOLATED, PENDING, NOT_APPLICABLE)


class RuleResult(NamedTuple):
    """The outcome of one rule on one case."""

    rule: str
    status: str
    activations: int
    violations: int
    evidence: dict[str, Any] | None = None


Checker = Callable[[Any], RuleResult]


def _status(acts: int, viols: int, pend: int) -> str:
    if viols:
        return VIOLATED
    if pend:
        return PENDING
    return SATISFIED if acts else NOT_APPLICABLE


class _Ctx:
    """What every checker factory needs: the rule, the calendar, the window checks."""

    def __init__(self, rule: Rule, proto: Protocol, cal: WorkCalendar) -> None:
        self.rule = rule
        self.rid = rule.id
        self.proto = proto
        self.cal = cal
        w = rule.window
        self.within = compile_bound(w.within, cal, True) if w.within else None
        self.after = compile_bound(w.after, cal, False) if w.after else None

    def ok(self, c: Any, i: int, j: int) -> bool:
        """Instance j is within the window after instance i."""
        at, ad, bt, bd = c.i_time[i], c.i_day[i], c.i_time[j], c.i_day[j]
        if self.after is not None and not self.after(at, ad, bt, bd):
            return False
        return self.within is None or self.within(at, ad, bt, bd)

    def too_late(self, c: Any, i: int, j: int) -> bool:
        """Instance j (and so every later one) is past the ``within`` deadline of i."""
        return self.within is not None and not self.within(
            c.i_time[i], c.i_day[i], c.i_time[j], c.i_day[j]
        )

    def open_status(self, c: Any, t: float, d: int) -> str:
        """Status of an activation at (t, d) whose required event has not (yet) come."""
        if self.within is not None:
            if c.end_t is None or not self.within(t, d, c.end_t, c.end_d):
                return VIOLATED
            return PENDING
        return VIOLATED if c.ended else PENDING

    def window_open(self, c: Any, i: int) -> bool:
        """The window after instance i is still open at the data end (a later event may count).

        With a ``within`` bound: the data end lies inside it. Without one: the
        case has not ended. A complete trace (no data end) has no open window.
        """
        if c.end_t is None:
            return False
        if self.within is not None:
            return self.within(c.i_time[i], c.i_day[i], c.end_t, c.end_d)
        return not c.ended

    def evidence(self, c: Any, i: int, **more: Any) -> dict[str, Any]:
        """Evidence of a violation around instance i."""
        ev: dict[str, Any] = {"activation": c.inst(i)}
        w = self.rule.window
        if w.within:
            ev["deadline"] = shift(w.within, self.cal, c.i_time[i], c.i_day[i])
        if w.after:
            ev["earliest"] = shift(w.after, self.cal, c.i_time[i], c.i_day[i])
        if not w.empty:
            ev["window"] = w.text("en")
        ev.update({k: v for k, v in more.items() if v is not None})
        return ev


def iso(t: float, cal: WorkCalendar) -> str:
    """Local ISO date-time text of an instant."""
    return dt.datetime.fromtimestamp(t, cal.tz).isoformat(timespec="minutes")


# -- unary templates -----------------------------------------------------------
def _unary(x: _Ctx) -> Checker:
    rid, step, kind = x.rid, x.rule.step, x.rule.kind
    n = x.rule.count if x.rule.count is not None else 1

    def check(c: Any) -> RuleResult:
        pos = c.i_pos.get(step, ())
        k = len(pos)
        if kind == "existence":
            if k >= n:
                return RuleResult(rid, SATISFIED, 1, 0)
            return RuleResult(
                rid, VIOLATED if c.ended else PENDING, 1, int(c.ended), {"found": k, "required": n}
            )
        if kind in ("absence", "at_most"):
            limit = 0 if kind == "absence" else n
            if k <= limit:
                return RuleResult(rid, SATISFIED if c.ended else PENDING, 1, 0)
            return RuleResult(
                rid,
                VIOLATED,
                1,
                1,
                {"activation": c.inst(pos[limit]), "found": k, "allowed": limit},
            )
        if kind == "exactly":
            if k == n:
                return RuleResult(rid, SATISFIED if c.ended else PENDING, 1, 0)
            if k > n:
                return RuleResult(
                    rid, VIOLATED, 1, 1, {"activation": c.inst(pos[n]), "found": k, "required": n}
                )
            return RuleResult(
                rid, VIOLATED if c.ended else PENDING, 1, int(c.ended), {"found": k, "required": n}
            )
        if not c.i_step:
            return RuleResult(rid, NOT_APPLICABLE, 0, 0)
        if kind == "init":
            if c.i_step[0] == step:
                return RuleResult(rid, SATISFIED, 1, 0)
            return RuleResult(rid, VIOLATED, 1, 1, {"activation": c.inst(0), "expected": step})
        if not c.ended:  # end
            return RuleResult(rid, PENDING, 1, 0)
        last = len(c.i_step) - 1
        if c.i_step[last] == step:
            return RuleResult(rid, SATISFIED, 1, 0)
        return RuleResult(rid, VIOLATED, 1, 1, {"activation": c.inst(last), "expected": step})

    return check


# -- binary templates -----------------------------------------------------------
def _response_part(
    x: _Ctx, c: Any, a: str, b: str, chain: bool = False
) -> tuple[int, int, int, Any]:
    """Activations, violations, pending and first evidence of response(a, b)."""
    pa = c.i_pos.get(a, ())
    pb = c.i_pos.get(b, ())
    viols = pend = 0
    ev = None
    for i in pa:
        found = None
        if chain:
            j = i + 1
            if j < len(c.i_step):
                found = j if c.i_step[j] == b and x.ok(c, i, j) else -1
        else:
            for j in pb:
                if j <= i:
                    continue
                if x.too_late(c, i, j):
                    break
                if x.ok(c, i, j):
                    found = j
                    break
        if found is not None and found >= 0:
            continue
        status = VIOLATED if found == -1 else x.open_status(c, c.i_time[i], c.i_day[i])
        if status == VIOLATED:
            viols += 1
            if ev is None:
                nxt = next((j for j in pb if j > i), None)
                if chain and i + 1 < len(c.i_step):
                    nxt = i + 1
                ev = x.evidence(c, i, expected=b, next=c.inst(nxt) if nxt is not None else None)
        else:
            pend += 1
    return len(pa), viols, pend, ev


def _precedence_part(x: _Ctx, c: Any, a: str, b: str) -> tuple[int, int, Any]:
    pa = c.i_pos.get(a, ())
    pb = c.i_pos.get(b, ())
    viols = 0
    ev = None
    for j in pb:
        if any(i < j and x.ok(c, i, j) for i in pa):
            continue
        viols += 1
        if ev is None:
            before = [i for i in pa if i < j]
            ev = {"activation": c.inst(j), "expected_before": a}
            if before:
                ev["previous"] = c.inst(before[-1])
            if not x.rule.window.empty:
                ev["window"] = x.rule.window.text("en")
    return len(pb), viols, ev


def _binary(x: _Ctx) -> Checker:
    rid, kind = x.rid, x.rule.kind
    a, b = x.rule.source or "", x.rule.target or ""

    def check(c: Any) -> RuleResult:
        if kind in ("response", "chain_response"):
            acts, viols, pend, ev = _response_part(x, c, a, b, chain=kind == "chain_response")
        elif kind == "precedence":
            acts, viols, ev = _precedence_part(x, c, a, b)
            pend = 0
        elif kind == "succession":
            acts, viols, pend, ev = _response_part(x, c, a, b)
            acts2, viols2, ev2 = _precedence_part(x, c, a, b)
            acts, viols, ev = acts + acts2, viols + viols2, ev or ev2
        elif kind == "not_succession":
            acts, viols, pend, ev = _not_succession(x, c, a, b)
        else:
            acts, viols, pend, ev = _coexistence(x, c, a, b, negative=kind == "not_co_existence")
        return RuleResult(rid, _status(acts, viols, pend), acts, viols, ev)

    return check


def _not_succession(x: _Ctx, c: Any, a: str, b: str) -> tuple[int, int, int, Any]:
    """Activations, violations, pending (window still open) and first evidence."""
    pa = c.i_pos.get(a, ())
    pb = c.i_pos.get(b, ())
    viols = pend = 0
    ev = None
    for i in pa:
        bad = next((j for j in pb if j > i and x.ok(c, i, j)), None)
        if bad is not None:
            viols += 1
            if ev is None:
                ev = x.evidence(c, i, forbidden=c.inst(bad))
                ev.pop("deadline", None)
        elif x.window_open(c, i):
            pend += 1
    return len(pa), viols, pend, ev


def _near(x: _Ctx, c: Any, i: int, j: int) -> bool:
    lo, hi = (i, j) if i < j else (j, i)
    return x.ok(c, lo, hi)


def _coexistence(x: _Ctx, c: Any, a: str, b: str, negative: bool) -> tuple[int, int, int, Any]:
    pa = c.i_pos.get(a, ())
    pb = c.i_pos.get(b, ())
    acts = len(pa) + len(pb)
    viols = pend = 0
    ev = None
    for mine, other, want in ((pa, pb, b), (pb, pa, a)):
        for i in mine:
            partner = next((j for j in other if _near(x, c, i, j)), None)
            if negative and partner is not None:
                viols += 1
                ev = ev or {"activation": c.inst(i), "forbidden": c.inst(partner)}
            elif negative and x.window_open(c, i):
                pend += 1
            elif not negative and partner is None:
                status = x.open_status(c, c.i_time[i], c.i_day[i])
                if status == VIOLATED:
                    viols += 1
                    ev = ev or x.evidence(c, i, expected=want)
                else:
                    pend += 1
        if negative:
            break  # each forbidden pair counted once
    return acts, viols, pend, ev


BUILDERS: dict[str, Callable[[_Ctx], Checker]] = {
    **dict.fromkeys(UNARY_KINDS, _unary),
    **dict.fromkeys(BINARY_KINDS, _binary),
}
