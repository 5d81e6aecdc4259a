"""Link the sources of a chain into one chain log.

For every source: read the export and pseudonymise it on the fly (when a key
is given), or take a file already pseudonymised by its owner as it is. Then
check that every source used the same key, optionally apply the trusted
third party's second keyed step, split each client's history into episodes
and put all events in the canonical total order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenmining.config.model import ChainConfig
from ketenmining.errors import KetenError
from ketenmining.fsutil import sha256_file
from ketenmining.idmask import mask_name, mask_path
from ketenmining.progress import SILENT, Progress
from ketenmining.runclock import run_time
from ketenmining.stitch.episode import episodes
from ketenmining.stitch.sources import SourceLoad, load_sources
from ketenmining.timeunits import Duration
from ketenmining.version import __version__

__all__ = ["StitchResult", "combine", "episodes", "link", "stitch"]


@dataclass
class StitchResult:
    """The chain log, its provenance and what was set aside.

    ``path``: the chain log as written by :func:`stitch` (a Parquet file in a
    spill folder, with ``meta`` in it, removed when the result is garbage), which
    the outputs are copied from; ``table``: the events as an Arrow table when
    they are held in memory instead (:meth:`data` gives whichever there is).
    """

    table: Any = None
    meta: dict[str, Any] = field(default_factory=dict)
    loads: list[SourceLoad] = field(default_factory=list)
    rejects: Any = None
    path: Path | None = None
    #: keeps the spill folder (and ``path`` in it) alive as long as the result
    spill: Any = field(default=None, repr=False, compare=False)

    @property
    def events(self) -> int:
        """Number of events in the chain log."""
        if self.table is not None:
            return int(self.table.num_rows)
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(self.path).metadata.num_rows)

    def data(self) -> Any:
        """What the events can be registered from: ``path`` (Parquet) or the Arrow table."""
        return str(self.path) if self.path is not None else self.table


def spill_folder() -> Any:
    """A new spill folder for one stitch (a ``TemporaryDirectory``), where the engine spills."""
    import tempfile

    from ketenmining.engine import spill_base

    return tempfile.TemporaryDirectory(prefix="ketenmining-stitch-", dir=spill_base())


def _checked_gap(loads: list[SourceLoad], episode_gap: Duration | None) -> None:
    if not any(ld.data.table.num_rows for ld in loads):
        raise KetenError(
            "no events left after reading the sources",
            hint="see the rejects and the data-quality report",
        )
    if episode_gap is not None and episode_gap.unit == "working_days":
        raise KetenError(
            "an episode gap cannot be in working days", hint="use days, weeks or months"
        )


def link(
    loads: list[SourceLoad],
    episode_gap: Duration | None,
    folder: str,
    meta_of: Any,
    ttp_key: bytes | None = None,
    progress: Progress = SILENT,
) -> tuple[Path, dict[str, Any]]:
    """Write the chain log of ``loads`` into ``folder``: episodes numbered, canonical order.

    Every load's events are spilled to Parquet (if not already), given the
    trusted third party's second step when ``ttp_key``, and sorted and written
    by DuckDB in bounded memory (:mod:`ketenmining.stitch.spill`).
    ``meta_of(facts)`` gives the provenance written into the file from the
    events' count, first and last instant and activities. Returns the file and its metadata.
    """
    from ketenmining.engine import connect
    from ketenmining.stitch import spill

    _checked_gap(loads, episode_gap)
    tables = [spill.as_spilled(ld.data.table, folder) for ld in loads if ld.data.table.num_rows]
    if ttp_key is not None:
        tables = [spill.second_step(t, ttp_key, folder) for t in tables]
    path = Path(folder) / "chain.parquet"
    con = connect()
    try:
        spill.register_parts(con, tables)
        meta = meta_of(spill.facts(con))
        spill.write_sorted(con, path, meta, episode_gap, progress)
    finally:
        con.close()
    return path, meta


def combine(
    loads: list[SourceLoad], episode_gap: Duration | None, ttp_key: bytes | None = None
) -> Any:
    """One Arrow table of all events: episodes numbered, canonical order (as :func:`link`)."""
    with spill_folder() as folder:
        path, _ = link(loads, episode_gap, folder, lambda facts: {}, ttp_key)
        import pyarrow.parquet as pq

        return pq.read_table(path).replace_schema_metadata(None)


def stitch(
    config: ChainConfig,
    key: bytes | None,
    ttp_key: bytes | None = None,
    episode_gap: Duration | None = None,
    progress: Progress = SILENT,
    workers: int | None = None,
) -> StitchResult:
    """Read, pseudonymise and link every source of ``config`` into a chain log.

    Large inputs are read by worker processes started with ``spawn``: a script
    that calls this must guard its entry point with ``if __name__ == "__main__":``.
    """
    import pyarrow as pa

    from ketenmining.privacy.pseudonym import key_id

    check_keys(key, ttp_key)
    steps = protocol_steps(config)
    spill = spill_folder()
    loads = load_sources(config, key, progress, workers, spill_to=spill.name)
    gap = episode_gap or config.episode_gap
    rejects = pa.concat_tables([ld.data.rejects for ld in loads])
    ttp_id = key_id(ttp_key) if ttp_key else None

    def meta_of(facts: dict[str, Any]) -> dict[str, Any]:
        meta = chain_meta(config, loads, facts, gap, ttp_key_id=ttp_id)
        if meta["protocol"] is not None and steps is not None:
            meta["protocol"]["unmapped_steps"] = unmapped_steps(config, steps, facts)
        return meta

    path, meta = link(loads, gap, spill.name, meta_of, ttp_key, progress)
    return StitchResult(meta=meta, loads=loads, rejects=rejects, path=path, spill=spill)


def check_keys(key: bytes | None, ttp_key: bytes | None) -> None:
    """Refuse weak keys, and a trusted third party's key that is the organisations' key."""
    from ketenmining.privacy.pseudonym import require_strong_key

    if key is not None:
        require_strong_key(key, "chain key")
    if ttp_key is not None:
        require_strong_key(ttp_key, "TTP key")
        if ttp_key == key:
            raise KetenError(
                "the TTP key is the chain key: the second step would protect nothing",
                hint="the trusted third party makes its own key with 'ketenmining key new FILE' "
                "and keeps it to itself",
            )


def require_release_safe(ttp_key: bytes | None, internal: bool) -> None:
    """Refuse to write a chain log of stage-1 pseudonyms only, unless it stays internal.

    Anyone who holds the organisations' key can hash every valid BSN (about 90 million, a
    few minutes of one core) and so undo a stage-1 pseudonym; a chain log meant for an
    analyst needs the trusted third party's second keyed step (docs/privacy.md).
    """
    if ttp_key is None and not internal:
        raise KetenError(
            "this chain log would hold stage-1 pseudonyms only, which anyone with the chain key "
            "can undo by hashing every BSN",
            hint="pass --ttp-key-file FILE (the trusted third party's key) for a chain log an "
            "analyst may see, or --internal when it stays with the holders of the chain key "
            "(docs/privacy.md)",
        )


def protocol_steps(config: ChainConfig) -> set[str] | None:
    """The step ids of the chain's protocol, after checking that every mapped step is one.

    None when the config names no protocol. A mapped step the protocol does not
    have is an error (with its file:line:column and a did-you-mean).
    """
    if config.protocol is None:
        return None
    from ketenmining.config.load import check_mapped_steps
    from ketenmining.protocol import load_protocol

    steps = set(load_protocol(config.protocol).steps)
    check_mapped_steps(config, steps, config.protocol.name)
    return steps


def unmapped_steps(config: ChainConfig, steps: set[str], facts: Any) -> list[str]:
    """Protocol steps that no source maps and no event carries: the data cannot show them.

    ``facts``: the events' facts (:func:`ketenmining.stitch.spill.facts`) or an Arrow table.
    """
    return sorted(steps - config.mapped_steps() - _facts(facts)["activities"])


def _facts(data: Any) -> dict[str, Any]:
    """The facts of an Arrow table of events (as :func:`ketenmining.stitch.spill.facts`)."""
    if isinstance(data, dict):
        return data
    import pyarrow.compute as pc

    ts = data.column("timestamp")
    return {
        "events": int(data.num_rows),
        "first": pc.min(ts).as_py(),
        "last": pc.max(ts).as_py(),
        "activities": set(pc.unique(data.column("activity")).to_pylist()),
    }


def data_end(config: ChainConfig, facts: Any) -> dt.datetime:
    """The instant the data ends: the end of the configured period, else the last event."""
    if config.period_to is not None:
        from zoneinfo import ZoneInfo

        local = dt.datetime.combine(
            config.period_to + dt.timedelta(days=1), dt.time(0), ZoneInfo(config.timezone)
        )
        return local.astimezone(dt.UTC)
    return _facts(facts)["last"]


def source_entry(ld: SourceLoad) -> dict[str, Any]:
    """What identifies one loaded source in the provenance: id, org, file, hash, rows read."""
    return {
        "id": ld.source.id,
        "org": ld.source.org,
        "file": mask_name(ld.source.path.name),
        "format": ld.source.format,
        "sha256": ld.file_sha256,
        "pseudonymised_by_owner": ld.pre_pseudonymised,
        "rows_read": ld.data.rows_read,
    }


def chain_meta(
    config: ChainConfig,
    loads: list[SourceLoad],
    facts: Any,
    gap: Duration | None,
    ttp_key_id: str | None,
) -> dict[str, Any]:
    """Provenance of a chain log: tool version, config hash, source hashes, protocol hash.

    ``facts``: the events' facts (:func:`ketenmining.stitch.spill.facts`) or an Arrow table.
    """
    facts = _facts(facts)
    protocol = None
    if config.protocol is not None and config.protocol.is_file():
        protocol = {
            "file": mask_name(config.protocol.name),
            "path": mask_path(str(config.protocol)),
            "sha256": sha256_file(config.protocol),
        }
    key_ids = sorted({ld.data.key_id for ld in loads if ld.data.key_id})
    first = facts["first"]
    return {
        "kind": "chainlog",
        "tool": "ketenmining",
        "tool_version": __version__,
        "created": run_time().isoformat(timespec="seconds"),
        "chain": config.name,
        "title": config.title,
        "config": {"file": mask_name(config.file.name), "sha256": config.sha256},
        "protocol": protocol,
        "timezone": config.timezone,
        "period": {
            "from": config.period_from.isoformat() if config.period_from else None,
            "to": config.period_to.isoformat() if config.period_to else None,
        },
        "data_start": first.isoformat() if first else None,
        "data_end": data_end(config, facts).isoformat(),
        "episode_gap": str(gap) if gap else None,
        "key_id": key_ids[0] if key_ids else None,
        "ttp_key_id": ttp_key_id,
        # 2: the trusted third party's second step was applied; 1: only the chain key's
        "pseudonym_stage": 2 if ttp_key_id else 1,
        "organisations": dict(config.organisations),
        # the steps the sources can export: a protocol step outside these the data cannot show
        "mapped_steps": sorted(config.mapped_steps()),
        "sources": [
            {
                **source_entry(ld),
                "rows_rejected": int(ld.data.rejects.num_rows)
                if not ld.pre_pseudonymised
                else sum(ld.data.reject_counts.values()),
                "events": int(ld.data.table.num_rows),
            }
            for ld in loads
        ],
        "events": int(facts["events"]),
    }
