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
    config: Any = None  # the ChainConfig when a config was stitched in memory
    stitched: Any = None  # its StitchResult (for the data-quality record)


def open_log(
    con: Any, spec: LogSpec, filters: Filters | None = None, progress: Progress = SILENT
) -> LogInfo:
    """Register the events of ``spec`` (filtered) as the ``events`` view in ``con``."""
    from ketenmining.engine import register_events

    kind = spec.kind
    if kind == "chainlog":
        from ketenmining.chainlog import is_chain_log, read_meta

        meta = read_meta(spec.path)
        if not is_chain_log(spec.path):
            # a plain Parquet event log (pm4py's column names, say): quick mode with the defaults
            return _open_quick(con, spec, filters, progress)
        register_events(con, spec.path, filters)
        return LogInfo("chainlog", str(spec.path), meta)
    if kind == "config":
        return _open_config(con, spec, filters, progress)
    if kind == "quick":
        return _open_quick(con, spec, filters, progress)
    raise KetenError(
        f"reading a {kind} log is not available yet",
        hint="give a chain log (.parquet) written by 'ketenmining stitch'",
        where=Location(str(spec.path)),
    )


def _open_config(con: Any, spec: LogSpec, filters: Filters | None, progress: Progress) -> LogInfo:
    """Stitch a chain config in memory (raw sources need the key) and register its events."""
    from ketenmining.config.load import load_config
    from ketenmining.engine import register_events
    from ketenmining.privacy.pseudonym import read_key
    from ketenmining.stitch.build import stitch

    config = load_config(spec.path)
    key = read_key(spec.key_file, allow_shared=spec.allow_shared_key) if spec.key_file else None
    result = stitch(config, key, progress=progress)
    register_events(con, result.table, filters)
    return LogInfo("config", str(spec.path), result.meta, config, result)


def refuse_bsn_case_ids(con: Any, view: str, spec: LogSpec) -> None:
    """Refuse raw case ids that are or hold BSNs (most 9-digit ids pass the elfproef, where
    about 1 in 11 random numbers would): they would go into every output unchanged. A case
    column of free text ("zie BSN 123456782") counts too."""
    from ketenmining.privacy.apply import bsn_shaped_numbers
    from ketenmining.privacy.pseudonym import normalise_bsn

    rows = con.execute(
        f"SELECT DISTINCT CAST(case_id AS VARCHAR) FROM {view} "
        "WHERE regexp_matches(CAST(case_id AS VARCHAR), '[0-9]([. ]?[0-9]){6,8}') "
        "LIMIT 5000"
    ).fetchall()
    whole = [r[0] for r in rows if len(r[0].strip().replace(".", "").replace(" ", "")) in (8, 9)]
    passing = sum(1 for value in whole if normalise_bsn(value) is not None)
    inside = [bsn_shaped_numbers(r[0]) for r in rows]
    holding = [found for found in inside if found]
    passing_inside = sum(1 for found in holding if any(ok for _, ok in found))
    if (passing and passing * 2 >= len(whole)) or (
        passing_inside and passing_inside * 2 >= len(holding)
    ):
        raise KetenError(
            "the case ids look like BSNs or hold them (they pass the elfproef) and no key was "
            "given, so every output would hold them",
            hint="pass --key-file FILE to pseudonymise them, or --raw-ids to keep them raw "
            "(outputs then stay inside the organisation); name the case column with --case",
            where=Location(str(spec.path)),
        )


def _open_quick(con: Any, spec: LogSpec, filters: Filters | None, progress: Progress) -> LogInfo:
    """Quick mode: one event-log file read into DuckDB, its columns given or detected."""
    from ketenmining.engine import register_events
    from ketenmining.ingest.quick import QUICK_EVENTS, open_quick

    pseudonymise = None
    if spec.key_file is not None:
        from ketenmining.privacy.apply import pseudonymise_ids
        from ketenmining.privacy.pseudonym import read_key

        key = read_key(spec.key_file, allow_shared=spec.allow_shared_key)

        def pseudonymise(ids: Any) -> Any:
            return pseudonymise_ids(ids, key)

    quick = open_quick(con, spec, progress, pseudonymise)
    if pseudonymise is None and not spec.raw_ids:
        refuse_bsn_case_ids(con, QUICK_EVENTS, spec)
    register_events(con, con.table(QUICK_EVENTS), filters)
    return LogInfo("quick", str(spec.path), quick.meta)
