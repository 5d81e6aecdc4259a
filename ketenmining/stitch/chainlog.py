"""The opened log: the ``events`` view in a DuckDB connection and what is known about it."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(eq=False)
class ChainLog:
    """An opened log, ready for any stage (discover, conform, audit, analyse, export).

    ``con`` holds the events (filtered) as the ``events`` view, with the
    canonical columns (``case_id``, ``episode``, ``org``, ``activity``,
    ``timestamp``, ``lifecycle``, ``source``, ``source_row``, …). ``kind`` is
    ``chainlog`` (a Parquet file written by ``stitch``), ``config`` (a chain
    config stitched in memory) or ``quick`` (one event-log file).

    >>> import ketenmining as km
    >>> log = km.open_log("out/demo/keten.parquet")
    >>> log.cases, log.events, sorted(log.organisations)
    (2067, 18186, ['HA', 'POL', 'RvdK', 'SCH', 'TT', 'VT'])
    """

    con: Any
    kind: str
    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    #: the ChainConfig when a config was stitched in memory
    config: Any = None
    #: its StitchResult (chain log table, rejects, data-quality inputs)
    stitched: Any = None
    #: the filters the ``events`` view applies (a :class:`~ketenmining.logspec.Filters` or None)
    filters: Any = None
    #: the configured audit period (``from``/``to`` as ISO text) and the events left out;
    #: empty until :meth:`within_period` applied it (or when the log has no period)
    period: dict[str, Any] = field(default_factory=dict)
    _scoped: bool = field(default=False, repr=False)

    @classmethod
    def of_stitch(
        cls, stitched: Any, config: Any, path: str, filters: Any = None, con: Any = None
    ) -> ChainLog:
        """A ChainLog over a stitch result held in memory (its events in ``con``, else a new one)."""
        from ketenmining.engine import connect, register_events

        con = connect() if con is None else con
        register_events(con, stitched.data(), filters)
        return cls(con, "config", path, stitched.meta, config, stitched, filters)

    # -- what a notebook user wants to see --------------------------------------------------

    @property
    def events(self) -> int:
        """Number of events in the ``events`` view."""
        from ketenmining.engine import scalar

        return int(scalar(self.con, "SELECT count(*) FROM events"))

    @property
    def cases(self) -> int:
        """Number of cases (client episodes) in the ``events`` view."""
        sql = "SELECT count(*) FROM (SELECT DISTINCT case_id, episode FROM events)"
        columns = {row[0] for row in self.con.execute("DESCRIBE events").fetchall()}
        if "episode" not in columns:
            sql = "SELECT count(DISTINCT case_id) FROM events"
        from ketenmining.engine import scalar

        return int(scalar(self.con, sql))

    @property
    def chain_name(self) -> str:
        """The chain's title (from the config), else the file name without extension."""
        return str(self.meta.get("title") or self.meta.get("chain") or Path(self.path).stem)

    @property
    def organisations(self) -> dict[str, str]:
        """Organisation code → name, as the chain config names them (empty in quick mode)."""
        return dict(self.meta.get("organisations") or {})

    @property
    def mapped_steps(self) -> list[str] | None:
        """The protocol steps the sources map (from the chain config), None in quick mode."""
        return self.meta.get("mapped_steps")

    def table(self) -> Any:
        """The events as a pyarrow Table (in the canonical order)."""
        return self.con.table("events").to_arrow_table()

    def to_pandas(self) -> Any:
        """The events as a pandas DataFrame (for pm4py and plots)."""
        return self.table().to_pandas()

    def to_dict(self) -> dict[str, Any]:
        """The figures of this log as plain data: kind, file, events, cases, organisations."""
        return {
            "kind": self.kind,
            "path": self.path,
            "chain": self.chain_name,
            "events": self.events,
            "cases": self.cases,
            "organisations": self.organisations,
            "period": self.period,
        }

    # -- what the audit and the seams need --------------------------------------------------

    @functools.cached_property
    def quality(self) -> dict[str, Any] | None:
        """The data-quality record: computed for a stitched config, read beside a chain log
        (``NAME.quality.json``), None in quick mode."""
        if self.kind == "config" and self.stitched is not None:
            from ketenmining.stitch.quality import quality_report

            return quality_report(self.stitched, self.config)
        if self.kind == "chainlog":
            p = Path(self.path)
            sibling = p.with_name(p.name.removesuffix(".parquet") + ".quality.json")
            if sibling.is_file():
                return _read_quality(sibling)
        return None

    @functools.cached_property
    def inputs(self) -> list[dict[str, Any]]:
        """The input files with their SHA-256: the config or log, then every source."""
        from ketenmining.fsutil import file_entry

        if self.kind == "config":
            first = file_entry("config", self.path, getattr(self.config, "sha256", None))
        else:
            first = file_entry("chain log" if self.kind == "chainlog" else "event log", self.path)
        return [first] + [
            file_entry(f"source {s['id']} ({s['org']})", s["file"], s["sha256"])
            for s in self.meta.get("sources", [])
        ]

    def within_period(self, *, view: bool = False) -> ChainLog:
        """Keep only the events of the chain config's ``period`` (the audit scope); once.

        The events outside it are counted in :attr:`period` (``left_out``).
        ``view``: keep ``events`` a view over the data instead of a temp table
        (for stages that read the events a few times: no copy of every column).
        Returns the log itself, so calls chain.
        """
        if not self._scoped:
            from ketenmining.stitch.period import apply_period

            data = self.path if self.kind == "chainlog" else None
            if self.kind != "chainlog" and self.stitched is not None:
                data = self.stitched.data()
            if data is not None or not (self.meta.get("period") or {}):
                self.period = apply_period(self.con, data, self.filters, self.meta, view=view)
            self._scoped = True
        return self

    def data_end(self, given: dt.datetime | None = None) -> dt.datetime | None:
        """When the data ends: ``given``, else the chain log's recorded end, else the last event."""
        if given is not None:
            return given
        if self.meta.get("data_end"):
            return dt.datetime.fromisoformat(self.meta["data_end"])
        from ketenmining.engine import scalar

        return scalar(self.con, "SELECT max(timestamp) FROM events")

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


def _read_quality(path: Path) -> dict[str, Any]:
    """The data-quality record stitch wrote beside the chain log; a damaged one is one line."""
    from ketenmining.errors import KetenError, Location

    hint = "stitch the chain log again, or remove the damaged .quality.json beside it"
    try:
        quality = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        quality = None
    except json.JSONDecodeError as exc:
        raise KetenError(
            f"the data-quality record is not valid JSON ({exc.msg})",
            hint=hint,
            where=Location(str(path), exc.lineno, exc.colno),
        ) from None
    if not isinstance(quality, dict):
        raise KetenError(
            "the data-quality record is not a JSON object", hint=hint, where=Location(str(path))
        )
    return quality
