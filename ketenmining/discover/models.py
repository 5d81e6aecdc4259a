"""Process models from variant counts: inductive miner → process tree, Petri net, BPMN.

pm4py's inductive miner (IMf, with a noise threshold) is fed a variant
counter (a ``UVCL``: Counter of activity tuples) that DuckDB computed, never
events. Only published variants (at least k clients) go in, so no route
below k can shape the model. The BPMN file gets its own deterministic ids
and a left-to-right layout computed with Graphviz, so a BPMN modeller opens
it with every shape and flow in place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ketenmining.discover.aggregate import Graph, Variant
from ketenmining.errors import KetenError


@dataclass
class Models:
    """The discovered models (pm4py objects)."""

    tree: Any
    net: Any
    initial: Any
    final: Any
    bpmn: Any


def variant_counter(variants: list[Variant]) -> Counter[tuple[str, ...]]:
    """A pm4py UVCL: routes with their number of traces.

    Activity names lose the characters XML cannot hold (a NUL from a hand-made
    chain log or a quick-mode file), or the PNML and BPMN writers fail.
    """
    from ketenmining.safetext import xml_text

    counter: Counter[tuple[str, ...]] = Counter()
    for v in variants:
        counter[tuple(xml_text(a) for a in v.activities)] += v.traces
    return counter


def discover_models(variants: list[Variant], noise: float = 0.2) -> Models | None:
    """Inductive miner (IMf) on ``variants``; ``None`` when there is nothing to mine."""
    if not variants:
        return None
    if not 0 <= noise <= 1:
        raise KetenError(
            f"noise threshold {noise} is not a share",
            hint="give a number between 0 and 1, e.g. 0.2",
        )
    from ketenmining._pm4py import pm4py_quiet

    pm4py_quiet()
    from pm4py.algo.discovery.inductive.dtypes.im_ds import IMDataStructureUVCL
    from pm4py.algo.discovery.inductive.variants.imf import IMFUVCL

    params = {"noise_threshold": float(noise)}
    return _finish(IMFUVCL(params).apply(IMDataStructureUVCL(variant_counter(variants)), params))


def _finish(tree: Any) -> Models:
    from ketenmining._pm4py import pm4py_quiet

    pm4py = pm4py_quiet()
    from pm4py.objects.process_tree.utils import generic as pt_util

    tree = pt_util.fold(tree)
    pt_util.tree_sort(tree)
    net, im, fm = pm4py.convert_to_petri_net(tree)
    return Models(tree, net, im, fm, pm4py.convert_to_bpmn(tree))


def _connected(
    edges: dict[tuple[str, str], int], starts: dict[str, int], ends: dict[str, int]
) -> tuple[dict[tuple[str, str], int], dict[str, int], dict[str, int]]:
    """Keep the activities on some path from a start to an end (the miner needs a connected graph)."""

    def reach(seeds: set[str], step: dict[str, set[str]]) -> set[str]:
        seen, todo = set(seeds), list(seeds)
        while todo:
            for nxt in step.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    fwd: dict[str, set[str]] = {}
    back: dict[str, set[str]] = {}
    for a, b in edges:
        fwd.setdefault(a, set()).add(b)
        back.setdefault(b, set()).add(a)
    alive = reach(set(starts), fwd) & reach(set(ends), back)
    return (
        {ab: c for ab, c in edges.items() if ab[0] in alive and ab[1] in alive},
        {a: c for a, c in starts.items() if a in alive},
        {a: c for a, c in ends.items() if a in alive},
    )


def discover_models_from_graph(graph: Graph, noise: float = 0.2) -> Models | None:
    """Inductive miner (IMd) on a published activity graph, with IMf's noise filter on its edges.

    Used when the published variants cover too few routes (a log with many
    rare variants): the graph holds every edge shared by at least k cases.
    Edges below ``noise`` times the busiest outgoing edge of their source are dropped.
    """
    edges = {(e.source[0], e.target[0]): e.cases for e in graph.edges.values()}
    starts = {n.key[0]: n.start_cases for n in graph.nodes.values() if n.start_cases}
    ends = {n.key[0]: n.end_cases for n in graph.nodes.values() if n.end_cases}
    if not edges and not starts:
        return None
    busiest: dict[str, int] = {}
    for (a, _), c in edges.items():
        busiest[a] = max(busiest.get(a, 0), c)
    kept = {ab: c for ab, c in edges.items() if c >= noise * busiest[ab[0]]}
    top_start = max(starts.values(), default=0)
    starts = {a: c for a, c in starts.items() if c >= noise * top_start} or starts
    top_end = max(ends.values(), default=0)
    ends = {a: c for a, c in ends.items() if c >= noise * top_end} or ends
    kept, starts, ends = _connected(kept, starts, ends)
    if not starts or not ends:
        return None
    from ketenmining._pm4py import pm4py_quiet

    pm4py_quiet()
    from pm4py.algo.discovery.inductive.dtypes.im_dfg import InductiveDFG
    from pm4py.algo.discovery.inductive.dtypes.im_ds import IMDataStructureDFG
    from pm4py.algo.discovery.inductive.variants.imd import IMD
    from pm4py.objects.dfg.obj import DFG

    dfg = DFG(kept, starts, ends)
    return _finish(IMD({}).apply(IMDataStructureDFG(InductiveDFG(dfg=dfg, skip=False)), {}))


def tree_text(tree: Any, label: Any) -> str:
    """The process tree in pm4py's notation, with activity labels for people."""
    from pm4py.objects.process_tree.obj import Operator

    symbols = {
        Operator.SEQUENCE: "->",
        Operator.XOR: "X",
        Operator.PARALLEL: "+",
        Operator.LOOP: "*",
        Operator.OR: "O",
        Operator.INTERLEAVING: "<>",
    }

    def walk(node: Any) -> str:
        if node.operator is None:
            return "tau" if node.label is None else "'" + label(node.label).replace("'", "’") + "'"
        return (
            f"{symbols.get(node.operator, str(node.operator))}( "
            + ", ".join(walk(c) for c in node.children)
            + " )"
        )

    return walk(tree) + "\n"


def pnml_text(models: Models) -> str:
    """The Petri net as PNML text (transition labels are the activity ids)."""
    from pm4py.objects.petri_net.exporter.variants import pnml as pnml_exporter

    raw = pnml_exporter.export_petri_as_string(models.net, models.initial, models.final)
    return canonical_pnml(raw if isinstance(raw, bytes) else str(raw).encode("utf-8"))


def canonical_pnml(raw: bytes) -> str:
    """PNML with ids that follow from the net alone: the same net gives the same bytes.

    pm4py names the net after the clock, visible transitions and tool ids by
    random UUIDs and arcs by memory addresses, and lists places in set order;
    here the net is ``net``, transitions are ``t1``… in the order of their
    labels and neighbours, arcs ``a1``… by source and target, places, transitions
    and arcs each sorted.
    """
    from lxml import etree

    root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    net = root.find("net")
    page = net.find("page") if net is not None else None
    if net is None or page is None:
        return raw.decode("utf-8")
    net.set("id", "net")
    name = net.find("name/text")
    if name is not None:
        name.text = "net"

    def text(el: Any) -> str:
        found = el.find("name/text")
        return found.text or "" if found is not None else ""

    places = page.findall("place")
    transitions = page.findall("transition")
    arcs = page.findall("arc")
    inputs: dict[str, list[str]] = {}
    outputs: dict[str, list[str]] = {}
    for arc in arcs:
        outputs.setdefault(arc.get("source"), []).append(arc.get("target"))
        inputs.setdefault(arc.get("target"), []).append(arc.get("source"))
    stable = {p.get("id"): p.get("id") for p in places}

    def key(t: Any) -> tuple[str, str, list[str], list[str]]:
        tid = t.get("id")
        invisible = t.find("toolspecific") is not None
        return (
            "1" if invisible else "0",
            text(t),
            sorted(stable.get(x, "") for x in inputs.get(tid, [])),
            sorted(stable.get(x, "") for x in outputs.get(tid, [])),
        )

    renamed = {p.get("id"): p.get("id") for p in places}
    for i, t in enumerate(sorted(transitions, key=key), start=1):
        renamed[t.get("id")] = t.get("id") if t.find("toolspecific") is not None else f"t{i}"
    for t in transitions:
        t.set("id", renamed[t.get("id")])
        tool = t.find("toolspecific")
        if tool is not None and tool.get("localNodeID"):
            tool.set("localNodeID", f"local_{t.get('id')}")
    for arc in arcs:
        arc.set("source", renamed.get(arc.get("source"), arc.get("source")))
        arc.set("target", renamed.get(arc.get("target"), arc.get("target")))
    for el in places + transitions + arcs:
        page.remove(el)
    places.sort(key=lambda p: p.get("id"))
    transitions.sort(key=lambda t: t.get("id"))
    arcs.sort(key=lambda a: (a.get("source"), a.get("target")))
    for i, arc in enumerate(arcs, start=1):
        arc.set("id", f"a{i}")
    for position, el in enumerate(places + transitions + arcs):
        page.insert(position, el)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8").decode("utf-8")
