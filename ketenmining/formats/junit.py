"""JUnit XML from simple records, for CI systems that show test results.

Generic: ``protocol lint``, ``protocol test`` and ``audit`` all hand over
suites of cases (name, classname, an optional failure or skip, file and
line) and get back a ``<testsuites>`` document in the common JUnit schema
(testsuites/testsuite/testcase with failure, error, skipped, system-out and
properties) that GitLab, Jenkins, Azure DevOps and GitHub reporters read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field

from ketenmining.idmask import mask_path


@dataclass
class JUnitCase:
    """One test case: passed unless it has a ``failure`` message (or is ``skipped``)."""

    name: str
    classname: str
    failure: str | None = None  # short message
    text: str | None = None  # details: the failure's text, or system-out when it passes
    file: str | None = None
    line: int | None = None
    seconds: float = 0.0
    kind: str = "failure"  # element of a failed case: failure | error
    failure_type: str | None = None  # the failure's type attribute (default: kind)
    skipped: str | None = None  # reason the case was not assessed


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
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    total_time = 0.0
    for suite in suites:
        failed = [c for c in suite.cases if c.failure is not None]
        counts = {
            "tests": len(suite.cases),
            "failures": sum(c.kind == "failure" for c in failed),
            "errors": sum(c.kind == "error" for c in failed),
            "skipped": sum(c.skipped is not None and c.failure is None for c in suite.cases),
        }
        el = ET.SubElement(root, "testsuite", name=suite.name, time=f"{suite.seconds:.3f}")
        for key, value in counts.items():
            el.set(key, str(value))
        if suite.properties:
            props = ET.SubElement(el, "properties")
            for key, value in suite.properties.items():
                ET.SubElement(props, "property", name=key, value=str(value))
        for case in suite.cases:
            _case(el, case)
        for key in totals:
            totals[key] += counts[key]
        total_time += suite.seconds
    for key in ("tests", "failures", "errors"):  # no 'skipped' on <testsuites> in the schema
        root.set(key, str(totals[key]))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case(parent: ET.Element, case: JUnitCase) -> None:
    attrs = {"name": case.name, "classname": case.classname, "time": f"{case.seconds:.3f}"}
    if case.file:
        attrs["file"] = mask_path(case.file)
    if case.line is not None:
        attrs["line"] = str(case.line)
    el = ET.SubElement(parent, "testcase", attrs)
    if case.failure is not None:
        fail = ET.SubElement(
            el, case.kind, message=case.failure, type=case.failure_type or case.kind
        )
        fail.text = case.text or case.failure
    elif case.skipped is not None:
        ET.SubElement(el, "skipped", message=case.skipped)
    elif case.text:
        ET.SubElement(el, "system-out").text = case.text
