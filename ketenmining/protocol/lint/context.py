"""What lint rules share: the loaded protocol, the language, cached analyses.

A lint rule module reads the :class:`LintContext` and yields findings. The
context computes the expensive things once (the route automaton, which rules
are sound enough for the semantic checks) and lazily, so the quick rules
(schema, references, version) stay quick.
"""

from __future__ import annotations

from functools import cached_property
from types import ModuleType
from typing import Any

from ketenmining.errors import Finding, Location
from ketenmining.protocol.load import LoadResult
from ketenmining.protocol.model import Protocol, RouteNode, Rule
from ketenmining.protocol.route import ROUTE_BUDGET, RouteAutomaton
from ketenmining.texts import tr

NAMED_PARAMS = ("step", "from", "to", "pickup")


class LintContext:
    """The protocol under lint and the analyses rules share."""

    def __init__(
        self,
        result: LoadResult,
        lang: str = "en",
        config_steps: set[str] | None = None,
        budget: int | None = None,
        route_budget: int = ROUTE_BUDGET,
    ) -> None:
        from ketenmining.protocol.explore import PRODUCT_BUDGET

        self.result = result
        self.lang = lang
        self.config_steps = config_steps
        self.budget = budget or PRODUCT_BUDGET
        self.route_budget = route_budget
        self.bounded: list[tuple[str, Location | None]] = []  # (what, where) of bounded analyses
        self.route_problems: list[Finding] = []

    @property
    def protocol(self) -> Protocol | None:
        """The protocol model (None when the YAML could not be read)."""
        return self.result.protocol

    def t(self, msgid: str, **values: Any) -> str:
        """The catalogue text ``msgid`` in the context's language, filled in."""
        return tr(msgid, self.lang, **values)

    def finding(
        self,
        rule: ModuleType,
        where: Location | None,
        msgid: str,
        hint: str | None = None,
        severity: str | None = None,
        data: dict[str, Any] | None = None,
        **values: Any,
    ) -> Finding:
        """A finding of lint rule module ``rule``; message and hint are catalogue ids."""
        return Finding(
            code=rule.CODE,
            title=rule.NAME,
            message=self.t(msgid, **values),
            severity=severity or rule.SEVERITY,
            where=where,
            hint=self.t(hint, **values) if hint else None,
            data=data or {},
        )

    # -- shared analyses ------------------------------------------------------
    @cached_property
    def route(self) -> RouteNode | None:
        """The route tree, resolving a BPMN/PNML route file when the protocol has one."""
        proto = self.protocol
        if proto is None:
            return None
        if proto.route_source.kind == "tree":
            return proto.route
        from ketenmining.errors import KetenError
        from ketenmining.protocol.compile import resolve_route

        try:
            return resolve_route(proto).route
        except KetenError as exc:
            self.route_problems.extend(
                Finding(
                    "P001",
                    "schema",
                    p.message,
                    "error",
                    p.where or proto.route_source.where,
                    p.hint,
                )
                for p in exc.problems
            )
            return None

    @cached_property
    def route_ok(self) -> bool:
        """True when the route exists and names only declared steps."""
        proto, route = self.protocol, self.route
        if proto is None or route is None:
            return False
        return all(s in proto.steps for s in route.steps())

    @cached_property
    def automaton(self) -> RouteAutomaton | None:
        """The route automaton, or None when the route is not usable."""
        if not self.route_ok or self.route is None:
            return None
        from ketenmining.protocol.route import build_automaton

        auto = build_automaton(self.route, self.route_budget)
        if auto.bounded:
            self.bounded.append(
                ("route", self.protocol.where.get("route") if self.protocol else None)
            )
        return auto

    def rule_sound(self, rule: Rule) -> bool:
        """True when every reference of the rule is valid (semantic checks may use it)."""
        proto = self.protocol
        if proto is None:
            return False
        if any(s not in proto.steps for s in rule.referenced_steps()):
            return False
        if rule.kind == "handover":
            step = proto.steps[rule.step or ""]
            if not step.handover_to or step.handover_to not in proto.known_orgs():
                return False
            receivers = set(proto.expand(step.handover_to))
            if rule.pickup and not proto.responsible(rule.pickup) & receivers:
                return False
        return True

    @cached_property
    def sound_rules(self) -> list[Rule]:
        """Rules whose references are valid, in protocol order."""
        proto = self.protocol
        return [r for r in proto.rules if self.rule_sound(r)] if proto else []
