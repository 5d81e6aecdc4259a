"""Run a protocol's embedded ``tests:`` like a test runner.

Each test is a trace with dates and an expectation: ``conforms`` (the trace
is a complete trace of the route, decided exactly by the route automaton,
and no rule is violated), ``deviates`` (the opposite), and/or the statuses of
named rules (``violates``, ``satisfies``, ``pending``, ``not_applicable``).
Rule statuses come from THE evaluator (:mod:`.evaluate`). The result is data
(:class:`TestReport`); the CLI renders it as text, JSON or JUnit XML.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ketenmining.errors import Location
from ketenmining.idmask import mask_path
from ketenmining.protocol.evaluate import Evaluator
from ketenmining.protocol.model import Protocol, ProtocolTest
from ketenmining.texts import tr


@dataclass
class TestOutcome:
    """The result of one embedded test."""

    name: str
    passed: bool
    failures: list[str] = field(default_factory=list)
    where: Location | None = None
    statuses: dict[str, str] = field(default_factory=dict)
    conforms: bool | None = None
    seconds: float = 0.0

    def as_record(self) -> dict[str, Any]:
        """JSON-ready form."""
        rec: dict[str, Any] = {
            "name": self.name,
            "passed": self.passed,
            "failures": self.failures,
            "conforms": self.conforms,
            "statuses": self.statuses,
        }
        if self.where is not None:
            rec.update(file=self.where.file, line=self.where.line, column=self.where.column)
        return rec


@dataclass
class TestReport:
    """All outcomes of one protocol's tests."""

    protocol: str
    file: str
    calendar: str
    outcomes: list[TestOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        """Number of failed tests."""
        return sum(not o.passed for o in self.outcomes)

    @property
    def passed(self) -> int:
        """Number of passed tests."""
        return sum(o.passed for o in self.outcomes)

    def as_record(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "protocol": self.protocol,
            "file": mask_path(self.file) if self.file else self.file,
            "calendar": self.calendar,
            "passed": self.passed,
            "failed": self.failed,
            "tests": [o.as_record() for o in self.outcomes],
        }


def run_tests(
    protocol: Protocol, lang: str = "en", evaluator: Evaluator | None = None
) -> TestReport:
    """Run every embedded test of ``protocol``."""
    start = time.perf_counter()
    ev = evaluator or Evaluator(protocol)
    report = TestReport(protocol.ref, protocol.file, ev.cal.describe(lang))
    for test in protocol.tests:
        t0 = time.perf_counter()
        outcome = run_one(ev, test, lang)
        outcome.seconds = time.perf_counter() - t0
        report.outcomes.append(outcome)
    report.seconds = time.perf_counter() - start
    return report


def run_one(ev: Evaluator, test: ProtocolTest, lang: str = "en") -> TestOutcome:
    """Run one test and explain every failed expectation."""
    results = ev.evaluate_events(test.events, test.data_end)
    statuses = {r.rule: r.status for r in results}
    evidence = {r.rule: r.evidence for r in results}
    failures: list[str] = []
    steps = [e.step for e in test.events]
    lcs = [e.lifecycle for e in test.events]
    conforms = None
    if test.expect.conforms is not None:
        on_route = ev.conforms(steps, lcs)
        broken = [rid for rid, st in statuses.items() if st == "violated"]
        conforms = on_route and not broken
        if conforms != test.expect.conforms:
            if test.expect.conforms:
                failures.extend(_why_not(ev, steps, lcs, broken, on_route, lang))
            else:
                failures.append(tr("protocol.test.expected_deviation", lang))
    for rid, want, _where in test.expect.statuses:
        got = statuses.get(rid)
        if got is None:
            failures.append(tr("protocol.test.unknown_rule", lang, rid=rid))
            continue
        if got != want:
            w, g = tr(f"protocol.status.{want}", lang), tr(f"protocol.status.{got}", lang)
            text = tr("protocol.test.expected_got", lang, rid=rid, want=w, got=g)
            if evidence.get(rid):
                text += f" ({_brief(evidence[rid])})"
            failures.append(text)
    return TestOutcome(test.name, not failures, failures, test.where, statuses, conforms)


def _why_not(
    ev: Evaluator, steps: list[str], lcs: list[str], broken: list[str], on_route: bool, lang: str
) -> list[str]:
    out = []
    if not on_route:
        trace = ev.instance_steps(steps, lcs)
        auto = ev.automaton
        n, can_end = auto.match(trace) if auto else (0, False)
        allowed = ", ".join(sorted(auto.expected_after(trace))) if auto else ""
        if n < len(trace):
            expected = allowed or tr("protocol.test.the_end", lang)
            out.append(
                tr("protocol.test.off_route", lang, n=n + 1, step=trace[n], expected=expected)
            )
        elif not can_end:
            out.append(tr("protocol.test.stops_early", lang, expected=allowed))
    for rid in broken:
        out.append(tr("protocol.test.rule_violated", lang, rid=rid))
    return out


def _brief(evidence: dict[str, Any]) -> str:
    parts = []
    for key in (
        "activation",
        "next",
        "pickup",
        "duplicate",
        "back",
        "forbidden",
        "deadline",
        "earliest",
        "found",
    ):
        if key not in evidence:
            continue
        value = evidence[key]
        if isinstance(value, dict):
            value = f"{value.get('step')}/{value.get('org')}@{value.get('time')}"
        parts.append(f"{key} {value}")
    return "; ".join(parts)
