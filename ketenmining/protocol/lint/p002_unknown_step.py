"""P002 unknown-step: a step id that is not declared under ``steps``.

Every step named in the route or in a rule (``step``, ``steps``, ``from``,
``to``, ``pickup``) must be one of the protocol's steps: the steps are the
shared vocabulary that every source maps its activities onto.

Fails::

    route:
      sequence: [melding, beoordeling]      # 'beoordeling' is not a step
    rules:
      - id: VT-5WD
        text: Beoordeling binnen 5 werkdagen
        response: {from: melding, to: beoordeling, within: 5 werkdagen}

Passes::

    route:
      sequence: [melding, veiligheidsbeoordeling]
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterator

from ketenmining.errors import Finding, Location
from ketenmining.protocol.lint.context import LintContext

CODE = "P002"
NAME = "unknown-step"
SEVERITY = "error"

_PARAM = {"step": "step", "source": "from", "target": "to", "pickup": "pickup"}


def check(ctx: LintContext) -> Iterator[Finding]:
    """Unknown steps in the route and in rules."""
    proto = ctx.protocol
    if proto is None:
        return
    known = list(proto.steps)
    route = proto.route if proto.route_source.kind == "tree" else None
    if route is not None:
        for node in route.walk():
            if node.kind == "step" and node.step not in proto.steps:
                yield _unknown(ctx, node.step or "", node.where, known)
    for rule in proto.rules:
        for attr, param in _PARAM.items():
            sid = getattr(rule, attr)
            if sid and sid not in proto.steps:
                yield _unknown(ctx, sid, rule.at(param), known)
        for sid in rule.steps:
            if sid not in proto.steps:
                yield _unknown(ctx, sid, rule.at("steps"), known)


def _unknown(ctx: LintContext, sid: str, where: Location | None, known: list[str]) -> Finding:
    close = difflib.get_close_matches(sid, known, n=1)
    return ctx.finding(
        sys.modules[__name__],
        where,
        "lint.P002.unknown_step",
        "lint.did_you_mean" if close else "lint.P002.unknown_step.hint",
        sid=sid,
        close=close[0] if close else "",
    )
