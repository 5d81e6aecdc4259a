"""The JSON Schema, the generated rule reference, the hooks, and the start-up cost of lint."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from ketenmining.cli import main
from ketenmining.protocol.docgen import rules_markdown
from ketenmining.protocol.schema import protocol_schema, schema_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "configs" / "protocols" / "meldcode-keten.yaml"
BROKEN = ROOT / "tests" / "fixtures" / "protocols" / "broken"


def _as_json(path: Path) -> object:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(
        json.dumps(
            data,
            default=lambda v: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v),
        )
    )


def test_example_and_base_validate_against_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(protocol_schema())
    for path in (EXAMPLE, ROOT / "tests" / "fixtures" / "protocols" / "base.yaml"):
        errors = list(validator.iter_errors(_as_json(path)))
        assert errors == [], [e.message for e in errors]


@pytest.mark.parametrize("name", ["P001-schema", "P011-version", "P012-unknown-calendar"])
def test_schema_rejects_what_the_loader_rejects(name: str) -> None:
    validator = jsonschema.Draft202012Validator(protocol_schema())
    assert list(validator.iter_errors(_as_json(BROKEN / f"{name}.yaml")))


def test_committed_schema_is_current() -> None:
    assert (ROOT / "docs" / "protocol.schema.json").read_text(encoding="utf-8") == schema_json()
    result = CliRunner().invoke(main, ["protocol", "schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["title"] == "ketenmining chain protocol"


def test_committed_rule_reference_is_generated_from_the_docstrings() -> None:
    assert (ROOT / "docs" / "protocol-rules.md").read_text(encoding="utf-8") == rules_markdown()


def test_pre_commit_hooks_run_ketenmining() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert by_id["ketenmining-protocol-lint"]["entry"] == "ketenmining protocol lint"
    assert by_id["ketenmining-protocol-test"]["entry"].startswith("ketenmining protocol test")
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["files"]


def test_lint_imports_no_heavy_library_and_is_fast() -> None:
    code = (
        "import sys, time\n"
        "t = time.perf_counter()\n"
        "from ketenmining.cli import main\n"
        "try:\n"
        f"    main(['protocol', 'lint', {str(EXAMPLE)!r}])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "heavy = [m for m in ('pm4py', 'pandas', 'duckdb', 'pyarrow', 'holidays', 'numpy') if m in sys.modules]\n"
        "print(repr(heavy), time.perf_counter() - t)\n"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    wall = time.perf_counter() - start
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("[]"), out.stdout
    assert (
        wall < 5
    )  # the real figure (~0.25 s) is in docs/benchmarks.md; this only guards against a regression to pm4py-scale start-up
