"""P009 conflicting-rules: rules that no trace of the route can satisfy together.

Each rule on its own can be met, but no case that follows the route can
meet them all at once. Decided exactly on the route's language (time
abstracted) by exploring the product of the route with all rules' automata;
the finding names a smallest set of rules that conflict.

Fails (the route makes the investigation optional; one rule forbids it, the other requires it)::

    route: {sequence: [melding, {optional: onderzoek}, afsluiting]}
    rules:
      - {id: ALTIJD-ONDERZOEK, text: Altijd onderzoek, existence: onderzoek}
      - {id: NOOIT-ONDERZOEK, text: Nooit onderzoek, absence: onderzoek}

Passes::

    rules:
      - {id: ALTIJD-ONDERZOEK, text: Altijd onderzoek, existence: onderzoek}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.explore import all_accept, find_trace, minimal_conflict
from ketenmining.protocol.lint.context import LintContext
from ketenmining.protocol.lint.semantics import verdicts

CODE = "P009"
NAME = "conflicting-rules"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """A smallest set of (individually satisfiable) rules that no route trace satisfies."""
    auto = ctx.automaton
    if auto is None:
        return
    usable = [
        v
        for v in verdicts(ctx).values()
        if v.activated is not None and not v.dead and v.satisfiable is not None
    ]
    automata = [v.automaton for v in usable]
    if len(automata) < 2:
        return
    found, _ = find_trace(auto, automata, all_accept(automata), ctx.budget)
    if found is None:
        ctx.bounded.append(
            ("rules together", ctx.protocol.where.get("rules") if ctx.protocol else None)
        )
        return
    if found:
        return
    core = minimal_conflict(auto, automata, ctx.budget) or automata
    ids = [a.rule for a in core]
    first = next(v.rule for v in usable if v.rule.id == ids[0])
    yield ctx.finding(
        sys.modules[__name__],
        first.where,
        "lint.P009.rules_cannot_all_met",
        "lint.P009.rules_cannot_all_met.hint",
        data={"rules": ids},
        ids=", ".join(ids),
    )
