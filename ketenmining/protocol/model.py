"""The typed model of a chain protocol: organisations, steps, route, rules and tests.

Every node keeps the :class:`~ketenmining.errors.Location` (file:line:column)
it was read from, so that lint findings and test failures can point at the
exact place in the YAML file. Locations are not part of equality: two nodes
are equal when they mean the same, wherever they were written (``protocol
diff`` relies on this). The model is plain frozen dataclasses with no
behaviour beyond small look-ups; loading is in :mod:`.load`, evaluation in
:mod:`.evaluate`, the route's language in :mod:`.route`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ketenmining.errors import Location
from ketenmining.i18n import localised
from ketenmining.timeunits import Duration

#: Route operators of the process tree, in the order the docs list them.
OPERATORS = ("sequence", "choice", "parallel", "loop", "optional")
#: Rule severities, most serious first; ``minor`` is the default.
SEVERITIES = ("major", "minor", "observation")

#: Control-flow templates (after DECLARE) and what they take.
UNARY_KINDS = ("existence", "absence", "at_most", "exactly", "init", "end")
BINARY_KINDS = (
    "response",
    "precedence",
    "succession",
    "chain_response",
    "not_succession",
    "co_existence",
    "not_co_existence",
)
#: Chain-specific rule kinds.
CHAIN_KINDS = ("duration", "handover", "no_duplicate", "no_ping_pong", "max_handovers", "by")
RULE_KINDS = UNARY_KINDS + BINARY_KINDS + CHAIN_KINDS


@dataclass(frozen=True)
class Organisation:
    """An organisation code, or a role (``MELDER``) that several organisations can fill."""

    code: str
    name: str
    name_en: str | None = None
    members: tuple[str, ...] = ()
    where: Location | None = field(default=None, compare=False)

    def text(self, lang: str) -> str:
        """The name in ``lang`` (English falls back to the Dutch name)."""
        return localised(self.name, self.name_en, lang)


@dataclass(frozen=True)
class Step:
    """One step of the shared vocabulary: what is done and by whom."""

    id: str
    label: str
    by: tuple[str, ...]
    label_en: str | None = None
    handover_to: str | None = None
    joint: bool = False
    milestone: bool = False
    in_route: bool = True
    description: str | None = None
    where: Location | None = field(default=None, compare=False)

    def text(self, lang: str) -> str:
        """The label in ``lang`` (English falls back to the Dutch label)."""
        return localised(self.label, self.label_en, lang)


@dataclass(frozen=True)
class RouteNode:
    """A node of the route's process tree: a step (leaf) or an operator with children."""

    kind: str  # "step" or one of OPERATORS
    step: str | None = None
    children: tuple[RouteNode, ...] = ()
    where: Location | None = field(default=None, compare=False)

    def steps(self) -> list[str]:
        """All step ids in this subtree, in document order (with repeats)."""
        if self.kind == "step":
            return [self.step] if self.step else []
        out: list[str] = []
        for child in self.children:
            out.extend(child.steps())
        return out

    def walk(self) -> list[RouteNode]:
        """This node and all nodes below it, depth first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(frozen=True)
class RouteSource:
    """Where the route came from: the YAML tree, or a BPMN / PNML model file."""

    kind: str = "tree"  # tree | bpmn | pnml
    path: str | None = None
    where: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Window:
    """The time window of a rule: ``within`` (at most) and/or ``after`` (at least)."""

    within: Duration | None = None
    after: Duration | None = None
    within_where: Location | None = field(default=None, compare=False)
    after_where: Location | None = field(default=None, compare=False)

    @property
    def empty(self) -> bool:
        """True when the rule has no time window."""
        return self.within is None and self.after is None

    def text(self, lang: str = "en") -> str:
        """``≤ 5 werkdagen``, ``≥ 10 weeks``, ``10–16 weken`` for drawings and reports."""
        if self.within and self.after and self.within.unit == self.after.unit:
            return f"{self.after.amount}–{self.within.text(lang)}"
        parts = []
        if self.after:
            parts.append(f"≥ {self.after.text(lang)}")
        if self.within:
            parts.append(f"≤ {self.within.text(lang)}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Rule:
    """One audit rule: a template or chain kind with its steps, window, norm and severity.

    Parameters are held in plain fields; which of them a kind uses is listed
    in :data:`KIND_PARAMS`. ``steps`` is used by ``no_duplicate`` and ``by``.
    """

    id: str
    kind: str
    text: str = ""
    text_en: str | None = None
    clause: str | None = None
    severity: str = "minor"
    norm: float = 1.0
    step: str | None = None
    steps: tuple[str, ...] = ()
    source: str | None = None  # "from"
    target: str | None = None  # "to"
    pickup: str | None = None
    count: int | None = None
    window: Window = field(default_factory=Window)
    extends: str | None = None
    where: Location | None = field(default=None, compare=False)
    param_where: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str) -> str:
        """The rule text in ``lang`` (falls back to the other language, then the id)."""
        return localised(self.text, self.text_en, lang) or self.text_en or self.id

    def referenced_steps(self) -> list[str]:
        """Every step id this rule names."""
        out = [s for s in (self.step, self.source, self.target, self.pickup) if s]
        out.extend(self.steps)
        return out

    def at(self, param: str) -> Location | None:
        """Location of one parameter (falls back to the rule)."""
        return self.param_where.get(param, self.where)


#: The parameters each kind takes (``from``/``to`` are ``source``/``target``).
KIND_PARAMS: dict[str, tuple[str, ...]] = {
    "existence": ("step", "count"),
    "absence": ("step",),
    "at_most": ("step", "count"),
    "exactly": ("step", "count"),
    "init": ("step",),
    "end": ("step",),
    **{k: ("from", "to", "within", "after") for k in BINARY_KINDS},
    "duration": ("step", "from", "to", "within", "after"),
    "handover": ("step", "pickup", "within"),
    "no_duplicate": ("step", "steps", "within"),
    "no_ping_pong": ("within",),
    "max_handovers": ("count",),
    "by": ("steps",),
}


@dataclass(frozen=True)
class TraceEvent:
    """One event of an embedded test trace."""

    step: str
    timestamp: dt.datetime  # tz-aware
    org: str | None = None
    lifecycle: str = "complete"
    where: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Expectation:
    """What a test expects: route conformance and/or rule statuses."""

    conforms: bool | None = None
    statuses: tuple[tuple[str, str, Location | None], ...] = ()  # (rule id, status, where)


@dataclass(frozen=True)
class ProtocolTest:
    """An embedded protocol test: a trace with dates and what it should give."""

    name: str
    events: tuple[TraceEvent, ...]
    expect: Expectation
    data_end: dt.datetime | None = None
    where: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CalendarSpec:
    """Which days are working days: country, national options, own closing days."""

    country: str = "NL"
    good_friday: str = "closed"  # closed | open
    liberation_day: str = "lustrum"  # every_year | lustrum | open
    closed: tuple[dt.date, ...] = ()
    timezone: str = "Europe/Amsterdam"
    where: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Protocol:
    """A whole chain protocol as loaded from YAML."""

    id: str
    version: str
    file: str
    sha256: str = ""
    title: str = ""
    title_en: str | None = None
    language: str = "nl"
    owner: str | None = None
    calendar: CalendarSpec = field(default_factory=CalendarSpec)
    case_closed_after: Duration = field(default_factory=lambda: Duration(3, "months"))
    organisations: dict[str, Organisation] = field(default_factory=dict)
    steps: dict[str, Step] = field(default_factory=dict)
    route: RouteNode | None = None
    route_source: RouteSource = field(default_factory=RouteSource)
    rules: tuple[Rule, ...] = ()
    tests: tuple[ProtocolTest, ...] = ()
    where: dict[str, Location] = field(default_factory=dict, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def ref(self) -> str:
        """``id@version``, the way reports cite a protocol."""
        return f"{self.id}@{self.version}"

    def known_orgs(self) -> set[str]:
        """Every organisation code: declared codes, roles and role members."""
        out = set(self.organisations)
        for org in self.organisations.values():
            out.update(org.members)
        return out

    def expand(self, code: str) -> tuple[str, ...]:
        """The organisations a code stands for: a role's members, or the code itself."""
        org = self.organisations.get(code)
        if org is not None and org.members:
            return org.members
        return (code,)

    def responsible(self, step_id: str) -> frozenset[str]:
        """Organisations allowed to perform a step (roles expanded to members)."""
        step = self.steps.get(step_id)
        if step is None:
            return frozenset()
        out: set[str] = set()
        for code in step.by:
            out.update(self.expand(code))
        return frozenset(out)

    def default_org(self, step_id: str) -> str | None:
        """The step's first responsible organisation (first member of a role)."""
        step = self.steps.get(step_id)
        if step is None or not step.by:
            return None
        return self.expand(step.by[0])[0]

    def handover_steps(self) -> list[Step]:
        """Steps that hand the case over to another organisation."""
        return [s for s in self.steps.values() if s.handover_to]

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this id, or None."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None
