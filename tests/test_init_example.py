"""``ketenmining init`` and ``ketenmining example``: complete folders, or nothing at all.

``init`` scaffolds a chain project from the package's templates; ``example``
writes the synthetic example chain from the package (generated exports, the
chain config, the protocol, the README and the demo key). Both refuse a
non-empty folder without ``--force`` and never leave a half-written one.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from importlib.resources import files
from pathlib import Path

import pytest
from support import EXAMPLE, PROTOCOL

from ketenmining.cli import main
from ketenmining.config import scaffold as init_module
from ketenmining.examples.identities import demo_key_text

TEXT_EXPORTS = ("huisartsen.csv", "politie.jsonl", "toegang-tilburg.csv")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- init


def test_init_writes_the_scaffold_from_the_package_templates(runner, tmp_path: Path) -> None:
    target = tmp_path / "Keten Tilburg"
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    templates = files("ketenmining.templates")
    for name, template in init_module.TEMPLATES.items():
        text = templates.joinpath(template).read_text(encoding="utf-8")
        if template.endswith((".yaml", ".md")):
            text = text.replace("__NAME__", "keten-tilburg")
        assert (target / name).read_text(encoding="utf-8") == text, name
        assert str(target / name) in result.output
    assert (target / "exports").is_dir()
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o777 & ~umask  # not the 0700 of a temporary folder
    assert "keten: keten-tilburg" in (target / "keten.yaml").read_text(encoding="utf-8")
    assert "__NAME__" not in "".join(p.read_text() for p in target.iterdir() if p.is_file())
    assert [p.name for p in tmp_path.iterdir()] == ["Keten Tilburg"]  # no temporary folder left


def test_init_scaffold_protocol_passes_lint(runner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["init", str(tmp_path / "k")]).exit_code == 0
    result = runner.invoke(main, ["protocol", "lint", str(tmp_path / "k" / "protocol.yaml")])
    assert result.exit_code == 0, result.output


def test_init_refuses_a_folder_that_is_not_empty(runner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {tmp_path}: folder is not empty")
    assert "--force" in result.output and len(result.output.splitlines()) == 1
    assert "Traceback" not in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_force_adds_only_the_missing_files(runner, tmp_path: Path) -> None:
    (tmp_path / "keten.yaml").write_text("keten: mine\n")
    result = runner.invoke(main, ["init", str(tmp_path), "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "keten.yaml").read_text() == "keten: mine\n"
    assert {p.name for p in tmp_path.iterdir()} == {
        "keten.yaml",
        "protocol.yaml",
        ".gitignore",
        "README.md",
        "exports",
    }
    assert str(tmp_path / "keten.yaml") not in result.output


def test_init_with_a_template_missing_writes_nothing(runner, tmp_path, monkeypatch) -> None:
    """A broken installation: one line naming the missing file, and no folder at all."""
    monkeypatch.setitem(init_module.TEMPLATES, "extra.txt", "not-in-the-package")
    target = tmp_path / "new"
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 2
    assert "not-in-the-package is missing from this installation of ketenmining" in result.output
    assert "Traceback" not in result.output and len(result.output.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_init_failing_while_writing_leaves_no_folder(runner, tmp_path, monkeypatch) -> None:
    texts = init_module.read_templates("k")

    def broken(chain: str) -> dict[str, str]:
        return {**texts, "no-such-dir/file.txt": "x"}  # the write of this one fails

    monkeypatch.setattr(init_module, "read_templates", broken)
    result = runner.invoke(main, ["init", str(tmp_path / "new")])
    assert result.exit_code == 2 and "internal error" in result.output
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- example


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("example") / "demo"
    result = CliRunner().invoke(main, ["example", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_example_writes_the_bundled_chain(example: tuple[Path, str]) -> None:
    out, _ = example
    assert set(_tree(out)) == {
        *(f"data/{p.name}" for p in (EXAMPLE / "data").iterdir()),
        "keten.yaml",
        "meldcode-keten.yaml",
        "truth.csv",
        "truth.json",
        "demo.key",
        "README.md",
    }
    for name in TEXT_EXPORTS:
        assert (out / "data" / name).read_bytes() == (EXAMPLE / "data" / name).read_bytes(), name
    xes = "data/veilig-thuis.xes.gz"
    assert gzip.decompress((out / xes).read_bytes()) == gzip.decompress(
        (EXAMPLE / xes).read_bytes()
    )
    assert (out / "truth.csv").read_bytes() == (EXAMPLE / "truth.csv").read_bytes()
    assert (out / "meldcode-keten.yaml").read_bytes() == PROTOCOL.read_bytes()


def test_example_config_names_the_protocol_beside_it(example: tuple[Path, str]) -> None:
    out, _ = example
    config = (out / "keten.yaml").read_text(encoding="utf-8")
    bundled = (EXAMPLE / "keten.yaml").read_text(encoding="utf-8")
    assert re.findall(r"^protocol: (.+)$", config, flags=re.M) == ["meldcode-keten.yaml"]
    drop = re.compile(r"^protocol: .+$", flags=re.M)
    assert drop.sub("", config) == drop.sub("", bundled)


def test_example_readme_and_demo_key(example: tuple[Path, str]) -> None:
    out, output = example
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "../../configs" not in readme and "`meldcode-keten.yaml`" in readme
    assert readme == (EXAMPLE / "README.md").read_text(encoding="utf-8").replace(
        "../../configs/protocols/meldcode-keten.yaml", "meldcode-keten.yaml"
    )
    key = out / "demo.key"
    assert key.read_text(encoding="ascii") == demo_key_text() + "\n"
    assert key.read_bytes() == (EXAMPLE / "demo.key").read_bytes()
    assert key.stat().st_mode & 0o777 == 0o600
    assert f"{out.as_posix()}/demo.key" in output and "DEMO KEY" in output


def test_example_prints_the_commands_that_stitch_and_audit_it(example: tuple[Path, str]) -> None:
    out, output = example
    d = out.as_posix()
    assert (
        f"ketenmining stitch {d}/keten.yaml --key-file {d}/demo.key --internal -o out/keten.parquet"
        in output
    )
    assert f"ketenmining audit out/keten.parquet --protocol {d}/meldcode-keten.yaml" in output
    summary = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    cases = summary["counts"]["episodes"]
    assert f"synthetic: {summary['children']} children, {cases} cases" in output


def test_example_refuses_a_folder_that_is_not_empty(runner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(main, ["example", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"error: {tmp_path}: folder is not empty")
    assert "--force" in result.output and len(result.output.splitlines()) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_example_force_keeps_other_files_but_never_a_foreign_key(runner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(main, ["example", str(tmp_path), "--force"])  # in Dutch by default
    assert result.exit_code == 0, result.output
    assert "voorbeeldketen Midden-Brabant" in result.output and "DEMO-SLEUTEL" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine" and (tmp_path / "keten.yaml").is_file()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "demo.key").write_text("f" * 64 + "\n")
    result = runner.invoke(main, ["example", str(foreign), "--force"])
    assert result.exit_code == 2 and "demo.key" in result.output
    assert [p.name for p in foreign.iterdir()] == ["demo.key"]


def test_example_refuses_the_bundled_folder(runner) -> None:
    result = runner.invoke(main, ["example", str(EXAMPLE), "--force"])
    assert result.exit_code == 2 and "bundled example folder" in result.output


def test_example_help_has_an_example(runner) -> None:
    result = runner.invoke(main, ["example", "--help"])
    assert result.exit_code == 0
    assert "ketenmining example demo/" in result.output and "--force" in result.output
