"""``ketenmining conform --model``: outputs, summary, warnings and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import PUBLIC_LOGS, REPO

from ketenmining.cli import main

PNML = PUBLIC_LOGS / "running-example.pnml"
#: The public-log files these tests read.
NEEDS_XES_AND_PNML = pytest.mark.public_logs("running-example.xes", "running-example.pnml")
NEEDS_PNML = pytest.mark.public_logs("running-example.pnml")


def _pm4py():
    from ketenmining._pm4py import pm4py_quiet

    return pm4py_quiet()


def _chain_log(path: Path, rows: list[tuple[str, str, str]] | None = None) -> Path:
    """A chain log from (case, activity, ISO time) rows, or from running-example.xes."""
    import pandas as pd
    import pyarrow as pa

    from ketenmining.chainlog import arrow_schema, write_chain_log

    if rows is None:
        frame = _pm4py().read_xes(str(PUBLIC_LOGS / "running-example.xes"))
        rows = list(
            zip(
                frame["case:concept:name"].astype(str),
                frame["concept:name"].astype(str),
                frame["time:timestamp"].astype(str),
                strict=True,
            )
        )
    n = len(rows)
    table = pa.table(
        {
            "case_id": [r[0] for r in rows],
            "episode": pa.array([1] * n, pa.int32()),
            "org": ["VT" if i % 2 else "TT" for i in range(n)],
            "activity": [r[1] for r in rows],
            "activity_raw": [r[1] for r in rows],
            "timestamp": pa.array(
                pd.to_datetime([r[2] for r in rows], utc=True), pa.timestamp("us", tz="UTC")
            ),
            "lifecycle": ["complete"] * n,
            "source": ["test"] * n,
            "source_row": pa.array(range(1, n + 1), pa.int64()),
        },
        schema=arrow_schema(),
    )
    return write_chain_log(table, path, {})


@pytest.fixture(scope="module")
def pm4py_diagnostics() -> dict[str, dict]:
    """pm4py's own per-case alignment results for running-example.xes vs the PNML."""
    pm4py = _pm4py()
    frame = pm4py.read_xes(str(PUBLIC_LOGS / "running-example.xes"))
    net, im, fm = pm4py.read_pnml(str(PNML))
    diagnostics = pm4py.conformance_diagnostics_alignments(frame, net, im, fm)
    case_ids = sorted(frame["case:concept:name"].astype(str).unique())
    return {
        "cases": dict(zip(case_ids, diagnostics, strict=True)),
        "fitness": pm4py.fitness_alignments(frame, net, im, fm),
    }


def _run(args: list[str]):
    return CliRunner().invoke(main, ["conform", *[str(a) for a in args]])


def _assert_one_line_error(result, text: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert text in lines[0], lines[0]
    assert "Traceback" not in result.output


@NEEDS_XES_AND_PNML
def test_parquet_output_has_cases_and_deviations(tmp_path: Path, pm4py_diagnostics: dict) -> None:
    import pyarrow.parquet as pq

    log = _chain_log(tmp_path / "chain.parquet")
    out = tmp_path / "out" / "conform.parquet"
    result = _run([log, "--model", PNML, "-o", out, "--quiet"])
    assert result.exit_code == 0, result.output
    cases = pq.read_table(out)
    deviations = pq.read_table(tmp_path / "out" / "conform.deviations.parquet")
    assert cases.column_names[:6] == [
        "case_id",
        "episode",
        "variant_id",
        "fitness",
        "cost",
        "n_deviations",
    ]
    assert {"events", "first", "last", "orgs"} <= set(cases.column_names)
    assert deviations.column_names[:9] == [
        "case_id", "episode", "kind", "step", "org", "seam", "position", "timestamp", "detail",
    ]  # fmt: skip
    expected = pm4py_diagnostics["cases"]
    assert sorted(cases.column("case_id").to_pylist()) == sorted(expected)
    for row in cases.to_pylist():
        assert row["fitness"] == expected[row["case_id"]]["fitness"]
    assert f"{pm4py_diagnostics['fitness']['log_fitness']:.4f}" in result.stdout
    assert "wrote" in result.stdout or "geschreven" in result.stdout


@NEEDS_PNML
def test_json_nests_deviations_per_case(tmp_path: Path) -> None:
    rows = [
        ("c1", "register request", "2024-01-01T09:00:00Z"),
        ("c1", "decide", "2024-01-02T09:00:00Z"),  # check and examine skipped before decide
        ("c1", "unheard of", "2024-01-03T09:00:00Z"),
        ("c2", "register request", "2024-01-01T09:00:00Z"),
        ("c2", "examine casually", "2024-01-02T09:00:00Z"),
        ("c2", "check ticket", "2024-01-03T09:00:00Z"),
        ("c2", "decide", "2024-01-04T09:00:00Z"),
        ("c2", "reject request", "2024-01-05T09:00:00Z"),
    ]
    log = _chain_log(tmp_path / "chain.parquet", rows)
    out = tmp_path / "conform.json"
    result = _run([log, "--model", PNML, "-o", out, "--lang", "en"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["summary"]["cases"] == 2 and doc["summary"]["variants"] == 2
    by_case = {c["case_id"]: c for c in doc["cases"]}
    assert by_case["c2"]["fitness"] == 1.0 and by_case["c2"]["deviations"] == []
    c1 = by_case["c1"]
    assert c1["n_deviations"] == len(c1["deviations"])
    kinds = {(d["kind"], d["step"]) for d in c1["deviations"]}
    assert ("not_in_protocol", "unheard of") in kinds
    assert ("skipped", "check ticket") in kinds
    unknown = next(d for d in c1["deviations"] if d["kind"] == "not_in_protocol")
    assert (
        unknown["position"] == 2
        and unknown["org"] == "TT"
        and unknown["timestamp"].startswith("2024-01-03")
    )
    assert doc["summary"]["unknown_activities"] == ["unheard of"]
    for variant in doc["variants"]:
        assert all(m["kind"] != "silent" for m in variant["alignment"])
    assert "not in the model" in result.stdout  # the English summary names the deviation


@NEEDS_XES_AND_PNML
def test_csv_writes_two_tables(tmp_path: Path) -> None:
    import pyarrow.csv as pacsv

    log = _chain_log(tmp_path / "chain.parquet")
    result = _run([log, "--model", PNML, "-o", tmp_path / "r.csv"])
    assert result.exit_code == 0, result.output
    assert pacsv.read_csv(tmp_path / "r.csv").num_rows == 6
    assert "kind" in pacsv.read_csv(tmp_path / "r.deviations.csv").column_names


@NEEDS_PNML
def test_labels_sharing_nothing_with_the_log_warn(tmp_path: Path) -> None:
    rows = [("c1", "x", "2024-01-01T09:00:00Z"), ("c1", "y", "2024-01-02T09:00:00Z")]
    log = _chain_log(tmp_path / "chain.parquet", rows)
    result = _run([log, "--model", PNML, "-o", tmp_path / "r.json"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "share nothing" in result.stderr
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {d["kind"] for d in doc["cases"][0]["deviations"]} >= {"not_in_protocol", "skipped"}


def _pnml_without_final_marking(tmp_path: Path) -> Path:
    text = PNML.read_text(encoding="utf-8")
    start, end = (
        text.index("<finalmarkings>"),
        text.index("</finalmarkings>") + len("</finalmarkings>"),
    )
    path = tmp_path / "nofinal.pnml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make_model", "message"),
    [
        (lambda d: d / "missing.pnml", "model file not found"),
        (lambda d: _write(d / "route.txt", "a -> b"), "is not a model format"),
        pytest.param(
            lambda d: _write(d / "fake.pnml", (PUBLIC_LOGS / "running-example.bpmn").read_text()),
            "not a PNML file",
            marks=pytest.mark.public_logs("running-example.bpmn"),
        ),
        (lambda d: _write(d / "broken.pnml", "<pnml><net>"), "not a well-formed PNML file"),
        (
            lambda d: _write(d / "bomb.pnml", '<!DOCTYPE p [<!ENTITY e "x">]><pnml>&e;</pnml>'),
            "refused for safety",
        ),
        pytest.param(_pnml_without_final_marking, "no final marking", marks=NEEDS_PNML),
    ],
)
def test_bad_models_are_one_line_errors(tmp_path: Path, make_model, message: str) -> None:
    log = _chain_log(tmp_path / "chain.parquet", [("c1", "decide", "2024-01-01T09:00:00Z")])
    out = tmp_path / "out.parquet"
    result = _run([log, "--model", make_model(tmp_path), "-o", out])
    _assert_one_line_error(result, message)
    assert not out.exists()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@NEEDS_PNML
def test_usage_errors(tmp_path: Path) -> None:
    log = _chain_log(tmp_path / "chain.parquet", [("c1", "decide", "2024-01-01T09:00:00Z")])
    _assert_one_line_error(_run([log]), "no route to check against")
    _assert_one_line_error(
        _run([log, "--model", PNML, "-o", tmp_path / "out.xlsx"]), "output format"
    )
    _assert_one_line_error(_run([log, "--model", PNML, "--episode", "2"]), "no events to check")
    _assert_one_line_error(_run([tmp_path / "nope.parquet", "--model", PNML]), "log file not found")


def test_help_is_light_and_has_an_example() -> None:
    result = CliRunner().invoke(main, ["conform", "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "--model" in result.output
    code = (
        "import sys\nfrom ketenmining.cli import main\n"
        "try:\n    main(['conform', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pandas', 'pm4py', 'duckdb', 'pyarrow') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
