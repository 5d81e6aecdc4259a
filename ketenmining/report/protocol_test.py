"""Render a ``protocol test`` report as text (like a test runner), JSON or JUnit XML."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from ketenmining.formats.junit import JUnitCase, JUnitSuite, junit_xml
from ketenmining.protocol.testrun import TestReport
from ketenmining.texts import tr


def render_text(reports: Sequence[TestReport], lang: str = "en") -> str:
    """One line per test (PASS/FAIL), reasons under each failure, a closing count."""
    out: list[str] = []
    for report in reports:
        out += [
            f"{report.protocol} ({report.file})",
            tr("lint.calendar", lang, calendar=report.calendar),
        ]
        for o in report.outcomes:
            out.append(f"  {'PASS' if o.passed else 'FAIL'}  {o.name}")
            for reason in o.failures:
                where = f"{o.where}: " if o.where else ""
                out.append(f"        {where}{reason}")
    passed = sum(r.passed for r in reports)
    failed = sum(r.failed for r in reports)
    seconds = sum(r.seconds for r in reports)
    out.append(tr("protocol.test.summary", lang, passed=passed, failed=failed, s=f"{seconds:.2f}"))
    return "\n".join(out) + "\n"


def render_json(reports: Sequence[TestReport], lang: str = "en") -> str:
    """The reports as one JSON document (one entry per protocol file)."""
    return (
        json.dumps({"protocols": [r.as_record() for r in reports]}, ensure_ascii=False, indent=2)
        + "\n"
    )


def render_junit(reports: Sequence[TestReport], lang: str = "en") -> str:
    """JUnit XML: one suite per protocol, one case per embedded test."""
    return junit_xml([_suite(r) for r in reports], "ketenmining protocol test")


def _suite(report: TestReport) -> JUnitSuite:
    suite = JUnitSuite(
        report.protocol, seconds=report.seconds, properties={"calendar": report.calendar}
    )
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
    return suite


TEST_RENDERERS: dict[str, Callable[[Sequence[TestReport], str], str]] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
}
