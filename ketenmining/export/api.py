"""The export stage's entry point: a log in, an XES or OCEL 2.0 file out."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ketenmining.progress import SILENT, Progress


def export_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """``fmt``, else the format the file name says (``.xes``, ``.xes.gz``, ``.jsonocel``, ``.json``)."""
    from ketenmining.errors import KetenError
    from ketenmining.export import WRITERS

    if fmt is not None:
        return fmt
    p = Path(path)
    name = p.name.lower()
    found = next((f for f, (suffixes, _) in WRITERS.items() if name.endswith(suffixes)), None)
    if found is None:
        raise KetenError(
            f"cannot tell the export format from '{p.name}'",
            hint="end the name in .xes, .xes.gz, .jsonocel or .json, or give --format",
        )
    return found


def export(
    log: Any,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    filters: Any = None,
    on_open: Callable[[Any], None] | None = None,
    progress: Progress = SILENT,
) -> int:
    """Export the events of ``log`` as XES (IEEE 1849) or OCEL 2.0 to ``path``; the event count.

    ``fmt`` is ``xes`` or ``ocel`` (default: from the file name; ``.gz`` is
    gzipped). ``log`` is a ChainLog or anything :func:`ketenmining.open_log`
    opens. The export holds pseudonymised event data: keep it inside the chain.

    >>> import ketenmining as km
    >>> km.export("out/demo/keten.parquet", "keten.xes.gz")  # doctest: +SKIP
    """
    from ketenmining.export import export_log
    from ketenmining.log import as_log

    fmt = export_format(path, fmt)
    opened = as_log(log, filters, progress)
    if on_open is not None:
        on_open(opened)
    step = progress.step(f"export {fmt}", total=None)
    n = export_log(opened.con, path, fmt, Path(opened.path).stem)
    step.done()
    return n
