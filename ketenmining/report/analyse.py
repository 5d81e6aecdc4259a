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
