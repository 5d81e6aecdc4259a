"""HTML comes from Jinja2 templates with autoescaping, never from strings glued in Python."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ketenmining.report.html import COMPACT_MARK, Cell, environment

PACKAGE = Path(__file__).resolve().parents[1] / "ketenmining"
TEMPLATES = sorted((PACKAGE / "templates").glob("*.html"))
# Lower case: the upper-case TABLE/TR/TD/BR/ of Graphviz's HTML-like labels are DOT, not a
# page (escaped by safetext as they are built); so is ``<br/>`` in a label.
HTML_TAG = re.compile(
    r"<(div|table|thead|tbody|tr|td|th|section|span|p|h[1-6]|ul|ol|li|dl|dt|dd|article"
    r"|figure|figcaption|br(?!/)|code|strong|html|body|head|style)\b"
)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def test_no_python_module_writes_html_tags() -> None:
    """Every HTML tag is in a template; string literals in code (docstrings aside) hold none."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and HTML_TAG.search(node.value)
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value[:40]!r}")
    assert found == []


def test_the_check_above_sees_a_tag_in_an_f_string() -> None:
    tree = ast.parse('x = f"<td>{v}</td>"\n')
    texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    assert any(HTML_TAG.search(t) for t in texts)


@pytest.mark.parametrize("options", [{}, {"trim": True}, {"compact_escape": True}])
def test_every_html_template_is_autoescaped(options: dict[str, bool]) -> None:
    env = environment(**options)
    assert len(TEMPLATES) >= 5
    for path in TEMPLATES:
        assert env.autoescape(path.name) is True, path.name
    out = env.from_string("<p>{{ x }}</p>").render(x='<script>alert("x")</script>')
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_the_audit_body_escapes_as_the_report_always_did() -> None:
    env = environment(compact_escape=True)
    out = env.from_string("{{ a }}|{{ b }}|{{ c }}").render(a='O\'Neil "x" & <y>', b=None, c=3)
    assert out == "O&#x27;Neil &quot;x&quot; &amp; &lt;y&gt;|–|3"


def test_compact_templates_drop_the_line_breaks_of_the_source_not_of_the_data() -> None:
    env = environment(compact_escape=True)
    source = COMPACT_MARK + " -#}\n<p>\n  <b>{{ x }}</b>\n    <i>y</i> z\n</p>\n"
    assert env.from_string(source).render(x="a\n  b") == "<p><b>a\n  b</b><i>y</i> z</p>"
    # without the mark a template keeps its line breaks
    assert env.from_string("<p>\n  {{ x }}\n</p>").render(x="a") == "<p>\n  a\n</p>"


def test_cells_put_their_markup_around_escaped_text() -> None:
    macros = environment(compact_escape=True).get_template("audit_sections.html").module
    assert str(macros.cell(Cell("code", "<a>"))) == "<code>&lt;a&gt;</code>"
    assert str(macros.cell(Cell("file", "f&g", "ab"))) == "f&amp;g<br><code>ab</code>"
    assert str(macros.cell(Cell("bad", "3", True))) == '<span class="bad">3</span>'
    assert str(macros.cell(Cell("bad", "0", False))) == "0"
    assert (
        str(macros.cell(Cell("nowrap", "no", True)))
        == '<span class="nowrap"><span class="bad">no</span></span>'
    )
    assert str(macros.cell("<plain>")) == "&lt;plain&gt;"


def test_a_table_refuses_a_row_of_the_wrong_width() -> None:
    from ketenmining.report.audit_sections import table

    with pytest.raises(ValueError, match="2 cells under 3 headers"):
        table([("a", False), ("b", False), ("c", True)], [("x", "y")])


def test_a_title_cannot_close_the_style_sheet_of_the_audit_report() -> None:
    """The title goes into the page header, a CSS string inside <style>: it stays there."""
    from ketenmining.report.html import css_string

    evil = 'T</style><script>alert("x")</script>\\'
    text = css_string(evil)
    assert "<" not in text and "\n" not in text
    assert text == 'T\\3c /style>\\3c script>alert(\\"x\\")\\3c /script>\\\\'
    # an unchanged title for every ordinary text
    assert css_string("Ketenaudit · meldcode@1.0.0") == "Ketenaudit · meldcode@1.0.0"


def test_every_dict_of_renderers_is_in_the_renderer_package() -> None:
    """A report's renderers sit in report/; only the generic printed tables (tables.py) beside."""
    outside = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("report/") or rel == "tables.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = (
                [node.target]
                if isinstance(node, ast.AnnAssign)
                else node.targets
                if isinstance(node, ast.Assign)
                else []
            )
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            outside += [f"{rel}: {n}" for n in names if n.endswith("RENDERERS")]
        if path.stem.endswith("_render") or path.stem.startswith("render"):
            outside.append(rel)
    assert outside == []
