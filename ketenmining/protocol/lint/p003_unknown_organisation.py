"""P003 unknown-organisation: an organisation code that is not declared.

``by`` and ``handover_to`` of a step must name an organisation under
``organisations`` (or a member of a role such as ``MELDER``).

Fails::

    organisations:
      VT: Veilig Thuis Midden-Brabant
    steps:
      intake: {label: Intake Toegang, by: TT}     # TT is not declared

Passes::

    organisations:
      VT: Veilig Thuis Midden-Brabant
      TT: Toegang Tilburg
    steps:
      intake: {label: Intake Toegang, by: TT}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P003"
NAME = "unknown-organisation"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """Unknown organisation codes in steps."""
    proto = ctx.protocol
    if proto is None:
        return
    known = proto.known_orgs()
    me = sys.modules[__name__]
    listed = ", ".join(sorted(known))
    doc = ctx.result.doc
    for step in proto.steps.values():
        for i, code in enumerate(step.by):
            if code not in known:
                where = doc.where(("steps", step.id, "by", i)) if doc else step.where
                yield ctx.finding(
                    me,
                    where,
                    "lint.P003.step_unknown_organisation",
                    "lint.P003.declare_organisation",
                    step=step.id,
                    code=code,
                    known=listed,
                )
        if step.handover_to and step.handover_to not in known:
            where = doc.where(("steps", step.id, "handover_to")) if doc else step.where
            yield ctx.finding(
                me,
                where,
                "lint.P003.step_hands_over_unknown",
                "lint.P003.declare_organisation",
                step=step.id,
                code=step.handover_to,
                known=listed,
            )
