"""Render ``protocol lint`` reports as text, JSON, JUnit XML or GitHub annotations.

Every format renders the same :class:`~ketenmining.errors.Finding` records;
the renderers live in :data:`RENDERERS`, keyed by format name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from ketenmining.errors import Finding
from ketenmining.formats.github import annotation
from ketenmining.formats.junit import JUnitCase, JUnitSuite, junit_xml
from ketenmining.idmask import mask_path
from ketenmining.protocol.lint import LintReport, rule_modules
from ketenmining.texts import tr

Renderer = Callable[[Sequence[LintReport], str], str]

SEVERITIES = ("error", "warning", "info")  # lint.severity.<name>


def _line(f: Finding, lang: str) -> str:
    where = str(f.where) if f.where else "<input>"
    sev = tr(f"lint.severity.{f.severity}", lang) if f.severity in SEVERITIES else f.severity
    text = f"{where}: {f.code} {f.title} [{sev}] {f.message}"
    if f.hint:
        text += "\n    " + tr("lint.hint", lang, hint=f.hint)
    return text


def render_text(reports: Sequence[LintReport], lang: str = "en") -> str:
    """Human-readable lines ``file:line:col: CODE name [severity] message`` plus hints."""
    out = []
    for rep in reports:
        out.extend(_line(f, lang) for f in rep.findings)
    for rep in reports:
        if rep.calendar:
            out.append(f"{rep.file}: " + tr("lint.calendar", lang, calendar=rep.calendar))
    findings = [f for rep in reports for f in rep.findings]
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    summary = tr("lint.summary", lang, files=len(reports), **counts)
    out.append(summary if findings else tr("lint.summary_clean", lang, summary=summary))
    return "\n".join(out) + "\n"


def render_json(reports: Sequence[LintReport], lang: str = "en") -> str:
    """One JSON document: files with their findings."""
    return (
        json.dumps({"files": [r.as_record() for r in reports]}, ensure_ascii=False, indent=2) + "\n"
    )


def render_junit(reports: Sequence[LintReport], lang: str = "en") -> str:
    """JUnit XML: a suite per file, a test case per lint rule (failed when it has findings)."""
    suites = []
    mods = rule_modules()
    for rep in reports:
        suite = JUnitSuite(rep.file, seconds=rep.seconds)
        if rep.calendar:
            suite.properties["calendar"] = rep.calendar
        for mod in mods:
            mine = [f for f in rep.findings if f.code == mod.CODE and f.severity != "info"]
            title = tr(f"lint.{mod.CODE}.title", lang)
            case = JUnitCase(f"{mod.CODE} {mod.NAME}: {title}", rep.file, file=rep.file)
            if mine:
                first = mine[0]
                case.failure = f"{len(mine)} × {first.message}" if len(mine) > 1 else first.message
                case.text = "\n".join(_line(f, lang) for f in mine)
                case.line = first.where.line if first.where else None
            suite.cases.append(case)
        suites.append(suite)
    return junit_xml(suites, "ketenmining protocol lint")


def render_github(reports: Sequence[LintReport], lang: str = "en") -> str:
    """GitHub workflow annotations, one line per finding."""
    lines = []
    for rep in reports:
        for f in rep.findings:
            msg = f.message + (f" ({f.hint})" if f.hint else "")
            w = f.where
            lines.append(
                annotation(
                    f.severity,
                    msg,
                    file=mask_path(w.file) if w and w.file else rep.file,
                    line=w.line if w else None,
                    col=w.column if w else None,
                    title=f"{f.code} {f.title}",
                )
            )
    return "\n".join(lines) + ("\n" if lines else "")


RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "github": render_github,
}
