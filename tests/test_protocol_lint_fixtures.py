"""Each deliberately broken protocol gives exactly its own finding; the example is clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from junit_xsd import validate_junit

from ketenmining.cli import main
from ketenmining.protocol.lint import lint_file, rule_modules
from ketenmining.protocol.lint.config_steps import steps_from_config

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "configs" / "protocols" / "meldcode-keten.yaml"
FIXTURES = ROOT / "tests" / "fixtures" / "protocols"
BROKEN = sorted((FIXTURES / "broken").glob("P*.yaml"))


def test_one_broken_fixture_per_rule() -> None:
    assert {p.name[:4] for p in BROKEN} == {m.CODE for m in rule_modules()}


def test_the_broken_fixtures_are_a_fresh_run_of_their_generator() -> None:
    """The committed fixtures equal what make_broken.py writes now: regenerate, never hand-edit."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_broken", FIXTURES / "make_broken.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    fresh = generator.files()
    assert set(fresh) == set(BROKEN) | {FIXTURES / "keten-for-P006.yaml"}
    stale = [p.name for p, text in fresh.items() if p.read_text(encoding="utf-8") != text]
    assert stale == [], "run: python tests/fixtures/protocols/make_broken.py"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_gives_exactly_its_own_finding(path: Path) -> None:
    code = path.name[:4]
    config = steps_from_config(FIXTURES / "keten-for-P006.yaml") if code == "P006" else None
    report = lint_file(path, "en", config)
    shown = "\n".join(f"{f.code} {f.where}: {f.message}" for f in report.findings)
    assert report.findings, shown
    assert {f.code for f in report.findings} == {code}, shown
    for f in report.findings:
        assert f.where is not None and f.where.file == str(path) and f.where.line, shown
        assert f.hint, shown


def test_base_fixture_is_clean() -> None:
    assert lint_file(FIXTURES / "base.yaml").findings == []


def test_example_protocol_is_lint_clean_via_cli() -> None:
    result = CliRunner().invoke(main, ["protocol", "lint", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "Europe/Amsterdam" in result.output  # the calendar used is stated


def test_cli_exit_codes_and_text_format() -> None:
    runner = CliRunner()
    broken = FIXTURES / "broken" / "P002-unknown-step.yaml"
    result = runner.invoke(main, ["protocol", "lint", "--lang", "en", str(broken)])
    assert result.exit_code == 1, result.output
    assert re.search(
        r"P002-unknown-step\.yaml:\d+:\d+: P002 unknown-step \[error\] unknown step 'beoordelen'",
        result.output,
    )
    assert "did you mean 'beoordeling'?" in result.output
    info_only = FIXTURES / "broken" / "P015-analysis-bounded.yaml"
    result = runner.invoke(main, ["protocol", "lint", str(info_only)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["protocol", "lint", str(FIXTURES / "nope.yaml")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_every_finding_reported_at_once_across_files() -> None:
    files = [str(p) for p in BROKEN if p.name[:4] in ("P001", "P011", "P013")]
    result = CliRunner().invoke(main, ["protocol", "lint", "--format", "json", *files])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    codes = sorted(f["code"] for file in data["files"] for f in file["findings"])
    assert codes == ["P001", "P001", "P011", "P013"]
    assert all(f["line"] and f["column"] for file in data["files"] for f in file["findings"])


def test_junit_output_is_valid_junit(tmp_path: Path) -> None:
    out = tmp_path / "lint.xml"
    files = [str(EXAMPLE), *(str(p) for p in BROKEN if p.name[:4] != "P006")]
    result = CliRunner().invoke(
        main, ["protocol", "lint", "--format", "junit", "-o", str(out), *files]
    )
    assert result.exit_code == 1, result.output
    text = out.read_text(encoding="utf-8")
    validate_junit(text)
    from lxml import etree

    doc = etree.fromstring(text.encode("utf-8"))
    suites = {s.get("name"): s for s in doc.findall("testsuite")}
    assert suites[str(EXAMPLE)].get("failures") == "0"
    dead = suites[str(FIXTURES / "broken" / "P007-dead-rule.yaml")]
    failed = [c.get("name") for c in dead.findall("testcase") if c.find("failure") is not None]
    assert failed == ["P007 dead-rule: Rule contradicts the route"] or failed == [
        "P007 dead-rule: Regel is in strijd met de route"
    ]


def test_github_annotations() -> None:
    broken = FIXTURES / "broken" / "P004-duplicate-id.yaml"
    result = CliRunner().invoke(
        main, ["protocol", "lint", "--format", "github", "--lang", "en", str(broken)]
    )
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert re.match(
        r"^::error file=.*P004-duplicate-id\.yaml,line=\d+,col=\d+,title=P004 duplicate-id::rule id 'VT-5WD' is used twice",
        lines[0],
    )


def test_lint_config_option_checks_sources(tmp_path: Path) -> None:
    broken = FIXTURES / "broken" / "P006-unproducible-step.yaml"
    runner = CliRunner()
    plain = runner.invoke(main, ["protocol", "lint", str(broken)])
    assert plain.exit_code == 0, plain.output
    with_config = runner.invoke(
        main,
        [
            "protocol",
            "lint",
            "--lang",
            "en",
            "--config",
            str(FIXTURES / "keten-for-P006.yaml"),
            str(broken),
        ],
    )
    assert with_config.exit_code == 1, with_config.output
    assert "route step 'onderzoek'" in with_config.output
