"""The stitch stage's entry point: a chain config (and the key) in, a :class:`ChainLog` out."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ketenmining.progress import SILENT, Progress
from ketenmining.stitch.chainlog import ChainLog


def stitch(
    config: Any,
    key: bytes | None = None,
    *,
    ttp_key: bytes | None = None,
    episode_gap: Any = None,
    progress: Progress = SILENT,
) -> ChainLog:
    """Link the sources of a chain into one chain log, with its data-quality record.

    ``config`` is a chain config file (``keten.yaml``) or a loaded
    ``ChainConfig``. ``key`` is the chain key (bytes, e.g. from
    ``ketenmining.privacy.pseudonym.read_key``) for sources that are still raw
    exports; ``ttp_key`` adds the trusted third party's second keyed step.
    ``episode_gap`` (a Duration or text such as ``"12 months"``) overrides the
    config's episodes. The data-quality record is computed here
    (``log.quality``); ``log.stitched`` holds the table, rejects and metadata
    that ``ketenmining stitch`` writes.

    >>> import ketenmining as km
    >>> from ketenmining.privacy.pseudonym import read_key
    >>> key = read_key("examples/midden-brabant/demo.key", allow_shared=True)  # a public demo key
    >>> log = km.stitch("examples/midden-brabant/keten.yaml", key)
    >>> log.events, log.quality["linkage"]["clients"]
    (18186, 2000)
    """
    from ketenmining.stitch.build import stitch as build

    path = ""
    if isinstance(config, (str, os.PathLike)):
        from ketenmining.config.load import load_config

        path = str(config)
        config = load_config(config)
    result = build(config, key, ttp_key=ttp_key, episode_gap=_gap(episode_gap), progress=progress)
    log = ChainLog.of_stitch(result, config, path or str(getattr(config, "file", "")))
    step = progress.step("Datakwaliteit / data quality", total=1)
    _ = log.quality
    step.done()
    return log


def _gap(value: Any) -> Any:
    """``episode_gap`` as a Duration: text is parsed (a bad one is a KetenError with an example)."""
    if not isinstance(value, str):
        return value
    from ketenmining.errors import KetenError
    from ketenmining.timeunits import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise KetenError(str(exc), hint="e.g. --episode-gap '12 months'") from None


@dataclass
class PseudonymisedExport:
    """One organisation's export with its ids replaced by pseudonyms (``ketenmining pseudonymise``).

    ``data`` holds the mapped table (allow-listed columns only), the rejected
    rows (by row number and reason, never by id) and the counts; ``meta`` is
    what the Parquet file records about it (tool, source, hashes, key id).
    """

    source: Any
    data: Any
    meta: dict[str, Any]
    key_id: str

    def reject_reasons(self, lang: str = "nl") -> list[tuple[int, str]]:
        """``(rows, reason)`` per reason rows were set aside, in ``lang``."""
        from ketenmining.privacy.apply import reason_text

        return [(n, reason_text(r, lang)) for r, n in self.data.reject_counts.items()]


def pseudonymise(
    source: Any, key: bytes, *, config: Any, progress: Progress = SILENT
) -> PseudonymisedExport:
    """Replace the client ids of one source (a ``SourceConfig`` of ``config``) by keyed pseudonyms.

    Run inside the organisation that owns the export: the raw ids never leave it.

    >>> from ketenmining.config.load import load_config
    >>> from ketenmining.privacy.pseudonym import read_key
    >>> config = load_config("examples/midden-brabant/keten.yaml")
    >>> key = read_key("examples/midden-brabant/demo.key", allow_shared=True)  # a public demo key
    >>> export = pseudonymise(config.pick_source("VT"), key, config=config)
    >>> export.data.table.num_rows, export.meta["source"]
    (9901, 'veilig-thuis')
    """
    from ketenmining.idmask import mask_name
    from ketenmining.privacy.pseudonym import key_id
    from ketenmining.stitch.sources import pseudonymise_source
    from ketenmining.version import __version__

    load = pseudonymise_source(source, key, progress)
    data = load.data
    meta = {
        "kind": "pseudonymised",
        "tool_version": __version__,
        "source": source.id,
        "org": source.org,
        "source_file": mask_name(source.path.name),
        "source_sha256": load.file_sha256,
        "config_sha256": config.sha256,
        "key_id": key_id(key),
        "rows_read": data.rows_read,
        "reject_counts": data.reject_counts,
        "stats": data.stats,
    }
    return PseudonymisedExport(source, data, meta, key_id(key))
