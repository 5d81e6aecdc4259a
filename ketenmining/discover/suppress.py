"""Small-cell suppression of discovery results: nothing seen in fewer than k clients leaves.

Every output of ``discover`` (maps, tables, JSON, models) is made from the
:class:`Published` result of :func:`suppress`, never from the raw aggregates.
The rules, all counted in distinct clients (``case_id``), not in events:

1. **Primary** — a node (activity, organisation, organisation+activity), an
   edge, a start or end count, or a variant seen in fewer than ``k`` clients is
   removed. Removed edges are counted in the suppression report.
2. **Node events** — a node's event count equals the sum of its incoming edges
   plus its starts (and of its outgoing edges plus its ends). When any cell
   next to a node was removed, the node's event count is withheld, so that no
   removed edge can be recovered by subtraction. Node client counts are not
   additive and stay.
   The swimlane map (organisation+activity) shows client counts only: its
   event counts add up to those of the activity and organisation maps, so a
   removed swimlane cell could otherwise be recovered across maps.
3. **Totals** — the total number of events is withheld when the removed edges
   of a map together concern between 1 and k-1 clients (total minus the drawn
   edges would reveal them).
4. **Variants** — variants below ``k`` are merged into one "other variants"
   row; if that row concerns between 1 and k-1 clients, the smallest visible
   variant joins it (secondary suppression), so "total minus listed" reveals
   no small group.
5. **Returns** (A→B→A on the organisation map) — a return count between 1 and
   k-1 clients is shown as "fewer than k", never as a number.

``k = 1`` switches suppression off (internal use; the CLI warns).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ketenmining.discover import sql as Q
from ketenmining.discover.aggregate import (
    LEVELS,
    NEXT,
    Discovery,
    Edge,
    Graph,
    Key,
    Names,
    Node,
    Variant,
)


@dataclass(frozen=True)
class OtherVariants:
    """The variants that are not listed one by one (below k, or beyond the top N)."""

    variants: int = 0
    traces: int = 0
    cases: int = 0
    suppressed: int = 0


@dataclass
class LevelReport:
    """What was removed or withheld on one map."""

    nodes: int = 0
    edges: int = 0
    starts: int = 0
    ends: int = 0
    node_events_withheld: int = 0
    returns_withheld: int = 0


@dataclass
class Published:
    """Discovery results that may leave the chain (after suppression with threshold ``k``)."""

    k: int
    cases: int
    traces: int
    events: int | None
    total_cases: int
    total_traces: int
    coverage: float
    kept_variants: int
    graphs: dict[str, Graph]
    variants: list[Variant]
    other: OtherVariants
    model_variants: list[Variant]
    activity_orgs: dict[str, dict[str, int]]
    levels: dict[str, LevelReport] = field(default_factory=dict)
    variant_count: int = 0

    @property
    def suppressed_cells(self) -> int:
        """Number of cells removed on all maps plus variants merged into "other"."""
        cells = sum(r.nodes + r.edges + r.starts + r.ends for r in self.levels.values())
        return cells + self.other.suppressed


def _register_hidden(con: Any, rows: list[tuple[int, ...]], width: int) -> None:
    """Store integer rows as temp table ``__disc_hidden`` (columns h0, h1, ...)."""
    import pyarrow as pa

    # an Arrow table both engines register (DuckDB's parallel unnests have no Spark equivalent)
    data = pa.table(
        {f"h{i}": pa.array([int(r[i]) for r in rows], pa.int32()) for i in range(width)}
    )
    con.register("__disc_hidden_rows", data)
    con.execute("CREATE OR REPLACE TEMP TABLE __disc_hidden AS SELECT * FROM __disc_hidden_rows")
    con.unregister("__disc_hidden_rows")


def hidden_edge_clients(
    con: Any, names: Names, level: str, pairs: list[tuple[Key, Key]], steps: str
) -> int:
    """Distinct clients that took any of the edges ``pairs`` on map ``level``."""
    if not pairs:
        return 0
    cols = LEVELS[level]
    all_cols = [*cols, *(NEXT[c] for c in cols)]
    _register_hidden(
        con, [(*names.ids(cols, s), *names.ids(cols, t)) for s, t in pairs], len(all_cols)
    )
    on = " AND ".join(f"s.{c} = h.h{i}" for i, c in enumerate(all_cols))
    (n,) = con.execute(Q.DISC_HIDDEN_CLIENTS.format(steps=steps, on=on)).fetchall()[0]
    return int(n)


def hidden_variant_clients(con: Any, keys: list[str]) -> int:
    """Distinct clients of the traces whose variant key (id) is in ``keys``."""
    if not keys:
        return 0
    _register_hidden(con, [(int(k),) for k in keys], 1)
    (n,) = con.execute(Q.DISC_HIDDEN_VARIANT_CLIENTS).fetchall()[0]
    return int(n)


def _suppress_graph(graph: Graph, k: int) -> tuple[Graph, LevelReport, list[tuple[Key, Key]]]:
    report = LevelReport()
    visible = {key for key, n in graph.nodes.items() if n.cases >= k}
    report.nodes = len(graph.nodes) - len(visible)
    touched: set[Key] = set()
    hidden_edges: list[tuple[Key, Key]] = []
    edges: dict[tuple[Key, Key], Edge] = {}
    for pair, e in graph.edges.items():
        if e.cases >= k and e.source in visible and e.target in visible:
            if e.return_cases is not None and 0 < e.return_cases < k:
                e = replace(e, return_cases=None)
                report.returns_withheld += 1
            edges[pair] = e
        else:
            hidden_edges.append(pair)
            touched.update(pair)
    report.edges = len(hidden_edges)
    nodes: dict[Key, Node] = {}
    for key in sorted(visible):
        n = graph.nodes[key]
        if 0 < n.start_cases < k:
            n = replace(n, start_cases=0, start_traces=0)
            report.starts += 1
            touched.add(key)
        if 0 < n.end_cases < k:
            n = replace(n, end_cases=0, end_traces=0)
            report.ends += 1
            touched.add(key)
        nodes[key] = n
    for key in touched & set(nodes):
        nodes[key] = replace(nodes[key], events=None)
        report.node_events_withheld += 1
    return Graph(graph.level, nodes, edges), report, hidden_edges


def _without_events(graph: Graph) -> Graph:
    """The graph with every event count withheld (client counts stay)."""
    return Graph(
        graph.level,
        {key: replace(n, events=None) for key, n in graph.nodes.items()},
        {pair: replace(e, events=None) for pair, e in graph.edges.items()},
    )


def _suppress_variants(
    con: Any, variants: list[Variant], k: int, top: int
) -> tuple[list[Variant], list[Variant], OtherVariants]:
    visible = [v for v in variants if v.cases >= k]
    small = [v for v in variants if v.cases < k]
    if small and visible and 0 < hidden_variant_clients(con, [v.key for v in small]) < k:
        smallest = min(visible, key=lambda v: (v.cases, v.traces, v.activities))
        visible.remove(smallest)
        small.append(smallest)
    listed = visible[:top]
    rest = visible[top:] + small
    other = OtherVariants()
    if rest:
        other = OtherVariants(
            variants=len(rest),
            traces=sum(v.traces for v in rest),
            cases=hidden_variant_clients(con, [v.key for v in rest]),
            suppressed=len(small),
        )
    return listed, visible, other


def _model_variants(disc: Discovery, k: int) -> list[Variant]:
    """The routes a model is mined from: every kept route, inside the chain, unsuppressed,
    projected onto the activities of at least ``k`` clients — and then only routes whose
    every step-to-step move (start and end included) is shared by at least ``k`` clients,
    so that the model shows no small cell. Mining from the routes of at least k clients
    only would lose frequent activities that happen to sit on rare routes."""
    graph = disc.graphs.get("activity")
    shown = {key[0] for key, n in graph.nodes.items() if n.cases >= k} if graph else set()
    merged: dict[tuple[str, ...], Variant] = {}
    for v in disc.variants[: disc.kept_variants]:
        acts = tuple(a for a in v.activities if a in shown)
        if not acts:
            continue
        seen = merged.get(acts)
        if seen is None:
            merged[acts] = Variant(acts, v.traces, v.cases, v.key)
        else:
            merged[acts] = Variant(acts, seen.traces + v.traces, seen.cases + v.cases, seen.key)
    kept = list(merged.values())
    while True:
        support: dict[tuple[str, str], int] = {}
        for v in kept:
            for move in set(_moves(v.activities)):
                support[move] = support.get(move, 0) + v.cases
        rest = [v for v in kept if all(support[m] >= k for m in _moves(v.activities))]
        if len(rest) == len(kept):
            break
        kept = rest
    return sorted(kept, key=lambda v: (-v.traces, v.activities))


def _moves(acts: tuple[str, ...]) -> list[tuple[str, str]]:
    """The directly-follows moves of a route, with its start (from "") and end (to "")."""
    return list(zip(("", *acts), (*acts, ""), strict=True))


def suppress(
    con: Any,
    disc: Discovery,
    k: int = 10,
    top: int = 20,
    steps: str = "__disc_steps",
    models: bool = True,
) -> Published:
    """Apply small-cell suppression to ``disc`` (computed in ``con``) with threshold ``k``.

    ``top`` is the number of variants listed one by one; ``steps`` the table
    the graphs were computed from (see :func:`~ketenmining.discover.aggregate.steps_view`);
    ``models`` false leaves the routes for the miner out (``model_variants`` empty: a
    run that draws no model need not prepare its input, a second on a large log).
    """
    k = max(1, int(k))
    graphs: dict[str, Graph] = {}
    levels: dict[str, LevelReport] = {}
    events: int | None = disc.events
    for level, graph in disc.graphs.items():
        safe, report, hidden = _suppress_graph(graph, k)
        if level == "swimlane" and k > 1:
            safe = _without_events(safe)
        graphs[level], levels[level] = safe, report
        if (
            k > 1
            and hidden
            and disc.names
            and 0 < hidden_edge_clients(con, disc.names, level, hidden, steps) < k
        ):
            events = None
    listed, _, other = _suppress_variants(con, disc.variants, k, top)
    model_variants = _model_variants(disc, k) if models else []
    activity_orgs: dict[str, dict[str, int]] = {}
    swim = graphs.get("swimlane")
    if swim is not None:
        for (org, act), n in swim.nodes.items():
            activity_orgs.setdefault(act, {})[org] = n.cases
    return Published(
        k=k,
        cases=disc.cases,
        traces=disc.traces,
        events=events,
        total_cases=disc.total_cases,
        total_traces=disc.total_traces,
        coverage=disc.coverage,
        kept_variants=disc.kept_variants,
        graphs=graphs,
        variants=listed,
        other=other,
        model_variants=model_variants,
        activity_orgs=activity_orgs,
        levels=levels,
        variant_count=len(disc.variants),
    )
