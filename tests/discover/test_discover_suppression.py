"""Small-cell suppression: nothing seen in fewer than k clients reaches any output file.

The log is built so that the expected visible and hidden cells are known by
construction: 12 clients take melding → beoordeling → intake, 11 take
melding → beoordeling → afsluiting, 3 take a rare step (raadsonderzoek) and
4 jump straight from melding to intake (a rare edge between common steps).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from discover_logs import events_connection, routes_table

from ketenmining.discover.labels import load_labels
from ketenmining.discover.run import DiscoverOptions, discover

K = 10
COMMON = [
    (12, [("VT", "melding"), ("VT", "beoordeling"), ("TT", "intake")]),
    (11, [("VT", "melding"), ("VT", "beoordeling"), ("VT", "afsluiting")]),
]
RARE = [
    (3, [("VT", "melding"), ("RvdK", "raadsonderzoek"), ("TT", "intake")]),
    (4, [("VT", "melding"), ("TT", "intake")]),
]
VISIBLE_EDGES = {
    ("melding", "beoordeling"),
    ("beoordeling", "intake"),
    ("beoordeling", "afsluiting"),
}
HIDDEN_EDGES = {("melding", "raadsonderzoek"), ("raadsonderzoek", "intake"), ("melding", "intake")}
ALL_FORMATS = ("svg", "dot", "json", "bpmn", "pnml")


@pytest.fixture(scope="module")
def result():
    con = events_connection(routes_table(COMMON + RARE))
    opts = DiscoverOptions(k=K, formats=ALL_FORMATS, noise=0.0)
    return discover(con, load_labels("nl"), opts)


def _text(result, name):
    return result.files[name].decode("utf-8")


def test_every_output_format_was_written(result):
    names = set(result.files)
    for stem in ("activity-map", "activity-map-performance", "org-map", "swimlane-map", "variants"):
        assert {f"{stem}.svg", f"{stem}.dot"} <= names
    assert {
        "discover.json",
        "variants.json",
        "variants.md",
        "variants.csv",
        "model.bpmn",
        "model.pnml",
    } <= names


def test_rare_activity_and_org_appear_in_no_file(result):
    for name, data in result.files.items():
        text = data.decode("utf-8", "replace") if not name.endswith(".png") else ""
        assert "raadsonderzoek" not in text, name
        assert "RvdK" not in text, name


def _dot_edges(dot: str) -> set[tuple[str, str]]:
    return set(re.findall(r'"n_([^"]+)" -> "n_([^"]+)"', dot))


def test_activity_map_draws_only_edges_of_at_least_k_clients(result):
    for name in ("activity-map.dot", "activity-map-performance.dot"):
        drawn = _dot_edges(_text(result, name))
        assert drawn == VISIBLE_EDGES
        assert not drawn & HIDDEN_EDGES


def test_svg_has_no_hidden_edge(result):
    svg = _text(result, "activity-map.svg")
    titles = set(re.findall(r"<title>n_([^&<]+)&#45;&gt;n_([^<]+)</title>", svg))
    assert titles == VISIBLE_EDGES


def test_json_lists_no_cell_below_k(result):
    record = json.loads(_text(result, "discover.json"))
    for level, graph in record["maps"].items():
        for node in graph["nodes"]:
            assert node["cases"] >= K, (level, node)
            assert node["start_cases"] == 0 or node["start_cases"] >= K
            assert node["end_cases"] == 0 or node["end_cases"] >= K
        for edge in graph["edges"]:
            assert edge["cases"] >= K, (level, edge)
    edges = {(e["source"][0], e["target"][0]) for e in record["maps"]["activity"]["edges"]}
    assert edges == VISIBLE_EDGES
    assert record["suppressed"]["activity"]["edges"] == len(HIDDEN_EDGES)
    assert record["suppressed"]["activity"]["nodes"] == 1


def test_node_events_and_total_events_are_withheld_when_they_would_reveal_a_hidden_edge(result):
    record = json.loads(_text(result, "discover.json"))
    nodes = {n["key"][0]: n for n in record["maps"]["activity"]["nodes"]}
    # melding and intake touch hidden edges: their event counts would give them away
    assert nodes["melding"]["events"] is None
    assert nodes["intake"]["events"] is None
    assert nodes["beoordeling"]["events"] == 23
    # the hidden edges concern 7 clients (< k): total minus drawn edges would reveal them
    assert record["events"] is None


def test_variant_tables_list_only_routes_of_at_least_k_clients(result):
    rows = list(csv.DictReader(io.StringIO(_text(result, "variants.csv"))))
    listed = [r for r in rows if r["rank"]]
    other = [r for r in rows if not r["rank"]]
    assert all(int(r["cases"]) >= K for r in listed)
    # the 7 rare clients fall below k together, so the smallest visible route (11) joins them
    assert len(listed) == 1 and listed[0]["cases"] == "12"
    assert int(other[0]["cases"]) == 18 and int(other[0]["traces"]) == 18
    md = _text(result, "variants.md")
    assert "afsluiting" not in md.split("overige routes")[0].split("| 1 |")[1]
    data = json.loads(_text(result, "variants.json"))
    assert all(v["cases"] >= K for v in data["variants"])


def test_models_contain_only_published_steps_and_edges(result):
    ns = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
    root = ET.fromstring(result.files["model.bpmn"])
    tasks = {t.get("id"): t.get("name") for t in root.iter(f"{{{ns['bpmn']}}}task")}
    # mined from the two routes of at least k clients (23 of 30 routes)
    assert result.model_note is None
    assert set(tasks.values()) == {"melding", "beoordeling", "intake", "afsluiting"}
    for flow in root.iter(f"{{{ns['bpmn']}}}sequenceFlow"):
        src, dst = tasks.get(flow.get("sourceRef")), tasks.get(flow.get("targetRef"))
        if src and dst:
            assert (src, dst) in VISIBLE_EDGES
    pnml = _text(result, "model.pnml")
    labels = set(re.findall(r"<transition[^>]*>\s*<name>\s*<text>([^<]+)</text>", pnml))
    assert labels == {"melding", "beoordeling", "intake", "afsluiting"}


def test_k1_turns_suppression_off():
    con = events_connection(routes_table(COMMON + RARE))
    res = discover(con, load_labels("nl"), DiscoverOptions(k=1, formats=("dot", "json")))
    assert _dot_edges(_text(res, "activity-map.dot")) == VISIBLE_EDGES | HIDDEN_EDGES
    record = json.loads(_text(res, "discover.json"))
    assert record["events"] == 12 * 3 + 11 * 3 + 3 * 3 + 4 * 2
    assert record["suppressed"]["cells"] == 0
    assert "niet afgeschermd" in _text(res, "activity-map.dot")


def test_returns_below_k_are_shown_as_fewer_than_k():
    # 20 clients hand over VT→TT; 3 of them come straight back to VT (A→B→A)
    routes = [
        (17, [("VT", "melding"), ("TT", "intake")]),
        (3, [("VT", "melding"), ("TT", "intake"), ("VT", "terug")]),
        (12, [("VT", "melding"), ("TT", "intake"), ("TT", "huisbezoek")]),
    ]
    con = events_connection(routes_table(routes))
    res = discover(
        con, load_labels("nl"), DiscoverOptions(k=K, formats=("dot", "json"), maps=("org",))
    )
    record = json.loads(_text(res, "discover.json"))
    seam = next(
        e for e in record["maps"]["org"]["edges"] if e["source"] == ["VT"] and e["target"] == ["TT"]
    )
    assert seam["cases"] == 32
    assert seam["return_cases"] is None
    assert "terug &lt;10" in _text(res, "org-map.dot")  # an HTML-like label: < escaped


def test_swimlane_map_shows_clients_only_so_no_cell_is_recovered_across_maps(result):
    # activity-node events = sum of its (organisation, activity) events: publishing both
    # would give away a removed (organisation, activity) cell by subtraction
    record = json.loads(_text(result, "discover.json"))
    swim = record["maps"]["swimlane"]
    assert swim["nodes"] and all(n["events"] is None for n in swim["nodes"])
    assert swim["edges"] and all(e["events"] is None for e in swim["edges"])
    assert "×" not in _text(result, "swimlane-map.dot")
