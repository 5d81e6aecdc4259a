"""``ketenmining discover`` from the command line: outputs, summary, errors, languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from discover_logs import routes_table

from ketenmining.chainlog import write_chain_log
from ketenmining.cli import main

PROTOCOL = Path(__file__).resolve().parents[2] / "configs" / "protocols" / "meldcode-keten.yaml"
ROUTES = [
    (
        14,
        [
            ("HA", "melding_gedaan"),
            ("VT", "melding"),
            ("VT", "veiligheidsbeoordeling"),
            ("VT", "verzoek_raad"),
        ],
    ),
    (
        12,
        [
            ("HA", "melding_gedaan"),
            ("VT", "melding"),
            ("VT", "veiligheidsbeoordeling"),
            ("VT", "afsluiting"),
        ],
    ),
    (2, [("POL", "melding_gedaan"), ("VT", "melding"), ("VT", "afsluiting")]),
]


@pytest.fixture()
def chain_log(tmp_path: Path) -> Path:
    return write_chain_log(routes_table(ROUTES), tmp_path / "keten.parquet", {"test": True})


def test_discover_writes_maps_models_tables_and_a_summary(chain_log: Path, tmp_path: Path):
    out = tmp_path / "kaarten"
    result = CliRunner().invoke(
        main, ["discover", str(chain_log), "-o", str(out), "--format", "svg,dot,json,bpmn,pnml"]
    )
    assert result.exit_code == 0, result.output
    for name in (
        "activity-map.svg",
        "activity-map-performance.dot",
        "org-map.svg",
        "swimlane-map.svg",
        "variants.svg",
        "variants.md",
        "variants.csv",
        "discover.json",
        "model.bpmn",
        "model.pnml",
    ):
        assert (out / name).is_file(), name
    assert "28 cases, 28 routes" in result.output
    assert "suppressed (fewer than 10 cases)" in result.output
    assert f"wrote {out / 'model.bpmn'}" in result.output
    assert not list(out.glob(".ketenmining-*")), "no temporary folder is left behind"


def test_protocol_labels_are_used_in_dutch_and_english(chain_log: Path, tmp_path: Path):
    for lang, label in (
        ("nl", "Verzoek tot onderzoek Raad"),
        ("en", "Request for investigation by the Board"),
    ):
        out = tmp_path / lang
        args = [
            "discover",
            str(chain_log),
            "-o",
            str(out),
            "--format",
            "dot",
            "--protocol",
            str(PROTOCOL),
            "--lang",
            lang,
            "-q",
        ]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        dot = (out / "activity-map.dot").read_text(encoding="utf-8")
        # long labels are wrapped over lines
        assert label not in dot
        assert label in dot.replace("<BR/>", " ")


def test_k1_warns_and_shows_rare_routes(chain_log: Path, tmp_path: Path):
    out = tmp_path / "intern"
    result = CliRunner().invoke(
        main, ["discover", str(chain_log), "-o", str(out), "--format", "json", "--k", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "suppression off" in result.output
    data = json.loads((out / "discover.json").read_text())
    assert any(n["key"] == ["POL"] for n in data["maps"]["org"]["nodes"])


def test_coverage_keeps_the_most_frequent_routes(chain_log: Path, tmp_path: Path):
    out = tmp_path / "top"
    result = CliRunner().invoke(
        main,
        [
            "discover",
            str(chain_log),
            "-o",
            str(out),
            "--format",
            "json",
            "--coverage",
            "0.5",
            "--k",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "discover.json").read_text())
    assert data["kept_variants"] == 1 and data["traces"] == 14
    acts = {n["key"][0] for n in data["maps"]["activity"]["nodes"]}
    assert "afsluiting" not in acts and "verzoek_raad" in acts


def test_filters_apply(chain_log: Path, tmp_path: Path):
    out = tmp_path / "vt"
    result = CliRunner().invoke(
        main,
        [
            "discover",
            str(chain_log),
            "-o",
            str(out),
            "--format",
            "json",
            "--orgs",
            "VT",
            "--k",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "discover.json").read_text())
    assert {n["key"][0] for n in data["maps"]["org"]["nodes"]} == {"VT"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "gif"], "is not one of"),
        (["--maps", "heatmap"], "is not one of"),
        (["--coverage", "0"], "coverage"),
    ],
)
def test_bad_options_exit_2(chain_log: Path, tmp_path: Path, args, message):
    result = CliRunner().invoke(
        main, ["discover", str(chain_log), "-o", str(tmp_path / "x"), *args]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_missing_log_is_one_line_error(tmp_path: Path):
    result = CliRunner().invoke(
        main, ["discover", str(tmp_path / "geen.parquet"), "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 2, result.output
    assert "log file not found" in result.output
    assert "Traceback" not in result.output


def test_nothing_is_written_when_discovery_fails(chain_log: Path, tmp_path: Path):
    out = tmp_path / "leeg"
    result = CliRunner().invoke(
        main, ["discover", str(chain_log), "-o", str(out), "--from", "2030-01-01"]
    )
    assert result.exit_code == 2, result.output
    assert "no events" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_help_has_an_example():
    result = CliRunner().invoke(main, ["discover", "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output and "ketenmining discover" in result.output
