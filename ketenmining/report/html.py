"""The Jinja2 environments of the HTML reports: templates from package data, autoescaping on.

Every HTML page is a template in ``ketenmining/templates/`` (package data, so a
wheel carries them), rendered with autoescaping: a value is escaped unless it
is ``Markup`` — only markup we produce ourselves (Graphviz SVG after
``formats.svg.inline_svg``, a chart drawn by ``formats.svg``, a template
rendered before). Data values (names, texts, file names, ids) never are.

A template whose source starts with ``{#- compact`` is written one element per
line for people, but its line breaks and indentation are dropped before it is
compiled (:class:`Compact`), so the page is the compact markup the reports have
always had: a space that must stay goes on its line, never at a line break.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any, NamedTuple

COMPACT_MARK = "{#- compact"
_BREAK = re.compile(r"\n[ \t]*")


class Cell(NamedTuple):
    """A table cell with a little markup around its text (rendered by the ``cell`` macro).

    ``kind``: ``code`` (``<code>text</code>``), ``file`` (text, a line break and
    ``<code>extra</code>``), ``clause`` (text, a line break and the muted
    ``extra``), ``bad`` (text in red when ``extra`` is true), ``nowrap`` (the
    ``bad`` cell in a span that does not wrap). Both ``text`` and ``extra`` are escaped.
    """

    kind: str
    text: Any
    extra: Any = None


def _escape_as_before(value: Any) -> Any:
    """Plain values as the audit report has always escaped them (``html.escape``; None → ``–``)."""
    from markupsafe import Markup

    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return value
    return Markup("–" if value is None else html.escape(str(value)))


@cache
def environment(*, compact_escape: bool = False, trim: bool = False) -> Any:
    """The Jinja2 environment over ``ketenmining/templates`` with autoescaping on.

    ``trim``: ``trim_blocks`` and ``lstrip_blocks`` (the analyse report's
    templates). ``compact_escape``: values escaped by ``html.escape`` (``'`` as
    ``&#x27;``, None as ``–``), the escaping of the audit report's body, and the
    trailing newline of a template kept; the templates are otherwise the same.
    """
    import jinja2
    import jinja2.ext

    class Compact(jinja2.ext.Extension):
        """Drops the line breaks and indentation of a template marked ``{#- compact``."""

        def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
            return _BREAK.sub("", source) if source.startswith(COMPACT_MARK) else source

    options: dict[str, Any] = {}
    if compact_escape:
        options.update(finalize=_escape_as_before, keep_trailing_newline=True)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ketenmining", "templates"),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=trim,
        lstrip_blocks=trim,
        extensions=[Compact],
        **options,
    )
    env.tests["cell"] = lambda value: isinstance(value, Cell)
    return env


def css_string(text: str) -> str:
    """Text for a CSS string of the style sheet (page headers): backslash and quote escaped,
    one line, and ``<`` as the CSS escape ``\\3c `` so no text can close the ``<style>``."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")


def markup(text: str | None) -> Any:
    """Markup we produced ourselves (an inlined SVG, a rendered template) marked safe; None stays."""
    from markupsafe import Markup

    return None if text is None else Markup(text)
