"""Discovery aggregates computed by DuckDB: directly-follows graphs, variants, handovers.

Everything event-level happens in SQL (:mod:`ketenmining.discover.sql`);
this module only runs those queries and puts the
small results into dataclasses. Three graphs come out of one pass over the
``events`` view:

* ``activity`` — nodes are activities, edges directly-follows relations;
* ``org`` — nodes are organisations, edges handovers (self-loops: work inside);
* ``swimlane`` — nodes are (organisation, activity) pairs.

A *trace* is one route of one client (``case_id``, ``episode``); "cases" are
distinct clients, the unit small-cell suppression protects. Cost grows
linearly with the number of events: one window sort orders the events of
each route; counts are then made per route variant (weighted by its number
of traces) and only waiting times are aggregated over all events.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ketenmining.discover import sql as Q
from ketenmining.errors import KetenError
from ketenmining.progress import SILENT, Progress

Key = tuple[str, ...]
#: The id columns of each level in ``__disc_steps`` and of the next event.
LEVELS: dict[str, tuple[str, ...]] = {
    "activity": ("aid",),
    "org": ("oid",),
    "swimlane": ("oid", "aid"),
}
NEXT = {"aid": "nxa", "oid": "nxo"}


@dataclass(frozen=True)
class Node:
    """A node of a graph: an activity, an organisation or an (org, activity) pair."""

    key: Key
    cases: int
    events: int | None
    start_cases: int = 0
    start_traces: int = 0
    end_cases: int = 0
    end_traces: int = 0


@dataclass(frozen=True)
class Edge:
    """A directly-follows relation with frequency and waiting time (seconds)."""

    source: Key
    target: Key
    cases: int
    events: int | None
    median_s: float | None = None
    mean_s: float | None = None
    p90_s: float | None = None
    return_cases: int | None = None

    @property
    def pair(self) -> tuple[Key, Key]:
        """``(source, target)``."""
        return (self.source, self.target)


@dataclass
class Graph:
    """Nodes and edges at one level (``activity``, ``org`` or ``swimlane``)."""

    level: str
    nodes: dict[Key, Node] = field(default_factory=dict)
    edges: dict[tuple[Key, Key], Edge] = field(default_factory=dict)


@dataclass(frozen=True)
class Variant:
    """A route: the activities of a trace in order, with its traces and distinct clients."""

    activities: tuple[str, ...]
    traces: int
    cases: int
    key: str = field(default="", compare=False, repr=False)


@dataclass
class Discovery:
    """Everything ``discover`` draws, before suppression."""

    cases: int
    traces: int
    events: int
    total_cases: int
    total_traces: int
    total_events: int
    graphs: dict[str, Graph]
    variants: list[Variant]
    kept_variants: int
    coverage: float
    activity_orgs: dict[str, dict[str, int]] = field(default_factory=dict)
    names: Names | None = None


def _rows(con: Any, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return con.execute(query, params or []).fetchall()


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


@dataclass
class Names:
    """Integer ids of the engine back to activity and organisation names."""

    activities: dict[int, str]
    orgs: dict[int, str]

    def key(self, columns: tuple[str, ...], ids: tuple[Any, ...]) -> Key:
        """The names of a node key given as ids of ``columns`` (``aid``/``oid``)."""
        return tuple(
            self.activities[i] if c == "aid" else self.orgs[i]
            for c, i in zip(columns, ids, strict=True)
        )

    def ids(self, columns: tuple[str, ...], key: Key) -> tuple[int, ...]:
        """The ids of a node key (inverse of :meth:`key`)."""
        act = {v: k for k, v in self.activities.items()}
        org = {v: k for k, v in self.orgs.items()}
        return tuple(act[n] if c == "aid" else org[n] for c, n in zip(columns, key, strict=True))


def build_steps(con: Any, progress: Progress = SILENT) -> Names:
    """Build the steps, traces and variant tables of the ``events`` view."""
    handle = progress.step("ordering events per route", 4)
    for stmt in Q.DISC_DICTIONARIES:
        con.execute(stmt)
    (n_acts,) = _rows(con, "SELECT count(*) FROM __disc_act")[0]
    if n_acts >= Q.DISC_PACK:
        raise KetenError(
            f"the log has {n_acts} distinct activities; discovery supports fewer than {Q.DISC_PACK}",
            hint="map source activities onto protocol steps in the chain config",
        )
    (n_lc,) = _rows(con, "SELECT count(*) FROM __disc_lcs")[0]
    (n_src,) = _rows(con, "SELECT count(*) FROM __disc_src")[0]
    con.execute(Q.disc_steps_sql(n_lc, n_src))
    handle.advance()
    (n_orgs,) = _rows(con, "SELECT count(*) FROM __disc_org")[0]
    (n_steps,) = _rows(con, "SELECT count(*) FROM __disc_steps")[0]
    con.execute(Q.disc_traces_sql(int(n_orgs), int(n_steps)))
    handle.advance()
    con.execute(Q.DISC_MULTI)
    con.execute(Q.DISC_SWIM_VARIANTS)
    handle.advance()
    con.execute(Q.DISC_VARIANTS)
    handle.done()
    return Names(
        dict(_rows(con, "SELECT aid, activity FROM __disc_act")),
        dict(_rows(con, "SELECT oid, org FROM __disc_org")),
    )


def _variants(con: Any, names: Names) -> list[Variant]:
    rows = _rows(con, "SELECT vid, v, traces, cases FROM __disc_var ORDER BY vid")
    return [
        Variant(tuple(names.activities[a] for a in v), int(t), int(c), str(vid))
        for vid, v, t, c in rows
    ]


def _keep(con: Any, variants: list[Variant], coverage: float) -> int:
    """Register the kept variants (the most frequent covering ``coverage`` of traces)."""
    if coverage >= 1:
        con.execute(Q.DISC_KEPT_VARIANTS.format(keep=""))
        return len(variants)
    total = sum(v.traces for v in variants)
    kept: list[int] = []
    running = 0
    for v in variants:
        if kept and running >= coverage * total:
            break
        kept.append(int(v.key))
        running += v.traces
    con.execute(
        "CREATE OR REPLACE TEMP TABLE __disc_keep AS SELECT unnest(?::INTEGER[]) AS vid", [kept]
    )
    con.execute(Q.DISC_KEPT_VARIANTS.format(keep="SEMI JOIN __disc_keep k ON d.vid = k.vid"))
    con.execute(Q.DISC_KEEP_STEPS)
    return len(kept)


def _add(
    base: dict[Key, list[int]],
    extra: list[tuple[Any, ...]],
    names: Names,
    cols: tuple[str, ...],
    parts: int,
    fields: list[int],
) -> None:
    """Add client counts of multi-trace clients (``extra`` rows) to ``fields`` of ``base``.

    Each row holds ``parts`` keys of ``len(cols)`` ids (1 for a node, 2 for an edge), then counts.
    """
    c = len(cols)
    for row in extra:
        key: Key = ()
        for i in range(parts):
            key += names.key(cols, row[i * c : (i + 1) * c])
        for offset, index in enumerate(fields):
            base[key][index] += int(row[parts * c + offset])


def _graph(con: Any, level: str, steps: str, names: Names, multi: bool) -> Graph:
    cols = LEVELS[level]
    n = len(cols)
    key_sql = ", ".join(cols)
    next_sql = ", ".join(NEXT[c] for c in cols)
    graph = Graph(level)
    # node fields: cases, events, start_cases, start_traces, end_cases, end_traces
    nodes: dict[Key, list[int]] = {}
    for row in _rows(con, Q.DISC_NODES.format(keys=key_sql)):
        events, cases, st_tr, st_c, en_tr, en_c = (int(x or 0) for x in row[n:])
        nodes[names.key(cols, row[:n])] = [cases, events, st_c, st_tr, en_c, en_tr]
    if multi:
        _add(
            nodes,
            _rows(con, Q.DISC_NODES_MULTI.format(keys=key_sql, steps=steps)),
            names,
            cols,
            1,
            [0, 2, 4],
        )
    for key, f in nodes.items():
        graph.nodes[key] = Node(key, *f)
    fmt = {"keys": key_sql, "next_keys": next_sql, "steps": steps}
    edges: dict[Key, list[int]] = {}
    for row in _rows(con, Q.DISC_EDGES.format(**fmt)):
        edges[names.key(cols, row[:n]) + names.key(cols, row[n : 2 * n])] = [
            int(row[2 * n + 1]),
            int(row[2 * n]),
        ]
    if multi:
        _add(edges, _rows(con, Q.DISC_EDGES_MULTI.format(**fmt)), names, cols, 2, [0])
    for row in _rows(con, Q.DISC_WAITS.format(**fmt)):
        src, dst = names.key(cols, row[:n]), names.key(cols, row[n : 2 * n])
        q, mean = row[2 * n :]
        med, p90 = (q or [None, None])[:2]
        cases, events = edges[src + dst]
        graph.edges[(src, dst)] = Edge(src, dst, cases, events, _num(med), _num(mean), _num(p90))
    if level == "org":
        back: dict[tuple[int, int], int] = {}
        for oid, nxo, count in _rows(con, Q.DISC_ORG_RETURNS):
            back[(oid, nxo)] = int(count)
        if multi:
            for oid, nxo, count in _rows(con, Q.DISC_ORG_RETURNS_MULTI.format(steps=steps)):
                back[(oid, nxo)] = back.get((oid, nxo), 0) + int(count)
        for (oid, nxo), count in back.items():
            pair = ((names.orgs[oid],), (names.orgs[nxo],))
            graph.edges[pair] = replace(graph.edges[pair], return_cases=count)
    # in key order, not in the order the query's rows came (which varies with its threads)
    graph.nodes = dict(sorted(graph.nodes.items()))
    graph.edges = dict(sorted(graph.edges.items()))
    return graph


def aggregate(
    con: Any,
    coverage: float = 1.0,
    levels: tuple[str, ...] = ("activity", "org", "swimlane"),
    progress: Progress = SILENT,
) -> Discovery:
    """Compute the discovery aggregates of the ``events`` view in ``con``.

    Frequencies (events, traces, clients, starts, ends, returns) are counted
    on the variants: per route once, weighted by its number of traces; only
    clients with several traces (episodes) are counted event by event, so that
    every client counts once. Waiting times come from the events. ``coverage``
    (0 < c <= 1) keeps the most frequent variants that together cover that
    share of traces; the graphs are drawn from those traces only, the variant
    list always covers all. Leaves the ``__disc_*`` temp tables in place for
    :mod:`ketenmining.discover.suppress`; :func:`release` drops them.
    """
    if not 0 < coverage <= 1:
        raise KetenError(
            f"coverage {coverage} is not a share", hint="give a number in (0, 1], e.g. 0.8"
        )
    unknown = set(levels) - set(LEVELS)
    if unknown:
        raise KetenError(
            f"unknown map level(s): {', '.join(sorted(unknown))}",
            hint="use activity, org, swimlane",
        )
    (n_events,) = _rows(con, "SELECT count(*) FROM events")[0]
    if n_events == 0:
        raise KetenError(
            "no events to discover from", hint="check the log and the filters (--from/--to/--orgs)"
        )
    names = build_steps(con, progress)
    variants = _variants(con, names)
    kept = _keep(con, variants, coverage)
    steps = "__disc_steps" if coverage >= 1 else "__disc_kept"
    con.execute(Q.DISC_SV_STEPS)
    multi = _rows(con, "SELECT count(*) FROM __disc_multi")[0][0] > 0
    total = _rows(con, Q.DISC_TOTALS.format(sv="__disc_sv"))[0]
    part = total if coverage >= 1 else _rows(con, Q.DISC_TOTALS.format(sv="__disc_sv_kept"))[0]
    handle = progress.step("directly-follows graphs", len(levels))
    graphs: dict[str, Graph] = {}
    for level in levels:
        graphs[level] = _graph(con, level, steps, names, multi)
        handle.advance()
    handle.done()
    activity_orgs: dict[str, dict[str, int]] = {}
    if "swimlane" in graphs:
        for (org, act), node in graphs["swimlane"].nodes.items():
            activity_orgs.setdefault(act, {})[org] = node.cases
    return Discovery(
        cases=int(part[0]),
        traces=int(part[1]),
        events=int(part[2]),
        total_cases=int(total[0]),
        total_traces=int(total[1]),
        total_events=int(total[2]),
        graphs=graphs,
        variants=variants,
        kept_variants=kept,
        coverage=coverage,
        activity_orgs=activity_orgs,
        names=names,
    )


def steps_view(discovery: Discovery) -> str:
    """The temp table or view the graphs of ``discovery`` were computed from."""
    return "__disc_kept" if discovery.coverage < 1 else "__disc_steps"


def release(con: Any) -> None:
    """Drop the temp tables of a discovery run."""
    for stmt in Q.disc_drop():
        con.execute(stmt)
