"""P007 dead-rule: following the route breaks the rule every time it applies.

Decided exactly on the route's language with time abstracted away (a window
can only make a rule harder to meet): if every trace of the route that
activates the rule violates it, the rule and the route contradict each
other, and every case that follows the agreed route would be a finding.

Fails (the route has the assessment *after* the report)::

    route: {sequence: [melding, veiligheidsbeoordeling, afsluiting]}
    rules:
      - id: EERST-BEOORDELEN
        text: Beoordeling gaat aan de melding vooraf
        precedence: {from: veiligheidsbeoordeling, to: melding}

Passes::

    rules:
      - id: EERST-MELDING
        text: Geen beoordeling zonder melding
        precedence: {from: melding, to: veiligheidsbeoordeling}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext
from ketenmining.protocol.lint.semantics import verdicts

CODE = "P007"
NAME = "dead-rule"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """Rules violated on every route trace that activates them."""
    for v in verdicts(ctx).values():
        if v.dead:
            example = " → ".join(v.example or [])
            yield ctx.finding(
                sys.modules[__name__],
                v.rule.where,
                "lint.P007.rule_can_never_met",
                "lint.P007.rule_can_never_met.hint",
                data={"example": v.example},
                rid=v.rule.id,
                ex=example,
            )
