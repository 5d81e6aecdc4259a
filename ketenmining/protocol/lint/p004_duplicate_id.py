"""P004 duplicate-id: two rules with the same id, or two tests with the same name.

Reports cite rules by id and CI reports tests by name, so each must be
unique. (Two steps or organisations with the same id are a duplicate key in
YAML: P000.)

Fails::

    rules:
      - {id: VT-5WD, text: Beoordeling op tijd, response: {from: melding, to: veiligheidsbeoordeling, within: 5 werkdagen}}
      - {id: VT-5WD, text: Onderzoek op tijd, duration: {step: onderzoek, within: 10 weken}}

Passes::

    rules:
      - {id: VT-5WD, text: Beoordeling op tijd, response: {from: melding, to: veiligheidsbeoordeling, within: 5 werkdagen}}
      - {id: VT-10W, text: Onderzoek op tijd, duration: {step: onderzoek, within: 10 weken}}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ketenmining.errors import Finding, Location
from ketenmining.protocol.lint.context import LintContext

CODE = "P004"
NAME = "duplicate-id"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """Duplicate rule ids and test names (rules with schema errors included)."""
    doc = ctx.result.doc
    if doc is None or not isinstance(doc.data, dict):
        return
    me = sys.modules[__name__]
    for section, key in (("rules", "id"), ("tests", "name")):
        items = doc.data.get(section)
        if not isinstance(items, list):
            continue
        first: dict[str, Location] = {}
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get(key), (str, int)):
                continue
            value = str(item[key])
            where = doc.where((section, i, key))
            if value in first:
                yield ctx.finding(
                    me,
                    where,
                    "lint.P004.used_twice_first_at",
                    "lint.P004.used_twice_first_at.hint",
                    what=ctx.t(f"lint.P004.what.{section}"),
                    value=value,
                    line=first[value].line,
                )
            else:
                first[value] = where
