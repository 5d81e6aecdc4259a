"""P001 schema: a field is missing, unknown, of the wrong type or has a wrong value.

Every schema problem in the file is reported at once, each at its own
line:column, with a hint (for a misspelt field: the field you probably
meant). Parts with schema errors are left out of the further checks.

Fails::

    rules:
      - id: VT-5WD
        text: Veiligheidsbeoordeling binnen 5 werkdagen
        response: {from: melding, to: veiligheidsbeoordeling, witin: 5 werkdagen}
        norm: 90 procent

Passes::

    rules:
      - id: VT-5WD
        text: Veiligheidsbeoordeling binnen 5 werkdagen
        response: {from: melding, to: veiligheidsbeoordeling, within: 5 werkdagen}
        norm: 90%
"""

from __future__ import annotations

from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P001"
NAME = "schema"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """The loader's schema problems, and problems reading a BPMN/PNML route."""
    yield from (f for f in ctx.result.findings if f.code == CODE)
    _ = ctx.route  # resolving a model-file route may add problems
    yield from ctx.route_problems
