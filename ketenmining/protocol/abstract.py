"""Rules as small automata over step ids, with time abstracted away.

Lint decides dead, vacuous and conflicting rules on the route's behaviour,
not on data. It reads each rule *permissively*: a trace of steps satisfies
the abstract rule when *some* choice of timestamps (and organisations) makes
it satisfy the real rule. A ``within`` or ``after`` window on a positive
rule (response, precedence, ...) only makes it harder, so the untimed rule is
the right over-approximation; a window on a negative rule (not_succession
within 12 months, no_duplicate, not_co_existence within) can always be
escaped by spacing the events, so those never fail in the abstraction.
Organisation-based kinds (by, no_duplicate, no_ping_pong) never fail either:
organisations are abstracted. Lint therefore only reports what is certain.

Each automaton also tracks *activation* (the same notion the evaluator uses
for ``not_applicable``): a rule is activated on a trace when the evaluator
would give it a status other than not_applicable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ketenmining.protocol.model import Protocol, Rule


@dataclass(frozen=True)
class RuleAutomaton:
    """A deterministic automaton: state → symbol → state, plus accept and activated tests.

    States are hashable values ``(core, activated)``.
    """

    rule: str
    init: Any
    delta: Callable[[Any, str], Any]
    accept: Callable[[Any], bool]

    @staticmethod
    def activated(state: Any) -> bool:
        """True once the rule has been activated."""
        return bool(state[1])


def _make(
    rid: str,
    core0: Any,
    act0: bool,
    step: Callable[[Any, str], tuple[Any, bool]],
    ok: Callable[[Any], bool],
) -> RuleAutomaton:
    def delta(state: Any, sym: str) -> Any:
        core, act = state
        core2, fired = step(core, sym)
        return (core2, act or fired)

    return RuleAutomaton(rid, (core0, act0), delta, lambda s: ok(s[0]))


def _count(rid: str, symbols: frozenset[str], cap: int, ok: Callable[[int], bool]) -> RuleAutomaton:
    return _make(rid, 0, True, lambda c, x: (min(c + (x in symbols), cap), False), ok)


def _response(
    rid: str, a: frozenset[str], b: frozenset[str], first_only: bool = False
) -> RuleAutomaton:
    # core: 0 = nothing owed, 1 = a target is owed, 2 = done (first_only spans)
    def step(c: int, x: str) -> tuple[int, bool]:
        fired = x in a and not (first_only and c != 0)
        if c == 1 and x in b:
            c = 2 if first_only else 0
        if fired:
            c = 1
        return c, fired

    return _make(rid, 0, False, step, lambda c: c != 1)


def _precedence(rid: str, a: str, b: str) -> RuleAutomaton:
    def step(c: tuple[bool, bool], x: str) -> tuple[tuple[bool, bool], bool]:
        seen, bad = c
        fired = x == b
        if fired and not seen:
            bad = True
        return (seen or x == a, bad), fired

    return _make(rid, (False, False), False, step, lambda c: not c[1])


def _chain(rid: str, a: str, b: str) -> RuleAutomaton:
    def step(c: tuple[bool, bool], x: str) -> tuple[tuple[bool, bool], bool]:
        expecting, bad = c
        if expecting and x != b:
            bad = True
        return (x == a, bad), x == a

    return _make(rid, (False, False), False, step, lambda c: not c[0] and not c[1])


def _pair(rid: str, a: str, b: str, ok: Callable[[bool, bool], bool]) -> RuleAutomaton:
    def step(c: tuple[bool, bool], x: str) -> tuple[tuple[bool, bool], bool]:
        return (c[0] or x == a, c[1] or x == b), x in (a, b)

    return _make(rid, (False, False), False, step, lambda c: ok(*c))


def _not_succession(rid: str, a: str, b: str) -> RuleAutomaton:
    def step(c: tuple[bool, bool], x: str) -> tuple[tuple[bool, bool], bool]:
        seen, bad = c
        return (seen or x == a, bad or (seen and x == b)), x == a

    return _make(rid, (False, False), False, step, lambda c: not c[1])


def _never_fails(rid: str, trigger: frozenset[str] | None) -> RuleAutomaton:
    """Organisation- or time-only rules: activated by ``trigger`` steps (None: any step)."""
    return _make(rid, 0, False, lambda c, x: (0, trigger is None or x in trigger), lambda c: True)


def _init_end(rid: str, step: str, kind: str) -> RuleAutomaton:
    def step_fn(c: int, x: str) -> tuple[int, bool]:
        if kind == "init":
            return (c if c else (1 if x == step else 2)), True
        return (1 if x == step else 2), True

    return _make(rid, 0, False, step_fn, lambda c: c == 1)


def rule_automaton(rule: Rule, proto: Protocol) -> RuleAutomaton:
    """The permissive untimed automaton of one rule (its steps must all be known)."""
    rid, k = rule.id, rule.kind
    a, b, s = rule.source or "", rule.target or "", rule.step or ""
    timed = not rule.window.empty
    n = rule.count if rule.count is not None else 1
    if k == "existence":
        return _count(rid, frozenset([s]), n, lambda c: c >= n)
    if k in ("absence", "at_most"):
        limit = 0 if k == "absence" else n
        return _count(rid, frozenset([s]), limit + 1, lambda c: c <= limit)
    if k == "exactly":
        return _count(rid, frozenset([s]), n + 1, lambda c: c == n)
    if k in ("init", "end"):
        return _init_end(rid, s, k)
    if k == "response":
        return _response(rid, frozenset([a]), frozenset([b]))
    if k == "precedence":
        return _precedence(rid, a, b)
    if k == "succession":
        return _product(rid, _response(rid, frozenset([a]), frozenset([b])), _precedence(rid, a, b))
    if k == "chain_response":
        return _chain(rid, a, b)
    if k == "not_succession":
        return _never_fails(rid, frozenset([a])) if timed else _not_succession(rid, a, b)
    if k == "co_existence":
        return _pair(rid, a, b, lambda x, y: x == y)
    if k == "not_co_existence":
        return (
            _never_fails(rid, frozenset([a, b]))
            if timed
            else _pair(rid, a, b, lambda x, y: not (x and y))
        )
    if k == "duration":
        if rule.step:
            return _never_fails(rid, frozenset([s]))
        return _response(rid, frozenset([a]), frozenset([b]), first_only=True)
    if k == "handover":
        return _response(rid, frozenset([s]), pickup_steps(rule, proto))
    if k == "no_duplicate":
        return _never_fails(rid, frozenset((s,) if s else rule.steps))
    if k == "no_ping_pong":
        return _never_fails(rid, frozenset(x.id for x in proto.handover_steps()))
    if k == "max_handovers":
        hs = frozenset(x.id for x in proto.handover_steps())
        return _count(rid, hs, n + 1, lambda c: c <= n)
    return _never_fails(rid, frozenset(rule.steps) if rule.steps else None)  # by


def pickup_steps(rule: Rule, proto: Protocol) -> frozenset[str]:
    """Steps that can pick up a handover: the pickup step, or any step of the receiving org."""
    if rule.pickup:
        return frozenset([rule.pickup])
    step = proto.steps.get(rule.step or "")
    receivers = set(proto.expand(step.handover_to or "")) if step else set()
    return frozenset(sid for sid in proto.steps if proto.responsible(sid) & receivers)


def _product(rid: str, x: RuleAutomaton, y: RuleAutomaton) -> RuleAutomaton:
    return RuleAutomaton(
        rid,
        ((x.init, y.init), x.init[1] or y.init[1]),
        lambda st, sym: (
            (x.delta(st[0][0], sym), y.delta(st[0][1], sym)),
            st[1] or x.delta(st[0][0], sym)[1] or y.delta(st[0][1], sym)[1],
        ),
        lambda st: x.accept(st[0][0]) and y.accept(st[0][1]),
    )
