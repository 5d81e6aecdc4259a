"""P011 version: ``version`` is not a semantic version (MAJOR.MINOR.PATCH).

Reports cite a protocol as ``id@version``, and ``protocol diff`` checks that
a change is matched by a big enough version bump, so the version must be
``MAJOR.MINOR.PATCH`` (optionally with ``-pre`` and ``+build``). Write it in
quotes if YAML would otherwise read it as a number.

Fails::

    version: 2.1

Passes::

    version: 2.1.0
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P011"
NAME = "version"
SEVERITY = "error"

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


def check(ctx: LintContext) -> Iterator[Finding]:
    """A version that does not match semver 2.0.0."""
    proto, doc = ctx.protocol, ctx.result.doc
    if proto is None or doc is None or "version" not in (doc.data or {}):
        return
    if not SEMVER.match(proto.version):
        yield ctx.finding(
            sys.modules[__name__],
            doc.where(("version",)),
            "lint.P011.version_not_major_minor",
            "lint.P011.version_not_major_minor.hint",
            v=proto.version,
        )
