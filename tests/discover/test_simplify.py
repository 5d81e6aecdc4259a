"""Activity and path coverage (Disco-style map simplification) on small graphs."""

from __future__ import annotations

from ketenmining.discover.aggregate import Edge, Graph, Node
from ketenmining.discover.simplify import simplify


def _graph() -> Graph:
    n = {
        ("A",): Node(("A",), 100, 100, start_cases=100, start_traces=100),
        ("B",): Node(("B",), 90, 90),
        ("C",): Node(("C",), 60, 60, end_cases=60, end_traces=60),
        ("D",): Node(("D",), 30, 30, end_cases=30, end_traces=30),
        ("E",): Node(("E",), 5, 5, end_cases=5, end_traces=5),
    }
    e = [
        Edge(("A",), ("B",), 90, 90),
        Edge(("B",), ("C",), 60, 60),
        Edge(("B",), ("D",), 30, 30),
        Edge(("A",), ("E",), 5, 5),
        Edge(("A",), ("C",), 4, 4),
    ]
    return Graph("activity", n, {x.pair: x for x in e})


def test_full_coverage_keeps_everything() -> None:
    g = _graph()
    s = simplify(g, 1.0, 1.0)
    assert s.graph is g and s.complete


def test_activity_coverage_drops_the_rarest_and_their_arrows() -> None:
    s = simplify(_graph(), 0.8, 1.0)  # A+B+C = 250 of 285 visits (88%) — D (30) and E (5) go
    assert set(s.graph.nodes) == {("A",), ("B",), ("C",)}
    assert set(s.graph.edges) == {(("A",), ("B",)), (("B",), ("C",)), (("A",), ("C",))}
    assert (s.nodes_shown, s.nodes_total, s.edges_shown, s.edges_total) == (3, 5, 3, 5)


def test_path_coverage_keeps_busy_arrows_and_every_node_connected() -> None:
    s = simplify(_graph(), 1.0, 0.5)
    kept = set(s.graph.edges)
    assert (("A",), ("B",)) in kept and (("B",), ("C",)) in kept  # the busiest half
    assert (("B",), ("D",)) in kept and (("A",), ("E",)) in kept  # D's and E's only way in
    assert (("A",), ("C",)) not in kept  # a rare shortcut
    assert s.graph.nodes[("A",)].start_cases == 100  # the way into the process stays
    assert s.graph.nodes[("C",)].end_cases == 60
    assert s.graph.nodes[("E",)].end_cases == 5  # E's only way out
