"""The ``--fail-on`` decision: do findings of the chosen class or worse exist (exit 1) or not (0)."""

from __future__ import annotations

from typing import Any

from ketenmining.audit.finding import CLASSES
from ketenmining.errors import ExitCode, KetenError

FAIL_ON = ("major", "minor", "never")


def fail_exit_code(record: dict[str, Any], fail_on: str) -> ExitCode:
    """``FINDINGS`` (1) when findings of class ``fail_on`` or worse exist, else ``OK`` (0)."""
    if fail_on not in FAIL_ON:
        raise KetenError(f"unknown --fail-on value '{fail_on}'", hint="use major, minor or never")
    if fail_on == "never":
        return ExitCode.OK
    worst = CLASSES[: CLASSES.index(fail_on) + 1]
    found = any(f["class"] in worst for f in record["findings"])
    return ExitCode.FINDINGS if found else ExitCode.OK
