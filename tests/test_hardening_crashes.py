"""The crashes issue 13 still listed as open, each a regression test.

Huge durations, impossible dates, damaged chain logs, NUL bytes in XML outputs
and organisation names with spaces: each ends in one line saying what and
where with exit 2 (or, in ``protocol lint``, a finding with exit 1), never an
internal error, and nothing is written.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import chainlogs
import pytest
from support import PROTOCOL
from test_cli_bad_input import CONFIG, GOOD_ROWS, _chain, _one_line_error, _stitch

from ketenmining.cli import main


def _nothing_in(folder: Path) -> None:
    assert not folder.exists() or list(folder.rglob("*")) == [], sorted(folder.rglob("*"))


# --- durations and dates in the YAML -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("episodes: {{gap: 99999999999999999999 months}}\n", "keten.yaml:2:"),
        ("episodes: {{gap: 1201 months}}\n", "1,200 months"),
        ("period: {{from: 2024-01-01, to: 2024-02-30}}\n", "keten.yaml:2:"),
        ("period: {{from: 2023-02-29, to: 2024-01-01}}\n", "impossible date"),
    ],
    ids=["gap 10^20 months", "gap just over the limit", "to 2024-02-30", "from 2023-02-29"],
)
def test_config_with_an_impossible_value_is_one_line(
    runner, tmp_path: Path, key_file: Path, text: str, needle: str
) -> None:
    config = CONFIG.replace("organisations:", text + "organisations:", 1)
    path = _chain(tmp_path, "ha.csv", GOOD_ROWS, config)
    out = tmp_path / "out"
    _one_line_error(_stitch(runner, path, key_file, out / "k.parquet"), needle)
    _nothing_in(out)


def test_the_longest_gap_allowed_still_stitches(runner, tmp_path: Path, key_file: Path) -> None:
    config = CONFIG.replace("organisations:", "episodes: {{gap: 1200 months}}\norganisations:", 1)
    path = _chain(tmp_path, "ha.csv", GOOD_ROWS, config)
    result = _stitch(runner, path, key_file, tmp_path / "k.parquet")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "k.parquet").is_file()


def test_episode_gap_option_too_long_is_one_line(runner, tmp_path: Path, key_file: Path) -> None:
    path = _chain(tmp_path, "ha.csv", GOOD_ROWS)
    out = tmp_path / "out" / "k.parquet"
    result = runner.invoke(
        main,
        [
            "stitch",
            str(path),
            "--key-file",
            str(key_file),
            "-o",
            str(out),
            "-q",
            "--internal",
            "--episode-gap",
            "99999999999999999999 months",
        ],
    )
    _one_line_error(result, "months")
    assert not out.exists()


def _protocol(tmp_path: Path, old: str, new: str) -> Path:
    text = PROTOCOL.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "protocol.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


BAD_PROTOCOLS = [
    ("within: 3 working days", "within: 999999999 months", "999999999 months"),
    ("within: 3 working days", "within: 99999999999999999999 days", "99999999999999999999"),
    ("closed: [2023-05-19", "closed: [2023-02-30", "2023-02-30"),
]
BAD_IDS = ["within 10^9 months", "within 10^20 days", "closed 2023-02-30"]


@pytest.mark.parametrize(("old", "new", "needle"), BAD_PROTOCOLS, ids=BAD_IDS)
def test_protocol_lint_reports_an_impossible_value_as_a_finding(
    runner, tmp_path: Path, old: str, new: str, needle: str
) -> None:
    path = _protocol(tmp_path, old, new)
    line = _line_of(path, needle)
    result = runner.invoke(main, ["protocol", "lint", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    findings = json.loads(result.stdout)["files"][0]["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert len(errors) == 1, errors
    assert errors[0]["line"] == line and errors[0]["column"] > 1


@pytest.mark.parametrize(("old", "new", "needle"), BAD_PROTOCOLS, ids=BAD_IDS)
def test_audit_with_an_impossible_protocol_value_is_one_line(
    runner, tmp_path: Path, old: str, new: str, needle: str
) -> None:
    path = _protocol(tmp_path, old, new)
    log = chainlogs.write(chainlogs.good_table(), tmp_path / "keten.parquet")
    out = tmp_path / "rapport"
    result = runner.invoke(main, ["audit", str(log), "--protocol", str(path), "-o", str(out), "-q"])
    _one_line_error(result, f"protocol.yaml:{_line_of(path, needle)}:")
    _nothing_in(out)


def test_a_window_of_a_hundred_years_is_computed(runner, tmp_path: Path) -> None:
    """The limits themselves hold: 26,200 working days and 1,200 months are deadlines the
    calendar can compute (no overflow past the year 9999)."""
    text = PROTOCOL.read_text(encoding="utf-8")
    text = text.replace("within: 3 working days", "within: 26200 working days", 1)
    text = text.replace("within: 5 working days", "within: 1200 months", 1)
    path = tmp_path / "protocol.yaml"
    path.write_text(text, encoding="utf-8")
    log = chainlogs.write(chainlogs.good_table(), tmp_path / "keten.parquet")
    out = tmp_path / "rapport"
    result = runner.invoke(main, ["audit", str(log), "--protocol", str(path), "-o", str(out), "-q"])
    assert result.exit_code in (0, 1), result.output
    assert (out / "audit.json").is_file()


# --- damaged chain logs ---------------------------------------------------------------


def _command(name: str, log: Path, out: Path) -> list[str]:
    return {
        "audit": ["audit", str(log), "--protocol", str(PROTOCOL), "-o", str(out)],
        "discover": [
            "discover",
            str(log),
            "-o",
            str(out),
            "--format",
            "json,bpmn,pnml",
            "--k",
            "1",
        ],
        "export": ["export", str(log), "-o", str(out / "keten.xes")],
    }[name] + ["-q"]


@pytest.mark.parametrize("command", ["audit", "discover", "export"])
def test_the_undamaged_chain_log_works(runner, tmp_path: Path, command: str) -> None:
    log = chainlogs.write(chainlogs.good_table(), tmp_path / "keten.parquet")
    out = tmp_path / "out"
    result = runner.invoke(main, _command(command, log, out))
    assert result.exit_code in (0, 1), result.output
    assert list(out.iterdir())


@pytest.mark.parametrize("command", ["audit", "discover", "export"])
@pytest.mark.parametrize("damage", sorted(chainlogs.DAMAGE))
def test_a_damaged_chain_log_is_one_line(runner, tmp_path: Path, damage: str, command: str) -> None:
    change, needles = chainlogs.DAMAGE[damage]
    log = chainlogs.write(change(chainlogs.good_table()), tmp_path / "keten.parquet")
    out = tmp_path / "out"
    result = runner.invoke(main, _command(command, log, out))
    _one_line_error(result, "keten.parquet", *needles)
    _nothing_in(out)


def test_a_damaged_quality_record_beside_the_chain_log_is_one_line(runner, tmp_path: Path) -> None:
    log = chainlogs.write(chainlogs.good_table(), tmp_path / "keten.parquet")
    (tmp_path / "keten.quality.json").write_text('{"findings": [\n  {oops}\n', encoding="utf-8")
    out = tmp_path / "rapport"
    result = runner.invoke(main, _command("audit", log, out))
    _one_line_error(result, "keten.quality.json:2:", "JSON")
    _nothing_in(out)


# --- NUL bytes in the XML outputs -----------------------------------------------------


def _xml_outputs(folder: Path) -> list[Path]:
    import lxml.etree as etree

    files = sorted([*folder.glob("*.pnml"), *folder.glob("*.bpmn"), *folder.glob("*.xes")])
    for path in files:
        etree.parse(str(path))  # raises on a character XML cannot hold
        assert b"\x00" not in path.read_bytes() and b"&#0;" not in path.read_bytes()
    return files


def test_nul_in_a_quick_mode_log_reaches_no_output(runner, tmp_path: Path) -> None:
    log = tmp_path / "nul.csv"
    rows = ["case,activity,timestamp"] + [
        f"c{c},{act},2024-01-{1 + i:02d}T10:00:00"
        for c in range(12)
        for i, act in enumerate(["Melding\x00", "Onder\x00zoek", "Plan"])
    ]
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "maps"
    result = runner.invoke(
        main, ["discover", str(log), "-o", str(out), "-q", "--k", "1", "--format", "json,bpmn,pnml"]
    )
    assert result.exit_code == 0, result.output
    assert len(_xml_outputs(out)) == 2
    assert "Onderzoek" in (out / "model.pnml").read_text(encoding="utf-8")
    result = runner.invoke(main, ["export", str(log), "-o", str(out / "k.xes"), "-q"])
    assert result.exit_code == 0, result.output
    assert len(_xml_outputs(out)) == 3


def test_nul_in_a_hand_made_chain_log_keeps_the_xml_well_formed(runner, tmp_path: Path) -> None:
    import pyarrow as pa

    table = chainlogs.good_table()
    i = table.schema.get_field_index("activity")
    names = [a + "\x00\x01" if a == "melding" else a for a in table.column("activity").to_pylist()]
    table = table.set_column(i, table.schema.field(i), pa.array(names, pa.string()))
    log = chainlogs.write(table, tmp_path / "keten.parquet")
    out = tmp_path / "maps"
    result = runner.invoke(main, _command("discover", log, out))
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, _command("export", log, out))
    assert result.exit_code == 0, result.output
    assert len(_xml_outputs(out)) == 3


def test_jsonl_of_non_objects_in_quick_mode_names_the_line(runner, tmp_path: Path) -> None:
    log = tmp_path / "x.jsonl"
    log.write_text('{"case": "a", "activity": "X", "timestamp": "2024-01-02T10:00:00"}\n[1]\n')
    out = tmp_path / "maps"
    result = runner.invoke(main, ["discover", str(log), "-o", str(out), "-q", "--k", "1"])
    _one_line_error(result, "x.jsonl:2")
    _nothing_in(out)


# --- organisation names with spaces ---------------------------------------------------


def test_organisation_names_with_spaces_stay_whole(runner, tmp_path: Path) -> None:
    names = {"HA": "Huisarts", "VT": "Veilig Thuis", "TT": "Toegang Tilburg"}
    log = tmp_path / "keten.csv"
    with open(log, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["case", "activity", "timestamp", "org"])
        for row in chainlogs.good_table().to_pylist():
            ts = row["timestamp"].strftime("%Y-%m-%dT%H:%M:%S")
            writer.writerow([row["case_id"][-6:], row["activity"], ts, names[row["org"]]])
    out = tmp_path / "rapport"
    result = runner.invoke(
        main,
        ["audit", str(log), "--protocol", str(PROTOCOL), "-o", str(out), "-q"],
    )
    assert result.exit_code in (0, 1), result.output
    record = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    codes = {o["code"] for o in record["scope"]["organisations"]}
    assert codes == set(names.values())
    with open(out / "sample.csv", encoding="utf-8") as fh:
        cells = {org for row in csv.DictReader(fh) for org in row["orgs"].split(",")}
    assert cells and cells <= set(names.values()) | {"–"}, cells
    assert "Veilig Thuis" in cells


# --- found by the fuzzing (tests/fuzzing.py, benchmarks/fuzz.py) ---------------------


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b"])
def test_a_control_character_in_yaml_is_one_line_at_its_place(
    runner, tmp_path: Path, key_file: Path, char: str
) -> None:
    config = CONFIG.replace("keten: test", f"keten: te{char}st")
    path = _chain(tmp_path, "ha.csv", GOOD_ROWS, config)
    line = _one_line_error(
        _stitch(runner, path, key_file, tmp_path / "k.parquet"), "keten.yaml:1:10"
    )
    assert f"#x{ord(char):04x}" in line


def test_a_huge_whole_number_in_an_id_column_is_text(tmp_path: Path) -> None:
    import pyarrow as pa

    from ketenmining.ingest.mapping import text_column

    values = text_column(pa.array([1.0, 9.3e18, float("inf"), None])).to_pylist()
    assert values == ["1", "9.3e+18", "inf", None]
    assert text_column(pa.array([123456782.0, None])).to_pylist() == ["123456782", None]


def test_damaged_parquet_pages_are_one_line(runner, tmp_path: Path) -> None:
    """The schema reads, the pages do not: found only when a stage decodes them."""
    good = chainlogs.write(chainlogs.good_table(), tmp_path / "good.parquet").read_bytes()
    data = bytearray(good)
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # zeros over page data, footer intact
    log = tmp_path / "keten.parquet"
    log.write_bytes(bytes(data))
    out = tmp_path / "out"
    result = runner.invoke(main, _command("export", log, out))
    if result.exit_code == 0:  # the zeros fell in a page that still decodes: not this case
        pytest.fail("the damaged file exported; move the damage")
    _one_line_error(result, "damaged")
    _nothing_in(out)


def test_a_timestamp_shape_never_breaks_the_line(tmp_path: Path) -> None:
    from ketenmining.ingest.timestamps import shape

    assert shape("\r\n12ab\x00") == "??99aa?"


def test_a_wrong_type_message_in_a_protocol_is_one_line(runner, tmp_path: Path) -> None:
    path = tmp_path / "protocol.yaml"
    path.write_text('"2\\n\\nZ"\n', encoding="utf-8")
    result = runner.invoke(main, ["protocol", "lint", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert findings and all("\n" not in f["message"] for f in findings), findings


def test_a_column_name_with_line_breaks_stays_on_the_line(tmp_path: Path) -> None:
    """Found by fuzzing: the "did you mean" hint quoted a header name with its CR/LF."""
    from ketenmining.errors import KetenError
    from ketenmining.ingest.readers.common import require_columns

    with pytest.raises(KetenError) as info:
        require_columns(tmp_path / "x.csv", ["Actie"], ["\r\nActie\r\n"])
    (line,) = info.value.lines()
    assert "\n" not in line and "\r" not in line and "did you mean" in line
