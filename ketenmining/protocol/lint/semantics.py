"""The route-behaviour analyses behind P007 (dead), P008 (vacuous) and P009 (conflicting).

Each sound rule becomes a permissive untimed automaton
(:mod:`ketenmining.protocol.abstract`) and is explored together with the
route automaton (:mod:`ketenmining.protocol.explore`). Results are cached on
the lint context so the three rules share the work.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketenmining.protocol.abstract import RuleAutomaton, rule_automaton
from ketenmining.protocol.explore import find_trace
from ketenmining.protocol.lint.context import LintContext
from ketenmining.protocol.model import Rule


@dataclass
class Verdict:
    """What the route's behaviour says about one rule (None: unknown within the budget)."""

    rule: Rule
    automaton: RuleAutomaton
    activated: bool | None
    satisfiable: bool | None  # some route trace activates AND satisfies it
    example: list[str] | None = None  # a route trace that activates it

    @property
    def dead(self) -> bool:
        """Activated by the route, but violated on every route trace that activates it."""
        return self.activated is True and self.satisfiable is False

    @property
    def vacuous(self) -> bool:
        """Never activated by any route trace."""
        return self.activated is False


def verdicts(ctx: LintContext) -> dict[str, Verdict]:
    """Verdicts for every sound rule (empty when the route is not usable); cached."""
    cached = getattr(ctx, "_verdicts", None)
    if cached is not None:
        return cached
    out: dict[str, Verdict] = {}
    auto, proto = ctx.automaton, ctx.protocol
    if auto is not None and proto is not None:
        for rule in ctx.sound_rules:
            ra = rule_automaton(rule, proto)
            act, example = find_trace(auto, [ra], lambda s, a=ra: a.activated(s[0]), ctx.budget)
            sat: bool | None = False
            if act:
                sat, _ = find_trace(
                    auto, [ra], lambda s, a=ra: a.activated(s[0]) and a.accept(s[0]), ctx.budget
                )
            if act is None or (act and sat is None):
                ctx.bounded.append((f"rule {rule.id}", rule.where))
            out[rule.id] = Verdict(rule, ra, act, sat if act else None, example)
    ctx._verdicts = out  # type: ignore[attr-defined]
    return out
