"""P015 analysis-bounded: the route is too large to analyse completely (information).

The dead / vacuous / conflicting checks explore the route's behaviour
exactly, within a state budget (20,000 route states, 200,000 product states
per question). Routes with many parallel branches can exceed it (eight
parallel branches of three steps already have 65,536 states); the
checks then stop there and say so instead of hanging. This is information,
not an error: lint still exits 0 when it is the only finding.

Fails (a route of eight parallel branches of three steps)::

    route: {parallel: [{sequence: [a1, a2, a3]}, {sequence: [b1, b2, b3]}, ...]}

Passes::

    route: {sequence: [melding, {parallel: [monitoring, stabiele_veiligheid]}, afsluiting]}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P015"
NAME = "analysis-bounded"
SEVERITY = "info"


def check(ctx: LintContext) -> Iterator[Finding]:
    """One note naming every analysis that ran out of budget."""
    if not ctx.bounded:
        return
    names = list(dict.fromkeys(what for what, _ in ctx.bounded))
    where = next((w for _, w in ctx.bounded if w is not None), None)
    yield ctx.finding(
        sys.modules[__name__],
        where,
        "lint.P015.analysis_stopped_at_its",
        "lint.P015.analysis_stopped_at_its.hint",
        what=", ".join(names),
    )
