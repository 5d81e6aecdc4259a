"""Open the events a stage works on, whatever the user pointed at.

The source may be a chain log written by ``stitch`` (``.parquet``), a chain
config (``keten.yaml``, or a loaded ``ChainConfig``: stitched on the fly) or,
in quick mode, one event-log file with its columns named or detected.
Whatever it is, the result is a :class:`~ketenmining.log.model.ChainLog`:
the ``events`` view in a DuckDB connection, with the canonical columns.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError, Location
from ketenmining.logspec import Filters, LogSpec, QuickMapping
from ketenmining.progress import SILENT, Progress
from ketenmining.stitch.chainlog import ChainLog


def open_log(
    source: Any,
    *,
    filters: Filters | None = None,
    key_file: str | os.PathLike[str] | None = None,
    key: bytes | None = None,
    allow_shared_key_file: bool = False,
    quick: QuickMapping | None = None,
    con: Any = None,
    progress: Progress = SILENT,
) -> ChainLog:
    """Open ``source`` (a chain log, a chain config or one event-log file) as a ChainLog.

    ``source`` is a path (``.parquet`` chain log, ``.yaml`` chain config,
    any other event-log file in quick mode), a :class:`~ketenmining.logspec.LogSpec`
    or a loaded chain config. Raw exports in a config, and quick-mode case ids,
    are pseudonymised with the key (``key_file``, or ``key`` as bytes); the key
    never comes from a command line. A key file others may read is refused unless
    ``allow_shared_key_file`` (as ``--allow-shared-key-file``). ``filters`` select part of the log (dates,
    organisations, episode, cohort). ``con`` is the DuckDB connection to use
    (a new one by default).

    >>> import ketenmining as km
    >>> log = km.open_log("examples/midden-brabant/keten.yaml",
    ...                   key_file="examples/midden-brabant/demo.key",
    ...                   allow_shared_key_file=True)  # the example's key is public
    >>> log.kind, log.cases
    ('config', 2067)
    >>> km.open_log("out/demo/keten.parquet").kind
    'chainlog'
    """
    from ketenmining.engine import connect

    con = connect() if con is None else con
    if _is_config_object(source):
        return _stitch_config(con, source, str(getattr(source, "file", "")), key, filters, progress)
    spec = _spec(source, key_file, quick, allow_shared_key_file)
    kind = spec.kind
    if kind == "chainlog":
        from ketenmining.chainlog import check_chain_log, is_chain_log, read_meta
        from ketenmining.engine import register_events

        meta = read_meta(spec.path)
        if not is_chain_log(spec.path):
            # a plain Parquet event log (pm4py's column names, say): quick mode with the defaults
            return _open_quick(con, spec, filters, progress)
        check_chain_log(spec.path)
        register_events(con, spec.path, filters)
        return ChainLog(con, "chainlog", str(spec.path), meta, filters=filters)
    if kind == "config":
        from ketenmining.config.load import load_config

        config = load_config(spec.path)
        if key is None and spec.key_file:
            from ketenmining.privacy.pseudonym import read_key

            key = read_key(spec.key_file, allow_shared=spec.allow_shared_key)
        return _stitch_config(con, config, str(spec.path), key, filters, progress)
    if kind == "quick":
        return _open_quick(con, spec, filters, progress)
    raise KetenError(
        f"reading a {kind} log is not available yet",
        hint="give a chain log (.parquet) written by 'ketenmining stitch'",
        where=Location(str(spec.path)),
    )


def as_log(source: Any, filters: Filters | None = None, progress: Progress = SILENT) -> ChainLog:
    """``source`` as a ChainLog: an opened log as it is, anything else through :func:`open_log`."""
    if isinstance(source, ChainLog):
        return source
    return open_log(source, filters=filters, progress=progress)


def _is_config_object(source: Any) -> bool:
    return hasattr(source, "sources") and not isinstance(source, (str, os.PathLike, LogSpec))


def _spec(source: Any, key_file: Any, quick: QuickMapping | None, shared: bool) -> LogSpec:
    if isinstance(source, LogSpec):
        return source
    if isinstance(source, (str, os.PathLike)):
        return LogSpec(
            Path(source),
            quick=quick or QuickMapping(),
            key_file=Path(key_file) if key_file else None,
            allow_shared_key=shared,
        )
    raise KetenError(
        f"cannot open a log from a {type(source).__name__}",
        hint="give a path (chain log .parquet, keten.yaml or one event-log file), "
        "a LogSpec or a ChainConfig",
    )


def _stitch_config(
    con: Any, config: Any, path: str, key: bytes | None, filters: Any, progress: Progress
) -> ChainLog:
    """Stitch a chain config in memory (raw sources need the key) and register its events."""
    from ketenmining.stitch.build import stitch

    return ChainLog.of_stitch(stitch(config, key, progress=progress), config, path, filters, con)


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


def _open_quick(con: Any, spec: LogSpec, filters: Filters | None, progress: Progress) -> ChainLog:
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
    return ChainLog(con, "quick", str(spec.path), quick.meta, filters=filters)
