"""JSON-lines export of the police: one object per line, ISO 8601 UTC timestamps (``...Z``).

Fields: ``registratienummer``, ``bsn``, ``soort``, ``tijdstip`` and
``basisteam`` (not mapped by the chain config).
"""

from __future__ import annotations

import json
from pathlib import Path

from ketenmining.examples.rows import ExportContext, Rows, strftime
from ketenmining.examples.sources import ACTIVITIES, POL, POL_UNITS


def write_politie(path: Path, rows: Rows, ctx: ExportContext) -> None:
    """Write the police export (UTF-8 JSON lines, UTC timestamps)."""
    names = ACTIVITIES[POL]
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for a, b in rows.chunks():
            ts = rows.ts[a:b]
            utc = ts - ctx.offset_minutes(ts)
            times = strftime(utc, "%Y-%m-%dT%H:%M:%SZ")
            lines = []
            for i, child, act in zip(
                range(b - a), rows.child[a:b].tolist(), rows.act[a:b].tolist(), strict=True
            ):
                record = {
                    "registratienummer": ctx.dossier("POL", child),
                    "bsn": ctx.bsn(child, 0),
                    "soort": names[act],
                    "tijdstip": times[i],
                    "basisteam": POL_UNITS[child % len(POL_UNITS)],
                }
                lines.append(json.dumps(record, ensure_ascii=False))
            fh.write("\n".join(lines) + "\n")
