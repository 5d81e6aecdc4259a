"""The conform stage's entry point: a log and a route (protocol or model) in, deviations out."""

from __future__ import annotations

import os
from typing import Any

from ketenmining.progress import SILENT, Progress


def conform(
    log: Any,
    protocol: Any = None,
    *,
    model: Any = None,
    data_end: str | None = None,
    workers: int | None = None,
    filters: Any = None,
    progress: Progress = SILENT,
) -> Any:
    """Check every case against a route by optimal alignments, once per variant.

    With ``protocol`` (a chain protocol YAML or a loaded ``Protocol``) every
    case is checked against the protocol's route, every rule and the seams,
    within the chain config's period; the result is a
    :class:`~ketenmining.conform.result.ConformResult` (tables per case, per
    rule and per seam, and the fitness). With ``model`` (a ``.pnml`` or
    ``.bpmn`` file, or a loaded ``RouteNet``) the result is a
    :class:`~ketenmining.conform.route.RouteConformance` (fitness per case as
    pm4py computes it, the deviations in plain words). ``data_end``
    (``YYYY-MM-DD``) says when the data ends: deadlines after it are pending.
    ``log`` is a ChainLog or anything :func:`ketenmining.open_log` opens.

    >>> import ketenmining as km
    >>> result = km.conform("out/demo/keten.parquet",
    ...                     "configs/protocols/meldcode-keten.yaml")  # doctest: +SKIP
    >>> result.fitness["overall"], result.to_dict()["rules"][0]  # doctest: +SKIP
    >>> route = km.conform("receipt.xes", model="receipt.pnml")  # doctest: +SKIP
    >>> route.summary.log_fitness  # doctest: +SKIP
    """
    from ketenmining.errors import KetenError
    from ketenmining.log import as_log

    if model is None and protocol is None:
        raise KetenError(
            "no route to check against",
            hint="give the chain protocol with --protocol protocol.yaml, or a model with --model route.pnml",
        )
    if model is not None and protocol is not None:
        raise KetenError(
            "give either --protocol or --model, not both",
            hint="--protocol checks route, rules and seams",
        )
    if protocol is not None:
        return _conform_protocol(log, protocol, data_end, workers, filters, progress)
    from ketenmining.conform.models import load_model
    from ketenmining.conform.route import conform_route

    route = load_model(model) if isinstance(model, (str, os.PathLike)) else model
    opened = as_log(log, filters, progress)
    result = conform_route(opened.con, route, workers=workers, progress=progress)
    result.log, result.route = opened, route
    return result


def _conform_protocol(
    log: Any, protocol: Any, data_end: str | None, workers: Any, filters: Any, progress: Progress
) -> Any:
    """Route, rules and seams against the chain protocol, within the configured period."""
    from ketenmining.conform.chain import conform_protocol
    from ketenmining.log import as_log, parse_data_end

    protocol = load_protocol_if_path(protocol)
    end = parse_data_end(data_end, protocol.calendar.timezone)
    opened = as_log(log, filters, progress).within_period()
    result = conform_protocol(
        opened.con,
        protocol,
        opened.data_end(end),
        workers=workers,
        progress=progress,
        unexported=opened.unexported_steps(protocol),
    )
    result.log, result.protocol = opened, protocol
    return result


def load_protocol_if_path(protocol: Any) -> Any:
    """A protocol file is loaded (and checked); a loaded Protocol is returned as it is."""
    if isinstance(protocol, (str, os.PathLike)):
        from pathlib import Path

        from ketenmining.protocol import load_protocol

        return load_protocol(Path(protocol))
    return protocol
