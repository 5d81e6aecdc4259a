"""Parquet export of the Raad voor de Kinderbescherming: date-only events.

Columns ``zaaknummer``, ``bsn``, ``handeling``, ``fase`` (``gestart`` /
``afgerond``), ``datum`` (a DATE column: no time of day) and ``vestiging``
(not mapped by the chain config).
"""

from __future__ import annotations

from pathlib import Path

from ketenmining.examples.rows import ExportContext, Rows
from ketenmining.examples.sources import ACTIVITIES, RVDK, RVDK_OFFICES, START


def write_raad(path: Path, rows: Rows, ctx: ExportContext) -> None:
    """Write the Raad export (Parquet with a DATE column)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = ACTIVITIES[RVDK]
    children = rows.child.tolist()
    table = pa.table(
        {
            "zaaknummer": pa.array([ctx.dossier("RvdK", c) for c in children], pa.string()),
            "bsn": pa.array([ctx.bsn(c, 0) for c in children], pa.string()),
            "handeling": pa.array([names[a] for a in rows.act.tolist()], pa.string()),
            "fase": pa.array(
                ["gestart" if lc == START else "afgerond" for lc in rows.lc.tolist()], pa.string()
            ),
            "datum": pa.array((rows.ts // 1440).astype("int32"), pa.date32()),
            "vestiging": pa.array(
                [RVDK_OFFICES[c % len(RVDK_OFFICES)] for c in children], pa.string()
            ),
        }
    )
    pq.write_table(table, path, compression="zstd", row_group_size=256_000)
