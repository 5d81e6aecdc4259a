"""The discover stage's entry point: a log in, a :class:`Discovery` (maps, models, variants) out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketenmining.progress import SILENT, Progress


@dataclass
class Discovery:
    """What discover found and may publish (after small-cell suppression with ``k``).

    ``files`` maps each output's name (``activity-map.svg``, ``variants.csv``,
    ``discover.json``, ``model.bpmn``, …) to its bytes; :meth:`write` puts
    them in a folder. The figures are those of the published result.
    """

    result: Any  # the DiscoverResult: published aggregates, files, notes
    log: Any  # the ChainLog it was discovered from

    @property
    def published(self) -> Any:
        """The published (suppressed) aggregates: graphs, variants, levels."""
        return self.result.published

    @property
    def cases(self) -> int:
        """Cases in the log."""
        return int(self.result.published.cases)

    @property
    def routes(self) -> int:
        """Routes (traces) in the log."""
        return int(self.result.published.traces)

    @property
    def events(self) -> int | None:
        """Events in the log (None when withheld by suppression)."""
        return self.result.published.events

    @property
    def variants(self) -> int:
        """Distinct routes (variants)."""
        return int(self.result.published.variant_count)

    @property
    def suppressed_cells(self) -> int:
        """Cells left out of the maps and variant tables (fewer than ``k`` cases)."""
        return int(self.result.published.suppressed_cells)

    @property
    def files(self) -> dict[str, bytes]:
        """Output name → bytes."""
        return self.result.files

    @property
    def model_note(self) -> str | None:
        """Why no model was mined, or how it was (None when nothing to say)."""
        return self.result.model_note

    @property
    def map_failures(self) -> list[tuple[str, str]]:
        """Maps Graphviz could not draw (name, reason): their DOT text is written instead."""
        return self.result.map_failures

    def fit_lines(self, lang: str = "nl") -> list[str]:
        """One line per map whose detail was cut to stay legible on A4, or that is not legible."""
        return self.result.fit_lines(lang)

    def k_problem(self, lang: str = "nl") -> str | None:
        """One line when small-cell suppression hides most of the maps (a finding), else None."""
        return self.result.k_problem(lang)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write every output into ``out_dir`` (all or nothing); the paths written, sorted."""
        from ketenmining.fsutil import atomic_dir

        out = Path(out_dir)
        with atomic_dir(out) as tmp:
            for name, data in sorted(self.files.items()):
                (tmp / name).write_bytes(data)
        return [out / name for name in sorted(self.files)]

    def to_dict(self) -> dict[str, Any]:
        """The figures as plain data."""
        return {
            "cases": self.cases,
            "routes": self.routes,
            "events": self.events,
            "variants": self.variants,
            "k": self.result.published.k,
            "suppressed_cells": self.suppressed_cells,
            "files": sorted(self.files),
        }


def discover(
    log: Any,
    *,
    k: int = 10,
    coverage: float = 1.0,
    activities: float = 0.9,
    paths: float = 0.5,
    fit_a4: bool = True,
    min_edge: int = 1,
    view: str = "both",
    formats: tuple[str, ...] = ("svg", "png", "json"),
    maps: tuple[str, ...] = ("activity", "org", "swimlane", "variants"),
    noise: float = 0.2,
    top: int = 20,
    protocol: str | Path | None = None,
    lang: str = "nl",
    filters: Any = None,
    engine: str = "duckdb",
    on_open: Callable[[Any], None] | None = None,
    progress: Progress = SILENT,
) -> Discovery:
    """Discover how the chain really runs: process maps, models and the most frequent routes.

    ``log`` is a :class:`~ketenmining.stitch.chainlog.ChainLog` (from
    :func:`ketenmining.open_log` or :func:`ketenmining.stitch`) or anything
    ``open_log`` opens (a path). Everything seen in fewer than ``k`` cases is
    left out. ``formats`` adds ``bpmn``/``pnml`` models (inductive miner,
    ``noise``), ``html`` (an interactive map), ``pdf``/``dot``; ``protocol``
    (a protocol YAML) labels the steps, else the one the chain log names.
    ``on_open`` is called with the opened log before the work starts. ``fit_a4``
    cuts the detail of a map (fewer paths, then activities; fewer routes in the
    variants picture) until every label prints at 8 pt or more on A4. ``engine``
    runs the event-level queries on ``duckdb`` (embedded) or ``spark``
    (:mod:`ketenmining.spark`; same figures).

    >>> import ketenmining as km
    >>> d = km.discover("out/demo/keten.parquet", formats=("svg", "json"))
    >>> d.cases, d.routes, d.variants
    (2000, 2067, 201)
    >>> [p.name for p in d.write("kaarten/")][:2]
    ['activity-map-performance.svg', 'activity-map.svg']
    """
    from ketenmining.discover.labels import load_labels
    from ketenmining.discover.run import DiscoverOptions, preload_pm4py, wants_models
    from ketenmining.discover.run import discover as run
    from ketenmining.log import as_log

    opts = DiscoverOptions(
        k=k,
        coverage=coverage,
        activities=activities,
        paths=paths,
        fit_a4=fit_a4,
        min_edge=min_edge,
        view=view,
        formats=tuple(formats),
        maps=tuple(maps),
        noise=noise,
        top=top,
    )
    if wants_models(opts.formats):
        preload_pm4py()
    log = as_log(log, filters, progress)
    if on_open is not None:
        on_open(log)
    labels = load_labels(lang, _protocol_from(log.meta, protocol), _org_names(log.meta))
    if engine == "duckdb":
        return Discovery(run(log.con, labels, opts, progress), log)
    from ketenmining.spark import engine_connection

    con = engine_connection(engine, log)
    try:
        return Discovery(run(con, labels, opts, progress), log)
    finally:
        con.close()


def _protocol_from(meta: dict[str, Any], given: str | Path | None) -> Path | None:
    """The protocol to label steps with: ``given``, else the one named in the log's provenance."""
    if given is not None:
        return Path(given)
    for key in ("protocol_path", "protocol"):
        value = (meta or {}).get(key)
        if isinstance(value, dict):
            value = value.get("path")
        if isinstance(value, str) and Path(value).is_file():
            return Path(value)
    return None


def _org_names(meta: dict[str, Any]) -> dict[str, str]:
    names = (meta or {}).get("organisations")
    return {str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {}
