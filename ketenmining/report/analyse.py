"""Write the ``analyse report`` (HTML page, or Markdown with PNG pictures) atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_report(report: Any, out_dir: Path, fmt: str, lang: str) -> list[Path]:
    """Write the report into ``out_dir`` (all files or none); return the paths written."""
    from ketenmining.fsutil import atomic_dir

    out = Path(out_dir)
    with atomic_dir(out) as tmp:
        if fmt == "html":
            from ketenmining.report.analyse_html import render_html

            (tmp / "analyse.html").write_text(render_html(report, lang), encoding="utf-8")
            names = ["analyse.html"]
        else:
            from ketenmining.report.analyse_md import render_markdown

            text, pictures = render_markdown(report, lang, tmp)
            (tmp / "analyse.md").write_text(text, encoding="utf-8")
            names = ["analyse.md", *(p.relative_to(tmp).as_posix() for p in pictures)]
    return [out / name for name in names]


def write_seam_pictures(result: Any, out_dir: Path, k: int, lang: str) -> list[Path]:
    """``waits`` and ``wip`` (PNG and SVG) of an ``analyse seams`` result (suppressed weeks)."""
    from ketenmining.analyse import pictures

    paths = pictures.save(pictures.waits_figure(result.delays, k, lang), out_dir, "waits")
    return paths + pictures.save(pictures.wip_figure(result.org_weeks, lang), out_dir, "wip")


def write_compare_pictures(
    result: Any, out_dir: Path, k: int, lang: str, protocol: Any = None
) -> list[Path]:
    """The Kaplan-Meier curves (``km``, PNG and SVG) and the map of what changed
    (``changes``, DOT and SVG) of an ``analyse compare`` result."""
    from ketenmining.analyse import pictures
    from ketenmining.analyse.changes import changes_dot
    from ketenmining.graphviz import render_bytes

    a, b = result.cohorts
    fig = pictures.km_figure(
        [a, b],
        k,
        lang,
        pictures.step_label(protocol, result.outcome, lang),
        pictures.step_label(protocol, result.start, lang) if result.start else None,
    )
    paths = pictures.save(fig, out_dir, "km")
    dot = changes_dot(result.changes, a.name, b.name, k, lang)
    (out_dir / "changes.dot").write_text(dot, encoding="utf-8")
    (out_dir / "changes.svg").write_bytes(render_bytes(dot, "svg"))
    return [*paths, out_dir / "changes.dot", out_dir / "changes.svg"]
