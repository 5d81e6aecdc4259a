"""Checkers of the chain-specific rule kinds: what a chain audit is about.

* ``duration`` — one step from its first ``start`` to the matching
  ``complete`` (first to last event of the step when it has no start), or a
  span from the first ``from`` to the first ``to`` after it;
* ``handover`` — every event of a handover step is picked up by the
  receiving organisation (the ``pickup`` step, or any of its events): the
  first such instance after the handover, timed by its *start* (picking up
  means starting; its start event when it has one);
* ``no_duplicate`` — no two events of the step(s) by different
  organisations within the window (pending while a window is still open);
* ``no_ping_pong`` — no handover X→Y followed by a handover Y→X within the
  window (pending while a window is still open);
* ``max_handovers`` — at most ``count`` handover events per case (pending
  while the case runs);
* ``by`` — every event of a protocol step is performed by one of its
  responsible organisations (roles expanded to their members).

See :mod:`.checks` for the status rules they share.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ketenmining.protocol.checks import (
    NOT_APPLICABLE,
    PENDING,
    SATISFIED,
    VIOLATED,
    Checker,
    RuleResult,
    _Ctx,
    _status,
    iso,
)


def _duration(x: _Ctx) -> Checker:
    rid, rule = x.rid, x.rule
    within, after = x.within, x.after

    def judge(c: Any, st: float, sd: int, et: float | None, ed: int | None) -> str:
        if et is None or ed is None:  # not completed (yet)
            if within is not None:
                if c.end_t is None or not within(st, sd, c.end_t, c.end_d):
                    return VIOLATED
                return PENDING
            return VIOLATED if c.ended else PENDING
        if after is not None and not after(st, sd, et, ed):
            return VIOLATED
        if within is not None and not within(st, sd, et, ed):
            return VIOLATED
        return SATISFIED

    def evidence(
        c: Any, st: float, sd: int, end: dict[str, Any] | None, what: dict[str, Any]
    ) -> dict[str, Any]:
        ev = {"start": what, "end": end, "window": rule.window.text("en")}
        if rule.window.within:
            from ketenmining.protocol.windows import shift

            ev["deadline"] = shift(rule.window.within, x.cal, st, sd)
        return ev

    if rule.step:
        step = rule.step

        def check_step(c: Any) -> RuleResult:
            pos = c.ev_pos.get(step)
            if not pos:
                return RuleResult(rid, NOT_APPLICABLE, 0, 0)
            pairs = _instances(c, pos)
            viols = pend = 0
            ev = None
            for s, e in pairs:
                et = c.e_time[e] if e is not None else None
                ed = c.e_day[e] if e is not None else None
                status = judge(c, c.e_time[s], c.e_day[s], et, ed)
                if status == VIOLATED:
                    viols += 1
                    if ev is None:
                        end = c.event(e) if e is not None else None
                        ev = evidence(c, c.e_time[s], c.e_day[s], end, c.event(s))
                elif status == PENDING:
                    pend += 1
            return RuleResult(rid, _status(len(pairs), viols, pend), len(pairs), viols, ev)

        return check_step

    a, b = rule.source, rule.target

    def check_span(c: Any) -> RuleResult:
        pa = c.i_pos.get(a)
        if not pa:
            return RuleResult(rid, NOT_APPLICABLE, 0, 0)
        i = pa[0]
        j = next((j for j in c.i_pos.get(b, ()) if j > i), None)
        st, sd = c.i_time[i], c.i_day[i]
        status = judge(
            c, st, sd, c.i_time[j] if j is not None else None, c.i_day[j] if j is not None else None
        )
        ev = None
        if status == VIOLATED:
            ev = evidence(c, st, sd, c.inst(j) if j is not None else None, c.inst(i))
        return RuleResult(rid, status, 1, int(status == VIOLATED), ev)

    return check_span


def _instances(c: Any, pos: list[int]) -> list[tuple[int, int | None]]:
    """(start event, end event) per instance of one step, by its events' lifecycles."""
    lcs = c.e_lc
    starts = [p for p in pos if lcs[p] == "start"]
    if not starts:
        return [(pos[0], pos[-1])]
    out: list[tuple[int, int | None]] = []
    open_starts: list[int] = []
    for p in pos:
        if lcs[p] == "start":
            open_starts.append(p)
        elif lcs[p] == "complete" and open_starts:
            out.append((open_starts.pop(0), p))
    out.extend((s, None) for s in open_starts)
    out.sort()
    return out


def _handover(x: _Ctx) -> Checker:
    rid, rule, proto = x.rid, x.rule, x.proto
    step = proto.steps[rule.step or ""]
    receivers = frozenset(proto.expand(step.handover_to or ""))
    pickup = rule.pickup
    within = x.within

    def in_time(c: Any, i: int, j: int) -> bool:
        # picked up = the receiving organisation *starts* the pickup instance
        return within is None or within(c.i_time[i], c.i_day[i], c.i_stime[j], c.i_sday[j])

    def check(c: Any) -> RuleResult:
        pa = c.i_pos.get(step.id)
        if not pa:
            return RuleResult(rid, NOT_APPLICABLE, 0, 0)
        cands = c.i_pos.get(pickup, ()) if pickup else range(len(c.i_step))
        viols = pend = 0
        ev = None
        for i in pa:
            found = False
            for j in cands:
                if j <= i or c.i_org[j] not in receivers:
                    continue
                found = in_time(c, i, j)
                break
            if found:
                continue
            status = x.open_status(c, c.i_time[i], c.i_day[i])
            if status == VIOLATED:
                viols += 1
                if ev is None:
                    nxt = next((j for j in cands if j > i and c.i_org[j] in receivers), None)
                    ev = x.evidence(
                        c,
                        i,
                        to_org=step.handover_to,
                        expected=pickup or "any step by the receiving organisation",
                        pickup=c.inst(nxt) if nxt is not None else None,
                    )
            else:
                pend += 1
        return RuleResult(rid, _status(len(pa), viols, pend), len(pa), viols, ev)

    return check


def _no_duplicate(x: _Ctx) -> Checker:
    rid = x.rid
    steps = (x.rule.step,) if x.rule.step else x.rule.steps

    def check(c: Any) -> RuleResult:
        pos: list[int] = []
        for s in steps:
            pos.extend(c.i_pos.get(s, ()))
        if not pos:
            return RuleResult(rid, NOT_APPLICABLE, 0, 0)
        pos.sort()
        viols = 0
        ev = None
        for k, j in enumerate(pos):
            for i in pos[:k]:
                if c.i_org[i] != c.i_org[j] and x.ok(c, i, j):
                    viols += 1
                    if ev is None:
                        ev = x.evidence(c, i, duplicate=c.inst(j))
                        ev.pop("deadline", None)
                    break
        # a duplicate of an instance whose window is still open may still come
        pend = 0 if viols else sum(x.window_open(c, i) for i in pos)
        return RuleResult(rid, _status(len(pos), viols, pend), len(pos), viols, ev)

    return check


def _handover_info(x: _Ctx) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    proto = x.proto
    targets = {s.id: frozenset(proto.expand(s.handover_to or "")) for s in proto.handover_steps()}
    return frozenset(targets), targets


def _no_ping_pong(x: _Ctx) -> Checker:
    rid = x.rid
    hsteps, targets = _handover_info(x)

    def check(c: Any) -> RuleResult:
        hpos = [i for i, s in enumerate(c.i_step) if s in hsteps]
        if not hpos:
            return RuleResult(rid, NOT_APPLICABLE, 0, 0)
        viols = 0
        ev = None
        for k, j in enumerate(hpos):
            from2, to2 = c.i_org[j], targets[c.i_step[j]]
            for i in hpos[:k]:
                if from2 in targets[c.i_step[i]] and c.i_org[i] in to2 and x.ok(c, i, j):
                    viols += 1
                    if ev is None:
                        ev = x.evidence(c, i, back=c.inst(j))
                        ev.pop("deadline", None)
                    break
        # a handover back may still come while the window after a handover is open
        pend = 0 if viols else sum(x.window_open(c, i) for i in hpos)
        return RuleResult(rid, _status(len(hpos), viols, pend), len(hpos), viols, ev)

    return check


def _max_handovers(x: _Ctx) -> Checker:
    rid = x.rid
    hsteps, _ = _handover_info(x)
    limit = x.rule.count or 0

    def check(c: Any) -> RuleResult:
        hpos = [i for i, s in enumerate(c.i_step) if s in hsteps]
        if len(hpos) <= limit:
            # the window is the whole case: more handovers may come while it runs
            return RuleResult(rid, SATISFIED if c.ended else PENDING, 1, 0)
        ev = {"activation": c.inst(hpos[limit]), "found": len(hpos), "allowed": limit}
        return RuleResult(rid, VIOLATED, 1, 1, ev)

    return check


def _by(x: _Ctx) -> Checker:
    rid, proto = x.rid, x.proto
    scope = set(x.rule.steps) if x.rule.steps else set(proto.steps)
    allowed = {s: proto.responsible(s) for s in scope}

    def check(c: Any) -> RuleResult:
        acts = viols = 0
        ev = None
        for k, step in enumerate(c.e_step):
            ok = allowed.get(step)
            if ok is None:
                continue
            acts += 1
            if c.e_org[k] not in ok:
                viols += 1
                if ev is None:
                    ev = {"activation": c.event(k), "allowed": sorted(ok)}
        return RuleResult(rid, _status(acts, viols, 0), acts, viols, ev)

    return check


CHAIN_BUILDERS: dict[str, Callable[[_Ctx], Checker]] = {
    "duration": _duration,
    "handover": _handover,
    "no_duplicate": _no_duplicate,
    "no_ping_pong": _no_ping_pong,
    "max_handovers": _max_handovers,
    "by": _by,
}

__all__ = ["CHAIN_BUILDERS", "iso"]
