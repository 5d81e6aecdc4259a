"""Every default map of the example chain prints with labels of at least 8 pt on A4.

The measure is the one of ``benchmarks/map_labels.py`` (the smallest text of
each SVG times its drawing scale, the page fitted to A4 landscape or
portrait), run on the SVGs the default ``discover`` writes.
"""

from __future__ import annotations

import html
import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import EXAMPLE, PROTOCOL, REPO

from ketenmining.cli import main
from ketenmining.discover.legible import (
    LEGIBLE_PT,
    detail_ladder,
    fit_legible,
    route_ladder,
    smallest_font,
)

DEFAULT_MAPS = {
    "activity-map",
    "activity-map-performance",
    "org-map",
    "swimlane-map",
    "variants",
}


def _map_labels():
    spec = importlib.util.spec_from_file_location(
        "_km_map_labels", REPO / "benchmarks" / "map_labels.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example_maps(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("legible")
    key = base / "demo.key"
    key.write_bytes((EXAMPLE / "demo.key").read_bytes())
    key.chmod(0o600)
    chain = base / "keten.parquet"
    runner = CliRunner()
    made = runner.invoke(
        main,
        [
            "stitch",
            str(EXAMPLE / "keten.yaml"),
            "-o",
            str(chain),
            "--key-file",
            str(key),
            "--internal",
        ],
    )
    assert made.exit_code == 0, made.output
    out = base / "maps"
    drawn = runner.invoke(
        main, ["discover", str(chain), "-o", str(out), "--protocol", str(PROTOCOL)]
    )
    assert drawn.exit_code == 0, drawn.output
    return out, drawn.output


def test_every_default_map_of_the_example_prints_at_8_pt_or_more(example_maps) -> None:
    out, _ = example_maps
    measure = _map_labels().smallest_label_at_a4
    sizes = {p.stem: measure(p.read_text(encoding="utf-8")) for p in out.glob("*.svg")}
    assert set(sizes) == DEFAULT_MAPS
    small = {name: round(pt, 2) for name, (pt, labels) in sizes.items() if pt < LEGIBLE_PT}
    assert not small, f"labels below {LEGIBLE_PT} pt at A4: {small}"
    assert all(labels > 10 for _, labels in sizes.values())  # real maps, not empty pages


def test_a_map_cut_to_fit_says_so_on_the_map_and_in_the_output(example_maps) -> None:
    out, output = example_maps
    cut = [line for line in output.splitlines() if "--no-fit-a4" in line]
    assert any(line.startswith("swimlane-map: ingekort tot") for line in cut), output
    for line in cut:  # the example's swimlane map is too large for A4 at the asked detail
        name = line.split(":", 1)[0]
        svg = html.unescape((out / f"{name}.svg").read_text(encoding="utf-8"))
        assert "Ingekort tot wat op A4 leesbaar blijft" in svg and "--no-fit-a4" in svg
    routes = [line for line in output.splitlines() if line.startswith("variants:")]
    for line in routes:  # fewer routes drawn: the picture says where the full list is
        svg = (out / "variants.svg").read_text(encoding="utf-8")
        assert "variants.md" in line and "variants.md" in svg


def test_without_fitting_the_swimlane_map_of_the_example_is_too_small(
    example_maps, tmp_path: Path
) -> None:
    # the option keeps all detail; the measure then shows why fitting is the default
    out, _ = example_maps
    chain = out.parent / "keten.parquet"
    full = tmp_path / "full"
    drawn = CliRunner().invoke(
        main,
        [
            "discover",
            str(chain),
            "-o",
            str(full),
            "--protocol",
            str(PROTOCOL),
            "--no-fit-a4",
            "--maps",
            "swimlane",
            "--format",
            "svg",
            "-q",
        ],
    )
    assert drawn.exit_code == 0, drawn.output
    svg = (full / "swimlane-map.svg").read_text(encoding="utf-8")
    pt, _ = _map_labels().smallest_label_at_a4(svg)
    assert pt < LEGIBLE_PT
    assert "--no-fit-a4" not in html.unescape(svg)


def test_smallest_font_reads_attributes_and_html_sizes() -> None:
    dot = 'digraph { edge [fontsize=14]; a [label=<<FONT POINT-SIZE="11.5">x</FONT>>]; }'
    assert smallest_font(dot) == 11.5
    assert smallest_font("digraph { a; }") == 14.0


def test_ladders_go_down_from_what_was_asked() -> None:
    steps = detail_ladder(0.9, 0.5)
    assert steps[0] == (0.9, 0.5)
    assert [p for a, p in steps if a == 0.9] == [0.5, 0.4, 0.3, 0.2, 0.1, 0.05]
    assert all(p == 0.05 for a, p in steps if a < 0.9)
    assert detail_ladder(1.0, 0.2)[:3] == [(1.0, 0.2), (1.0, 0.1), (1.0, 0.05)]
    assert route_ladder(10) == [10, 8, 6, 5, 4, 3, 2, 1]


def _chain(n: int) -> str:
    """DOT of a top-to-bottom chain of ``n`` labelled nodes (taller as ``n`` grows)."""
    nodes = "; ".join(f'n{i} [label="step {i}", fontsize=12]' for i in range(n))
    edges = "; ".join(f"n{i} -> n{i + 1}" for i in range(n - 1))
    return f'digraph g {{ graph [rankdir=TB, size="7.6,11.0"]; {nodes}; {edges}; }}'


def test_fit_legible_takes_the_first_step_that_prints_legibly() -> None:
    lengths = [60, 50, 40, 30, 20, 10, 5]
    found = fit_legible(lambda i: _chain(lengths[i]), len(lengths), ("TB",))
    assert found.legible and found.reduced
    assert found.printed_pt >= LEGIBLE_PT
    before = fit_legible(lambda i: _chain(lengths[found.step - 1]), 1, ("TB",))
    assert not before.legible  # one step more detail would not have fitted
    short = fit_legible(lambda i: _chain(3), 4, ("TB",))
    assert short.step == 0 and not short.reduced


def test_a_long_step_name_stays_inside_its_variants_cell() -> None:
    from ketenmining.discover.variants import CELL_CHARS, cell_lines

    assert cell_lines("A_PARTLYSUBMITTED") == ["A_PARTLYS", "UBMITTED"]
    assert cell_lines("Veiligheidsbeoordeling") == ["Veiligheids", "beoordeling"]
    assert cell_lines("Melding gedaan bij Veilig Thuis") == [
        "Melding gedaan",
        "bij Veilig",
        "Thuis",
    ]
    assert all(len(line) <= CELL_CHARS for line in cell_lines("x" * 50 + " kort"))
