"""Typed model of a chain config (``keten.yaml``) and its source mappings.

A chain config names the chain, its organisations and one *source* per
export: where the file is, how to read it, which column holds the client id
(and whether that is a BSN, an opaque id or already a pseudonym), how its
columns map to the canonical chain-log columns, how to parse its timestamps,
and how its own activity names map to protocol step ids.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ketenmining.errors import Location
from ketenmining.timeunits import Duration

FORMATS = ("csv", "xlsx", "parquet", "jsonl", "xes")
ID_KINDS = ("bsn", "opaque", "pseudonym")

#: File name endings and the format they imply when ``format`` is not given.
FORMAT_BY_SUFFIX = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".xes": "xes",
    ".xes.gz": "xes",
}


def format_from_path(path: Path) -> str | None:
    """Guess a source format from the file name, or None."""
    name = path.name.lower()
    for suffix in sorted(FORMAT_BY_SUFFIX, key=len, reverse=True):
        if name.endswith(suffix):
            return FORMAT_BY_SUFFIX[suffix]
    return None


@dataclass(frozen=True)
class ReadOptions:
    """How to read the bytes of a source file."""

    delimiter: str | None = None  # csv: None = sniff
    encoding: str = "utf-8"  # csv: utf-8, utf-8-sig, cp1252, latin-1, ...
    decimal: str = "."  # csv: decimal separator of number columns
    quote: str = '"'
    sheet: str | int | None = None  # xlsx: sheet name or 0-based index (default: first)
    skip_rows: int = 0  # csv/xlsx: lines to skip before the header


@dataclass(frozen=True)
class TimestampSpec:
    """How to turn the timestamp column into UTC instants."""

    formats: tuple[str, ...] = ()  # strftime formats tried in order; empty or 'iso8601' = ISO 8601
    timezone: str = "Europe/Amsterdam"  # zone of timestamps without an offset
    date_only: bool = False  # the column holds dates; events get local midnight

    @property
    def iso(self) -> bool:
        """True when timestamps are ISO 8601 (with or without offset)."""
        return not self.formats or self.formats == ("iso8601",)


@dataclass(frozen=True)
class ActivityPattern:
    """A regular expression over the source's activity names and the step it maps to."""

    regex: re.Pattern[str]
    step: str | None  # None in an ``ignore`` list
    where: Location | None = None


@dataclass(frozen=True)
class ColumnMap:
    """Source column names for the canonical columns (id column is separate)."""

    activity: str
    timestamp: str
    lifecycle: str | None = None
    org: str | None = None  # a column naming the organisation per row (else the source's org)
    attributes: tuple[tuple[str, str], ...] = ()  # (canonical attribute name, source column)


@dataclass(frozen=True)
class SourceConfig:
    """One export of one organisation."""

    id: str
    org: str
    path: Path
    format: str
    id_column: str
    id_kind: str
    columns: ColumnMap
    options: ReadOptions = field(default_factory=ReadOptions)
    timestamp: TimestampSpec = field(default_factory=TimestampSpec)
    dossier_column: str | None = None
    lifecycle_map: tuple[tuple[str, str], ...] = ()
    activity_map: tuple[tuple[str, str], ...] = ()
    patterns: tuple[ActivityPattern, ...] = ()
    ignore_names: tuple[str, ...] = ()
    ignore_patterns: tuple[ActivityPattern, ...] = ()
    where: Location | None = None
    #: where each ``activities:`` entry's step id is written (source name → location)
    step_where: tuple[tuple[str, Location], ...] = field(default=(), compare=False)

    def mapped_steps(self) -> list[tuple[str, Location | None]]:
        """Every step id this source maps an activity to, with where it is written."""
        where = dict(self.step_where)
        out: list[tuple[str, Location | None]] = [
            (step, where.get(name, self.where)) for name, step in self.activity_map
        ]
        out.extend((p.step, p.where) for p in self.patterns if p.step)
        return out

    def mapped_columns(self) -> list[str]:
        """The allow-list: every source column this mapping reads (the id column included)."""
        cols = [self.id_column, self.columns.activity, self.columns.timestamp]
        for extra in (self.columns.lifecycle, self.columns.org):
            if extra:
                cols.append(extra)
        cols.extend(col for _, col in self.columns.attributes)
        seen: list[str] = []
        for c in cols:
            if c not in seen:
                seen.append(c)
        return seen


@dataclass(frozen=True)
class ChainConfig:
    """A whole chain: organisations and sources, plus defaults for the chain log."""

    name: str
    file: Path
    sha256: str
    sources: tuple[SourceConfig, ...]
    organisations: tuple[tuple[str, str], ...] = ()
    title: str | None = None
    timezone: str = "Europe/Amsterdam"
    protocol: Path | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    episode_gap: Duration | None = None

    def source(self, source_id: str) -> SourceConfig:
        """The source with this id (KeyError if absent)."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    def pick_source(self, ref: str) -> SourceConfig:
        """The source named ``ref``: by id, else the one source of organisation ``ref``."""
        from ketenmining.errors import KetenError

        by_id = [s for s in self.sources if s.id == ref]
        if by_id:
            return by_id[0]
        by_org = [s for s in self.sources if s.org == ref]
        if len(by_org) == 1:
            return by_org[0]
        known = ", ".join(f"{s.id} ({s.org})" for s in self.sources)
        if len(by_org) > 1:
            raise KetenError(
                f"organisation {ref} has several sources", hint=f"name one by id: {known}"
            )
        raise KetenError(f"no source '{ref}' in {self.file.name}", hint=f"sources: {known}")

    def org_names(self) -> dict[str, str]:
        """Organisation code → name."""
        return dict(self.organisations)

    def mapped_steps(self) -> set[str]:
        """Every step id some source maps an activity to."""
        return {step for source in self.sources for step, _ in source.mapped_steps()}
