"""P008 vacuous-rule: the rule checks nothing.

Two ways a rule can be empty:

* no case can ever violate it, whatever steps happen in whatever order:
  ``existence`` with ``count: 0``, a step that must co-exist with itself,
  ``no_ping_pong`` or ``max_handovers`` when no step hands over (for ping-pong:
  when no handover can go back to an organisation that hands over, with every
  step done by its responsible organisations);
* no case that follows the route ever *activates* it (it would be not
  applicable on every such case), and it names no step marked
  ``in_route: false`` (rules about such steps are meant for cases that leave
  the route).

A rule that the route always satisfies is *not* reported: such rules
(e.g. "every handover is picked up") name and weigh one particular deviation,
which is what an audit needs.

Fails (no handover in this chain can go back)::

    steps:
      overdracht: {label: Overdracht, by: VT, handover_to: TT}
      intake: {label: Intake, by: TT}
    rules:
      - id: GEEN-RONDPOMPEN
        text: Geen rondpompen
        no_ping_pong: {within: 6 months}

Passes (a referral back exists)::

    steps:
      overdracht: {label: Overdracht, by: VT, handover_to: TT}
      terugverwijzing: {label: Terugverwijzing, by: TT, handover_to: VT, in_route: false}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.abstract import RuleAutomaton, rule_automaton
from ketenmining.protocol.lint.context import LintContext
from ketenmining.protocol.lint.semantics import verdicts
from ketenmining.protocol.model import Protocol, Rule

CODE = "P008"
NAME = "vacuous-rule"
SEVERITY = "warning"

#: Kinds whose violations come from time or organisations, not from the order of steps.
_NOT_BY_ORDER = ("duration", "no_duplicate", "by")


def check(ctx: LintContext) -> Iterator[Finding]:
    """Rules nobody can violate, and rules the route never activates."""
    proto = ctx.protocol
    if proto is None:
        return
    me = sys.modules[__name__]
    reported = set()
    for rule in ctx.sound_rules:
        if _tautology(rule, proto):
            reported.add(rule.id)
            yield ctx.finding(
                me,
                rule.where,
                "lint.P008.rule_can_never_violated",
                "lint.P008.rule_can_never_violated.hint",
                rid=rule.id,
            )
    for v in verdicts(ctx).values():
        if not v.vacuous or v.rule.id in reported:
            continue
        if any(not proto.steps[s].in_route for s in v.rule.referenced_steps()):
            continue
        yield ctx.finding(
            me,
            v.rule.where,
            "lint.P008.rule_never_applies_case",
            "lint.P008.rule_never_applies_case.hint",
            rid=v.rule.id,
        )


def _tautology(rule: Rule, proto: Protocol) -> bool:
    if rule.kind in ("no_ping_pong", "max_handovers"):
        hs = proto.handover_steps()
        if not hs:
            return True
        if any(h.handover_to not in proto.known_orgs() for h in hs):
            return False  # P003 reports the unknown organisation; do not guess
        if rule.kind == "max_handovers":
            return False
        return not any(
            proto.responsible(h2.id) & set(proto.expand(h1.handover_to or ""))
            and proto.responsible(h1.id) & set(proto.expand(h2.handover_to or ""))
            for h1 in hs
            for h2 in hs
        )
    if rule.kind in _NOT_BY_ORDER or not rule.window.empty:
        return False  # time or organisations can still break it
    return not _can_fail(rule_automaton(rule, proto), list(proto.steps))


def _can_fail(ra: RuleAutomaton, alphabet: list[str]) -> bool:
    """Some sequence of steps (any order, any steps) drives the automaton to reject."""
    seen = {ra.init}
    todo = [ra.init]
    while todo:
        state = todo.pop()
        if not ra.accept(state):
            return True
        for sym in alphabet:
            nxt = ra.delta(state, sym)
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False
