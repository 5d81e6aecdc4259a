"""``protocol diff``: what changed between two versions of a protocol, and is the version bump big enough?

Each change gets the smallest semantic-version bump that honestly announces
it to chain partners:

* **major** — something that existed is gone or means something else: a
  removed step or organisation, a rule whose kind or steps changed, a route
  that no longer accepts every trace it used to accept;
* **minor** — the audit criteria change: a new step, rule or organisation,
  a removed rule, a deadline tightened or loosened, a norm or severity
  changed, a changed responsible organisation or handover, a wider route,
  a changed calendar;
* **patch** — wording only: labels, texts, clauses, titles, tests, or a route
  written differently with the same traces.

Route changes are decided on the routes' languages (inclusion of automata,
bounded like the lint analyses).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ketenmining.protocol.lint.p011_version import SEMVER
from ketenmining.protocol.model import Protocol, ProtocolTest, Rule
from ketenmining.protocol.route import RouteAutomaton, build_automaton
from ketenmining.protocol.windows import day_span

LEVELS = ("none", "patch", "minor", "major")


@dataclass
class Change:
    """One difference between the old and the new protocol."""

    area: str  # step | organisation | rule | route | calendar | protocol | test
    id: str
    what: str  # added | removed | changed
    detail: str
    level: str


@dataclass
class DiffResult:
    """All changes, the bump they need and the bump that was made."""

    old: str
    new: str
    changes: list[Change] = field(default_factory=list)
    made: str = "none"  # none | patch | minor | major | lower | invalid

    @property
    def required(self) -> str:
        """The largest level any change needs."""
        return max((c.level for c in self.changes), key=LEVELS.index, default="none")

    @property
    def bump_ok(self) -> bool:
        """True when the version bump is at least what the changes need."""
        if self.made in ("lower", "invalid"):
            return False
        return LEVELS.index(self.made) >= LEVELS.index(self.required)

    def as_record(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "old": self.old,
            "new": self.new,
            "required_bump": self.required,
            "version_bump": self.made,
            "bump_ok": self.bump_ok,
            "changes": [c.__dict__ for c in self.changes],
        }


def version_bump(old: str, new: str) -> str:
    """How ``new`` differs from ``old``: major, minor, patch, none, lower or invalid.

    For 0.y.z versions a minor bump counts as major (semver §4: anything may change).
    """
    mo, mn = SEMVER.match(old), SEMVER.match(new)
    if not mo or not mn:
        return "invalid"
    a = tuple(int(x) for x in mo.groups()[:3])
    b = tuple(int(x) for x in mn.groups()[:3])
    if b < a:
        return "lower"
    if b == a:
        return "none"
    if b[0] > a[0]:
        return "major"
    if b[1] > a[1]:
        return "major" if a[0] == 0 else "minor"
    return "patch"


def diff_protocols(old: Protocol, new: Protocol) -> DiffResult:
    """Compare two protocols."""
    res = DiffResult(old.ref, new.ref)
    res.made = version_bump(old.version, new.version)
    add = res.changes.append
    _diff_orgs(old, new, add)
    _diff_steps(old, new, add)
    _diff_route(old, new, add)
    _diff_rules(old, new, add)
    if old.calendar != new.calendar:
        add(
            Change(
                "calendar", "calendar", "changed", "working days are counted differently", "minor"
            )
        )
    if old.case_closed_after != new.case_closed_after:
        add(
            Change(
                "protocol",
                "case_closed_after",
                "changed",
                f"{old.case_closed_after} → {new.case_closed_after}",
                "minor",
            )
        )
    for attr in ("title", "title_en", "owner", "language"):
        if getattr(old, attr) != getattr(new, attr):
            add(Change("protocol", attr, "changed", "wording", "patch"))
    if [_test_meaning(t) for t in old.tests] != [_test_meaning(t) for t in new.tests]:
        add(Change("test", "tests", "changed", "embedded tests changed", "patch"))
    return res


def _test_meaning(test: ProtocolTest) -> tuple[Any, ...]:
    """A test without the places it was written (the statuses carry their locations)."""
    statuses = tuple((rid, status) for rid, status, _where in test.expect.statuses)
    return (test.name, test.events, test.expect.conforms, statuses, test.data_end)


def _diff_orgs(old: Protocol, new: Protocol, add: Callable[[Change], None]) -> None:
    for code in old.organisations.keys() - new.organisations.keys():
        add(Change("organisation", code, "removed", "organisation removed", "major"))
    for code in new.organisations.keys() - old.organisations.keys():
        add(Change("organisation", code, "added", "organisation added", "minor"))
    for code in sorted(old.organisations.keys() & new.organisations.keys()):
        a, b = old.organisations[code], new.organisations[code]
        if set(a.members) != set(b.members):
            add(
                Change(
                    "organisation",
                    code,
                    "changed",
                    f"members {sorted(a.members)} → {sorted(b.members)}",
                    "minor",
                )
            )
        elif (a.name, a.name_en) != (b.name, b.name_en):
            add(Change("organisation", code, "changed", "name", "patch"))


def _diff_steps(old: Protocol, new: Protocol, add: Callable[[Change], None]) -> None:
    for sid in sorted(old.steps.keys() - new.steps.keys()):
        add(Change("step", sid, "removed", "step removed from the vocabulary", "major"))
    for sid in sorted(new.steps.keys() - old.steps.keys()):
        add(Change("step", sid, "added", "new step", "minor"))
    for sid in sorted(old.steps.keys() & new.steps.keys()):
        a, b = old.steps[sid], new.steps[sid]
        if set(a.by) != set(b.by):
            add(
                Change(
                    "step",
                    sid,
                    "changed",
                    f"responsible {'/'.join(a.by)} → {'/'.join(b.by)}",
                    "minor",
                )
            )
        if a.handover_to != b.handover_to:
            add(
                Change(
                    "step",
                    sid,
                    "changed",
                    f"handover to {a.handover_to} → {b.handover_to}",
                    "minor",
                )
            )
        if a.in_route != b.in_route:
            add(Change("step", sid, "changed", f"in_route {a.in_route} → {b.in_route}", "minor"))
        if (a.label, a.label_en, a.description, a.joint, a.milestone) != (
            b.label,
            b.label_en,
            b.description,
            b.joint,
            b.milestone,
        ):
            add(Change("step", sid, "changed", "label or description", "patch"))


def _diff_route(old: Protocol, new: Protocol, add: Callable[[Change], None]) -> None:
    if old.route == new.route or old.route is None or new.route is None:
        return
    a, b = build_automaton(old.route), build_automaton(new.route)
    lost = included(a, b)  # an old trace the new route refuses
    gained = included(b, a)
    if lost is True and gained is True:
        add(Change("route", "route", "changed", "written differently, same traces", "patch"))
    elif lost is True:
        add(
            Change(
                "route",
                "route",
                "changed",
                f"wider: now also allows {' → '.join(_w(b, a))}",
                "minor",
            )
        )
    else:
        example = (
            f": e.g. {' → '.join(_w(a, b))} no longer conforms"
            if lost is False
            else " (too large to compare exactly)"
        )
        add(Change("route", "route", "changed", f"narrower or different{example}", "major"))


def _w(a: RouteAutomaton, b: RouteAutomaton) -> list[str]:
    return _inclusion(a, b)[1] or []


def included(a: RouteAutomaton, b: RouteAutomaton, budget: int = 100_000) -> bool | None:
    """Is every trace of ``a`` also a trace of ``b``? (None: unknown within the budget)."""
    return _inclusion(a, b, budget)[0]


def _inclusion(
    a: RouteAutomaton, b: RouteAutomaton, budget: int = 100_000
) -> tuple[bool | None, list[str] | None]:
    start = (0, frozenset([0]))
    parent: dict[Any, Any] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        qa, qb = node
        if qa in a.finals and not (qb & b.finals):
            out, link = [], parent[node]
            while link is not None:
                node, sym = link
                out.append(sym)
                link = parent[node]
            return False, out[::-1]
        for sym, dst in a.trans[qa]:
            nxt = (dst, frozenset(b.step_set(set(qb), sym)))
            if nxt in parent:
                continue
            if len(parent) >= budget:
                return None, None
            parent[nxt] = (node, sym)
            queue.append(nxt)
    return (None if a.bounded or b.bounded else True), None


def _diff_rules(old: Protocol, new: Protocol, add: Callable[[Change], None]) -> None:
    olds = {r.id: r for r in old.rules}
    news = {r.id: r for r in new.rules}
    for rid in sorted(olds.keys() - news.keys()):
        add(Change("rule", rid, "removed", "rule removed from the audit criteria", "minor"))
    for rid in sorted(news.keys() - olds.keys()):
        add(Change("rule", rid, "added", "new rule", "minor"))
    for rid in sorted(olds.keys() & news.keys()):
        a, b = olds[rid], news[rid]
        if a.kind != b.kind or a.referenced_steps() != b.referenced_steps() or a.count != b.count:
            add(
                Change(
                    "rule",
                    rid,
                    "changed",
                    f"now means something else ({_what(a)} → {_what(b)})",
                    "major",
                )
            )
            continue
        if a.window != b.window:
            add(Change("rule", rid, "changed", _window_change(a, b), "minor"))
        if a.norm != b.norm:
            word = "raised" if b.norm > a.norm else "lowered"
            add(Change("rule", rid, "changed", f"norm {word} {a.norm:.0%} → {b.norm:.0%}", "minor"))
        if a.severity != b.severity:
            add(Change("rule", rid, "changed", f"severity {a.severity} → {b.severity}", "minor"))
        if (a.text, a.text_en, a.clause) != (b.text, b.text_en, b.clause):
            add(Change("rule", rid, "changed", "text or clause", "patch"))


def _what(r: Rule) -> str:
    return f"{r.kind} {' '.join(r.referenced_steps())}".strip()


def _window_change(a: Rule, b: Rule) -> str:
    parts = []
    for name, x, y, upper in (
        ("within", a.window.within, b.window.within, True),
        ("after", a.window.after, b.window.after, False),
    ):
        if x == y:
            continue
        if x is None or y is None:
            parts.append(f"{name} {x or '—'} → {y or '—'}")
            continue
        lx, ly = (day_span(x)[1], day_span(y)[1]) if x.unit != y.unit else (x.amount, y.amount)
        tighter = ly < lx if upper else ly > lx
        parts.append(f"{name} {x} → {y} ({'tightened' if tighter else 'loosened'})")
    return "window " + "; ".join(parts)
