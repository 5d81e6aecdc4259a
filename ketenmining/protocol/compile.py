"""Compile the route to pm4py objects, and read a route drawn in BPMN or PNML.

The route is a process tree, so it always compiles to a sound workflow net:
``sequence`` → →, ``choice`` → ×, ``parallel`` → +, ``loop`` (one or more)
→ ↺(X, τ), ``optional`` → ×(X, τ); leaves are labelled with step ids. The
conformance audit uses the net (alignments); lint and ``protocol test`` use
the light automaton in :mod:`.route` and never import pm4py.

A protocol may instead say ``route: {bpmn: file}`` or ``{pnml: file}`` (the
path relative to the protocol file). The model is read with pm4py, turned
into a process tree (it must be block-structured) and its activity labels
are matched to steps by step id, Dutch label or English label.

pm4py is imported inside the functions, through
:func:`ketenmining._pm4py.pm4py_quiet`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError, Location
from ketenmining.protocol.model import Protocol, RouteNode


def to_process_tree(route: RouteNode) -> Any:
    """The route as a pm4py ``ProcessTree``."""
    from ketenmining._pm4py import pm4py_quiet

    pm4py_quiet()
    from pm4py.objects.process_tree.obj import Operator, ProcessTree

    def build(node: RouteNode, parent: Any) -> Any:
        if node.kind == "step":
            return ProcessTree(label=node.step, parent=parent)
        op = {
            "sequence": Operator.SEQUENCE,
            "choice": Operator.XOR,
            "parallel": Operator.PARALLEL,
            "loop": Operator.LOOP,
            "optional": Operator.XOR,
        }[node.kind]
        tree = ProcessTree(operator=op, parent=parent)
        tree.children.extend(build(c, tree) for c in node.children)
        if node.kind in ("loop", "optional"):
            tree.children.append(ProcessTree(parent=tree))  # τ: redo nothing / skip
        return tree

    return build(route, None)


def to_petri_net(route: RouteNode) -> tuple[Any, Any, Any]:
    """The route as a workflow net: (net, initial marking, final marking)."""
    pm4py = _pm4py()
    return pm4py.convert_to_petri_net(to_process_tree(route))


def _pm4py() -> Any:
    from ketenmining._pm4py import pm4py_quiet

    return pm4py_quiet()


def resolve_route(protocol: Protocol) -> Protocol:
    """The protocol with its route as a tree (reading a BPMN/PNML route file if needed)."""
    source = protocol.route_source
    if source.kind == "tree":
        if protocol.route is None:
            raise KetenError("the protocol has no route", where=Location(protocol.file))
        return protocol
    path = Path(protocol.file).parent / (source.path or "")
    if not path.is_file():
        raise KetenError(
            f"route model file not found: {source.path}",
            hint="the path is relative to the protocol file",
            where=source.where,
        )
    pm4py = _pm4py()
    try:
        if source.kind == "bpmn":
            tree = pm4py.convert_to_process_tree(pm4py.read_bpmn(str(path)))
        else:
            net, im, fm = pm4py.read_pnml(str(path))
            tree = pm4py.convert_to_process_tree(net, im, fm)
    except Exception as exc:  # pm4py raises bare Exceptions for unreadable / unstructured models
        raise KetenError(
            f"cannot read the route from {source.kind.upper()} file {source.path} ({type(exc).__name__})",
            hint="the model must be a block-structured, sound workflow model (sequence, choice, parallel, loop)",
            where=source.where,
        ) from None
    labels = _label_index(protocol)
    route = _from_tree(tree, labels, source.where, protocol)
    if route is None:
        raise KetenError("the route model has no steps", where=source.where)
    return dataclasses.replace(protocol, route=route)


def _label_index(protocol: Protocol) -> dict[str, str]:
    out: dict[str, str] = {}
    for step in protocol.steps.values():
        for text in (step.id, step.label, step.label_en):
            if text:
                out.setdefault(" ".join(text.lower().split()), step.id)
    return out


def _from_tree(
    tree: Any, labels: dict[str, str], where: Location | None, proto: Protocol
) -> RouteNode | None:
    from pm4py.objects.process_tree.obj import Operator

    if tree.operator is None:
        if tree.label is None:
            return None  # τ
        sid = labels.get(" ".join(str(tree.label).lower().split()))
        if sid is None:
            raise KetenError(
                f"activity '{tree.label}' in the route model matches no step",
                hint="name the activity after a step id or its label (label / label_en)",
                where=where,
            )
        return RouteNode("step", step=sid, where=where)
    kids = [_from_tree(c, labels, where, proto) for c in tree.children]
    real = [k for k in kids if k is not None]
    op = tree.operator
    if op == Operator.LOOP:
        do, redo = [*kids, None, None][:2]
        if do is None:
            raise KetenError("a loop in the route model starts with nothing", where=where)
        if redo is None:
            return RouteNode("loop", children=(do,), where=where)
        again = RouteNode(
            "loop", children=(RouteNode("sequence", children=(redo, do), where=where),), where=where
        )
        return RouteNode(
            "sequence",
            children=(do, RouteNode("optional", children=(again,), where=where)),
            where=where,
        )
    if not real:
        return None
    if op == Operator.XOR:
        body = real[0] if len(real) == 1 else RouteNode("choice", children=tuple(real), where=where)
        return (
            RouteNode("optional", children=(body,), where=where) if len(real) < len(kids) else body
        )
    if op in (Operator.SEQUENCE, Operator.PARALLEL):
        if len(real) == 1:
            return real[0]
        kind = "sequence" if op == Operator.SEQUENCE else "parallel"
        return RouteNode(kind, children=tuple(real), where=where)
    raise KetenError(
        f"the route model uses a construct ketenmining cannot express ({op})",
        hint="use sequence, exclusive choice, parallel and loop only",
        where=where,
    )
