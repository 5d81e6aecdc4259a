"""Link the sources of a chain into one chain log.

For every source: read the export and pseudonymise it on the fly (when a key
is given), or take a file already pseudonymised by its owner as it is. Then
check that every source used the same key, optionally apply the trusted
third party's second keyed step, split each client's history into episodes
and put all events in the canonical total order.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenmining import __version__
from ketenmining.config.model import ChainConfig, SourceConfig
from ketenmining.errors import KetenError
from ketenmining.fsutil import sha256_file
from ketenmining.privacy.apply import Pseudonymised, pseudonymise_table
from ketenmining.progress import SILENT, Progress
from ketenmining.timeunits import Duration

#: Inputs larger than this (bytes, all sources) are read by two worker processes.
PARALLEL_BYTES = 32 * 1024 * 1024


@dataclass
class SourceLoad:
    """One source after reading and pseudonymising."""

    source: SourceConfig
    data: Pseudonymised
    file_sha256: str
    pre_pseudonymised: bool = False


@dataclass
class StitchResult:
    """The chain log (Arrow table), its provenance and what was set aside."""

    table: Any
    meta: dict[str, Any]
    loads: list[SourceLoad] = field(default_factory=list)
    rejects: Any = None

    @property
    def events(self) -> int:
        """Number of events in the chain log."""
        return int(self.table.num_rows)


def is_pseudonymised_file(path: Path) -> bool:
    """True when ``path`` is a Parquet file written by ``ketenmining pseudonymise``."""
    if not path.name.lower().endswith(".parquet"):
        return False
    from ketenmining.chainlog import read_meta

    try:
        return read_meta(path).get("kind") == "pseudonymised"
    except KetenError:
        return False


def pseudonymise_source(
    source: SourceConfig, key: bytes | None, progress: Progress = SILENT
) -> SourceLoad:
    """Read one raw export, map it and replace its ids by pseudonyms."""
    from ketenmining.ingest import read_mapped

    mapped = read_mapped(source, progress=progress)
    stats = {
        "unmapped": dict(mapped.unmapped),
        "ignored_rows": mapped.ignored_rows,
        "dst_ambiguous": mapped.dst_ambiguous,
        "dst_nonexistent": mapped.dst_nonexistent,
    }
    data = pseudonymise_table(mapped.table, source.id, source.id_kind, key, mapped.rows_read, stats)
    return SourceLoad(source, data, sha256_file(source.path))


def read_pseudonymised(source: SourceConfig) -> SourceLoad:
    """Read a file its owner already pseudonymised (output of ``ketenmining pseudonymise``)."""
    import pyarrow.parquet as pq

    from ketenmining.chainlog import read_meta

    meta = read_meta(source.path)
    if meta.get("org") not in (None, source.org):
        raise KetenError(
            f"source '{source.id}': the pseudonymised file belongs to organisation {meta.get('org')}, "
            f"the config says {source.org}",
            hint="check 'org' and 'path' of this source",
            where=source.where,
        )
    table = pq.read_table(source.path)
    import pyarrow as pa

    empty = pa.table(
        {
            "source": pa.array([], pa.string()),
            "source_row": pa.array([], pa.int64()),
            "reason": pa.array([], pa.string()),
            "activity_raw": pa.array([], pa.string()),
            "timestamp": pa.array([], pa.timestamp("us", tz="UTC")),
        }
    )
    data = Pseudonymised(
        source_id=source.id,
        table=table,
        rejects=empty,
        key_id=meta.get("key_id"),
        rows_read=int(meta.get("rows_read", table.num_rows)),
        reject_counts=dict(meta.get("reject_counts", {})),
        stats=dict(meta.get("stats", {})),
    )
    return SourceLoad(source, data, meta.get("source_sha256") or sha256_file(source.path), True)


def _load_one(source: SourceConfig, key: bytes | None) -> SourceLoad:
    if is_pseudonymised_file(source.path):
        return read_pseudonymised(source)
    if key is None:
        raise KetenError(
            f"source '{source.id}' is a raw export and no key was given",
            hint="pass --key-file FILE (or set KETENMINING_KEY_FILE), or let the organisation run "
            "'ketenmining pseudonymise' and point 'path' at its output",
            where=source.where,
        )
    return pseudonymise_source(source, key)


def load_sources(
    config: ChainConfig, key: bytes | None, progress: Progress = SILENT, workers: int | None = None
) -> list[SourceLoad]:
    """Read and pseudonymise every source; two processes when the input is large."""
    from ketenmining.config.load import check_source_files

    check_source_files(config)
    total = sum(s.path.stat().st_size for s in config.sources)
    n = (
        workers
        if workers is not None
        else (min(2, os.cpu_count() or 1) if total > PARALLEL_BYTES else 1)
    )
    step = progress.step(
        "Bronnen inlezen en pseudonimiseren / reading sources", total=len(config.sources)
    )
    loads: list[SourceLoad] = []
    if n <= 1 or len(config.sources) == 1:
        for s in config.sources:
            loads.append(_load_one(s, key))
            step.advance()
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        order = sorted(config.sources, key=lambda s: -s.path.stat().st_size)
        with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
            futures = {s.id: pool.submit(_load_one, s, key) for s in order}
            for s in order:
                loads.append(futures[s.id].result())
                step.advance()
        by_id = {ld.source.id: ld for ld in loads}
        loads = [by_id[s.id] for s in config.sources]
    step.done()
    check_same_key(loads)
    return loads


def check_same_key(loads: list[SourceLoad]) -> None:
    """Refuse sources pseudonymised with different keys: their clients would never link."""
    key_ids = {ld.data.key_id for ld in loads if ld.data.key_id}
    if len(key_ids) > 1:
        per_source = ", ".join(
            f"{ld.source.id}: {ld.data.key_id}" for ld in loads if ld.data.key_id
        )
        raise KetenError(
            "the sources were pseudonymised with different keys, so clients cannot be linked",
            hint=f"every organisation must use the same chain key (key fingerprints: {per_source})",
        )


def combine(
    loads: list[SourceLoad], episode_gap: Duration | None, ttp_key: bytes | None = None
) -> Any:
    """One Arrow table of all events: episodes numbered, canonical order."""
    import pyarrow as pa

    from ketenmining.engine import connect
    from ketenmining.engine.sql import interval_sql, stitch_query

    tables = [ld.data.table for ld in loads if ld.data.table.num_rows]
    if not tables:
        raise KetenError(
            "no events left after reading the sources",
            hint="see the rejects and the data-quality report",
        )
    combined = pa.concat_tables(tables, promote_options="permissive")
    if ttp_key is not None:
        combined = _second_step(combined, ttp_key)
    gap = None
    if episode_gap is not None:
        if episode_gap.unit == "working_days":
            raise KetenError(
                "an episode gap cannot be in working days", hint="use days, weeks or months"
            )
        gap = interval_sql(episode_gap.amount, episode_gap.unit)
    con = connect()
    con.register("combined", combined)
    columns = ["case_id", "episode", *[c for c in combined.column_names if c != "case_id"]]
    result = con.sql(stitch_query("combined", columns, gap)).to_arrow_table()
    con.close()
    from ketenmining.chainlog import arrow_schema

    extra = {f.name: f.type for f in result.schema if f.name not in arrow_schema().names}
    return result.cast(arrow_schema(extra))


def _second_step(table: Any, ttp_key: bytes) -> Any:
    """The trusted third party's step: pseudonym of the pseudonym under its own key."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ketenmining.privacy.pseudonym import pseudonym

    col = table.column("case_id")
    uniques = pc.unique(col)
    mapped = pa.array([pseudonym(ttp_key, v) for v in uniques.to_pylist()], pa.string())
    idx = pc.index_in(col, value_set=uniques)
    return table.set_column(table.column_names.index("case_id"), "case_id", pc.take(mapped, idx))


def stitch(
    config: ChainConfig,
    key: bytes | None,
    ttp_key: bytes | None = None,
    episode_gap: Duration | None = None,
    progress: Progress = SILENT,
    workers: int | None = None,
) -> StitchResult:
    """Read, pseudonymise and link every source of ``config`` into a chain log."""
    import pyarrow as pa

    from ketenmining.privacy.pseudonym import key_id

    loads = load_sources(config, key, progress, workers)
    step = progress.step("Koppelen en ordenen / linking and ordering", total=1)
    gap = episode_gap or config.episode_gap
    table = combine(loads, gap, ttp_key)
    step.done()
    rejects = pa.concat_tables([ld.data.rejects for ld in loads])
    meta = chain_meta(config, loads, table, gap, ttp_key_id=key_id(ttp_key) if ttp_key else None)
    return StitchResult(table=table, meta=meta, loads=loads, rejects=rejects)


def data_end(config: ChainConfig, table: Any) -> dt.datetime:
    """The instant the data ends: the end of the configured period, else the last event."""
    import pyarrow.compute as pc

    if config.period_to is not None:
        from zoneinfo import ZoneInfo

        local = dt.datetime.combine(
            config.period_to + dt.timedelta(days=1), dt.time(0), ZoneInfo(config.timezone)
        )
        return local.astimezone(dt.UTC)
    last = pc.max(table.column("timestamp")).as_py()
    return last


def chain_meta(
    config: ChainConfig,
    loads: list[SourceLoad],
    table: Any,
    gap: Duration | None,
    ttp_key_id: str | None,
) -> dict[str, Any]:
    """Provenance of a chain log: tool version, config hash, source hashes, protocol hash."""
    import pyarrow.compute as pc

    protocol = None
    if config.protocol is not None and config.protocol.is_file():
        protocol = {"file": config.protocol.name, "sha256": sha256_file(config.protocol)}
    key_ids = sorted({ld.data.key_id for ld in loads if ld.data.key_id})
    first = pc.min(table.column("timestamp")).as_py()
    return {
        "kind": "chainlog",
        "tool": "ketenmining",
        "tool_version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "chain": config.name,
        "title": config.title,
        "config": {"file": config.file.name, "sha256": config.sha256},
        "protocol": protocol,
        "timezone": config.timezone,
        "period": {
            "from": config.period_from.isoformat() if config.period_from else None,
            "to": config.period_to.isoformat() if config.period_to else None,
        },
        "data_start": first.isoformat() if first else None,
        "data_end": data_end(config, table).isoformat(),
        "episode_gap": str(gap) if gap else None,
        "key_id": key_ids[0] if key_ids else None,
        "ttp_key_id": ttp_key_id,
        "organisations": dict(config.organisations),
        "sources": [
            {
                "id": ld.source.id,
                "org": ld.source.org,
                "file": ld.source.path.name,
                "format": ld.source.format,
                "sha256": ld.file_sha256,
                "pseudonymised_by_owner": ld.pre_pseudonymised,
                "rows_read": ld.data.rows_read,
                "rows_rejected": int(ld.data.rejects.num_rows)
                if not ld.pre_pseudonymised
                else sum(ld.data.reject_counts.values()),
                "events": int(ld.data.table.num_rows),
            }
            for ld in loads
        ],
        "events": int(table.num_rows),
    }
