"""The discover stage: events view → aggregates → suppression → every output, as bytes.

:func:`discover` runs the whole stage on a DuckDB connection holding the
``events`` view and returns the files to write (name → content) plus the
published result; the CLI writes them atomically into the output folder.
No click, no printing, no paths here.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ketenmining.discover.aggregate import Edge, Graph, Node, aggregate, release, steps_view
from ketenmining.discover.labels import Labels
from ketenmining.discover.suppress import Published, suppress
from ketenmining.errors import KetenError
from ketenmining.i18n import local_number
from ketenmining.progress import SILENT, Progress
from ketenmining.texts import tr

FORMATS = ("svg", "png", "pdf", "dot", "json", "html", "bpmn", "pnml")
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
    activities: float = 1.0
    paths: float = 1.0
    merge_lifecycle: bool = True
    #: cut the detail of large maps until every label prints at 8 pt or more on A4
    fit_a4: bool = True

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


@dataclass(frozen=True)
class MapFit:
    """How one map was fitted to A4: the detail drawn and its smallest printed type."""

    activities: float | None
    paths: float | None
    routes: int | None
    printed_pt: float
    reduced: bool

    @property
    def legible(self) -> bool:
        """True when every label prints at 8 pt or more on A4."""
        from ketenmining.discover.legible import LEGIBLE_PT

        return self.printed_pt >= LEGIBLE_PT - 1e-6


@dataclass
class DiscoverResult:
    """The published discovery and the files to write (name → bytes)."""

    published: Published
    files: dict[str, bytes] = field(default_factory=dict)
    model_note: str | None = None
    #: maps Graphviz could not draw: (name, reason); their DOT text is written instead
    map_failures: list[tuple[str, str]] = field(default_factory=list)
    #: (cases of the log, share of the activity map hidden by k): a run that hides most is a finding
    hidden: tuple[int, float] = (0, 0.0)
    #: per map drawn: the detail drawn and its smallest type at A4
    fits: dict[str, MapFit] = field(default_factory=dict)

    def fit_lines(self, lang: str = "nl") -> list[str]:
        """One line per map whose detail was cut to stay legible on A4, or that is not legible."""
        out = []
        for name, f in self.fits.items():
            pt = local_number(f"{f.printed_pt:.1f}", lang)
            if f.reduced and f.routes is not None:
                out.append(tr("discover.fit.routes", lang, name=name, routes=f.routes, pt=pt))
            elif f.reduced:
                out.append(
                    tr(
                        "discover.fit.cut",
                        lang,
                        name=name,
                        activities=f"{f.activities:g}",
                        paths=f"{f.paths:g}",
                        pt=pt,
                    )
                )
            if not f.legible:
                out.append(tr("discover.fit.illegible", lang, name=name, pt=pt))
        return out

    def k_problem(self, lang: str = "nl") -> str | None:
        """One line when small-cell suppression empties or hides most of the maps, else None."""
        pub = self.published
        cases, share = self.hidden
        if pub.k <= 1 or share <= HIDDEN_LIMIT:
            return None
        if share >= 1:
            return tr("discover.k.all_hidden", lang, k=pub.k, cases=cases)
        return tr("discover.k.paths_hidden", lang, k=pub.k, pct=round(100 * share))


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


def _map_builders(
    pub: Published, labels: Labels, opts: DiscoverOptions, durations: dict[str, float]
) -> dict[str, tuple[list[Any], Callable[[Any, bool], str], tuple[str, ...]]]:
    """Per map: its detail ladder, the DOT builder ``(step, cut) -> text`` and its flows."""
    from ketenmining.discover import maps
    from ketenmining.discover.legible import detail_ladder, route_ladder
    from ketenmining.discover.variants import PICTURE_ROUTES, variants_picture

    fit = opts.fit_a4
    ladder: list[Any] = detail_ladder(opts.activities, opts.paths) if fit else []
    ladder = ladder or [(opts.activities, opts.paths)]
    out: dict[str, tuple[list[Any], Callable[[Any, bool], str], tuple[str, ...]]] = {}
    if "activity" in opts.maps:
        for view, name in (
            ("frequency", "activity-map"),
            ("performance", "activity-map-performance"),
        ):
            if opts.view in (view, "both"):

                def activity(step: Any, cut: bool, view: str = view) -> str:
                    a, p = step
                    return maps.activity_map(
                        pub, labels, view, opts.min_edge, a, p, durations, fitted=cut
                    )

                out[name] = (ladder, activity, ("TB",))
    if "org" in opts.maps:

        def org(step: Any, cut: bool) -> str:
            return maps.org_map(pub, labels, opts.min_edge, *step, fitted=cut)

        out["org-map"] = (ladder, org, ("LR", "TB"))
    if "swimlane" in opts.maps:

        def swim(step: Any, cut: bool) -> str:
            return maps.swimlane_map(pub, labels, opts.min_edge, *step, fitted=cut)

        out["swimlane-map"] = (ladder, swim, ("LR", "TB"))
    if "variants" in opts.maps:
        routes = route_ladder(PICTURE_ROUTES) if fit else [PICTURE_ROUTES]

        def variants(step: Any, cut: bool) -> str:
            return variants_picture(pub, labels, step, fitted=cut)

        out["variants"] = (routes, variants, ("TB",))
    return out


def _fit_maps(
    pub: Published, labels: Labels, opts: DiscoverOptions, durations: dict[str, float]
) -> tuple[dict[str, str], dict[str, MapFit]]:
    """Every map drawn with the most detail that stays legible at A4 (``opts.fit_a4``; else
    with the detail asked), on the A4 page and in the flow direction where it is largest."""
    from concurrent.futures import ThreadPoolExecutor

    from ketenmining.discover.legible import fit_legible
    from ketenmining.graphviz import dot_program

    builders = _map_builders(pub, labels, opts, durations)
    if not builders:
        return {}, {}
    dot_program()  # a missing Graphviz is reported once, before any work

    def fit(name: str) -> tuple[str, MapFit]:
        ladder, build, flows = builders[name]
        found = fit_legible(lambda i: build(ladder[i], i > 0), len(ladder), flows)
        step = ladder[found.step]
        detail = (None, None, step) if name == "variants" else (*step, None)
        return found.text, MapFit(*detail, printed_pt=found.printed_pt, reduced=found.reduced)

    names = list(builders)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(fit, names))
    texts = {n: r[0] for n, r in zip(names, results, strict=True)}
    fits = {n: r[1] for n, r in zip(names, results, strict=True)}
    return texts, fits


def _model_files(
    pub: Published, labels: Labels, opts: DiscoverOptions, progress: Progress
) -> tuple[dict[str, bytes], str | None]:
    from ketenmining.discover import models
    from ketenmining.discover.bpmn import bpmn_xml

    if not wants_models(opts.formats):
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
        name = tr("discover.bpmn_name", labels.lang)
        files["model.bpmn"] = bpmn_xml(found, labels.activity, name).encode("utf-8")
    return files, note


#: Lifecycle values folded into the ``complete`` event of the same activity instance.
FOLDED_LIFECYCLES = ("start", "schedule", "assign", "reassign", "resume", "suspend")


@contextlib.contextmanager
def _one_node_per_activity(con: Any, merge: bool, k: int) -> Iterator[dict[str, float]]:
    """While inside: the ``events`` view holds one event per activity instance.

    A log with ``start`` (or ``schedule``…) and ``complete`` events of an
    activity would draw each activity as a self-loop; instead only the
    ``complete`` events of activities that have them are kept, and the median
    time from a ``start`` to the next ``complete`` of the same activity in the
    same case is yielded per activity (only for activities with at least ``k``
    such cases). Activities without ``complete`` events keep all their events.
    Without such lifecycles (or ``merge`` off) nothing changes.
    """
    folded = ", ".join(f"'{x}'" for x in FOLDED_LIFECYCLES)
    present = con.execute(
        f"SELECT count(*) FILTER (WHERE lifecycle IN ({folded})), "
        "count(*) FILTER (WHERE lifecycle = 'complete') FROM events"
    ).fetchall()[0]
    if not merge or not present[0] or not present[1]:
        yield {}
        return
    from ketenmining.engine.sql import CASE_ORDER

    rows = con.execute(
        "WITH e AS (SELECT case_id, episode, activity, lifecycle, timestamp, "
        "lag(lifecycle) OVER w AS prev_lc, lag(timestamp) OVER w AS prev_ts FROM events "
        f"WINDOW w AS (PARTITION BY case_id, episode, activity ORDER BY {CASE_ORDER})) "
        "SELECT activity, median(epoch(timestamp) - epoch(prev_ts)), count(DISTINCT case_id) "
        "FROM e WHERE lifecycle = 'complete' AND prev_lc = 'start' GROUP BY activity"
    ).fetchall()
    durations = {str(a): float(d) for a, d, n in rows if d is not None and int(n) >= k}
    kind = "view"  # Spark keeps every table as a temp view
    if getattr(con, "dialect", "duckdb") == "duckdb":
        kind = con.execute(
            "SELECT 'view' FROM duckdb_views() WHERE view_name = 'events' AND NOT internal "
            "UNION ALL SELECT 'table' FROM duckdb_tables() WHERE table_name = 'events'"
        ).fetchall()[0][0]
    what = "VIEW" if kind == "view" else "TABLE"
    con.execute(f"ALTER {what} events RENAME TO __disc_events_full")
    try:
        con.execute(
            "CREATE TEMP VIEW events AS SELECT * FROM __disc_events_full "
            "WHERE lifecycle = 'complete' OR activity NOT IN "
            "(SELECT DISTINCT activity FROM __disc_events_full WHERE lifecycle = 'complete')"
        )
        yield durations
    finally:
        con.execute("DROP VIEW IF EXISTS events")
        con.execute(f"ALTER {what} __disc_events_full RENAME TO events")


def discover(
    con: Any, labels: Labels, opts: DiscoverOptions, progress: Progress = SILENT
) -> DiscoverResult:
    """Run discovery on the ``events`` view of ``con`` and build every requested output."""
    from ketenmining.discover.variants import TABLES
    from ketenmining.graphviz import render_many

    opts.check()
    with _one_node_per_activity(con, opts.merge_lifecycle, opts.k) as durations:
        disc = aggregate(con, coverage=opts.coverage, progress=progress)
        try:
            pub = suppress(
                con,
                disc,
                k=opts.k,
                top=opts.top,
                steps=steps_view(disc),
                models=wants_models(opts.formats),
            )
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
    if "html" in opts.formats and "activity" in opts.maps:
        from ketenmining.discover.interactive import interactive_map

        files["activity-map.html"] = interactive_map(
            pub, labels, durations, opts.activities, opts.paths, opts.min_edge
        ).encode("utf-8")
    image_formats = [f for f in opts.formats if f in IMAGE_FORMATS]
    # the models are mined while Graphviz draws the maps (dot runs outside the interpreter)
    with ThreadPoolExecutor(max_workers=1) as pool:
        models = pool.submit(_model_files, pub, labels, opts, progress)
        sources: dict[str, str] = {}
        if image_formats:
            sources, result.fits = _fit_maps(pub, labels, opts, durations)
        handle = progress.step("drawing maps", len(sources))
        jobs = [(name, text, image_formats) for name, text in sources.items()]
        hint = "try --format dot to get the DOT text, or --min-edge to draw fewer edges"
        failed: list[tuple[str, KetenError]] = []
        for name, drawn in render_many(jobs, hint, on_done=handle.advance, failures=failed):
            for fmt, data in drawn.items():
                files[f"{name}.{fmt}"] = data
        for name, exc in failed:  # the other outputs still come; the DOT text shows what failed
            files[f"{name}.dot"] = sources[name].encode("utf-8")
            result.map_failures.append((name, exc.message))
        handle.done()
        model_files, result.model_note = models.result()
    files.update(model_files)
    return result


def wants_models(formats: tuple[str, ...]) -> bool:
    """True when ``formats`` ask for a model (so pm4py will be needed)."""
    return bool({"bpmn", "pnml"} & set(formats))


def preload_pm4py() -> threading.Thread:
    """Start importing pm4py in the background (its import takes seconds; the data work
    meanwhile runs in DuckDB, which releases the interpreter). A later ``import pm4py``
    waits for this one to finish."""

    def load() -> None:
        with contextlib.suppress(Exception):  # a real import error surfaces where pm4py is used
            import pm4py  # noqa: F401

    thread = threading.Thread(target=load, name="import-pm4py", daemon=True)
    thread.start()
    return thread
