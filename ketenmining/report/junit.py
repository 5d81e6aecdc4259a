"""A small, generic JUnit XML writer: test suites of test cases that pass, fail or are skipped.

Used by every command that reports to CI (``audit --format junit``,
``protocol lint --format junit``). Records are plain dataclasses; the
output is the de-facto JUnit schema that CI systems read (GitLab, Jenkins,
GitHub test reporters): ``testsuites/testsuite/testcase`` with ``failure``,
``skipped``, ``system-out`` and ``properties``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree as ET


@dataclass
class JUnitCase:
    """One test case: passes unless it has a failure message (or is skipped)."""

    name: str
    classname: str
    failure: str | None = None
    failure_type: str | None = None
    details: str | None = None  # text of the failure element, or system-out when it passes
    skipped: str | None = None
    file: str | None = None
    line: int | None = None
    time: float = 0.0


@dataclass
class JUnitSuite:
    """A named suite of test cases, with optional properties (name → value)."""

    name: str
    cases: list[JUnitCase] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)


def render_junit(suites: list[JUnitSuite]) -> str:
    """The suites as a JUnit XML document (UTF-8 text with an XML declaration)."""
    root = ET.Element("testsuites")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for suite in suites:
        failures = sum(c.failure is not None for c in suite.cases)
        skipped = sum(c.skipped is not None and c.failure is None for c in suite.cases)
        el = ET.SubElement(
            root,
            "testsuite",
            name=suite.name,
            tests=str(len(suite.cases)),
            failures=str(failures),
            errors="0",
            skipped=str(skipped),
            time="0",
        )
        if suite.properties:
            props = ET.SubElement(el, "properties")
            for k, v in suite.properties.items():
                ET.SubElement(props, "property", name=k, value=str(v))
        for case in suite.cases:
            _case(el, case)
        totals["tests"] += len(suite.cases)
        totals["failures"] += failures
        totals["skipped"] += skipped
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case(parent: ET.Element, case: JUnitCase) -> None:
    el = ET.SubElement(
        parent, "testcase", name=case.name, classname=case.classname, time=f"{case.time:.3f}"
    )
    if case.file:
        el.set("file", case.file)
    if case.line is not None:
        el.set("line", str(case.line))
    if case.failure is not None:
        fail = ET.SubElement(el, "failure", message=case.failure)
        if case.failure_type:
            fail.set("type", case.failure_type)
        if case.details:
            fail.text = case.details
    elif case.skipped is not None:
        ET.SubElement(el, "skipped", message=case.skipped)
    elif case.details:
        ET.SubElement(el, "system-out").text = case.details
