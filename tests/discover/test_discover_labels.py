"""Texts people read: Dutch and English numbers, durations, wrapping, protocol labels, back edges."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketenmining.discover.aggregate import Edge, Graph, Node
from ketenmining.discover.labels import fmt_duration, fmt_int, fmt_share, load_labels, wrap
from ketenmining.discover.maps import back_edges

PROTOCOL = Path(__file__).resolve().parents[2] / "configs" / "protocols" / "meldcode-keten.yaml"


@pytest.mark.parametrize(
    ("seconds", "nl", "en"),
    [
        (30, "30 s", "30 s"),
        (45 * 60, "45 min", "45 min"),
        (3.5 * 3600, "3,5 uur", "3.5 h"),
        (86400, "1 dag", "1 day"),
        (2.25 * 86400, "2,3 dagen", "2.3 days"),
        (6 * 7 * 86400, "6 weken", "6 weeks"),
        (None, "–", "–"),
    ],
)
def test_durations(seconds, nl, en):
    assert fmt_duration(seconds, "nl") == nl
    assert fmt_duration(seconds, "en") == en


def test_numbers_and_shares():
    assert fmt_int(1234567, "nl") == "1.234.567"
    assert fmt_int(1234567, "en") == "1,234,567"
    assert fmt_share(1, 8, "nl") == "13%"  # whole percents from 10% up
    assert fmt_share(1, 200, "nl") == "0,5%"
    assert fmt_share(1, 200, "en") == "0.5%"


def test_wrapping_keeps_words_whole():
    lines = wrap("Verzoek tot onderzoek Raad voor de Kinderbescherming", 20)
    assert all(len(x) <= 20 or " " not in x for x in lines)
    assert len(lines) > 1
    assert " ".join(lines) == "Verzoek tot onderzoek Raad voor de Kinderbescherming"
    assert wrap("Veiligheidsbeoordeling", 12) == ["Veiligheidsbeoordeling"]


def test_protocol_labels_in_both_languages_and_unknown_ids_stay():
    nl = load_labels("nl", PROTOCOL)
    en = load_labels("en", PROTOCOL, {"HA": "Huisartsen Midden-Brabant"})
    assert nl.activity("overdracht") == "Overdracht aan lokaal veld"
    assert en.activity("overdracht") == "Handover to local team"
    assert nl.activity("eigen_stap") == "eigen_stap"
    assert nl.org("VT") == "Veilig Thuis Midden-Brabant"
    assert en.org("HA") == "Huisartsen Midden-Brabant"
    assert nl.org("XYZ") == "XYZ"


def test_back_edges_are_the_loops_seen_from_the_start():
    def node(name, starts=0):
        return Node((name,), 10, 10, start_cases=starts)

    nodes = {n.key: n for n in (node("a", 10), node("b"), node("c"))}
    edges = [
        Edge(("a",), ("b",), 10, 10),
        Edge(("b",), ("c",), 8, 8),
        Edge(("c",), ("b",), 3, 3),
        Edge(("b",), ("b",), 2, 2),
    ]
    graph = Graph("activity", nodes, {e.pair: e for e in edges})
    assert back_edges(graph, edges) == {(("c",), ("b",)), (("b",), ("b",))}


def test_names_with_quotes_backslashes_and_markup_render_in_every_format():
    import xml.etree.ElementTree as ET

    from discover_logs import events_connection, routes_table

    from ketenmining.discover.run import DiscoverOptions, discover

    routes = [(12, [("VT", 'a "quoted" step\\'), ("T\\T", "b<c>&d"), ("VT", "e\nf")])]
    con = events_connection(routes_table(routes))
    opts = DiscoverOptions(k=10, formats=("svg", "dot", "bpmn", "pnml", "json"))
    res = discover(con, load_labels("nl"), opts)
    for name in (
        "activity-map.svg",
        "org-map.svg",
        "swimlane-map.svg",
        "variants.svg",
        "model.bpmn",
    ):
        ET.fromstring(res.files[name])  # well-formed XML
    svg = res.files["activity-map.svg"].decode()
    assert "b&lt;c&gt;&amp;d" in svg
