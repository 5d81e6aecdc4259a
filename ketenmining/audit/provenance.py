"""Provenance of an audit: enough to reproduce it, nothing secret.

The command line is recorded without the values of key options (the key
itself is never an argument, but the path of a key file says where it is)
and without anything that looks like a citizen service number (BSN).
"""

from __future__ import annotations

import datetime as dt
import platform
from typing import Any

from ketenmining.fsutil import file_entry

__all__ = ["REDACTED", "SECRET_OPTIONS", "file_entry", "provenance_record", "sanitise_argv"]

#: Options whose value is dropped from the recorded command line.
SECRET_OPTIONS = ("--key-file", "--ttp-key-file", "--key", "--ttp-key", "--password", "--token")
REDACTED = "[…]"


def sanitise_argv(argv: list[str]) -> list[str]:
    """The command line without secrets: key-file values and BSN-like numbers are replaced."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            out.append(REDACTED)
            skip = False
            continue
        name, eq, _ = arg.partition("=")
        if name in SECRET_OPTIONS:
            if eq:
                out.append(f"{name}={REDACTED}")
            else:
                out.append(arg)
                skip = True
            continue
        out.append(_mask_bsn(arg))
    return out


def _mask_bsn(arg: str) -> str:
    """Replace runs of 8–9 digits that pass the elfproef (possible BSNs) by ``[…]``."""
    import re

    def repl(m: re.Match[str]) -> str:
        digits = m.group(0).zfill(9)
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        total -= int(digits[8])
        return REDACTED if total % 11 == 0 else m.group(0)

    return re.sub(r"(?<!\d)\d{8,9}(?!\d)", repl, arg)


def provenance_record(
    argv: list[str] | None = None,
    inputs: list[dict[str, Any]] | None = None,
    calendar: str | None = None,
    now: dt.datetime | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Tool, version, command line (sanitised), input hashes, calendar and time of run."""
    from ketenmining.runclock import run_time
    from ketenmining.version import __version__

    now = now or run_time()
    rec = {
        "tool": "ketenmining",
        "version": __version__,
        "python": platform.python_version(),
        "command": sanitise_argv(list(argv or [])),
        "inputs": list(inputs or []),
        "calendar": calendar,
        "created": now.isoformat(timespec="seconds"),
    }
    rec.update(extra or {})
    return rec
