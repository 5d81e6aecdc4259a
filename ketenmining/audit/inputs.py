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

from ketenmining.errors import KetenError, Location
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
    #: the configured audit period (``from``/``to`` dates as ISO text) and the events left out
    period: dict[str, Any] = field(default_factory=dict)

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
            quality = _read_quality(sibling)
    inputs += [
        file_entry(f"source {s['id']} ({s['org']})", s["file"], s["sha256"])
        for s in meta.get("sources", [])
    ]
    period = _apply_period(con, spec, info, filters, meta)
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
        period,
    )


def _apply_period(
    con: Any, spec: Any, info: Any, filters: Any, meta: dict[str, Any]
) -> dict[str, Any]:
    """Keep only the events of the configured period (the audit scope) and count the rest.

    The chain config's ``period`` is the scope of the audit: events before or
    after it are left out (``--from``/``--to`` can narrow it further), and the
    report states how many.
    """
    import dataclasses

    from ketenmining.engine import register_events, scalar
    from ketenmining.logspec import Filters

    conf = meta.get("period") or {}
    p_from = dt.date.fromisoformat(conf["from"]) if conf.get("from") else None
    p_to = dt.date.fromisoformat(conf["to"]) if conf.get("to") else None
    if p_from is None and p_to is None:
        return {}
    base = filters or Filters()
    narrowed = dataclasses.replace(
        base,
        date_from=max(d for d in (p_from, base.date_from) if d)
        if p_from or base.date_from
        else None,
        date_to=min(d for d in (p_to, base.date_to) if d) if p_to or base.date_to else None,
    )
    data = spec.path if spec.kind == "chainlog" else info.stitched.table
    register_events(con, data, narrowed)
    tz = meta.get("timezone") or "Europe/Amsterdam"
    start = _midnight(p_from, tz)
    stop = _midnight(p_to + dt.timedelta(days=1), tz) if p_to else None
    before = (
        scalar(con, "SELECT count(*) FROM __all_events WHERE timestamp < ?", [start])
        if start
        else 0
    )
    after = (
        scalar(con, "SELECT count(*) FROM __all_events WHERE timestamp >= ?", [stop]) if stop else 0
    )
    return {
        "from": p_from.isoformat() if p_from else None,
        "to": p_to.isoformat() if p_to else None,
        "left_out": {"before": int(before or 0), "after": int(after or 0)},
    }


def _midnight(day: dt.date | None, tz: str) -> dt.datetime | None:
    if day is None:
        return None
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(day, dt.time(0), ZoneInfo(tz)).astimezone(dt.UTC)


def _read_quality(path: Path) -> dict[str, Any]:
    """The data-quality record stitch wrote beside the chain log; a damaged one is one line."""
    try:
        quality = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        quality = None
    except json.JSONDecodeError as exc:
        raise KetenError(
            f"the data-quality record is not valid JSON ({exc.msg})",
            hint="stitch the chain log again, or remove the damaged .quality.json beside it",
            where=Location(str(path), exc.lineno, exc.colno),
        ) from None
    if not isinstance(quality, dict):
        raise KetenError(
            "the data-quality record is not a JSON object",
            hint="stitch the chain log again, or remove the damaged .quality.json beside it",
            where=Location(str(path)),
        )
    return quality
