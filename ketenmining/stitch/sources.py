"""Read every source of a chain and pseudonymise it, on all cores.

A source is either a raw export (read, mapped and pseudonymised here with
the chain key) or a file its owner already pseudonymised with ``ketenmining
pseudonymise`` (used as it is). Work is cut into *units* — a source, or a
part of a large splittable source (XES) — that worker processes take largest
first; parts of one source are joined again in file order, with their row
numbers made continuous.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenmining.config.model import ChainConfig, SourceConfig
from ketenmining.errors import KetenError
from ketenmining.fsutil import sha256_file
from ketenmining.privacy.apply import Pseudonymised, pseudonymise_table
from ketenmining.progress import SILENT, Progress

#: Inputs larger than this (bytes, all sources) are read by worker processes.
PARALLEL_BYTES = 32 * 1024 * 1024
#: A splittable source larger than this (estimated uncompressed) is read in parts by several workers.
SPLIT_BYTES = 32 * 1024 * 1024
#: How much work a byte of a compressed format is, relative to a byte of plain text
#: (gzipped XES expands about 25 times; an XLSX workbook is zipped XML).
COMPRESSED_RATIO = {".gz": 25, ".xlsx": 8, ".xlsm": 8}


def work_size(path: Path) -> int:
    """An estimate of the work a file takes: its size, scaled up for compressed formats."""
    size = path.stat().st_size
    return size * COMPRESSED_RATIO.get(path.suffix.lower(), 1)


Part = tuple[int, int] | None


@dataclass
class SourceLoad:
    """One source after reading and pseudonymising."""

    source: SourceConfig
    data: Pseudonymised
    file_sha256: str
    pre_pseudonymised: bool = False
    part: Part = field(default=None, compare=False)


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
    source: SourceConfig, key: bytes | None, progress: Progress = SILENT, part: Part = None
) -> SourceLoad:
    """Read one raw export (or a part of it), map it and replace its ids by pseudonyms."""
    from ketenmining.ingest import read_mapped

    mapped = read_mapped(source, progress=progress, part=part)
    stats = {
        "unmapped": dict(mapped.unmapped),
        "ignored_rows": mapped.ignored_rows,
        "dst_ambiguous": mapped.dst_ambiguous,
        "dst_nonexistent": mapped.dst_nonexistent,
    }
    data = pseudonymise_table(mapped.table, source.id, source.id_kind, key, mapped.rows_read, stats)
    digest = sha256_file(source.path) if part is None or part[0] == 0 else ""
    return SourceLoad(source, data, digest, part=part)


def read_pseudonymised(source: SourceConfig, columns: list[str] | None = None) -> SourceLoad:
    """Read a file its owner already pseudonymised (output of ``ketenmining pseudonymise``).

    ``columns``: only these columns of its events (``[]``: its provenance only).
    """
    import pyarrow as pa
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
    table = pq.read_table(source.path, columns=columns)
    rows = table.num_rows if columns is None else pq.ParquetFile(source.path).metadata.num_rows
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
        rows_read=int(meta.get("rows_read", rows)),
        reject_counts=dict(meta.get("reject_counts", {})),
        stats=dict(meta.get("stats", {})),
    )
    return SourceLoad(source, data, meta.get("source_sha256") or sha256_file(source.path), True)


def load_unit(
    source: SourceConfig, key: bytes | None, part: Part = None, spill_to: str | None = None
) -> SourceLoad:
    """Load one unit of work: a whole source or one part of it.

    ``spill_to``: a folder where the unit's events are written as a Parquet part
    (:mod:`ketenmining.stitch.spill`) instead of being kept (and sent back from a
    worker) in memory; a file pseudonymised by its owner is then read where it is.
    """
    if is_pseudonymised_file(source.path):
        if spill_to is not None:
            return _pseudonymised_in_place(source)
        return read_pseudonymised(source)
    if key is None:
        raise KetenError(
            f"source '{source.id}' is a raw export and no key was given",
            hint="pass --key-file FILE (or set KETENMINING_KEY_FILE), or let the organisation run "
            "'ketenmining pseudonymise' and point 'path' at its output",
            where=source.where,
        )
    load = pseudonymise_source(source, key, part=part)
    if spill_to is not None:
        from ketenmining.stitch.spill import spill

        load.data.table = spill(load.data.table, spill_to)
    return load


def _pseudonymised_in_place(source: SourceConfig) -> SourceLoad:
    """A file its owner pseudonymised, as a spilled table read from where it is."""
    import pyarrow.parquet as pq

    from ketenmining.stitch.spill import SpilledTable

    load = read_pseudonymised(source, columns=[])
    pf = pq.ParquetFile(source.path)
    load.data.table = SpilledTable(
        [(str(source.path), 0)], int(pf.metadata.num_rows), pf.schema_arrow.remove_metadata()
    )
    return load


def plan_units(config: ChainConfig, workers: int) -> list[tuple[SourceConfig, Part]]:
    """The units of work, largest first: large splittable raw sources are cut into parts."""
    from ketenmining.ingest.readers import SPLITTABLE

    units: list[tuple[SourceConfig, Part, int]] = []
    for s in config.sources:
        size = work_size(s.path)
        if (
            workers > 1
            and s.format in SPLITTABLE
            and size > SPLIT_BYTES
            and not is_pseudonymised_file(s.path)
        ):
            units.extend((s, (i, workers), size // workers) for i in range(workers))
        else:
            units.append((s, None, size))
    units.sort(key=lambda u: -u[2])
    return [(s, part) for s, part, _ in units]


def load_sources(
    config: ChainConfig,
    key: bytes | None,
    progress: Progress = SILENT,
    workers: int | None = None,
    spill_to: str | None = None,
) -> list[SourceLoad]:
    """Read and pseudonymise every source, in worker processes when the input is large.

    ``spill_to``: write each unit's events to Parquet parts in this folder
    (:func:`load_unit`); the loads then hold :class:`~ketenmining.stitch.spill.SpilledTable`.
    """
    from ketenmining.config.load import check_source_files

    check_source_files(config)
    total = sum(work_size(s.path) for s in config.sources)
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if total > PARALLEL_BYTES else 1
    units = plan_units(config, workers)
    step = progress.step("Bronnen inlezen en pseudonimiseren / reading sources", total=len(units))
    results: list[SourceLoad] = []
    if workers <= 1 or len(units) == 1:
        for s, part in units:
            results.append(load_unit(s, key, part, spill_to))
            step.advance()
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = [pool.submit(load_unit, s, key, part, spill_to) for s, part in units]
            for future in futures:
                results.append(future.result())
                step.advance()
    step.done()
    loads = [join_parts([r for r in results if r.source.id == s.id]) for s in config.sources]
    check_same_key(loads)
    return loads


def join_parts(parts: list[SourceLoad]) -> SourceLoad:
    """One source's parts joined in file order, with continuous row numbers."""
    import pyarrow as pa

    if len(parts) == 1 and parts[0].part is None:
        return parts[0]
    parts = sorted(parts, key=lambda p: p.part[0] if p.part else 0)
    tables, rejects = [], []
    offset = 0
    counts: dict[str, int] = {}
    stats: dict[str, Any] = {
        "unmapped": {},
        "ignored_rows": 0,
        "dst_ambiguous": 0,
        "dst_nonexistent": 0,
    }
    for p in parts:
        tables.append(_shift_rows(p.data.table, offset))
        rejects.append(_shift_rows(p.data.rejects, offset))
        offset += p.data.rows_read
        for reason, n in p.data.reject_counts.items():
            counts[reason] = counts.get(reason, 0) + n
        for name, n in p.data.stats.get("unmapped", {}).items():
            stats["unmapped"][name] = stats["unmapped"].get(name, 0) + n
        for k in ("ignored_rows", "dst_ambiguous", "dst_nonexistent"):
            stats[k] += int(p.data.stats.get(k, 0))
    first = parts[0]
    if any(not isinstance(t, pa.Table) for t in tables):
        from ketenmining.stitch.spill import join

        table = join(tables)
    else:
        table = pa.concat_tables(tables, promote_options="permissive")
    data = Pseudonymised(
        source_id=first.data.source_id,
        table=table,
        rejects=pa.concat_tables(rejects),
        key_id=first.data.key_id,
        rows_read=offset,
        reject_counts=counts,
        stats=stats,
    )
    return SourceLoad(first.source, data, first.file_sha256, first.pre_pseudonymised)


def _shift_rows(table: Any, offset: int) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if not offset or table.num_rows == 0:
        return table
    if not isinstance(table, pa.Table):  # a SpilledTable: the offset is added when read
        return table.shifted(offset)
    i = table.column_names.index("source_row")
    return table.set_column(i, "source_row", pc.add(table.column(i), pa.scalar(offset, pa.int64())))


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
