"""P006 unproducible-step: a route step that no source in the chain config can produce.

Only with ``--config keten.yaml``: every step in the route should be the
target of at least one source's activity mapping (``activities:`` names or
``patterns``), otherwise the audit will report it as missing in every case.

Fails (keten.yaml maps no activity to ``monitoring``)::

    route: {sequence: [melding, monitoring, afsluiting]}

Passes (a source maps ``Monitoring: monitoring``)::

    route: {sequence: [melding, monitoring, afsluiting]}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P006"
NAME = "unproducible-step"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """Route steps that the chain config's mappings never produce."""
    proto, route, produced = ctx.protocol, ctx.route, ctx.config_steps
    if proto is None or route is None or produced is None:
        return
    me = sys.modules[__name__]
    seen: set[str] = set()
    for node in route.walk():
        sid = node.step
        if (
            node.kind != "step"
            or sid is None
            or sid in produced
            or sid in seen
            or sid not in proto.steps
        ):
            continue
        seen.add(sid)
        yield ctx.finding(
            me,
            node.where,
            "lint.P006.no_source_chain_config",
            "lint.P006.no_source_chain_config.hint",
            sid=sid,
        )
