"""Bad input to every protocol command: a clear message with a position, exit 1 or 2, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ketenmining.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "configs" / "protocols" / "meldcode-keten.yaml"
BASE = (ROOT / "tests" / "fixtures" / "protocols" / "base.yaml").read_text(encoding="utf-8")

BAD_INPUTS = {
    "syntax-error": (
        BASE.replace("route:\n  sequence:", "route:\n  sequence: [", 1),
        "P000",
        r":\d+:\d+: .*YAML syntax error",
    ),
    "tab": (
        BASE.replace("  melding: {label", "\tmelding: {label", 1),
        "P000",
        r":12:1: .*tab character",
    ),
    "duplicate-key": (
        BASE.replace("title:", "version: 1.0.1\ntitle:", 1),
        "P000",
        r":\d+:1: .*duplicate key 'version'",
    ),
    "anchor-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n"
            for p, n in zip("abcde", "bcdef", strict=True)
        ),
        "P000",
        r":\d+:\d+: .*expands to more than",
    ),
    "rule-extends-itself": (
        BASE.replace("tests:\n", "  - {id: STRENG, text: X, extends: STRENG}\ntests:\n", 1),
        "P014",
        r":\d+:\d+: .*extends itself",
    ),
    "route-cycle": (
        BASE.replace(
            "route:\n",
            "subroutes:\n  a: {sequence: [melding, {subroute: b}]}\n  b: {subroute: a}\nroute:\n",
            1,
        ).replace("    - melding\n", "    - {subroute: a}\n", 1),
        "P014",
        r":\d+:\d+: .*refers to itself",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_lint_reports_position_and_exits_1(tmp_path: Path, name: str) -> None:
    text, code, pattern = BAD_INPUTS[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["protocol", "lint", "--lang", "en", str(path)])
    assert result.exit_code == 1, result.output
    assert code in result.output, result.output
    assert re.search(pattern, result.output), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", ["test", "show", "diff"])
def test_bad_input_other_commands_exit_2_with_position(
    tmp_path: Path, name: str, command: str
) -> None:
    text, _, pattern = BAD_INPUTS[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    args = {
        "test": ["protocol", "test", "--lang", "en", str(path)],
        "show": ["protocol", "show", "--lang", "en", str(path), "-o", str(tmp_path / "out.svg")],
        "diff": ["protocol", "diff", "--lang", "en", str(EXAMPLE), str(path)],
    }[command]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert re.search(pattern, result.output), result.output
    assert result.output.startswith("error: ")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.svg").exists()  # nothing half-written


def test_fifty_megabyte_file_is_refused_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.write(b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    for args in (["protocol", "lint", str(path)], ["protocol", "test", "--lang", "en", str(path)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "too large" in result.output
        assert "Traceback" not in result.output


def test_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["protocol", "test", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2, result.output
    assert "not found" in result.output


def test_show_unknown_picture_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["protocol", "show", str(EXAMPLE), "-o", str(tmp_path / "route.gif")]
    )
    assert result.exit_code == 2, result.output
    assert ".svg, .png, .pdf or .dot" in result.output


def test_every_protocol_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    for command in ("lint", "test", "show", "diff", "schema"):
        result = runner.invoke(main, ["protocol", command, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example" in result.output, command
        assert "ketenmining protocol" in result.output, command
