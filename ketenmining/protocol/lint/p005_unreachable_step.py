"""P005 unreachable-step: a declared step that the route never reaches.

Every step is expected somewhere in the route, unless it is marked
``in_route: false``: a step that is recorded but not part of the agreed
route (a referral back, say), which rules may still talk about. A step
marked ``in_route: false`` that the route does use is reported too.

Fails::

    steps:
      terugverwijzing: {label: Terugverwijzing, by: TT, handover_to: VT}
    route: {sequence: [melding, afsluiting]}       # terugverwijzing is never reached

Passes::

    steps:
      terugverwijzing: {label: Terugverwijzing, by: TT, handover_to: VT, in_route: false}
    route: {sequence: [melding, afsluiting]}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P005"
NAME = "unreachable-step"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """Steps missing from the route (and off-route steps that the route uses)."""
    proto, route = ctx.protocol, ctx.route
    if proto is None or route is None:
        return
    me = sys.modules[__name__]
    used = set(route.steps())
    for step in proto.steps.values():
        if step.in_route and step.id not in used:
            yield ctx.finding(
                me,
                step.where,
                "lint.P005.step_declared_but_route",
                "lint.P005.step_declared_but_route.hint",
                sid=step.id,
            )
        elif not step.in_route and step.id in used:
            yield ctx.finding(
                me,
                step.where,
                "lint.P005.step_marked_route_false",
                "lint.P005.step_marked_route_false.hint",
                sid=step.id,
            )
