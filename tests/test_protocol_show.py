"""``protocol show``: swimlanes per organisation, handovers emphasised, deadlines on the edges, nl/en."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ketenmining.cli import main
from ketenmining.protocol import load_protocol
from ketenmining.protocol.show import HANDOVER, route_dot

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "configs" / "protocols" / "meldcode-keten.yaml"


@pytest.fixture(scope="module")
def proto():
    return load_protocol(EXAMPLE)


def test_one_swimlane_per_organisation(proto) -> None:
    dot = route_dot(proto, "nl")
    lanes = re.findall(r"label=<<b>([^<]+) \((\w+)\)</b>>; labeljust", dot)
    assert {code for _, code in lanes} == {"MELDER", "VT", "TT", "RvdK"}
    assert ("Raad voor de Kinderbescherming", "RvdK") in lanes
    assert ("Child Protection Board", "RvdK") in re.findall(
        r"label=<<b>([^<]+) \((\w+)\)</b>>; labeljust", route_dot(proto, "en")
    )


def test_labels_follow_the_language(proto) -> None:
    nl, en = route_dot(proto, "nl"), route_dot(proto, "en")
    assert "Veiligheidsbeoordeling" in nl and "Safety" in en and "assessment" in en
    assert "5 werkdagen" in nl and "5 working days" in en
    assert "overdracht aan Toegang Tilburg" in nl and "handover to Toegang Tilburg" in en


def test_handovers_are_emphasised_and_deadlines_on_edges(proto) -> None:
    dot = route_dot(proto, "nl")
    handover_edges = [line for line in dot.splitlines() if "->" in line and HANDOVER in line]
    assert (
        len(handover_edges) >= 3
    )  # melding_gedaan->melding, overdracht->intake, verzoek_raad->raadsonderzoek
    assert any("≤ 10 werkdagen" in line and "WARM-10WD" in line for line in handover_edges)
    assert any(
        "≤ 5 werkdagen" in line and "VT-5WD" in line for line in dot.splitlines() if "->" in line
    )
    assert "10–16 weken" in dot  # MONITORING-3M, a dotted arrow between steps that are not adjacent
    assert "duur ≤ 10 weken" in dot  # VT-10W written under the step


@pytest.mark.parametrize("suffix", ["svg", "png", "pdf", "dot"])
def test_cli_writes_every_format(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"route.{suffix}"
    result = CliRunner().invoke(
        main, ["protocol", "show", str(EXAMPLE), "-o", str(out), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    head = out.read_bytes()[:8]
    expected = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF", "dot": b"digraph"}[suffix]
    assert head.startswith(expected)
    if suffix == "svg":
        assert "Child Protection Board" in out.read_text(encoding="utf-8")


def test_left_to_right_layout(tmp_path: Path) -> None:
    out = tmp_path / "route.dot"
    result = CliRunner().invoke(
        main, ["protocol", "show", str(EXAMPLE), "-o", str(out), "--direction", "LR"]
    )
    assert result.exit_code == 0, result.output
    assert "rankdir=LR" in out.read_text(encoding="utf-8")
