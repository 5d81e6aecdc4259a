"""The chain protocol language: load, lint, test, evaluate, draw and compare protocols.

Modules: :mod:`.model` (typed model), :mod:`.load` (YAML → model, every
problem at once), :mod:`.calendar` (working days), :mod:`.evaluate` (THE rule
evaluator), :mod:`.route` (the route's automaton), :mod:`.compile` (pm4py
process tree / Petri net, BPMN/PNML routes), :mod:`.lint` (one module per lint
rule), :mod:`.testrun`, :mod:`.show`, :mod:`.diff`, :mod:`.schema`,
:mod:`.docgen`. Importing this package is cheap (no pm4py, pandas or holidays).

:func:`load_protocol` (read and insist on a correct protocol) lives here, above
``load`` and ``lint``, because it needs both and ``lint`` builds on ``load``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ketenmining.protocol.model import Protocol


def load_protocol(path: str | Path, lang: str = "en") -> Protocol:
    """Read a protocol and insist that it is correct enough to use.

    Runs the structural lint checks (schema, references, duplicates); any
    error among them raises one KetenError listing them all, each with its
    position and hint.
    """
    from ketenmining.errors import KetenError, Location, Problem
    from ketenmining.protocol.lint import structural_findings
    from ketenmining.protocol.load import read_protocol

    result = read_protocol(path, lang)
    findings = [f for f in structural_findings(result, lang) if f.severity == "error"]
    if findings or result.protocol is None:
        problems = [Problem(f.message, f.where, f.hint, f.code) for f in findings]
        if not problems:
            problems = [Problem("the protocol could not be read", Location(str(path)))]
        raise KetenError.from_problems(
            problems,
            summary=f"protocol has {len(problems)} problem(s); run `ketenmining protocol lint`",
        )
    return result.protocol
