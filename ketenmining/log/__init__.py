"""The one way to open a log: a chain log, a chain config or one event-log file.

:func:`open_log` takes whatever the user pointed at (a ``.parquet`` chain log
written by ``stitch``, a ``keten.yaml`` that is stitched on the fly, or one
event-log file in quick mode) and returns a
:class:`~ketenmining.stitch.chainlog.ChainLog`: the events as the ``events``
view in a DuckDB connection, with what is known about them (provenance
metadata, the data-quality record, the input files and their hashes, the
configured period). Every command and every stage opens its log here. Light
to import: DuckDB, pyarrow and pandas load inside the functions.
"""

from __future__ import annotations

from ketenmining.log.open import as_log, open_log, refuse_bsn_case_ids
from ketenmining.stitch.chainlog import ChainLog
from ketenmining.stitch.period import parse_data_end

__all__ = ["ChainLog", "as_log", "open_log", "parse_data_end", "refuse_bsn_case_ids"]
