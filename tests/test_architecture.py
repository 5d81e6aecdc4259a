"""Architecture rules kept by tests: import direction, light start-up, documented commands."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import click
import pytest
from support import REPO

PKG = REPO / "ketenmining"
HEAVY = ("pandas", "pm4py", "duckdb", "pyarrow", "numpy")

#: Pipeline order: a package may import packages to its left or base ones, never to its right.
PIPELINE = ["ingest", "privacy", "stitch", "export", "discover", "conform", "analyse", "audit"]
BASE = {"engine", "config", "protocol"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n for n in names if n.startswith("ketenmining")}


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).parts
        out.append((rel[0] if len(rel) > 1 else path.stem, path))
    return out


def test_only_the_cli_imports_the_cli() -> None:
    offenders = [
        str(path.relative_to(REPO))
        for pkg, path in _modules()
        if pkg not in ("cli", "__main__", "examples")
        and any(_package_of(m) == "cli" for m in _imports(path))
    ]
    assert offenders == []


def test_data_flows_forward_through_the_pipeline() -> None:
    offenders = []
    for pkg, path in _modules():
        for mod in _imports(path):
            target = _package_of(mod)
            if pkg in BASE and target in PIPELINE:
                offenders.append(
                    f"{path.relative_to(REPO)} imports {mod} (base layer reaches into a stage)"
                )
            if (
                pkg in PIPELINE
                and target in PIPELINE
                and PIPELINE.index(target) > PIPELINE.index(pkg)
            ):
                offenders.append(f"{path.relative_to(REPO)} imports {mod} (reaches forward)")
    assert offenders == []


def _all_commands(
    group: click.Group, prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        out.append(((*prefix, name), cmd))
        if isinstance(cmd, click.Group):
            out.extend(_all_commands(cmd, (*prefix, name)))
    return out


def test_help_does_not_import_heavy_libraries() -> None:
    from ketenmining.cli import main

    for path, _ in [((), main), *_all_commands(main)]:
        code = (
            "import sys\n"
            "from ketenmining.cli import main\n"
            f"try:\n    main({[*path, '--help']!r})\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
        )
        assert out.stdout.strip().splitlines()[-1] == "[]", (
            f"{' '.join(path)} --help imports {out.stdout}"
        )


def test_every_command_has_help_with_an_example_and_is_in_the_readme() -> None:
    from ketenmining.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for path, cmd in _all_commands(main):
        if isinstance(cmd, click.Group) and cmd.commands:
            assert cmd.help, f"{' '.join(path)} has no help"
            continue
        assert cmd.help and "Example" in cmd.help, f"'{' '.join(path)}' help lacks an example"
        assert f"ketenmining {' '.join(path)}" in readme, (
            f"'ketenmining {' '.join(path)}' is not in the README"
        )


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_cli_entry_point_runs(args: list[str]) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ketenmining", *args], capture_output=True, text=True, cwd=REPO
    )
    assert out.returncode == 0, out.stderr
    assert "ketenmining" in out.stdout
