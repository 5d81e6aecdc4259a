"""``protocol lint``: every problem of a protocol file at once, with file:line:column.

One rule per module (``pNNN_name.py``), each with ``CODE``, ``NAME``,
``SEVERITY``, a docstring with a failing and a
passing example (``docs/protocol-rules.md`` is generated from them) and
``check(ctx)`` yielding :class:`~ketenmining.errors.Finding` records; its
title and messages are texts ``lint.<CODE>.…`` in ``ketenmining/texts/lint.py``.
This module collects them in code order and runs them.

Severities: ``error`` and ``warning`` make lint exit 1; ``info`` (P015) does
not. The quick structural rules run without the route analysis; nothing here
imports pm4py or pandas unless the route comes from a BPMN/PNML file.
"""

from __future__ import annotations

import importlib
import pkgutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from ketenmining.errors import Finding
from ketenmining.idmask import mask_path
from ketenmining.protocol.lint.context import LintContext
from ketenmining.protocol.load import LoadResult, read_protocol

__all__ = [
    "STRUCTURAL",
    "LintContext",
    "LintReport",
    "lint_file",
    "rule_modules",
    "run_rules",
    "structural_findings",
]

#: Codes of the rules that need no route analysis (also used by ``load_protocol``).
STRUCTURAL = ("P000", "P001", "P002", "P003", "P004", "P011", "P012", "P013", "P014", "P016")
FAILING_SEVERITIES = ("error", "warning")


def rule_modules() -> list[ModuleType]:
    """Every lint rule module, in code order."""
    mods = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("p") and info.name[1:4].isdigit():
            mods.append(importlib.import_module(f"{__name__}.{info.name}"))
    return sorted(mods, key=lambda m: m.CODE)


@dataclass
class LintReport:
    """The findings of one protocol file."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    protocol: str | None = None
    calendar: str | None = None
    seconds: float = 0.0

    @property
    def failing(self) -> list[Finding]:
        """Findings that make lint fail (errors and warnings)."""
        return [f for f in self.findings if f.severity in FAILING_SEVERITIES]

    def as_record(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "file": mask_path(self.file) if self.file else self.file,
            "protocol": self.protocol,
            "calendar": self.calendar,
            "findings": [f.as_record() for f in self.findings],
        }


def run_rules(ctx: LintContext, codes: tuple[str, ...] | None = None) -> list[Finding]:
    """Run the rule modules (all, or those with ``codes``) and sort their findings by position."""
    findings: list[Finding] = []
    for mod in rule_modules():
        if codes is not None and mod.CODE not in codes:
            continue
        if mod.CODE != "P000" and ctx.result.doc is None:
            continue  # the YAML could not be read: nothing else to check
        findings.extend(mod.check(ctx))
    return _dedupe(findings)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.code, str(f.where), f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    out.sort(
        key=lambda f: (
            (f.where.line or 0) if f.where else 0,
            (f.where.column or 0) if f.where else 0,
            f.code,
        )
    )
    return out


def structural_findings(result: LoadResult, lang: str = "en") -> list[Finding]:
    """Findings of the quick structural rules only (schema, references, duplicates)."""
    return run_rules(LintContext(result, lang), STRUCTURAL)


def lint_file(
    path: str | Path,
    lang: str = "en",
    config_steps: set[str] | None = None,
    budget: int | None = None,
) -> LintReport:
    """Lint one protocol file. Raises KetenError only when the file cannot be read at all."""
    start = time.perf_counter()
    result = read_protocol(path, lang)
    ctx = LintContext(result, lang, config_steps, budget)
    report = LintReport(mask_path(str(path)), run_rules(ctx))
    proto = result.protocol
    if proto is not None:
        report.protocol = proto.ref
        report.calendar = describe_calendar(proto.calendar, lang)
    report.seconds = time.perf_counter() - start
    return report


def describe_calendar(spec: Any, lang: str) -> str:
    """The calendar sentence without building the working-day arrays (no holidays import)."""
    from ketenmining.protocol.calendar import KNOWN_COUNTRIES, WorkCalendar

    if spec.country not in KNOWN_COUNTRIES:
        return f"unknown calendar {spec.country}"
    return WorkCalendar.describe(_SpecOnly(spec), lang)  # type: ignore[arg-type]


class _SpecOnly:
    """Just enough of a WorkCalendar for ``describe``."""

    def __init__(self, spec: Any) -> None:
        self.spec = spec
