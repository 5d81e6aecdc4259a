"""Names from the data that try to be DOT, formulas, HTML, links or terminal commands (issue 13).

A quick-mode log whose activity and organisation names carry the payloads of
the hardening probe is discovered; every output must hold them as inert text.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from ketenmining.cli import main
from ketenmining.safetext import csv_cell, dot_quoted, markdown, one_line

ACTIVITIES = [
    '=HYPERLINK("http://x.example","klik")',
    'Intake "x"',
    "Plan\x1b[31mrood\x07",
    "Kies <b>x</b>\x01 <script>alert(1)</script>",
    "[klik](javascript:alert(1))",
    "Slot\rx",
]
ORGS = [
    "@SUM(1)",
    'VT"]; evil [URL="javascript:alert(1)"]; //',
    "Org\x1b[2J",
    "Sociaal Team Oost",
    "+31 6",
    "-2+3",
]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _hostile_log(path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["case", "activity", "timestamp", "org"])
        for c in range(12):
            for i, (act, org) in enumerate(zip(ACTIVITIES, ORGS, strict=True)):
                writer.writerow([f"z{c}", act, f"2024-01-{1 + i:02d} 10:00:00", org])
    return path


@pytest.fixture(scope="module")
def discovered(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    tmp = tmp_path_factory.mktemp("inject")
    log = _hostile_log(tmp / "hostile.csv")
    out = tmp / "maps"
    result = CliRunner().invoke(
        main, ["discover", str(log), "-o", str(out), "-q", "--k", "1", "--format", "svg,dot,json"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_no_dot_statement_breaks_out_of_an_id(discovered: Path) -> None:
    for name in ("activity-map", "org-map", "swimlane-map"):
        svg = (discovered / f"{name}.svg").read_text(encoding="utf-8")
        assert "<a " not in svg and "xlink:href" not in svg, name  # no clickable injected node
        # every node of the SVG is one of ours: ids start with n_, or are start/end
        titles = re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]*)</title>', svg)
        assert titles, name
        assert all(t.startswith("n_") or t.startswith("__") for t in titles), titles
        clusters = re.findall(r'class="cluster">\s*<title>([^<]*)</title>', svg)
        assert all(t.startswith("cluster_") for t in clusters), clusters
    swim = (discovered / "swimlane-map.svg").read_text(encoding="utf-8")
    assert len(re.findall(r'class="cluster"', swim)) == len(ORGS)


def test_dot_text_holds_no_control_characters(discovered: Path) -> None:
    for path in discovered.glob("*.dot"):
        assert not CONTROL.search(path.read_text(encoding="utf-8")), path.name


def test_csv_cells_never_start_a_formula(discovered: Path) -> None:
    with open(discovered / "variants.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [cell for row in rows[1:] for cell in row]
    routes = [c for c in cells if "HYPERLINK" in c]
    assert routes, rows  # the payload is there, as text
    for cell in cells:
        if cell and not cell.lstrip("'").replace(".", "").isdigit():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert not CONTROL.search(cell), cell


def test_markdown_holds_no_raw_html_or_link(discovered: Path) -> None:
    text = (discovered / "variants.md").read_text(encoding="utf-8")
    assert "<b>" not in text and "<script>" not in text
    assert "](javascript:" not in text
    assert not CONTROL.search(text)


def test_organisation_names_with_spaces_stay_whole(discovered: Path) -> None:
    import json

    record = json.loads((discovered / "discover.json").read_text(encoding="utf-8"))
    assert "Sociaal Team Oost" in json.dumps(record, ensure_ascii=False)


@pytest.mark.parametrize("payload", [*ACTIVITIES, *ORGS, "\x00nul", "a\\", '\\"'])
def test_helpers_make_every_payload_inert(payload: str) -> None:
    assert not csv_cell(payload).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert not CONTROL.search(csv_cell(payload))
    md = markdown(payload)
    assert "<" not in md.replace("\\<", "") and "](javascript:" not in md
    quoted = dot_quoted(payload)
    assert not re.search(r'(?<!\\)"', quoted.replace("\\\\", ""))  # every quote escaped
    assert not CONTROL.search(one_line(payload))


def test_a_map_graphviz_cannot_draw_leaves_the_other_outputs(
    runner, tmp_path: Path, monkeypatch
) -> None:
    import ketenmining.graphviz as gv
    from ketenmining.errors import KetenError

    real = gv.render_formats

    def failing(dot_text, formats, dpi=gv.PNG_DPI, hint=None):
        if "swimlane_map" in dot_text:
            raise KetenError("Graphviz could not draw the picture: syntax error in line 3")
        return real(dot_text, formats, dpi, hint)

    monkeypatch.setattr(gv, "render_formats", failing)
    log = _hostile_log(tmp_path / "hostile.csv")
    out = tmp_path / "maps"
    result = runner.invoke(main, ["discover", str(log), "-o", str(out), "-q", "--k", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "activity-map.svg").is_file() and (out / "variants.csv").is_file()
    assert not (out / "swimlane-map.svg").exists()
    assert (out / "swimlane-map.dot").is_file()
    warnings = [ln for ln in result.output.splitlines() if "swimlane" in ln]
    assert len(warnings) == 1 and warnings[0].startswith("warning:"), result.output
