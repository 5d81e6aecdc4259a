"""Stitch in bounded memory: each source's events spilled to Parquet parts, the chain log streamed.

Reading a source gives its mapped, pseudonymised events; instead of keeping
them (a whole chain of tables in memory, which grows with the log), each
unit of work writes them to a Parquet part in a spill folder and keeps only
a :class:`SpilledTable` (the part's file, row offset and size). DuckDB then
reads every part, puts all events in the canonical order (it sorts out of
core within its memory limit, spilling to its temp folder: see
:mod:`ketenmining.engine`), and the sorted events are streamed row group by
row group into the chain log, numbering episodes on the way with the last
event of the previous row group carried over. Peak memory is a row group,
DuckDB's memory limit and the rejects, whatever the size of the log.
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketenmining.chainlog import META_KEY, arrow_schema
from ketenmining.engine.sql import CASE_ORDER, quote_ident, sql_literal
from ketenmining.progress import SILENT, Progress

#: Rows per row group of the chain log (as ``chainlog.write_parquet_with_meta``).
ROW_GROUP = 1 << 20
#: Rows per Arrow chunk of the sorted events: DuckDB's own batch of a query result
#: (60 vectors of 2,048), so the chunks are laid out as in a table DuckDB returns whole.
CHUNK = 122_880
#: Rows DuckDB hands over per Arrow batch while the sorted events stream out.
FETCH_ROWS = CHUNK

_PARTS = itertools.count()


@dataclass
class SpilledTable:
    """A source's events on disk: Parquet parts, each with the offset added to its ``source_row``."""

    parts: list[tuple[str, int]]
    num_rows: int
    schema: Any

    @property
    def column_names(self) -> list[str]:
        """The columns of the events (as ``pyarrow.Table.column_names``)."""
        return list(self.schema.names)

    def shifted(self, offset: int) -> SpilledTable:
        """The same parts with ``offset`` more added to every ``source_row``."""
        return SpilledTable([(p, o + offset) for p, o in self.parts], self.num_rows, self.schema)


def spill(table: Any, folder: str | os.PathLike[str]) -> SpilledTable:
    """Write ``table`` (Arrow) to a new Parquet part in ``folder``; its :class:`SpilledTable`."""
    import pyarrow.parquet as pq

    path = Path(folder) / f"part-{os.getpid()}-{next(_PARTS)}.parquet"
    pq.write_table(table, path, compression="lz4", row_group_size=ROW_GROUP)
    return SpilledTable([(str(path), 0)], int(table.num_rows), table.schema)


def as_spilled(table: Any, folder: str | os.PathLike[str]) -> SpilledTable:
    """``table`` itself when already spilled, else spilled into ``folder``."""
    return table if isinstance(table, SpilledTable) else spill(table, folder)


def join(tables: list[SpilledTable]) -> SpilledTable:
    """Several spilled tables one after the other (their offsets already applied)."""
    import pyarrow as pa

    schema = pa.unify_schemas([t.schema for t in tables], promote_options="permissive")
    parts = [p for t in tables for p in t.parts]
    return SpilledTable(parts, sum(t.num_rows for t in tables), schema)


def second_step(
    table: SpilledTable, ttp_key: bytes, folder: str | os.PathLike[str]
) -> SpilledTable:
    """The trusted third party's step on spilled parts: every case id keyed again, part by part."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from ketenmining.privacy.pseudonym import pseudonym

    done: dict[str, str] = {}
    parts = []
    for path, offset in table.parts:
        pf = pq.ParquetFile(path)
        out = Path(folder) / f"part-{os.getpid()}-{next(_PARTS)}.parquet"
        with pq.ParquetWriter(out, pf.schema_arrow, compression="lz4") as writer:
            for batch in pf.iter_batches(batch_size=ROW_GROUP):
                t = pa.Table.from_batches([batch])
                col = t.column("case_id")
                uniques = pc.unique(col)
                mapped = []
                for v in uniques.to_pylist():
                    if v not in done:
                        done[v] = pseudonym(ttp_key, v)
                    mapped.append(done[v])
                idx = pc.index_in(col, value_set=uniques)
                new = pc.take(pa.array(mapped, pa.string()), idx)
                t = t.set_column(t.column_names.index("case_id"), "case_id", new)
                writer.write_table(t.cast(pf.schema_arrow), row_group_size=ROW_GROUP)
        parts.append((str(out), offset))
    return SpilledTable(parts, table.num_rows, table.schema)


def register_parts(con: Any, tables: list[SpilledTable], name: str = "parts") -> list[str]:
    """Make ``name`` a view of every part of ``tables``; return the extra (non-canonical) columns.

    Columns in the canonical order, then the extra ones in order of first
    appearance (as ``pyarrow.concat_tables(..., promote_options="permissive")``);
    a part without an extra column gives NULL for it; ``source_row`` has its offset added.
    """
    import pyarrow as pa

    canonical = [n for n in arrow_schema().names if n != "episode"]
    schema = pa.unify_schemas([t.schema for t in tables], promote_options="permissive")
    extra = [n for n in schema.names if n not in canonical and n != "episode"]
    selects = []
    for t in tables:
        for path, offset in t.parts:
            src = f"read_parquet({sql_literal(path)})"
            have = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}
            cols = []
            for c in canonical + extra:
                q = quote_ident(c)
                if c == "source_row" and offset:
                    cols.append(f"CAST({q} + {int(offset)} AS BIGINT) AS {q}")
                elif c in have:
                    cols.append(q)
                else:
                    cols.append(f"CAST(NULL AS {_duck_type(schema.field(c).type)}) AS {q}")
            selects.append(f"SELECT {', '.join(cols)} FROM {src}")
    con.execute(f"CREATE OR REPLACE VIEW {name} AS " + "\nUNION ALL BY NAME\n".join(selects))
    return extra


def _duck_type(typ: Any) -> str:
    import pyarrow as pa

    if pa.types.is_integer(typ):
        return "BIGINT"
    if pa.types.is_floating(typ):
        return "DOUBLE"
    if pa.types.is_boolean(typ):
        return "BOOLEAN"
    if pa.types.is_timestamp(typ):
        return "TIMESTAMPTZ" if typ.tz else "TIMESTAMP"
    if pa.types.is_date(typ):
        return "DATE"
    return "VARCHAR"


def facts(con: Any, name: str = "parts") -> dict[str, Any]:
    """What the chain log's provenance needs from its events: count, first and last instant, activities."""
    events, first, last = con.execute(
        f"SELECT count(*), min(timestamp), max(timestamp) FROM {name}"
    ).fetchall()[0]
    activities = {r[0] for r in con.execute(f"SELECT DISTINCT activity FROM {name}").fetchall()}
    return {"events": int(events), "first": first, "last": last, "activities": activities}


def write_sorted(
    con: Any,
    path: str | os.PathLike[str],
    meta: dict[str, Any],
    episode_gap: Any,
    progress: Progress = SILENT,
    name: str = "parts",
) -> int:
    """Stream the events of view ``name`` in canonical order into the chain log ``path``.

    Episodes are numbered per row group (:func:`ketenmining.stitch.build.episodes`)
    with the previous row group's last event carried over; every row group is
    one contiguous Arrow chunk per column, so the file equals what
    ``chainlog.write_parquet_with_meta`` writes for the whole table at once
    (for a log of one row group; larger logs may differ in page layout only).
    Returns the number of events written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    total = int(con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0])
    reader = con.sql(f"SELECT * FROM {name} ORDER BY case_id, {CASE_ORDER}").to_arrow_reader(
        FETCH_ROWS
    )
    canonical = set(arrow_schema().names)
    extra = {f.name: f.type for f in reader.schema if f.name not in canonical}
    schema = arrow_schema(extra)
    schema = schema.with_metadata(
        {META_KEY: json.dumps(meta, sort_keys=True, default=str).encode("utf-8")}
    )
    step = progress.step(
        "Ordenen en schrijven / ordering and writing", total=max(1, -(-total // ROW_GROUP))
    )
    carry: tuple[Any, Any, int] | None = None
    written = 0
    pending: list[Any] = []
    rows = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:

        def flush(batches: list[Any]) -> None:
            nonlocal carry, written
            group = _rechunk(pa.Table.from_batches(batches, schema=reader.schema), written)
            group, carry = _with_episodes(group, carry, episode_gap)
            writer.write_table(group.cast(schema), row_group_size=ROW_GROUP)
            written += group.num_rows
            step.advance()

        for batch in reader:
            pending.append(batch)
            rows += batch.num_rows
            while rows >= ROW_GROUP:
                head = pa.Table.from_batches(pending, schema=reader.schema)
                flush(head.slice(0, ROW_GROUP).to_batches())
                rest = head.slice(ROW_GROUP)
                pending, rows = rest.to_batches(), rest.num_rows
        if rows or not written:
            flush(pending or [pa.RecordBatch.from_pylist([], schema=reader.schema)])
    step.done()
    return written


def _rechunk(group: Any, start: int) -> Any:
    """``group`` (rows ``start``... of the log) in chunks that end at multiples of :data:`CHUNK`.

    The Parquet writer's pages (and so the file's bytes) follow the chunks of
    its input; these are the chunks the whole sorted table would have had.
    """
    import pyarrow as pa

    whole = group.combine_chunks()
    n = whole.num_rows
    cuts = [0]
    nxt = (start // CHUNK + 1) * CHUNK - start
    while nxt < n:
        cuts.append(nxt)
        nxt += CHUNK
    cuts.append(n)
    pieces = [whole.slice(a, b - a) for a, b in itertools.pairwise(cuts) if b > a]
    return pa.concat_tables(pieces) if pieces else whole


def _with_episodes(group: Any, carry: tuple[Any, Any, int] | None, gap: Any) -> tuple[Any, Any]:
    """``group`` (sorted) with its ``episode`` column; the carry for the next group.

    The carry is the previous group's last event (case id, timestamp, episode):
    prepended to this group, it continues its case's episode count.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ketenmining.stitch.episode import episodes

    n = group.num_rows
    if n == 0:
        empty = pa.array([], pa.int32())
        return _place_episode(group, empty), carry
    ids = group.column("case_id")
    ts = group.column("timestamp")
    if carry is not None:
        ids = pa.chunked_array([pa.array([carry[0]], ids.type), *ids.chunks]).combine_chunks()
        ts = pa.chunked_array([pa.array([carry[1]], ts.type), *ts.chunks]).combine_chunks()
    else:
        ids = ids.combine_chunks()
        ts = ts.combine_chunks()
    m = len(ids)
    change = np.zeros(m, dtype=np.int64)
    if m > 1:
        change[1:] = np.asarray(
            pc.not_equal(ids.slice(1), ids.slice(0, m - 1)).to_numpy(zero_copy_only=False),
            dtype=np.int64,
        )
    rank = np.cumsum(change)
    ep = np.asarray(episodes(pa.array(rank), ts, gap).to_numpy(), dtype=np.int32)
    if carry is not None:
        # the carried event's case goes on: its episodes continue from the carried number
        first_case = rank == 0
        ep = np.where(first_case, ep - 1 + carry[2], ep).astype(np.int32)
        ep = ep[1:]
    last = n - 1
    new_carry = (ids[-1].as_py(), ts[-1].as_py(), int(ep[last]))
    return _place_episode(group, pa.array(ep, pa.int32())), new_carry


def _place_episode(group: Any, episode: Any) -> Any:
    """``group`` with ``episode`` as its second column (after ``case_id``)."""
    if "episode" in group.column_names:
        group = group.drop_columns(["episode"])
    return group.add_column(1, "episode", episode)
