"""Architecture rules kept by tests: import direction, light start-up, documented commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from support import REPO

PKG = REPO / "ketenmining"
HEAVY = ("pandas", "pm4py", "duckdb", "pyarrow", "numpy")


def test_import_layers_and_no_cycles_hold() -> None:
    """The import-linter contracts in pyproject.toml (layers, independent stages, no cycles).

    grimp counts imports inside functions too, so a lazy import cannot hide a
    reach upwards or a cycle.
    """
    lint_imports = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run(
        [str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=REPO
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 kept, 0 broken" in out.stdout, out.stdout


def test_the_contracts_name_every_package_and_top_level_module() -> None:
    """A new package or top-level module must be placed in a layer, or nothing checks it."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    named = {
        name.strip().removeprefix("ketenmining.")
        for layer in contracts["layers"]["layers"]
        for name in layer.replace(":", "|").split("|")
    }
    present = {
        p.stem if p.is_file() else p.name
        for p in PKG.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()
    }
    assert present - named == set()
    assert named - present == set()


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
