"""The whole route audit as one stage: log in, audit record out.

Takes the ``events`` view (a stitched chain log, or a chain config stitched
on the fly), the protocol and the data-quality record; conforms the log to
the protocol, draws the maps, and assembles the audit record that every
renderer draws from. No printing and no file writing here: the CLI does that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ketenmining.audit.criteria import ProtocolInfo, RuleInfo
from ketenmining.progress import SILENT, Progress


@dataclass
class AuditRun:
    """What an audit produced: the record and the conformance result behind it."""

    record: dict[str, Any]
    result: Any


def protocol_info(protocol: Any, lang: str | None = None) -> ProtocolInfo:
    """Describe a loaded protocol as audit criteria (the calendar in ``lang``, else the protocol's)."""
    from ketenmining.audit.owners import rule_ownership
    from ketenmining.protocol.calendar import WorkCalendar

    calendar = WorkCalendar(protocol.calendar)
    names = {}
    for code, org in protocol.organisations.items():
        names[code] = org.name
    rules = []
    for r in protocol.rules:
        own = rule_ownership(protocol, r)
        rules.append(
            RuleInfo(
                id=r.id,
                text=r.text or r.id,
                clause=r.clause,
                severity=r.severity,
                norm=float(r.norm),
                kind=r.kind,
                text_en=r.text_en,
                owners=own.owners,
                owner_members=own.members,
                actors=own.actors,
            )
        )
    return ProtocolInfo(
        id=protocol.id,
        version=protocol.version,
        title=protocol.title or protocol.id,
        file=protocol.file,
        sha256=protocol.sha256,
        calendar=calendar.describe(lang or protocol.language or "nl"),
        rules=tuple(rules),
        organisations=names,
        language=protocol.language or "nl",
        step_owners={sid: tuple(s.by) for sid, s in protocol.steps.items()},
        owner=protocol.owner,
        roles={code: tuple(o.members) for code, o in protocol.organisations.items() if o.members},
        step_labels={
            sid: {"nl": s.label, "en": s.label_en or s.label} for sid, s in protocol.steps.items()
        },
    )


def run_audit(
    con: Any,
    protocol: Any,
    data_end: dt.datetime | None,
    *,
    quality: dict[str, Any] | None = None,
    settings: Any = None,
    provenance: dict[str, Any] | None = None,
    chain: dict[str, Any] | None = None,
    lang: str = "nl",
    maps: bool = True,
    workers: int | None = None,
    progress: Progress = SILENT,
    info: Any = None,
    review_file: Any = None,
    final: bool = False,
    previous: dict[str, Any] | None = None,
) -> AuditRun:
    """Conform the ``events`` view in ``con`` to ``protocol`` and build the audit record."""
    from ketenmining.audit.record import build_record
    from ketenmining.conform.chain import conform_protocol

    result = conform_protocol(con, protocol, data_end, workers=workers, progress=progress)
    drawings: dict[str, str | None] = {"route": None, "real": None}
    if maps:
        from ketenmining.audit.maps import audit_maps

        step = progress.step("kaarten / maps", total=None)
        drawings = audit_maps(con, protocol, result, lang, (chain or {}).get("organisations"))
        step.done()
    record = build_record(
        result,
        protocol_info(protocol, lang),
        settings=settings,
        quality=quality,
        provenance=provenance,
        chain=chain,
        maps=drawings,
        progress=progress,
        info=info,
        review_file=review_file,
        final=final,
        timezone=protocol.calendar.timezone,
        previous=previous,
    )
    return AuditRun(record, result)
