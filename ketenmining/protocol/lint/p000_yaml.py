"""P000 yaml: the file is not YAML that can be read safely.

A syntax error, a tab used for indentation, a key written twice in one
mapping, an alias that expands to too much data (an "alias bomb") or refers
to itself. Nothing else can be checked until this is fixed, so lint stops
here for the file. (A missing file, or one larger than 2 MB, is not a
finding: the tool cannot run and exits with code 2.)

Fails::

    steps:
      melding: {label: Melding ontvangen, by: VT}
      melding: {label: Melding ontvangen, by: VT}   # the same key twice

Passes::

    steps:
      melding: {label: Melding ontvangen, by: VT}
"""

from __future__ import annotations

from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P000"
NAME = "yaml"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """The loader's YAML-level problems."""
    yield from (f for f in ctx.result.findings if f.code == CODE)
