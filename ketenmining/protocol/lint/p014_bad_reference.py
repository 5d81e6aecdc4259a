"""P014 bad-reference: a subroute or ``extends`` that is missing or circular.

A route may use named parts (``subroutes:``, used as ``{subroute: name}``)
and a rule may build on another (``extends: OTHER-ID``). The name must exist
and the references must not go round in a circle (a route would be endless,
a rule would define itself).

Fails::

    subroutes:
      toegang: {sequence: [overdracht, {subroute: toegang}]}   # refers to itself
    rules:
      - id: VT-5WD-STRENG
        extends: VT-5WD-STRENG                                 # extends itself

Passes::

    subroutes:
      toegang: {sequence: [overdracht, intake]}
    route: {sequence: [melding, {subroute: toegang}]}
    rules:
      - id: VT-5WD-STRENG
        extends: VT-5WD
        norm: 95%
"""

from __future__ import annotations

from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P014"
NAME = "bad-reference"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """The loader's reference problems (found while expanding subroutes and extends)."""
    yield from (f for f in ctx.result.findings if f.code == CODE)
