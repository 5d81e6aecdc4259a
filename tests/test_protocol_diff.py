"""``protocol diff``: what changed, and whether the version bump is big enough."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ketenmining.cli import main
from ketenmining.protocol.diff import diff_protocols, version_bump
from ketenmining.protocol.load import read_protocol_text

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "tests" / "fixtures" / "protocols" / "base.yaml").read_text(encoding="utf-8")


def P(text: str):
    result = read_protocol_text(text, "p.yaml")
    assert result.errors == [], [f.message for f in result.errors]
    return result.protocol


def changed(old: str, new: str):
    return diff_protocols(P(old), P(new))


def test_version_bump_levels() -> None:
    assert version_bump("1.2.3", "2.0.0") == "major"
    assert version_bump("1.2.3", "1.3.0") == "minor"
    assert version_bump("1.2.3", "1.2.4") == "patch"
    assert version_bump("1.2.3", "1.2.3") == "none"
    assert version_bump("1.2.3", "1.2.2") == "lower"
    assert version_bump("0.3.0", "0.4.0") == "major"  # 0.y.z: a minor bump may break


def test_removed_step_needs_a_major_bump() -> None:
    new = BASE.replace("    - optional: onderzoek\n", "").replace(
        "  onderzoek: {label: Onderzoek, by: VT}\n", ""
    )
    new = new.replace(
        "  - id: ONDERZOEK-10W\n    text: Onderzoek binnen 10 weken\n    duration: {step: onderzoek, within: 10 weken}\n",
        "",
    )
    res = changed(BASE, new.replace("version: 1.0.0", "version: 1.1.0"))
    assert ("step", "onderzoek", "removed") in {(c.area, c.id, c.what) for c in res.changes}
    assert res.required == "major"
    assert not res.bump_ok
    assert changed(BASE, new.replace("version: 1.0.0", "version: 2.0.0")).bump_ok


def test_tightened_deadline_is_not_a_patch() -> None:
    new = BASE.replace("within: 5 werkdagen}", "within: 3 werkdagen}").replace(
        "version: 1.0.0", "version: 1.0.1"
    )
    res = changed(BASE, new)
    rule = next(c for c in res.changes if c.id == "VT-5WD")
    assert "tightened" in rule.detail
    assert res.required == "minor" and not res.bump_ok


def test_wording_only_is_a_patch() -> None:
    new = BASE.replace(
        "text: Beoordeling binnen 5 werkdagen", "text: Veiligheidsbeoordeling binnen vijf werkdagen"
    )
    res = changed(BASE, new.replace("version: 1.0.0", "version: 1.0.1"))
    assert res.required == "patch" and res.bump_ok


def test_route_wider_narrower_and_rewritten() -> None:
    wider = BASE.replace("    - beoordeling\n", "    - optional: beoordeling\n")
    assert changed(BASE, wider).changes[0].level == "minor"
    narrower = BASE.replace("    - optional: onderzoek\n", "    - onderzoek\n")
    route = next(c for c in changed(BASE, narrower).changes if c.area == "route")
    assert route.level == "major" and "no longer conforms" in route.detail
    rewritten = BASE.replace(
        "    - melding_gedaan\n    - melding\n", "    - sequence: [melding_gedaan, melding]\n"
    )
    route = next(c for c in changed(BASE, rewritten).changes if c.area == "route")
    assert route.level == "patch"


def test_rule_meaning_changed_is_major() -> None:
    new = BASE.replace(
        "response: {from: melding, to: beoordeling",
        "response: {from: melding_gedaan, to: beoordeling",
    )
    res = changed(BASE, new)
    assert res.required == "major"


def test_cli_exit_codes(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BASE, encoding="utf-8")
    new.write_text(
        BASE.replace("norm: 90%", "norm: 95%").replace("version: 1.0.0", "version: 1.0.1"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["protocol", "diff", "--lang", "en", str(old), str(new)])
    assert result.exit_code == 1, result.output
    assert "norm raised 90% → 95%" in result.output and "TOO SMALL" in result.output
    new.write_text(
        BASE.replace("norm: 90%", "norm: 95%").replace("version: 1.0.0", "version: 1.1.0"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["protocol", "diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"bump_ok": true' in result.output


def _with_comments(text: str) -> str:
    """The same protocol with comments and blank lines added (every location moves)."""
    out = ["# herzien na de ketenoverleg", ""]
    for line in text.splitlines():
        out.append(line + ("  # opmerking" if line.strip() and ":" in line else ""))
        out.append("")
    return "\n".join(out) + "\n"


def test_identical_or_comment_only_protocols_have_no_changes() -> None:
    for protocol in (BASE, (ROOT / "configs/protocols/meldcode-keten.yaml").read_text()):
        assert diff_protocols(P(protocol), P(protocol)).changes == []
        res = diff_protocols(P(protocol), P(_with_comments(protocol)))
        assert [c.__dict__ for c in res.changes] == []
        assert res.required == "none" and res.bump_ok


def test_cli_identical_copy_says_no_changes(tmp_path: Path) -> None:
    src = ROOT / "configs/protocols/meldcode-keten.yaml"
    for new_text in (src.read_text(), _with_comments(src.read_text())):
        new = tmp_path / "kopie.yaml"
        new.write_text(new_text, encoding="utf-8")
        for lang, words in (("en", "no changes"), ("nl", "geen wijzigingen")):
            result = CliRunner().invoke(
                main, ["protocol", "diff", "--lang", lang, str(src), str(new)]
            )
            assert result.exit_code == 0, result.output
            assert words in result.output.lower(), result.output
