"""Open what an audit reads: the events, the data-quality record, the data end, the input hashes.

An audit can start from a chain config (stitched here, with its data-quality
report computed on the way), from a chain log written by ``stitch`` (its
``.quality.json`` beside it is read when present) or from one event-log file
in quick mode (no data-quality record then).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError
from ketenmining.progress import SILENT, Progress


@dataclass
class OpenedLog:
    """An opened log ready for the audit."""

    con: Any
    data_end: dt.datetime | None
    quality: dict[str, Any] | None
    chain_name: str | None
    organisations: dict[str, str] = field(default_factory=dict)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    #: the steps the sources map (from the chain config), None in quick mode
    mapped_steps: list[str] | None = None

    def unexported_steps(self, protocol: Any) -> list[str]:
        """Protocol steps no source exports and no event carries: the data cannot show them.

        Unknown (empty) in quick mode, where no mapping says what a source exports.
        """
        if self.mapped_steps is None:
            return []
        present = {
            row[0] for row in self.con.execute("SELECT DISTINCT activity FROM events").fetchall()
        }
        return sorted(set(protocol.steps) - set(self.mapped_steps) - present)

    def provenance(self, argv: list[str], protocol: Any, lang: str | None = None) -> dict[str, Any]:
        """The provenance record: tool, command line without secrets, input hashes, calendar."""
        from ketenmining.audit.provenance import file_entry, provenance_record
        from ketenmining.protocol.calendar import WorkCalendar

        inputs = [*self.inputs, file_entry("protocol", protocol.file, protocol.sha256 or None)]
        return provenance_record(
            argv,
            inputs,
            WorkCalendar(protocol.calendar).describe(lang or protocol.language or "nl"),
            extra={"data_end": self.data_end.isoformat() if self.data_end else None},
        )


def parse_data_end(text: str | None, tz: str) -> dt.datetime | None:
    """``YYYY-MM-DD`` → the end of that day in ``tz`` (as a UTC instant)."""
    if not text:
        return None
    from zoneinfo import ZoneInfo

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise KetenError(f"'{text}' is not a date", hint="use --data-end YYYY-MM-DD") from None
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), ZoneInfo(tz)).astimezone(
        dt.UTC
    )


def open_for_audit(
    spec: Any, filters: Any, protocol: Any, data_end: str | None, progress: Progress = SILENT
) -> OpenedLog:
    """Open ``spec`` (config, chain log or quick-mode file) as the ``events`` view."""
    from ketenmining.audit.provenance import file_entry
    from ketenmining.engine import connect
    from ketenmining.load import open_log

    con = connect()
    end = parse_data_end(data_end, protocol.calendar.timezone)
    info = open_log(con, spec, filters, progress)
    meta = info.meta or {}
    quality = None
    if spec.kind == "config":
        from ketenmining.stitch.quality import quality_report

        quality = quality_report(info.stitched, info.config)
        inputs = [file_entry("config", spec.path, info.config.sha256)]
    else:
        inputs = [file_entry("chain log" if spec.kind == "chainlog" else "event log", spec.path)]
    if spec.kind == "chainlog":
        sibling = spec.path.with_name(spec.path.name.removesuffix(".parquet") + ".quality.json")
        if sibling.is_file():
            quality = json.loads(sibling.read_text(encoding="utf-8"))
    inputs += [
        file_entry(f"source {s['id']} ({s['org']})", s["file"], s["sha256"])
        for s in meta.get("sources", [])
    ]
    if end is None and meta.get("data_end"):
        end = dt.datetime.fromisoformat(meta["data_end"])
    if end is None:
        from ketenmining.engine import scalar

        end = scalar(con, "SELECT max(timestamp) FROM events")
    return OpenedLog(
        con,
        end,
        quality,
        meta.get("title") or meta.get("chain") or Path(spec.path).stem,
        dict(meta.get("organisations") or {}),
        inputs,
        meta.get("mapped_steps"),
    )
