"""Render a ``protocol diff`` result as text, JSON or a GitHub annotation."""

from __future__ import annotations

import json
from collections.abc import Callable

from ketenmining.protocol.diff import DiffResult
from ketenmining.texts import tr


def render_text(res: DiffResult, lang: str = "en") -> str:
    """Changes grouped per area, then the verdict on the version bump."""
    out = [f"{res.old} → {res.new}"]
    if not res.changes:
        out.append(tr("protocol.diff.no_changes", lang))
    for c in res.changes:
        out.append(f"  [{c.level:5}] {c.area} {c.id}: {c.what} — {c.detail}")
    ok = tr("protocol.diff.ok" if res.bump_ok else "protocol.diff.too_small", lang)
    out.append(tr("protocol.diff.verdict", lang, required=res.required, made=res.made, ok=ok))
    return "\n".join(out) + "\n"


def render_json(res: DiffResult, lang: str = "en") -> str:
    """The diff as one JSON document."""
    return json.dumps(res.as_record(), ensure_ascii=False, indent=2) + "\n"


def render_github(res: DiffResult, lang: str = "en") -> str:
    """A GitHub annotation when the bump is too small (nothing otherwise)."""
    from ketenmining.formats.github import annotation

    if res.bump_ok:
        return ""
    return (
        annotation(
            "error",
            f"version bump {res.made} is too small: the changes need {res.required}",
            title="protocol diff",
        )
        + "\n"
    )


DIFF_RENDERERS: dict[str, Callable[[DiffResult, str], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
}
