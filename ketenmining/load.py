"""Open the events an analysis command works on, whatever the user pointed at.

``LOG`` may be a chain log written by ``stitch`` (``.parquet``), a chain
config (``keten.yaml``: stitched on the fly) or, in quick mode, one event-log
file with its columns named on the command line. Whatever it is, the result
is the ``events`` view in a DuckDB connection, with the canonical columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ketenmining.errors import KetenError, Location
from ketenmining.logspec import Filters, LogSpec
from ketenmining.progress import SILENT, Progress


@dataclass
class LogInfo:
    """What was opened: its kind, provenance metadata and input hashes."""

    kind: str
    path: str
    meta: dict[str, Any] = field(default_factory=dict)


def open_log(con: Any, spec: LogSpec, filters: Filters | None = None, progress: Progress = SILENT) -> LogInfo:
    """Register the events of ``spec`` (filtered) as the ``events`` view in ``con``."""
    from ketenmining.engine import register_events

    kind = spec.kind
    if kind == "chainlog":
        from ketenmining.chainlog import is_chain_log, read_meta

        meta = read_meta(spec.path)
        if not is_chain_log(spec.path):
            raise KetenError(
                "this Parquet file is not a chain log (canonical columns missing)",
                hint="give a chain log written by 'ketenmining stitch', or name its columns "
                "with --case/--activity/--timestamp (quick mode)",
                where=Location(str(spec.path)),
            )
        register_events(con, spec.path, filters)
        return LogInfo("chainlog", str(spec.path), meta)
    raise KetenError(
        f"reading a {kind} log is not available yet",
        hint="give a chain log (.parquet) written by 'ketenmining stitch'",
        where=Location(str(spec.path)),
    )
