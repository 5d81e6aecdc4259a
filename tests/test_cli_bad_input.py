"""Bad input through the commands a user runs: one line with where and what to do, exit 2, nothing written."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from ketenmining.cli import main

CONFIG = """\
keten: test
organisations: {{HA: Huisarts}}
sources:
  - id: ha
    org: HA
    path: {path}
    options: {{delimiter: ";"}}
    client_id: {{column: BSN, kind: bsn}}
    columns: {{activity: Actie, timestamp: Datum}}
    timestamp: {{format: "%d-%m-%Y %H:%M"}}
"""

GOOD_ROWS = (
    "BSN;Actie;Datum\n123456782;Melding;02-01-2024 10:00\n111222333;Melding;03-01-2024 11:00\n"
)


def _chain(tmp_path: Path, name: str, content: bytes | str, config: str = CONFIG) -> Path:
    data = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    data.write_bytes(content)
    path = tmp_path / "keten.yaml"
    path.write_text(config.format(path=name), encoding="utf-8")
    return path


def _stitch(runner, config: Path, key_file: Path, out: Path):
    return runner.invoke(
        main,
        ["stitch", "--internal", str(config), "--key-file", str(key_file), "-o", str(out), "-q"],
    )


def _one_line_error(result, *needles: str) -> str:
    assert result.exit_code == 2, result.output
    text = result.output
    assert "Traceback" not in text
    errors = [ln for ln in text.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, text
    for needle in needles:
        assert needle in errors[0], errors[0]
    return errors[0]


def test_good_input_works(runner, tmp_path: Path, key_file: Path) -> None:
    config = _chain(tmp_path, "ha.csv", GOOD_ROWS)
    result = _stitch(runner, config, key_file, tmp_path / "out" / "k.parquet")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "k.parquet").is_file()


@pytest.mark.parametrize(
    ("name", "content", "needles"),
    [
        ("ha.csv", "", ("ha.csv", "empty")),
        (
            "ha.csv",
            "BSN;Actie;Tijd\n123456782;Melding;02-01-2024 10:00\n",
            ("Datum", "'BSN', 'Actie', 'Tijd'"),
        ),
        (
            "ha.csv",
            "BSN,Actie,Datum\n123456782,Melding,02-01-2024 10:00\n",
            ("ha.csv", "delimiter"),
        ),
        (
            "ha.csv",
            GOOD_ROWS + "".join(f"123456782;Melding;2024-13-{d:02d}\n" for d in range(1, 8)),
            ("ha.csv", "7 rows (3, 4, 5", "%d-%m-%Y %H:%M"),
        ),
    ],
    ids=["empty file", "unknown column", "wrong delimiter", "unparsable timestamps"],
)
def test_bad_csv(
    runner, tmp_path: Path, key_file: Path, name: str, content: str, needles: tuple[str, ...]
) -> None:
    config = _chain(tmp_path, name, content)
    out = tmp_path / "out" / "k.parquet"
    line = _one_line_error(_stitch(runner, config, key_file, out), *needles)
    assert "123456782" not in line  # never an id value in a message
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_missing_source_file_points_at_the_config(runner, tmp_path: Path, key_file: Path) -> None:
    config = tmp_path / "keten.yaml"
    config.write_text(CONFIG.format(path="absent.csv"), encoding="utf-8")
    line = _one_line_error(
        _stitch(runner, config, key_file, tmp_path / "k.parquet"), "keten.yaml:4:", "absent.csv"
    )
    assert "hint" in line


def test_corrupt_xlsx(runner, tmp_path: Path, key_file: Path) -> None:
    config = CONFIG.replace('    options: {{delimiter: ";"}}\n', "").replace(
        "%d-%m-%Y %H:%M", "iso8601"
    )
    path = _chain(tmp_path, "ha.xlsx", b"PK\x03\x04 this is not really a workbook", config)
    _one_line_error(_stitch(runner, path, key_file, tmp_path / "k.parquet"), "ha.xlsx")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<log><trace><string key="bsn" value="123456782"/><event><string key="concept:name" value="&lol3;"/>
<date key="time:timestamp" value="2024-01-02T10:00:00+01:00"/></event></trace></log>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE log [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<log><trace><string key="bsn" value="123456782"/><event><string key="concept:name" value="&xxe;"/>
<date key="time:timestamp" value="2024-01-02T10:00:00+01:00"/></event></trace></log>
"""

XES_CONFIG = """\
keten: test
sources:
  - id: vt
    org: VT
    path: {path}
    client_id: {{column: "case:bsn", kind: bsn}}
    columns: {{activity: "concept:name", timestamp: "time:timestamp"}}
"""


@pytest.mark.parametrize("payload", [BOMB, XXE], ids=["billion laughs", "external entity"])
@pytest.mark.parametrize("gz", [False, True], ids=["xes", "xes.gz"])
def test_malicious_xes_is_refused(
    runner, tmp_path: Path, key_file: Path, payload: bytes, gz: bool
) -> None:
    name = "vt.xes.gz" if gz else "vt.xes"
    config = _chain(tmp_path, name, gzip.compress(payload) if gz else payload, XES_CONFIG)
    out = tmp_path / "out" / "k.parquet"
    result = _stitch(runner, config, key_file, out)
    _one_line_error(result, name, "DTD")
    assert "root:" not in result.output  # /etc/passwd was never read
    assert not out.exists()


def test_broken_config_reports_every_problem(runner, tmp_path: Path, key_file: Path) -> None:
    config = tmp_path / "keten.yaml"
    config.write_text(
        "keten: t\nsources:\n  - {id: a, org: X, path: a.csv}\n  - {id: b, path: b.csv, columns: []}\n"
    )
    result = _stitch(runner, config, key_file, tmp_path / "k.parquet")
    assert result.exit_code == 2 and "Traceback" not in result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(errors) >= 4
    assert all("keten.yaml:" in e for e in errors)


@pytest.mark.parametrize(
    "command",
    [
        ["discover", "-o", "out"],
        ["conform", "--model", "m.pnml"],
        ["audit", "--protocol", "p.yaml", "-o", "r"],
    ],
)
def test_missing_log_file(runner, tmp_path: Path, command: list[str]) -> None:
    result = runner.invoke(main, [command[0], str(tmp_path / "absent.parquet"), *command[1:]])
    _one_line_error(result, "absent.parquet", "not found")


def test_key_given_on_the_command_line_is_not_an_option(runner, tmp_path: Path) -> None:
    config = _chain(tmp_path, "ha.csv", GOOD_ROWS)
    result = runner.invoke(
        main,
        [
            "stitch",
            "--internal",
            str(config),
            "--key",
            "0123456789abcdef0123456789abcdef",
            "-o",
            "x.parquet",
        ],
    )
    assert result.exit_code == 2 and "No such option" in result.output
