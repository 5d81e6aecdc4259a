"""Terminal habits: printed tables at full width off a terminal, table formats, -q keeps why."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_audit_integrity import BASE, QUICK, _csv

from ketenmining.cli import main
from ketenmining.tables import RENDERERS, PrintedTable, render, resolve

LONG = "een bevinding met een heel lange titel die in een pijp niet mag worden afgekapt " * 3


def _table() -> PrintedTable:
    return PrintedTable(
        title="Bevindingen",
        headers=("Nr.", "Bevinding", "Zaken"),
        rows=[("F01", LONG.strip(), "12"), ("F02", "a | b", "3")],
        right=frozenset({2}),
    )


def test_text_is_full_width_and_aligned() -> None:
    text = render(_table(), "text")
    lines = text.splitlines()
    assert lines[0] == "Bevindingen"
    assert LONG.strip() in text and "…" not in text
    assert len(lines[2]) > 200  # wider than any terminal default, nothing wrapped
    # the right-aligned count column ends in the same place on every row
    assert lines[2].endswith("12") and lines[3].endswith(" 3")
    assert len(lines[2]) == len(lines[3])


def test_csv_markdown_json_hold_every_cell() -> None:
    table = _table()
    rows = list(csv.reader(io.StringIO(render(table, "csv"))))
    assert rows == [list(table.headers), *[list(r) for r in table.rows]]
    md = render(table, "markdown").splitlines()
    assert md[2] == "| Nr. | Bevinding | Zaken |" and md[3] == "|---|---|---:|"
    assert md[5] == "| F02 | a \\| b | 3 |"
    data = json.loads(render(table, "json"))
    assert data["rows"][0] == {"Nr.": "F01", "Bevinding": LONG.strip(), "Zaken": "12"}
    assert set(RENDERERS) == {"text", "csv", "markdown", "json"}


def test_auto_is_rich_only_on_a_terminal() -> None:
    assert resolve("auto", True) == "rich"
    assert resolve("auto", False) == "text"
    assert resolve("csv", True) == "csv"


def _audit(tmp_path: Path, *extra: str):
    out = tmp_path / "a"
    args = ["audit", str(_csv(tmp_path)), *QUICK, "--protocol", str(BASE), "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--lang", "en", *extra])
    assert "Traceback" not in result.output, result.output
    record = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    return result, record


def test_audit_summary_off_a_terminal_is_not_cut(tmp_path: Path) -> None:
    result, record = _audit(tmp_path)
    assert result.exit_code == 0, result.output
    titles = [f["title"]["en"] for f in record["findings"]]
    assert titles
    for title in titles:
        assert title in result.output  # whole, not ended with '…' at 80 or 120 columns
    assert "…" not in result.output.split("report:")[0]


@pytest.mark.parametrize("fmt", ["csv", "markdown", "json"])
def test_audit_summary_formats(tmp_path: Path, fmt: str) -> None:
    result, record = _audit(tmp_path, "--summary-format", fmt)
    assert result.exit_code == 0, result.output
    titles = [f["title"]["en"] for f in record["findings"]]
    ids = [f["id"] for f in record["findings"]]
    body = result.stdout.split("report:")[0]
    if fmt in ("csv", "json"):
        assert "report:" in result.stderr and "report:" not in result.stdout
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(body)))
        assert [r["No."] for r in rows] == ids and [r["Finding"] for r in rows] == titles
    elif fmt == "json":
        rows = json.loads(body)[0]["rows"]  # one array of tables
        assert [r["Finding"] for r in rows] == titles
    else:
        table = [line for line in body.splitlines() if line.startswith("| F")]
        assert [line.split(" | ")[0][2:] for line in table] == ids
        assert all(t in body for t in titles)


def test_quiet_keeps_the_line_that_says_why_discover_failed(tmp_path: Path) -> None:
    log = _csv(tmp_path)  # 3 cases: k = 10 hides all of them
    result = CliRunner().invoke(
        main, ["discover", str(log), *QUICK, "-o", str(tmp_path / "d"), "-q", "--lang", "en"]
    )
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "k = 10 hides all 3 cases" in lines[0] and "--k 1" in lines[0]


def test_quiet_keeps_the_error_line(tmp_path: Path) -> None:
    log = _csv(tmp_path)
    args = ["discover", str(log), *QUICK[:4], "--timestamp", "geen", "-o", str(tmp_path / "d")]
    result = CliRunner().invoke(main, [*args, "-q"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "geen" in lines[0], result.output
    assert not (tmp_path / "d").exists()  # nothing half-written


@pytest.mark.public_logs("running-example.csv", "running-example.pnml")
def test_conform_summary_as_one_json_document_and_as_csv(tmp_path: Path) -> None:
    from support import PUBLIC_LOGS

    log, pnml = PUBLIC_LOGS / "running-example.csv", PUBLIC_LOGS / "running-example.pnml"
    args = ["conform", str(log), "--model", str(pnml), "--lang", "en", "-q"]
    out = CliRunner().invoke(main, [*args, "--summary-format", "json"])
    assert out.exit_code == 0, out.output
    tables = json.loads(out.output)
    facts = {r["Measure"]: r["Value"] for r in tables[0]["rows"]}
    assert tables[0]["title"] == "Route conformance"
    assert facts["Cases"] == "6" and float(facts["Log fitness"]) <= 1
    text = CliRunner().invoke(main, [*args, "--summary-format", "csv"]).output
    first = text.split("\n\n")[0]
    rows = list(csv.reader(io.StringIO(first)))
    assert rows[0] == ["Measure", "Value"] and ["Cases", "6"] in rows
