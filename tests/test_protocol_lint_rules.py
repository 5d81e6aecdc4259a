"""Every lint rule's YAML pass/fail cases (tests/protocol_lint_cases/PNNN.yaml), in one parametrised test.

A case patches the small lint-clean protocol tests/fixtures/protocols/base.yaml
(``patch``: deep merge, ``null`` deletes; ``append``: extend lists) or gives
raw ``text``. ``fail: N`` expects exactly N findings of the file's rule and
no finding of any other rule; ``pass: true`` expects no finding at all.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from ketenmining import texts
from ketenmining.protocol.lint import LintContext, rule_modules, run_rules
from ketenmining.protocol.load import read_protocol_text

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "protocol_lint_cases"
BASE = yaml.safe_load((HERE / "fixtures" / "protocols" / "base.yaml").read_text(encoding="utf-8"))


def _merge(base: Any, patch: Any) -> Any:
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _merge(out.get(key), value)
    return out


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("P*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}"))
    return params


def _text(case: dict[str, Any]) -> str:
    if "text" in case:
        return case["text"]
    doc = _merge(BASE, case.get("patch") or {})
    for key, items in (case.get("append") or {}).items():
        doc[key] = list(doc.get(key) or []) + items
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


@pytest.mark.parametrize(("code", "case"), _cases())
def test_lint_rule_case(code: str, case: dict[str, Any]) -> None:
    text = _text(case)
    result = read_protocol_text(text, "case.yaml", lang="en")
    steps = set(case["config_steps"]) if "config_steps" in case else None
    ctx = LintContext(result, "en", steps, budget=case.get("budget"))
    findings = run_rules(ctx)
    shown = "\n".join(f"{f.code} {f.where}: {f.message}" for f in findings) + "\n---\n" + text
    if case.get("pass"):
        assert findings == [], shown
    else:
        assert {f.code for f in findings} == {code}, shown
        assert len(findings) == case["fail"], shown
        assert all(f.where is not None and f.where.line for f in findings), shown


def test_every_rule_has_cases_and_examples() -> None:
    codes = {m.CODE for m in rule_modules()}
    files = {p.stem for p in CASES_DIR.glob("P*.yaml")}
    assert codes == files
    for mod in rule_modules():
        doc = mod.__doc__ or ""
        assert doc.startswith(f"{mod.CODE} {mod.NAME}:"), mod.__name__
        assert "Fails" in doc and "Passes" in doc, mod.__name__
        assert mod.SEVERITY in ("error", "warning", "info")
        title = texts.entry(f"lint.{mod.CODE}.title")
        assert title["en"] and title["nl"] and title["en"] != title["nl"]
