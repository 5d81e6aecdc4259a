"""The discover stage: events view → aggregates → suppression → every output, as bytes.

:func:`discover` runs the whole stage on a DuckDB connection holding the
``events`` view and returns the files to write (name → content) plus the
published result; the CLI writes them atomically into the output folder.
No click, no printing, no paths here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ketenmining.discover.aggregate import Edge, Graph, Node, aggregate, release, steps_view
from ketenmining.discover.labels import Labels
from ketenmining.discover.suppress import Published, suppress
from ketenmining.errors import KetenError
from ketenmining.progress import SILENT, Progress

FORMATS = ("svg", "png", "pdf", "dot", "json", "bpmn", "pnml")
IMAGE_FORMATS = ("svg", "png", "pdf", "dot")
MAP_KINDS = ("activity", "org", "swimlane", "variants")
VIEWS = ("frequency", "performance", "both")
#: Mine models from variants when the published variants cover at least this share of routes.
MIN_VARIANT_COVER = 0.5


@dataclass(frozen=True)
class DiscoverOptions:
    """What to discover and write."""

    k: int = 10
    coverage: float = 1.0
    min_edge: int = 1
    view: str = "both"
    formats: tuple[str, ...] = ("svg", "png", "json", "bpmn", "pnml")
    maps: tuple[str, ...] = MAP_KINDS
    noise: float = 0.2
    top: int = 20

    def check(self) -> None:
        """Raise a KetenError for an unknown format, map kind or view."""
        for what, given, allowed in (
            ("format", self.formats, FORMATS),
            ("map", self.maps, MAP_KINDS),
            ("view", (self.view,), VIEWS),
        ):
            bad = [x for x in given if x not in allowed]
            if bad:
                raise KetenError(
                    f"unknown {what} '{bad[0]}'", hint=f"choose from {', '.join(allowed)}"
                )
        if self.top < 1:
            raise KetenError("--top must be at least 1", hint="e.g. --top 20")


@dataclass
class DiscoverResult:
    """The published discovery and the files to write (name → bytes)."""

    published: Published
    files: dict[str, bytes] = field(default_factory=dict)
    model_note: str | None = None
    #: (cases of the log, share of the activity map hidden by k): a run that hides most is a finding
    hidden: tuple[int, float] = (0, 0.0)

    def k_problem(self, lang: str = "nl") -> str | None:
        """One line when small-cell suppression empties or hides most of the maps, else None."""
        pub = self.published
        cases, share = self.hidden
        if pub.k <= 1 or share <= HIDDEN_LIMIT:
            return None
        if share >= 1:
            if lang == "nl":
                return (
                    f"k = {pub.k} verbergt alle {cases} zaken van dit log; "
                    "voor gegevens die niet over mensen gaan: --k 1"
                )
            return (
                f"k = {pub.k} hides all {cases} cases of this log; "
                "for data that is not about people use --k 1"
            )
        pct = round(100 * share)
        if lang == "nl":
            return (
                f"k = {pub.k} verbergt {pct}% van de paden op de activiteitenkaart "
                f"(minder dan {pub.k} zaken); voor gegevens die niet over mensen gaan: --k 1"
            )
        return (
            f"k = {pub.k} hides {pct}% of the paths on the activity map (fewer than {pub.k} "
            "cases each); for data that is not about people use --k 1"
        )


#: A run whose maps lose more than this share of their paths to suppression says so and exits 1.
HIDDEN_LIMIT = 0.5


def hidden_share(before: Graph, after: Graph) -> float:
    """Share of the activity map (edge case counts; nodes when there are no edges) k removed."""
    if before.edges:
        total = sum(e.cases for e in before.edges.values())
        kept = sum(e.cases for e in after.edges.values())
    else:
        total = sum(n.cases for n in before.nodes.values())
        kept = sum(n.cases for n in after.nodes.values())
    if total == 0:
        return 0.0
    return 1.0 if not after.nodes else 1 - kept / total


def _node_record(n: Node) -> dict[str, Any]:
    return {
        "key": list(n.key),
        "cases": n.cases,
        "events": n.events,
        "start_cases": n.start_cases,
        "end_cases": n.end_cases,
    }


def _edge_record(e: Edge, level: str) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "source": list(e.source),
        "target": list(e.target),
        "cases": e.cases,
        "events": e.events,
        "median_seconds": e.median_s,
        "mean_seconds": e.mean_s,
        "p90_seconds": e.p90_s,
    }
    if level == "org" and e.source != e.target:
        rec["return_cases"] = e.return_cases  # None: fewer than k clients came back (withheld)
    return rec


def _graph_record(g: Graph, labels: Labels) -> dict[str, Any]:
    nodes = []
    for n in g.nodes.values():
        rec = _node_record(n)
        if g.level in ("activity", "swimlane"):
            rec["label"] = labels.activity(n.key[-1])
        if g.level in ("org", "swimlane"):
            rec["org_name"] = labels.org(n.key[0])
        nodes.append(rec)
    return {"nodes": nodes, "edges": [_edge_record(e, g.level) for e in g.edges.values()]}


def published_record(pub: Published, labels: Labels) -> dict[str, Any]:
    """Everything published, as one JSON-ready dict (nothing below k is in it)."""
    from ketenmining.discover.variants import variant_rows

    return {
        "k": pub.k,
        "suppression": "off" if pub.k == 1 else "small cells (fewer than k cases) removed",
        "cases": pub.cases,
        "traces": pub.traces,
        "events": pub.events,
        "total_cases": pub.total_cases,
        "total_traces": pub.total_traces,
        "coverage": pub.coverage,
        "kept_variants": pub.kept_variants,
        "variant_count": pub.variant_count,
        "suppressed": {
            level: {
                "nodes": r.nodes,
                "edges": r.edges,
                "starts": r.starts,
                "ends": r.ends,
                "node_events_withheld": r.node_events_withheld,
                "returns_withheld": r.returns_withheld,
            }
            for level, r in pub.levels.items()
        }
        | {"variants": pub.other.suppressed, "cells": pub.suppressed_cells},
        "maps": {level: _graph_record(g, labels) for level, g in pub.graphs.items()},
        "variants": variant_rows(pub, labels),
        "lang": labels.lang,
    }


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _map_sources(pub: Published, labels: Labels, opts: DiscoverOptions) -> dict[str, str]:
    from ketenmining.discover import maps
    from ketenmining.discover.variants import variants_picture

    sources: dict[str, str] = {}
    if "activity" in opts.maps:
        if opts.view in ("frequency", "both"):
            sources["activity-map"] = maps.activity_map(pub, labels, "frequency", opts.min_edge)
        if opts.view in ("performance", "both"):
            sources["activity-map-performance"] = maps.activity_map(
                pub, labels, "performance", opts.min_edge
            )
    builders: dict[str, Callable[[], str]] = {
        "org": lambda: maps.org_map(pub, labels, opts.min_edge),
        "swimlane": lambda: maps.swimlane_map(pub, labels, opts.min_edge),
        "variants": lambda: variants_picture(pub, labels),
    }
    for kind, build in builders.items():
        if kind in opts.maps:
            sources[f"{kind}-map" if kind != "variants" else "variants"] = build()
    return sources


def _model_files(
    pub: Published, labels: Labels, opts: DiscoverOptions, progress: Progress
) -> tuple[dict[str, bytes], str | None]:
    from ketenmining.discover import models
    from ketenmining.discover.bpmn import bpmn_xml

    if not ({"bpmn", "pnml"} & set(opts.formats)):
        return {}, None
    handle = progress.step("inductive miner", 1)
    covered = sum(v.traces for v in pub.model_variants)
    note = None
    if covered >= MIN_VARIANT_COVER * pub.traces:
        found = models.discover_models(pub.model_variants, opts.noise)
    else:
        found = models.discover_models_from_graph(pub.graphs["activity"], opts.noise)
        note = (
            f"the routes shared by at least k cases cover {covered} of {pub.traces} routes: "
            "the model was mined from the published activity map instead (inductive miner, IMd)"
        )
    handle.done()
    if found is None:
        return {}, "nothing is shared by at least k cases: no model was made"
    files = {"process-tree.txt": models.tree_text(found.tree, labels.activity).encode("utf-8")}
    if "pnml" in opts.formats:
        files["model.pnml"] = models.pnml_text(found).encode("utf-8")
    if "bpmn" in opts.formats:
        name = "Ontdekt proces" if labels.lang == "nl" else "Discovered process"
        files["model.bpmn"] = bpmn_xml(found, labels.activity, name).encode("utf-8")
    return files, note


def discover(
    con: Any, labels: Labels, opts: DiscoverOptions, progress: Progress = SILENT
) -> DiscoverResult:
    """Run discovery on the ``events`` view of ``con`` and build every requested output."""
    from ketenmining.discover.variants import TABLES
    from ketenmining.graphviz import render_many

    opts.check()
    disc = aggregate(con, coverage=opts.coverage, progress=progress)
    try:
        pub = suppress(con, disc, k=opts.k, top=opts.top, steps=steps_view(disc))
    finally:
        release(con)
    result = DiscoverResult(
        pub,
        hidden=(disc.total_cases, hidden_share(disc.graphs["activity"], pub.graphs["activity"])),
    )
    files = result.files
    for ext, table in TABLES.items():
        files[f"variants.{ext}"] = table(pub, labels).encode("utf-8")
    if "json" in opts.formats:
        record = published_record(pub, labels)
        files["discover.json"] = _json(record)
        files["variants.json"] = _json(
            {"k": pub.k, "total_traces": pub.total_traces, "variants": record["variants"]}
        )
    image_formats = [f for f in opts.formats if f in IMAGE_FORMATS]
    sources = _map_sources(pub, labels, opts) if image_formats else {}
    handle = progress.step("drawing maps", len(sources) * len(image_formats))
    jobs = [(f"{name}.{fmt}", text, fmt) for name, text in sources.items() for fmt in image_formats]
    hint = "try --format dot to get the DOT text, or --min-edge to draw fewer edges"
    for name, data in render_many(jobs, hint, on_done=handle.advance):
        files[name] = data
    handle.done()
    model_files, result.model_note = _model_files(pub, labels, opts, progress)
    files.update(model_files)
    return result
