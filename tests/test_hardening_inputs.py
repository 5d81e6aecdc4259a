"""Hostile and broken input found by the hardening probe (issue 13): each a regression test.

Every case must end in one line saying what and where, exit 2, no traceback and
nothing written; no data value (an id, a name) may appear in the message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli_bad_input import CONFIG, GOOD_ROWS, _chain, _one_line_error, _stitch

from ketenmining.cli import main


def _no_output(out: Path) -> None:
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        ("BSN;Actie;Datum\n", ("ha.csv",)),
        ("BSN;Actie;Datum\n123456782;;02-01-2024 10:00\n", ("ha.csv", "activity")),
    ],
    ids=["header only", "one empty activity cell"],
)
def test_stitch_broken_csv_is_one_line(
    runner, tmp_path: Path, key_file: Path, content: str, needles: tuple[str, ...]
) -> None:
    config = _chain(tmp_path, "ha.csv", content)
    out = tmp_path / "out" / "k.parquet"
    result = _stitch(runner, config, key_file, out)
    if result.exit_code == 0:  # an empty activity may also be a reject, never a crash
        assert "internal error" not in result.output
        return
    line = _one_line_error(result, *needles)
    assert "123456782" not in line
    _no_output(out)


def test_stitch_header_only_xlsx_is_one_line(runner, tmp_path: Path, key_file: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["BSN", "Actie", "Datum"])
    path = tmp_path / "ha.xlsx"
    book.save(path)
    config = CONFIG.replace('    options: {{delimiter: ";"}}\n', "")
    config_path = tmp_path / "keten.yaml"
    config_path.write_text(config.format(path="ha.xlsx"), encoding="utf-8")
    out = tmp_path / "out" / "k.parquet"
    _one_line_error(_stitch(runner, config_path, key_file, out), "ha.xlsx")
    _no_output(out)


def test_jsonl_of_non_objects_names_the_line(runner, tmp_path: Path, key_file: Path) -> None:
    config = CONFIG.replace('    options: {{delimiter: ";"}}\n', "").replace(
        "%d-%m-%Y %H:%M", "iso8601"
    )
    text = '{"BSN": "123456782", "Actie": "Melding", "Datum": "2024-01-02T10:00:00"}\n[1, 2]\n'
    path = _chain(tmp_path, "ha.jsonl", text, config)
    out = tmp_path / "out" / "k.parquet"
    _one_line_error(_stitch(runner, path, key_file, out), "ha.jsonl", ":2")
    _no_output(out)


def test_headerless_export_does_not_echo_its_first_row(
    runner, tmp_path: Path, key_file: Path
) -> None:
    content = "Jansen;123.456.782;Melding;02-01-2024 10:00\n"
    config = _chain(tmp_path, "ha.csv", content)
    result = _stitch(runner, config, key_file, tmp_path / "out" / "k.parquet")
    line = _one_line_error(result, "ha.csv")
    assert "Jansen" not in line and "123.456.782" not in line and "123456782" not in line


EVIL_PATTERN = CONFIG.replace(
    "    columns: {{activity: Actie, timestamp: Datum}}\n",
    "    columns: {{activity: Actie, timestamp: Datum}}\n"
    "    activities:\n      patterns:\n        - {{match: '^(a+)+$', step: melding}}\n",
)


def test_a_backtracking_pattern_cannot_hang_stitch(tmp_path: Path, key_file: Path) -> None:
    """``^(a+)+$`` against ``aaaa…b`` takes Python's ``re`` ages; RE2 answers at once. The
    timeout only guards the test from hanging: it is not a speed test."""
    import subprocess
    import sys

    rows = (
        "BSN;Actie;Datum\n"
        + "".join(f"123456782;{'a' * (30 + i)}b;02-01-2024 10:00\n" for i in range(5))
        + "123456782;aaaa;02-01-2024 11:00\n"
    )
    config = _chain(tmp_path, "ha.csv", rows, EVIL_PATTERN)
    out = tmp_path / "out" / "k.parquet"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ketenmining",
            "stitch",
            "--internal",
            str(config),
            "--key-file",
            str(key_file),
            "-o",
            str(out),
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    import pyarrow.parquet as pq

    activities = pq.read_table(out, columns=["activity"]).column("activity").to_pylist()
    assert activities.count("melding") == 1  # 'aaaa' matched, the 'a…ab' names did not


def test_a_pattern_re2_cannot_run_is_refused_where_it_stands(
    runner, tmp_path: Path, key_file: Path
) -> None:
    config = _chain(tmp_path, "ha.csv", GOOD_ROWS, EVIL_PATTERN.replace("^(a+)+$", "(?=a)a"))
    out = tmp_path / "out" / "k.parquet"
    _one_line_error(_stitch(runner, config, key_file, out), "keten.yaml:", "linear time")
    _no_output(out)


ATTR_CONFIG = CONFIG.replace(
    "columns: {{activity: Actie, timestamp: Datum}}",
    "columns: {{activity: Actie, timestamp: Datum, attributes: {{notitie: Notitie}}}}",
)


def test_bsn_in_a_name_or_note_is_masked_with_a_finding(
    runner, tmp_path: Path, key_file: Path
) -> None:
    import json

    import pyarrow.parquet as pq

    rows = (
        "BSN;Actie;Datum;Notitie\n"
        "123456782;Melding 111.222.333;02-01-2024 10:00;moeder bsn 123 456 782 gebeld\n"
        "123456782;Overleg\x00;03-01-2024 10:00;dossier 12345678 (geen bsn)\n"
    )
    config = _chain(tmp_path, "ha.csv", rows, ATTR_CONFIG)
    out = tmp_path / "out" / "k.parquet"
    result = _stitch(runner, config, key_file, out)
    assert result.exit_code == 0, result.output
    table = pq.read_table(out).to_pylist()
    cells = " ".join(str(v) for row in table for v in row.values())
    for raw in ("111.222.333", "111222333", "123 456 782", "123456782", "\x00"):
        assert raw not in cells, raw
    assert {r["activity_raw"] for r in table} == {"Melding [BSN]", "Overleg"}
    assert any("12345678 (geen bsn)" in (r["attr_notitie"] or "") for r in table)
    quality = json.loads(out.with_suffix(".quality.json").read_text(encoding="utf-8"))
    codes = [f["code"] for f in quality["findings"]]
    assert "DQ011" in codes and "DQ012" in codes


BSNS = ["123456782", "111222333", "123.456.782", "100000009"]


def _bsn_log(path: Path) -> Path:
    lines = ["case,activity,timestamp"]
    for i, bsn in enumerate(BSNS * 3):
        lines.append(f"{bsn},{'AB'[i % 2]},2024-01-{1 + i:02d} 10:00:00")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_quick_mode_refuses_bsn_case_ids_without_a_key(runner, tmp_path: Path) -> None:
    log = _bsn_log(tmp_path / "export.csv")
    out = tmp_path / "maps"
    result = runner.invoke(main, ["discover", str(log), "-o", str(out), "-q", "--k", "1"])
    line = _one_line_error(result, "export.csv", "--key-file", "--raw-ids")
    assert not any(b in line for b in BSNS)
    assert not out.exists()


def test_quick_mode_bsn_case_ids_with_a_key_or_raw_ids(
    runner, tmp_path: Path, key_file: Path
) -> None:
    log = _bsn_log(tmp_path / "export.csv")
    keyed = tmp_path / "keyed"
    result = runner.invoke(
        main,
        [
            "discover",
            str(log),
            "-o",
            str(keyed),
            "-q",
            "--k",
            "1",
            "--key-file",
            str(key_file),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    raw = tmp_path / "raw"
    result = runner.invoke(
        main,
        [
            "discover",
            str(log),
            "-o",
            str(raw),
            "-q",
            "--k",
            "1",
            "--raw-ids",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (raw / "discover.json").is_file()
