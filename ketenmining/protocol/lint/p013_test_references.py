"""P013 test-reference: an embedded test names a step, organisation or rule that does not exist.

A test trace may only use declared steps (``step/ORG@date``: ORG a known
organisation) and its expectation may only name rules of the protocol.

Fails::

    tests:
      - name: beoordeling op tijd
        trace: [melding@2024-03-04, beoordeling@2024-03-06]   # no step 'beoordeling'
        expect: {satisfies: [VT-5D]}                          # no rule 'VT-5D'

Passes::

    tests:
      - name: beoordeling op tijd
        trace: [melding@2024-03-04, veiligheidsbeoordeling@2024-03-06]
        expect: {satisfies: [VT-5WD]}
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P013"
NAME = "test-reference"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """Unknown steps, organisations and rule ids in tests."""
    proto = ctx.protocol
    if proto is None:
        return
    me = sys.modules[__name__]
    orgs = proto.known_orgs()
    # rules dropped for schema errors still have an id: do not call those unknown
    doc = ctx.result.doc
    rule_ids = {r.id for r in proto.rules}
    if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("rules"), list):
        rule_ids |= {
            str(r.get("id")) for r in doc.data["rules"] if isinstance(r, dict) and "id" in r
        }
    for test in proto.tests:
        for ev in test.events:
            if ev.step not in proto.steps:
                close = difflib.get_close_matches(ev.step, list(proto.steps), n=1)
                yield ctx.finding(
                    me,
                    ev.where,
                    "lint.P013.test_uses_unknown_step",
                    "lint.did_you_mean" if close else "lint.P013.use_declared_step",
                    test=test.name,
                    sid=ev.step,
                    close=close[0] if close else "",
                )
            elif ev.org is not None and ev.org not in orgs:
                yield ctx.finding(
                    me,
                    ev.where,
                    "lint.P013.test_uses_unknown_organisation",
                    "lint.known",
                    test=test.name,
                    org=ev.org,
                    known=", ".join(sorted(orgs)),
                )
        for rid, _status, where in test.expect.statuses:
            if rid not in rule_ids:
                close = difflib.get_close_matches(rid, sorted(rule_ids), n=1)
                yield ctx.finding(
                    me,
                    where,
                    "lint.P013.test_expects_status_unknown",
                    "lint.did_you_mean" if close else "lint.P013.use_rule_id",
                    test=test.name,
                    rid=rid,
                    close=close[0] if close else "",
                )
