"""Render a ``protocol test`` report as text (like a test runner), JSON or JUnit XML."""

from __future__ import annotations

import json
from collections.abc import Callable

from ketenmining.protocol.testrun import TestReport
from ketenmining.report.junit import JUnitCase, JUnitSuite, junit_xml


def render_text(report: TestReport, lang: str = "en") -> str:
    """One line per test (PASS/FAIL), reasons under each failure, a closing count."""
    nl = lang == "nl"
    out = [f"{report.protocol} ({report.file})", f"{'kalender' if nl else 'calendar'}: {report.calendar}"]
    for o in report.outcomes:
        out.append(f"  {'PASS' if o.passed else 'FAIL'}  {o.name}")
        for reason in o.failures:
            where = f"{o.where}: " if o.where else ""
            out.append(f"        {where}{reason}")
    word = ("geslaagd", "mislukt") if nl else ("passed", "failed")
    out.append(f"{report.passed} {word[0]}, {report.failed} {word[1]} in {report.seconds:.2f} s")
    return "\n".join(out) + "\n"


def render_json(report: TestReport, lang: str = "en") -> str:
    """The report as one JSON document."""
    return json.dumps(report.as_record(), ensure_ascii=False, indent=2) + "\n"


def render_junit(report: TestReport, lang: str = "en") -> str:
    """JUnit XML: one suite for the protocol, one case per embedded test."""
    suite = JUnitSuite(report.protocol, seconds=report.seconds, properties={"calendar": report.calendar})
    for o in report.outcomes:
        case = JUnitCase(
            o.name,
            f"protocol.test.{report.protocol}",
            file=o.where.file if o.where else report.file,
            line=o.where.line if o.where else None,
            seconds=o.seconds,
        )
        if not o.passed:
            case.failure = o.failures[0]
            case.text = "\n".join(o.failures)
        suite.cases.append(case)
    return junit_xml([suite], "ketenmining protocol test")


TEST_RENDERERS: dict[str, Callable[[TestReport, str], str]] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
}
