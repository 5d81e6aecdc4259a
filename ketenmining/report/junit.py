"""JUnit XML from simple records, for CI systems that show test results.

Generic: lint, ``protocol test`` and the audit all hand over suites of cases
(name, classname, optional failure message and text, file and line) and get
back a ``<testsuites>`` document in the common JUnit schema
(testsuites/testsuite/testcase/failure) that GitLab, Jenkins, Azure DevOps and
GitHub test-report actions read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class JUnitCase:
    """One test case: passed when ``failure`` is None."""

    name: str
    classname: str
    failure: str | None = None  # short message
    text: str | None = None  # details
    file: str | None = None
    line: int | None = None
    seconds: float = 0.0
    kind: str = "failure"  # failure | error


@dataclass
class JUnitSuite:
    """A named group of cases (e.g. one protocol file)."""

    name: str
    cases: list[JUnitCase] = field(default_factory=list)
    seconds: float = 0.0
    properties: dict[str, str] = field(default_factory=dict)


def junit_xml(suites: Sequence[JUnitSuite], name: str = "ketenmining") -> str:
    """Render suites as a JUnit XML document (UTF-8 text with declaration)."""
    root = ET.Element("testsuites", name=name)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    total_time = 0.0
    for suite in suites:
        failures = sum(c.failure is not None and c.kind == "failure" for c in suite.cases)
        errors = sum(c.failure is not None and c.kind == "error" for c in suite.cases)
        el = ET.SubElement(
            root,
            "testsuite",
            name=suite.name,
            tests=str(len(suite.cases)),
            failures=str(failures),
            errors=str(errors),
            skipped="0",
            time=f"{suite.seconds:.3f}",
        )
        if suite.properties:
            props = ET.SubElement(el, "properties")
            for key, value in suite.properties.items():
                ET.SubElement(props, "property", name=key, value=value)
        for case in suite.cases:
            attrs = {"name": case.name, "classname": case.classname, "time": f"{case.seconds:.3f}"}
            if case.file:
                attrs["file"] = case.file
            if case.line is not None:
                attrs["line"] = str(case.line)
            tc = ET.SubElement(el, "testcase", attrs)
            if case.failure is not None:
                fail = ET.SubElement(tc, case.kind, message=case.failure, type=case.kind)
                fail.text = case.text or case.failure
        totals["tests"] += len(suite.cases)
        totals["failures"] += failures
        totals["errors"] += errors
        total_time += suite.seconds
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
