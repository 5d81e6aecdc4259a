"""The stitch stage's entry point: a chain config (and the key) in, a :class:`ChainLog` out."""

from __future__ import annotations

import os
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
    >>> key = read_key("examples/midden-brabant/demo.key")  # doctest: +SKIP
    >>> log = km.stitch("examples/midden-brabant/keten.yaml", key)  # doctest: +SKIP
    >>> log.events, log.quality["linkage"]["clients"]  # doctest: +SKIP
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
