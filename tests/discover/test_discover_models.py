"""Models: IMf on variant counts, a BPMN file a modeller can open (ids, shapes, edges in place)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from discover_logs import events_connection, routes_table

from ketenmining.discover.aggregate import Variant
from ketenmining.discover.bpmn import bpmn_xml
from ketenmining.discover.labels import load_labels
from ketenmining.discover.models import discover_models, tree_text
from ketenmining.discover.run import DiscoverOptions, discover

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
OMGDI = "http://www.omg.org/spec/DD/20100524/DI"
FLOW_NODES = (
    "startEvent",
    "endEvent",
    "task",
    "exclusiveGateway",
    "parallelGateway",
    "inclusiveGateway",
)

VARIANTS = [
    Variant(("melding", "beoordeling", "overdracht", "intake", "afsluiting"), 40, 40),
    Variant(("melding", "beoordeling", "intake", "overdracht", "afsluiting"), 25, 25),
    Variant(("melding", "beoordeling", "afsluiting"), 30, 30),
    Variant(("melding", "beoordeling", "huisbezoek", "huisbezoek", "afsluiting"), 12, 12),
]


def test_inductive_miner_on_variant_counts_builds_the_expected_structure():
    models = discover_models(VARIANTS, noise=0.0)
    text = tree_text(models.tree, str)
    assert text.startswith("->( 'melding', 'beoordeling'")
    assert "+( 'intake', 'overdracht' )" in text  # both orders seen: parallel
    assert text.rstrip().endswith("'afsluiting' )")
    labels = {t.label for t in models.net.transitions if t.label}
    assert labels == {"melding", "beoordeling", "overdracht", "intake", "afsluiting", "huisbezoek"}


def _check_bpmn(xml_text: str) -> ET.Element:
    root = ET.fromstring(xml_text)
    process = root.find(f"{{{BPMN}}}process")
    assert process is not None
    nodes = {el.get("id"): el for tag in FLOW_NODES for el in process.iter(f"{{{BPMN}}}{tag}")}
    flows = {el.get("id"): el for el in process.iter(f"{{{BPMN}}}sequenceFlow")}
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)), "ids must be unique"
    for f in flows.values():
        assert f.get("sourceRef") in nodes and f.get("targetRef") in nodes
    plane = root.find(f"{{{DI}}}BPMNDiagram/{{{DI}}}BPMNPlane")
    assert plane.get("bpmnElement") == process.get("id")
    shapes = {
        s.get("bpmnElement"): s.find(f"{{{DC}}}Bounds") for s in plane.iter(f"{{{DI}}}BPMNShape")
    }
    edges = {
        e.get("bpmnElement"): e.findall(f"{{{OMGDI}}}waypoint")
        for e in plane.iter(f"{{{DI}}}BPMNEdge")
    }
    assert set(shapes) == set(nodes)
    assert set(edges) == set(flows)
    boxes = {}
    for nid, b in shapes.items():
        x, y, w, h = (float(b.get(a)) for a in ("x", "y", "width", "height"))
        assert x >= 0 and y >= 0 and w > 0 and h > 0
        boxes[nid] = (x, y, w, h)
    for fid, points in edges.items():
        assert len(points) >= 2
        (x0, y0), (x1, y1) = (
            (float(p.get("x")), float(p.get("y"))) for p in (points[0], points[-1])
        )
        sx, sy, sw, sh = boxes[flows[fid].get("sourceRef")]
        tx, ty, tw, th = boxes[flows[fid].get("targetRef")]
        assert sx <= x0 <= sx + sw and sy <= y0 <= sy + sh, "edge starts on its source"
        assert tx <= x1 <= tx + tw and ty <= y1 <= ty + th, "edge ends on its target"
    # shapes do not overlap
    items = list(boxes.values())
    for i, (ax, ay, aw, ah) in enumerate(items):
        for bx, by, bw, bh in items[i + 1 :]:
            assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
    return root


def test_bpmn_has_a_complete_valid_layout_and_dutch_labels():
    models = discover_models(VARIANTS, noise=0.0)
    names = {"melding": "Melding ontvangen", "beoordeling": "Veiligheidsbeoordeling"}
    root = _check_bpmn(bpmn_xml(models, lambda a: names.get(a, a)))
    tasks = {t.get("name") for t in root.iter(f"{{{BPMN}}}task")}
    assert {"Melding ontvangen", "Veiligheidsbeoordeling", "overdracht"} <= tasks


def test_bpmn_output_is_deterministic():
    a = bpmn_xml(discover_models(VARIANTS, noise=0.0), str)
    b = bpmn_xml(discover_models(list(reversed(VARIANTS)), noise=0.0), str)
    assert a == b


def test_discover_mines_from_variants_when_they_cover_most_routes():
    routes = [
        (30, [("VT", "melding"), ("VT", "beoordeling"), ("TT", "intake")]),
        (15, [("VT", "melding"), ("VT", "beoordeling"), ("VT", "afsluiting")]),
        (2, [("VT", "melding"), ("VT", "afsluiting")]),
    ]
    con = events_connection(routes_table(routes))
    res = discover(con, load_labels("nl"), DiscoverOptions(k=10, formats=("bpmn",), noise=0.0))
    assert res.model_note is None
    root = _check_bpmn(res.files["model.bpmn"].decode())
    assert {t.get("name") for t in root.iter(f"{{{BPMN}}}task")} == {
        "melding",
        "beoordeling",
        "intake",
        "afsluiting",
    }
    tree = res.files["process-tree.txt"].decode()
    assert tree.strip() in (
        "->( 'melding', 'beoordeling', X( 'afsluiting', 'intake' ) )",
        "->( 'melding', 'beoordeling', X( 'intake', 'afsluiting' ) )",
    )
