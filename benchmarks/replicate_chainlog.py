"""Benchmark data only: a chain log K times as large, made of K renamed copies of a real one.

Stands in for a stitched chain log where stitch cannot make one within the
memory budget (100M events, docs/benchmarks.md "100M events"): copy ``k``
(0 ≤ k < K ≤ 16) gets the case ids ``hex(k) + id[:63]`` (still 64 hex
characters, distinct from every other copy's), so the copies written one
after the other keep the chain log's canonical order (by case id). Streams
row groups (memory: one row group), keeps the schema and the ketenmining
metadata with its event count multiplied; records the replication in it.

    python benchmarks/replicate_chainlog.py 10M.parquet 10 100M.parquet
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def replicate(source: Path, times: int, target: Path) -> int:
    """Write ``times`` renamed copies of the chain log ``source`` to ``target``; the events."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    if not 1 <= times <= 16:
        raise SystemExit("K must be 1..16 (one hex digit per copy)")
    pf = pq.ParquetFile(source)
    schema = pf.schema_arrow
    meta = json.loads(schema.metadata[b"ketenmining"])
    meta["events"] = meta["events"] * times
    meta["replicated"] = {"from": source.name, "times": times, "tool": "replicate_chainlog.py"}
    metadata = {**schema.metadata, b"ketenmining": json.dumps(meta, sort_keys=True).encode()}
    schema = schema.with_metadata(metadata)
    position = schema.get_field_index("case_id")
    rows = 0
    with pq.ParquetWriter(target, schema, compression="zstd") as writer:
        for k in range(times):
            for batch in pf.iter_batches(batch_size=1 << 20):
                ids = pc.cast(batch.column(position), pa.string())
                renamed = pc.binary_join_element_wise(
                    f"{k:x}", pc.utf8_slice_codeunits(ids, 0, 63), ""
                )
                columns = list(batch.columns)
                columns[position] = pc.cast(renamed, schema.field("case_id").type)
                table = pa.Table.from_arrays(columns, schema=schema)
                writer.write_table(table, row_group_size=1 << 20)
                rows += batch.num_rows
    return rows


if __name__ == "__main__":
    src, k, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    print(f"{replicate(src, k, out):,} events written to {out}")
