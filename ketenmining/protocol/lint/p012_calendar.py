"""P012 unknown-calendar: a calendar country or timezone that ketenmining does not know.

Working days depend on the country's public holidays; only ``NL`` is known
for now. The timezone must be an IANA name such as ``Europe/Amsterdam``.

Fails::

    calendar: {country: BE, timezone: Europe/Amsterdm}

Passes::

    calendar: {country: NL, timezone: Europe/Amsterdam}
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ketenmining.errors import Finding
from ketenmining.protocol.lint.context import LintContext

CODE = "P012"
NAME = "unknown-calendar"
SEVERITY = "error"


def check(ctx: LintContext) -> Iterator[Finding]:
    """Unknown country or timezone."""
    from ketenmining.protocol.calendar import KNOWN_COUNTRIES

    proto, doc = ctx.protocol, ctx.result.doc
    if proto is None or doc is None:
        return
    me = sys.modules[__name__]
    spec = proto.calendar
    if spec.country not in KNOWN_COUNTRIES:
        yield ctx.finding(
            me,
            doc.where(("calendar", "country")),
            "lint.P012.unknown_calendar_country",
            "lint.known",
            c=spec.country,
            known=", ".join(KNOWN_COUNTRIES),
        )
    if not _zone_ok(spec.timezone):
        yield ctx.finding(
            me,
            doc.where(("calendar", "timezone")),
            "lint.P012.unknown_timezone",
            "lint.P012.unknown_timezone.hint",
            tz=spec.timezone,
        )


def _zone_ok(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
