"""Renderers of the audit record, in a dict keyed by format: html, md, json, junit.

Every renderer takes the record and a language (``nl`` / ``en``) and returns
text. :func:`write_audit` writes the chosen formats plus ``sample.csv`` into
a folder, all at once or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ketenmining.audit.finding import NONCONFORMITIES
from ketenmining.audit.statements import class_label, conclusion_label
from ketenmining.formats.junit import JUnitCase, JUnitSuite, junit_xml
from ketenmining.i18n import localised
from ketenmining.report.audit_common import sample_csv, tx
from ketenmining.report.audit_html import render_html
from ketenmining.report.audit_md import render_markdown
from ketenmining.texts import tr

Renderer = Callable[[dict[str, Any], str], str]


def render_json(record: dict[str, Any], lang: str = "nl") -> str:
    """The record itself, as pretty JSON (both languages; ``lang`` is ignored)."""
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def render_audit_junit(record: dict[str, Any], lang: str = "nl") -> str:
    """One JUnit test case per protocol rule: it fails when the rule's finding is a nonconformity."""
    crit = record["criteria"]
    by_rule: dict[str, dict[str, Any]] = {}
    for f in record["findings"]:
        for rid in f["criterion"]["rules"]:
            by_rule.setdefault(rid, f)
    degree = {r["id"]: r for r in record["degree"]["rules"]}
    cases = []
    for rule in crit["rules"]:
        f = by_rule.get(rule["id"])
        text = localised(rule["text"], rule.get("text_en"), lang)
        case = JUnitCase(
            name=f"{rule['id']}: {text}", classname=crit["protocol"], file=crit["file"]
        )
        if f is not None:
            st = f["statement"][lang]
            details = (
                f"{tr('audit.part.requirement', lang)}: {st['requirement']}\n"
                f"{tr('audit.part.evidence', lang)}: {st['evidence']}\n"
                f"{conclusion_label(f['class'], lang)}: {st['conclusion']}"
            )
            if f["class"] in NONCONFORMITIES:
                case.failure = f"{f['id']} {class_label(f['class'], lang)}: {f['title'][lang]}"
                case.failure_type = f["class"]
            case.text = details
        elif degree.get(rule["id"], {}).get("met") is None:
            case.skipped = tx("junit.not_assessed", lang)
        cases.append(case)
    suite = JUnitSuite(
        name=tx("junit.suite", lang, cite=crit["cite"]),
        cases=cases,
        properties={
            "protocol": crit["cite"],
            "protocol_sha256": crit["sha256"],
            "verdict": record["conclusions"]["verdict"],
            **{f"findings.{k}": str(v) for k, v in record["summary"].items()},
        },
    )
    return junit_xml([suite])


RENDERERS: dict[str, Renderer] = {
    "html": render_html,
    "md": render_markdown,
    "json": render_json,
    "junit": render_audit_junit,
}

#: File name of each format in the report folder.
FILE_NAMES = {
    "html": "audit.html",
    "md": "audit.md",
    "json": "audit.json",
    "junit": "audit-junit.xml",
}
SAMPLE_FILE = "sample.csv"


def write_audit(
    record: dict[str, Any],
    out_dir: str | Path,
    formats: list[str],
    lang: str = "nl",
    seams: Any = None,
) -> list[Path]:
    """Write the formats, ``sample.csv`` and one ``sample-<ORG>.csv`` per organisation (its own
    cases only) into ``out_dir`` atomically; return the paths written. ``seams`` (an
    ``analyse`` report) adds the seam chapter to the HTML and Markdown reports, nothing
    else changes."""
    from ketenmining.errors import KetenError
    from ketenmining.fsutil import atomic_dir

    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise KetenError(
            f"unknown report format '{unknown[0]}'", hint="use " + ", ".join(sorted(RENDERERS))
        )
    with_seams = {"html": render_html, "md": render_markdown}
    texts = {
        FILE_NAMES[f]: with_seams[f](record, lang, seams=seams)
        if f in with_seams
        else RENDERERS[f](record, lang)
        for f in formats
    }
    texts[SAMPLE_FILE] = sample_csv(record, lang)
    # the distribution: each organisation receives the selection rows of its own cases only
    for org in record["scope"]["organisations"]:
        code = org["code"]
        texts[f"sample-{code}.csv"] = sample_csv(record, lang, org=code)
    out = Path(out_dir)
    with atomic_dir(out) as tmp:
        for name, text in texts.items():
            (tmp / name).write_text(text, encoding="utf-8")
    return [out / name for name in texts]


def report_formats(formats: str) -> list[str]:
    """``--format html,md`` as a list, refusing an unknown format before any work is done."""
    from ketenmining.errors import KetenError

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in RENDERERS]
    if unknown:
        raise KetenError(
            f"unknown report format '{unknown[0]}'", hint="use " + ", ".join(sorted(RENDERERS))
        )
    return wanted


def write_audit_outputs(
    audit: Any, out_dir: str | Path, formats: list[str], lang: str = "nl"
) -> tuple[list[Path], list[Path]]:
    """Write the report (:func:`write_audit`) and, in ``data/``, the tables per case.

    ``audit`` is an :class:`~ketenmining.audit.api.AuditRecord`; returns the
    report's paths and the tables' paths.
    """
    seams = None
    if {"html", "md"} & set(formats) and getattr(audit, "log", None) is not None:
        from ketenmining.analyse.report import audit_seams

        seams = audit_seams(audit)  # the seam chapter of the HTML and Markdown reports
    paths = write_audit(audit.record, out_dir, formats, lang, seams=seams)
    tables = audit.result.write(Path(out_dir) / "data")
    return paths, tables


def write_report(
    audit: Any,
    out_dir: str | Path,
    formats: tuple[str, ...] = ("html", "md", "json"),
    lang: str = "nl",
) -> list[Path]:
    """Write an audit's report and its tables per case into ``out_dir``: what ``ketenmining audit``
    writes. ``audit`` is what :func:`ketenmining.audit` returned; the paths written.

    >>> import ketenmining as km
    >>> a = km.audit("out/demo/keten.parquet", "configs/protocols/meldcode-keten.yaml")
    >>> [p.name for p in km.write_report(a, "rapport/", ("md",))][:2]
    ['audit.md', 'sample.csv']
    """
    paths, tables = write_audit_outputs(audit, out_dir, list(formats), lang)
    return [*paths, *tables]
