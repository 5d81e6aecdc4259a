"""Map simplification the way consultants know it from Disco: activity and path coverage.

:func:`simplify` keeps the most frequent activities (nodes) that together
account for a share of all node visits (``activities``, e.g. 0.8), then, among
the arrows between them, the most frequent ones that together carry a share
of all transitions (``paths``, e.g. 0.5) — start and end arrows are
ranked the same way among themselves. So that the map stays connected, every kept activity keeps its
strongest way in and its strongest way out. Works on any published
:class:`~ketenmining.discover.aggregate.Graph` (activity, org or swimlane
level); it only ever removes things, so nothing below k can appear.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ketenmining.discover.aggregate import Edge, Graph, Key, Node

_START: Key = ("\x00start",)
_END: Key = ("\x00end",)


@dataclass(frozen=True)
class Simplified:
    """The simplified graph and how much of the full one it shows."""

    graph: Graph
    nodes_shown: int
    nodes_total: int
    edges_shown: int
    edges_total: int
    #: share of all transitions (arrow case counts) that the kept arrows carry
    edge_share: float = 1.0

    @property
    def complete(self) -> bool:
        """True when nothing was left out."""
        return self.nodes_shown == self.nodes_total and self.edges_shown == self.edges_total


def _top_share(weights: dict[tuple[Key, Key], int] | dict[Key, int], share: float) -> set:
    """The heaviest keys that together reach ``share`` of the total weight (at least one)."""
    total = sum(weights.values())
    kept: set = set()
    running = 0
    for key in sorted(weights, key=lambda k: (-weights[k], k)):
        if kept and running >= share * total:
            break
        kept.add(key)
        running += weights[key]
    return kept


def simplify(graph: Graph, activities: float = 1.0, paths: float = 1.0) -> Simplified:
    """The graph with only the nodes and edges within the coverage shares (see module docs)."""
    nodes_total, edges_total = len(graph.nodes), len(graph.edges)
    if activities >= 1 and paths >= 1:
        return Simplified(graph, nodes_total, nodes_total, edges_total, edges_total)
    visits = {k: n.cases for k, n in graph.nodes.items()}
    keep_nodes = _top_share(visits, activities) if visits else set()
    if activities >= 1:
        keep_nodes = set(graph.nodes)
    weight: dict[tuple[Key, Key], int] = {}
    for pair, e in graph.edges.items():
        if e.source in keep_nodes and e.target in keep_nodes:
            weight[pair] = e.cases
    starts = {
        (_START, k): graph.nodes[k].start_cases for k in keep_nodes if graph.nodes[k].start_cases
    }
    ends = {(k, _END): graph.nodes[k].end_cases for k in keep_nodes if graph.nodes[k].end_cases}
    if paths >= 1:
        keep = set(weight) | set(starts) | set(ends)
    else:  # the busiest arrows, and the busiest ways into and out of the process
        keep = _top_share(weight, paths) if weight else set()
        keep |= (_top_share(starts, paths) if starts else set()) | (
            _top_share(ends, paths) if ends else set()
        )
    weight.update(starts)
    weight.update(ends)
    for k in sorted(keep_nodes):  # every kept node: its strongest way in and way out (in key
        # order: what one node adds decides what the next needs, so the order must not vary)
        ins = [p for p in weight if p[1] == k and p[0] != k]
        outs = [p for p in weight if p[0] == k and p[1] != k]
        for group in (ins, outs):
            if group and not any(p in keep for p in group):
                keep.add(max(group, key=lambda p: (weight[p], p)))
    nodes: dict[Key, Node] = {}
    for k in sorted(keep_nodes):
        n = graph.nodes[k]
        starts = (_START, k) in keep
        ends = (k, _END) in keep
        nodes[k] = replace(
            n,
            start_cases=n.start_cases if starts else 0,
            start_traces=n.start_traces if starts else 0,
            end_cases=n.end_cases if ends else 0,
            end_traces=n.end_traces if ends else 0,
        )
    edges: dict[tuple[Key, Key], Edge] = {
        pair: e for pair, e in graph.edges.items() if pair in keep
    }
    total = sum(e.cases for e in graph.edges.values())
    share = sum(e.cases for e in edges.values()) / total if total else 1.0
    return Simplified(
        Graph(graph.level, nodes, edges), len(nodes), nodes_total, len(edges), edges_total, share
    )
