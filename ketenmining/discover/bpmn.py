"""BPMN 2.0 export of a discovered model, with a layout a BPMN modeller opens as is.

pm4py turns the process tree into a BPMN graph; this module gives its
elements deterministic ids (a breadth-first walk from the start event, so the
same model always gives the same file), lays it out left to right with
Graphviz (shapes of standard BPMN sizes, flows routed as polylines around the
shapes) and writes the XML with diagram interchange: a shape for every flow
node and an edge with waypoints for every sequence flow.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from typing import Any

from ketenmining.discover.models import Models
from ketenmining.errors import KetenError

_SIZES = {
    "start": (36, 36),
    "end": (36, 36),
    "task": (120, 72),
    "xor": (50, 50),
    "and": (50, 50),
    "or": (50, 50),
}
_TAGS = {
    "start": "startEvent",
    "end": "endEvent",
    "task": "task",
    "xor": "exclusiveGateway",
    "and": "parallelGateway",
    "or": "inclusiveGateway",
}
_PREFIX = {
    "start": "StartEvent",
    "end": "EndEvent",
    "task": "Activity",
    "xor": "Gateway",
    "and": "Gateway",
    "or": "Gateway",
}


def _kind(node: Any) -> str:
    from pm4py.objects.bpmn.obj import BPMN

    for cls, kind in (
        (BPMN.StartEvent, "start"),
        (BPMN.EndEvent, "end"),
        (BPMN.Task, "task"),
        (BPMN.ExclusiveGateway, "xor"),
        (BPMN.ParallelGateway, "and"),
        (BPMN.InclusiveGateway, "or"),
    ):
        if isinstance(node, cls):
            return kind
    raise KetenError(
        f"unexpected BPMN element {type(node).__name__} from the miner", hint="report this as a bug"
    )


def _ordered(bpmn: Any) -> tuple[list[Any], list[tuple[Any, Any]]]:
    """Nodes in breadth-first order from the start event, flows in a deterministic order."""
    nodes = list(bpmn.get_nodes())
    out: dict[Any, list[Any]] = {n: [] for n in nodes}
    flows = [(f.get_source(), f.get_target()) for f in bpmn.get_flows()]
    for s, t in flows:
        out[s].append(t)

    back: dict[Any, list[Any]] = {n: [] for n in nodes}
    for s, t in flows:
        back[t].append(s)

    def near_tasks(n: Any, step: dict[Any, list[Any]]) -> str:
        """Names of the nearest tasks in one direction: tells unnamed gateways apart."""
        seen, todo, names = {id(n)}, list(step[n]), []
        while todo:
            m = todo.pop(0)
            if id(m) in seen:
                continue
            seen.add(id(m))
            if _kind(m) == "task":
                names.append(m.get_name())
            else:
                todo.extend(step[m])
        return "|".join(sorted(names))

    sig = {
        id(n): (_kind(n), n.get_name() or "", near_tasks(n, out), near_tasks(n, back))
        for n in nodes
    }

    def rank(n: Any) -> tuple[str, str, str, str]:
        return sig[id(n)]

    order: list[Any] = []
    seen: set[int] = set()
    queue = sorted((n for n in nodes if _kind(n) == "start"), key=rank)
    while queue or len(order) < len(nodes):
        if not queue:
            queue = [min((n for n in nodes if id(n) not in seen), key=rank)]
        n = queue.pop(0)
        if id(n) in seen:
            continue
        seen.add(id(n))
        order.append(n)
        queue.extend(sorted((t for t in out[n] if id(t) not in seen), key=rank))
    pos = {id(n): i for i, n in enumerate(order)}
    flows.sort(key=lambda st: (pos[id(st[0])], pos[id(st[1])]))
    return order, flows


Point = tuple[float, float]


def _layout(
    ids: list[str], kinds: list[str], edges: list[tuple[str, str]]
) -> tuple[dict[str, Point], dict[tuple[str, str], list[list[Point]]]]:
    """Shape centres and edge routes (BPMN coordinates, y down) from Graphviz ``dot -Tplain``.

    Edges are routed as polylines around the shapes; routes come back per
    (source, target) pair in the order Graphviz lists them.
    """
    from ketenmining.graphviz import dot_program

    lines = [
        "digraph bpmn {",
        "  graph [rankdir=LR, nodesep=0.5, ranksep=0.6, splines=polyline];",
        "  node [shape=box, fixedsize=true];",
        "  edge [arrowhead=none];",
    ]
    for i, kind in zip(ids, kinds, strict=True):
        w, h = _SIZES[kind]
        lines.append(f'  "{i}" [width={w / 72:.3f}, height={h / 72:.3f}];')
    lines += [f'  "{s}" -> "{t}";' for s, t in edges]
    lines.append("}")
    proc = subprocess.run(
        [dot_program(), "-Tplain"],
        input="\n".join(lines).encode(),
        capture_output=True,
        timeout=300,
    )
    if proc.returncode != 0:
        raise KetenError(
            "Graphviz could not lay out the BPMN model", hint="try --format pnml instead of bpmn"
        )
    margin = 40.0
    height = 0.0
    raw_nodes: dict[str, Point] = {}
    raw_edges: dict[tuple[str, str], list[list[Point]]] = {}
    for row in proc.stdout.decode().splitlines():
        parts = row.split()
        if parts and parts[0] == "graph":
            height = float(parts[3]) * 72
        elif parts and parts[0] == "node":
            raw_nodes[parts[1].strip('"')] = (float(parts[2]) * 72, float(parts[3]) * 72)
        elif parts and parts[0] == "edge":
            n = int(parts[3])
            pts = [(float(parts[4 + 2 * i]) * 72, float(parts[5 + 2 * i]) * 72) for i in range(n)]
            raw_edges.setdefault((parts[1].strip('"'), parts[2].strip('"')), []).append(pts)

    def flip(p: Point) -> Point:
        return (round(p[0] + margin, 1), round(height - p[1] + margin, 1))

    centres = {k: flip(v) for k, v in raw_nodes.items()}
    routes = {k: [[flip(p) for p in pts] for pts in v] for k, v in raw_edges.items()}
    return centres, routes


def _clean(points: list[Point]) -> list[Point]:
    """Drop repeated and collinear middle points of a polyline."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 0.05 and abs(out[-1][1] - p[1]) < 0.05:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if abs((bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)) < 0.5:
                out[-1] = p
                continue
        out.append(p)
    return out


def _clamp(p: Point, box: tuple[float, float, float, float]) -> Point:
    """``p`` moved onto ``box`` when it lies a rounding error outside."""
    x, y, w, h = box
    return (min(max(p[0], x), x + w), min(max(p[1], y), y + h))


def _inside(p: Point, box: tuple[float, float, float, float], slack: float = 1.0) -> bool:
    x, y, w, h = box
    return x - slack <= p[0] <= x + w + slack and y - slack <= p[1] <= y + h + slack


def _waypoints(
    src: tuple[float, float, float, float], dst: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """Orthogonal route from the right side of ``src`` to the left side of ``dst`` (x, y, w, h boxes)."""
    sx, sy, sw, sh = src
    tx, ty, _tw, th = dst
    x0, y0 = sx + sw, sy + sh / 2
    x1, y1 = tx, ty + th / 2
    if x1 > x0 + 10:
        if abs(y0 - y1) < 0.5:
            return [(x0, y0), (x1, y1)]
        mid = round((x0 + x1) / 2, 1)
        return [(x0, y0), (mid, y0), (mid, y1), (x1, y1)]
    top = min(sy, ty) - 30  # a back edge (loop): go over the top
    return [(x0, y0), (x0 + 15, y0), (x0 + 15, top), (x1 - 15, top), (x1 - 15, y1), (x1, y1)]


def bpmn_xml(models: Models, label: Any, name: str = "Ontdekt proces") -> str:
    """BPMN 2.0 XML with diagram interchange (shapes and edges), deterministic ids."""
    import xml.etree.ElementTree as ET

    order, flows = _ordered(models.bpmn)
    kinds = [_kind(n) for n in order]
    counters: Counter[str] = Counter()
    ids: dict[int, str] = {}
    for n, kind in zip(order, kinds, strict=True):
        counters[_PREFIX[kind]] += 1
        ids[id(n)] = f"{_PREFIX[kind]}_{counters[_PREFIX[kind]]}"
    flow_ids = [f"Flow_{i}" for i in range(1, len(flows) + 1)]
    id_list = [ids[id(n)] for n in order]
    centres, routes = _layout(id_list, kinds, [(ids[id(s)], ids[id(t)]) for s, t in flows])
    boxes = {}
    for nid, kind in zip(id_list, kinds, strict=True):
        w, h = _SIZES[kind]
        cx, cy = centres[nid]
        boxes[nid] = (round(cx - w / 2, 1), round(cy - h / 2, 1), float(w), float(h))

    ns = {
        "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
        "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
        "dc": "http://www.omg.org/spec/DD/20100524/DC",
        "di": "http://www.omg.org/spec/DD/20100524/DI",
    }
    for prefix, uri in ns.items():
        ET.register_namespace(prefix, uri)

    def q(prefix: str, tag: str) -> str:
        return f"{{{ns[prefix]}}}{tag}"

    defs = ET.Element(
        q("bpmn", "definitions"),
        {
            "id": "Definitions_1",
            "targetNamespace": "https://ketenmining.nl/bpmn",
            "exporter": "ketenmining",
        },
    )
    process = ET.SubElement(
        defs, q("bpmn", "process"), {"id": "Process_1", "name": name, "isExecutable": "false"}
    )
    incoming: dict[str, list[str]] = {i: [] for i in id_list}
    outgoing: dict[str, list[str]] = {i: [] for i in id_list}
    for fid, (s, t) in zip(flow_ids, flows, strict=True):
        outgoing[ids[id(s)]].append(fid)
        incoming[ids[id(t)]].append(fid)
    for n, kind in zip(order, kinds, strict=True):
        nid = ids[id(n)]
        attrs = {"id": nid}
        if kind == "task":
            attrs["name"] = label(n.get_name())
        elif kind in ("xor", "and", "or"):
            many_in, many_out = len(incoming[nid]) > 1, len(outgoing[nid]) > 1
            attrs["gatewayDirection"] = (
                "Diverging"
                if many_out and not many_in
                else (
                    "Converging"
                    if many_in and not many_out
                    else "Mixed"
                    if many_in
                    else "Unspecified"
                )
            )
        el = ET.SubElement(process, q("bpmn", _TAGS[kind]), attrs)
        for fid in incoming[nid]:
            ET.SubElement(el, q("bpmn", "incoming")).text = fid
        for fid in outgoing[nid]:
            ET.SubElement(el, q("bpmn", "outgoing")).text = fid
    for fid, (s, t) in zip(flow_ids, flows, strict=True):
        ET.SubElement(
            process,
            q("bpmn", "sequenceFlow"),
            {"id": fid, "sourceRef": ids[id(s)], "targetRef": ids[id(t)]},
        )
    diagram = ET.SubElement(defs, q("bpmndi", "BPMNDiagram"), {"id": "BPMNDiagram_1"})
    plane = ET.SubElement(
        diagram, q("bpmndi", "BPMNPlane"), {"id": "BPMNPlane_1", "bpmnElement": "Process_1"}
    )
    for nid, kind in zip(id_list, kinds, strict=True):
        attrs = {"id": f"{nid}_di", "bpmnElement": nid}
        if kind in ("xor", "and", "or"):
            attrs["isMarkerVisible"] = "true"
        shape = ET.SubElement(plane, q("bpmndi", "BPMNShape"), attrs)
        x, y, w, h = boxes[nid]
        ET.SubElement(
            shape,
            q("dc", "Bounds"),
            {"x": f"{x:g}", "y": f"{y:g}", "width": f"{w:g}", "height": f"{h:g}"},
        )
    for fid, (s, t) in zip(flow_ids, flows, strict=True):
        edge = ET.SubElement(
            plane, q("bpmndi", "BPMNEdge"), {"id": f"{fid}_di", "bpmnElement": fid}
        )
        src, dst = boxes[ids[id(s)]], boxes[ids[id(t)]]
        pending = routes.get((ids[id(s)], ids[id(t)]), [])
        points = _clean(pending.pop(0)) if pending else []
        if len(points) < 2 or not (_inside(points[0], src) and _inside(points[-1], dst)):
            points = _waypoints(src, dst)
        points = [_clamp(points[0], src), *points[1:-1], _clamp(points[-1], dst)]
        for x, y in points:
            ET.SubElement(edge, q("di", "waypoint"), {"x": f"{x:g}", "y": f"{y:g}"})
    ET.indent(defs)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(defs, encoding="unicode") + "\n"
