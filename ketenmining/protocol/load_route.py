"""Read the ``route:`` of a protocol: the process tree, subroutes, or a BPMN/PNML file.

A route node is a step id, or a one-key mapping ``sequence | choice |
parallel`` (a list of parts), ``loop | optional`` (one part) or
``subroute: name`` (a named part under ``subroutes:``, expanded here; a
missing or circular subroute is reported as P014). ``route: {bpmn: file}`` or
``{pnml: file}`` leaves the tree empty and records the file; it is read later
by :func:`ketenmining.protocol.compile.resolve_route` (that needs pm4py).
"""

from __future__ import annotations

from typing import Any

from ketenmining.protocol.model import OPERATORS, RouteNode, RouteSource
from ketenmining.protocol.reader import Reader
from ketenmining.protocol.spec import ROUTE_KEYS
from ketenmining.yamldoc import PathKey


def read_route(r: Reader, data: dict[str, Any]) -> tuple[RouteNode | None, RouteSource]:
    """The route tree (subroutes expanded) and where it came from."""
    raw = data.get("route")
    if raw is None:
        return None, RouteSource()
    if isinstance(raw, dict) and len(raw) == 1 and next(iter(raw)) in ("bpmn", "pnml"):
        kind = next(iter(raw))
        file = r.text(("route", kind), raw[kind], kind)
        return None, RouteSource(kind, file, r.where(("route", kind)))
    subroutes = data.get("subroutes") or {}
    if not isinstance(subroutes, dict):
        r.wrong_type(("subroutes",), "subroutes", "mapping", subroutes)
        subroutes = {}
    builder = _RouteBuilder(r, subroutes)
    return builder.node(("route",), raw, ()), RouteSource("tree", None, r.where(("route",)))


class _RouteBuilder:
    """Parse route nodes, expanding ``{subroute: name}`` references (cycles are P014)."""

    def __init__(self, r: Reader, subroutes: dict[str, Any]) -> None:
        self.r = r
        self.subroutes = subroutes

    def node(self, path: PathKey, raw: Any, stack: tuple[str, ...]) -> RouteNode | None:
        r = self.r
        where = r.where(path)
        if isinstance(raw, str):
            return RouteNode("step", step=raw, where=where)
        if not isinstance(raw, dict) or len(raw) != 1:
            r.problem(
                path,
                "protocol.load.route_node_must_step",
                "protocol.load.route_node_must_step.hint",
                ops=", ".join(ROUTE_KEYS),
            )
            return None
        op, body = next(iter(raw.items()))
        if op == "subroute":
            return self._subroute((*path, op), body, stack)
        if op not in OPERATORS:
            r.check_keys(path, raw, ROUTE_KEYS, what="route")
            return None
        if op in ("loop", "optional"):
            child = self.node((*path, op), body, stack)
            return RouteNode(op, children=(child,), where=where) if child else None
        if not isinstance(body, list) or not body:
            r.problem(
                (*path, op),
                "protocol.load.needs_list_at_least",
                "protocol.load.needs_list_at_least.hint",
                op=op,
            )
            return None
        children = [self.node((*path, op, i), item, stack) for i, item in enumerate(body)]
        if any(c is None for c in children):
            return None
        return RouteNode(op, children=tuple(c for c in children if c), where=where)

    def _subroute(self, path: PathKey, name: Any, stack: tuple[str, ...]) -> RouteNode | None:
        r = self.r
        if not isinstance(name, str) or name not in self.subroutes:
            r.problem(
                path,
                "protocol.load.unknown_subroute",
                "protocol.load.unknown_subroute.hint",
                code="P014",
                title="bad-reference",
                name=name,
            )
            return None
        if name in stack:
            cycle = " → ".join((*stack[stack.index(name) :], name))
            r.problem(
                path,
                "protocol.load.subroute_refers_itself",
                "protocol.load.subroute_refers_itself.hint",
                code="P014",
                title="bad-reference",
                name=name,
                cycle=cycle,
            )
            return None
        return self.node(("subroutes", name), self.subroutes[name], (*stack, name))
