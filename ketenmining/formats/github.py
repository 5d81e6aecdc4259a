"""GitHub Actions workflow annotations: ``::error file=..,line=..,col=..,title=..::message``.

Generic: any finding-like record becomes one line that GitHub shows on the
pull request's diff. Values are escaped the way the Actions runner expects
(``%``, CR and LF everywhere; also ``:`` and ``,`` inside properties).
"""

from __future__ import annotations

LEVELS = ("error", "warning", "notice")
#: Finding severities mapped to annotation levels.
LEVEL_OF = {
    "error": "error",
    "major": "error",
    "warning": "warning",
    "minor": "warning",
    "info": "notice",
    "observation": "notice",
}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str,
    message: str,
    file: str | None = None,
    line: int | None = None,
    col: int | None = None,
    title: str | None = None,
) -> str:
    """One workflow-command line; ``level`` is error, warning or notice (or a severity)."""
    level = LEVEL_OF.get(level, level)
    if level not in LEVELS:
        raise ValueError(f"unknown annotation level {level!r}")
    props = []
    if file:
        props.append(f"file={_prop(file)}")
    if line is not None:
        props.append(f"line={line}")
    if col is not None:
        props.append(f"col={col}")
    if title:
        props.append(f"title={_prop(title)}")
    head = f"::{level} {','.join(props)}" if props else f"::{level}"
    return f"{head}::{_data(message)}"
