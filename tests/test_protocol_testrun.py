"""``protocol test``: the example's embedded tests pass; failures are explained; JUnit output."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from junit_xsd import validate_junit

from ketenmining.cli import main
from ketenmining.protocol import load_protocol
from ketenmining.protocol.load import read_protocol_text
from ketenmining.protocol.testrun import run_tests

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "configs" / "protocols" / "meldcode-keten.yaml"
BASE = (ROOT / "tests" / "fixtures" / "protocols" / "base.yaml").read_text(encoding="utf-8")


def test_example_tests_all_pass() -> None:
    proto = load_protocol(EXAMPLE)
    report = run_tests(proto)
    assert len(report.outcomes) == len(proto.tests) >= 12
    assert report.failed == 0, [(o.name, o.failures) for o in report.outcomes if not o.passed]


def test_cli_text_and_exit_code() -> None:
    result = CliRunner().invoke(main, ["protocol", "test", "--lang", "en", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "PASS  beoordeling op tijd over Pasen heen" in result.output
    assert "Europe/Amsterdam" in result.output
    assert result.output.strip().splitlines()[-1].startswith("16 passed, 0 failed")


def _broken_tests() -> str:
    return BASE.replace(
        "    expect: conforms\n",
        "    expect: conforms\n"
        "  - name: wrong expectation\n"
        "    trace: [melding@2024-03-01, beoordeling@2024-03-11]\n"
        "    expect: {satisfies: [VT-5WD]}\n"
        "  - name: not on the route\n"
        "    trace: [melding@2024-03-01, afsluiting@2024-03-02]\n"
        "    expect: conforms\n"
        "  - name: deviates as expected\n"
        "    trace: [melding@2024-03-01, afsluiting@2024-03-02]\n"
        "    expect: deviates\n",
    )


def test_failures_are_explained() -> None:
    result = read_protocol_text(_broken_tests(), "t.yaml")
    report = run_tests(result.protocol, "en")
    by_name = {o.name: o for o in report.outcomes}
    assert by_name["korte route"].passed
    assert by_name["deviates as expected"].passed
    wrong = by_name["wrong expectation"]
    assert not wrong.passed
    assert "VT-5WD: expected satisfied, got violated" in wrong.failures[0]
    assert "deadline 2024-03-08" in wrong.failures[0]
    off = by_name["not on the route"]
    assert not off.passed
    assert "step 1 (melding) does not fit the route; expected: melding_gedaan" in off.failures[0]
    assert report.failed == 2


def test_junit_and_json_output(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(_broken_tests(), encoding="utf-8")
    out = tmp_path / "tests.xml"
    result = CliRunner().invoke(
        main, ["protocol", "test", str(path), "--format", "junit", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    text = out.read_text(encoding="utf-8")
    validate_junit(text)
    assert text.count("<failure") == 2
    result = CliRunner().invoke(main, ["protocol", "test", str(path), "--format", "json"])
    data = json.loads(result.output)["protocols"][0]
    assert data["passed"] == 2 and data["failed"] == 2
    assert {t["name"] for t in data["tests"] if not t["passed"]} == {
        "wrong expectation",
        "not on the route",
    }


def test_pending_with_a_data_end() -> None:
    text = BASE.replace(
        "    expect: conforms\n",
        "    expect: conforms\n"
        "  - name: still within the deadline\n"
        "    trace: [melding@2024-03-01]\n"
        "    data_end: 2024-03-05\n"
        "    expect: {pending: [VT-5WD]}\n",
    )
    report = run_tests(read_protocol_text(text, "t.yaml").protocol)
    assert report.failed == 0, [o.failures for o in report.outcomes]
