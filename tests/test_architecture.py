"""Architecture rules kept by tests: import direction, light start-up, documented commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from support import REPO

PKG = REPO / "ketenmining"
HEAVY = ("pandas", "pm4py", "duckdb", "pyarrow", "numpy", "pyspark", "sqlglot")


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


# --------------------------------------------------------------------------- thin commands

#: The stage packages (a command calls into one of them).
STAGES = frozenset(
    {"ingest", "privacy", "stitch", "discover", "conform", "audit", "analyse", "export", "examples"}
)
#: Most statements a command function may hold (docstring and imports not counted).
MAX_COMMAND_STATEMENTS = 12
#: Shared helpers of the click layer, not commands (options, the group, the command list).
CLI_HELPERS = frozenset({"__init__.py", "options.py", "commands.py"})


def _is_command(fn: object) -> bool:
    import ast

    for dec in fn.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in ("command", "group"):
            return True
    return False


def _statements(body: list) -> int:
    """Statements in ``body``, nested ones included; imports and docstrings do not count."""
    import ast

    n = 0
    for st in body:
        if isinstance(st, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant):
            continue
        n += 1
        for name in ("body", "orelse", "finalbody"):
            n += _statements(getattr(st, name, []) or [])
        for handler in getattr(st, "handlers", []) or []:
            n += _statements(handler.body)
    return n


def _command_modules() -> list[Path]:
    return sorted(p for p in (PKG / "cli").glob("*.py") if p.name not in CLI_HELPERS)


def test_every_command_is_options_one_stage_call_and_rendering() -> None:
    """The thin-CLI rule of docs/architecture.md, checked on the syntax tree of every command.

    A command function holds at most MAX_COMMAND_STATEMENTS statements; its
    module imports from at most one stage package, and never from the engine
    or a heavy library (no SQL, no tables computed in the CLI).
    """
    import ast

    problems = []
    commands = 0
    for path in _command_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(a.name for a in node.names)
        top = {m.split(".")[0] for m in imported}
        inner = {m.split(".")[1] for m in imported if m.startswith("ketenmining.") and "." in m}
        if len(inner & STAGES) > 1:
            problems.append(f"{path.name} calls into several stages: {sorted(inner & STAGES)}")
        if "engine" in inner or top & set(HEAVY):
            problems.append(f"{path.name} imports the engine or a heavy library")
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef) and _is_command(fn):
                commands += 1
                n = _statements(fn.body)
                if n > MAX_COMMAND_STATEMENTS:
                    problems.append(f"{path.name}:{fn.lineno} {fn.name} has {n} statements")
    assert commands >= 20  # every command of the CLI was looked at
    assert problems == []


def test_the_thinness_check_catches_a_fat_command(tmp_path: Path) -> None:
    """The statement count sees nested statements, and skips the docstring and imports."""
    import ast

    fat = "def f():\n    '''doc'''\n    import x\n" + "".join(
        f"    if a{i}:\n        b = {i}\n" for i in range(7)
    )
    (fn,) = ast.parse(fat).body
    assert _statements(fn.body) == 14 > MAX_COMMAND_STATEMENTS


def test_the_layer_picture_in_docs_is_the_contract() -> None:
    """docs/architecture.md draws the layers of pyproject.toml, in order, nothing more or less."""
    import re
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    expected = [layer.replace("ketenmining.", "") for layer in contracts["layers"]["layers"]]
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"<!-- layers:.*?-->\n```\n(.*?)```\n<!-- /layers -->", doc, re.S)
    drawn = [re.split(r"\s{2,}", line.strip())[0] for line in block.splitlines() if line.strip()]
    assert drawn == expected
