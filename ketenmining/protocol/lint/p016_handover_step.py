"""P016 handover-step: a handover that cannot work as written.

A ``handover`` rule must name a step that hands over (it has
``handover_to``); its ``pickup`` step must be one the receiving organisation
performs; and a step must not hand over to an organisation that itself
performs the step (a handover to yourself).

Fails::

    steps:
      overdracht: {label: Overdracht, by: VT}                 # no handover_to
      intake: {label: Intake, by: TT}
    rules:
      - id: WARM-10WD
        text: Warme overdracht
        handover: {step: overdracht, pickup: intake, within: 10 werkdagen}

Passes::

    steps:
      overdracht: {label: Overdracht, by: VT, handover_to: TT}
      intake: {label: Intake, by: TT}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P016"
NAME = "handover-step"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """Handover rules on non-handover steps, impossible pickups, handovers to oneself."""
    proto = ctx.protocol
    if proto is None:
        return
    me = sys.modules[__name__]
    orgs = proto.known_orgs()
    doc = ctx.result.doc
    for step in proto.steps.values():
        if step.handover_to and step.handover_to in orgs:
            own = proto.responsible(step.id)
            if set(proto.expand(step.handover_to)) <= own:
                where = doc.where(("steps", step.id, "handover_to")) if doc else step.where
                yield ctx.finding(
                    me,
                    where,
                    "lint.P016.step_hands_over_which",
                    "lint.P016.step_hands_over_which.hint",
                    sid=step.id,
                    to=step.handover_to,
                )
    for rule in proto.rules:
        if rule.kind != "handover" or rule.step not in proto.steps:
            continue
        step = proto.steps[rule.step or ""]
        if not step.handover_to:
            yield ctx.finding(
                me,
                rule.at("step"),
                "lint.P016.rule_step_not_handover",
                "lint.P016.rule_step_not_handover.hint",
                rid=rule.id,
                sid=step.id,
            )
            continue
        if rule.pickup and rule.pickup in proto.steps and step.handover_to in orgs:
            receivers = set(proto.expand(step.handover_to))
            if not proto.responsible(rule.pickup) & receivers:
                yield ctx.finding(
                    me,
                    rule.at("pickup"),
                    "lint.P016.rule_pickup_step_not",
                    "lint.P016.rule_pickup_step_not.hint",
                    rid=rule.id,
                    p=rule.pickup,
                    to=step.handover_to,
                )
