"""The package as users install it: a wheel, in an environment of its own, outside the repository.

The wheel is built from a copy of the source tree (``pip wheel``, offline, with
the locked setuptools and wheel), installed into a fresh virtual environment
and run from a folder with nothing of the repository beside it. So a file a
command reads at run time that is not package data fails here, and so does a
file of the source tree that does not reach the wheel.

To stay fast the temporary environment does not download the dependencies:
a ``.pth`` line adds the project environment's ``site-packages``. A path added
that way is not scanned for ``.pth`` files of its own, so the editable install
of the source tree is not on the path; a test checks that ketenmining is
imported from the temporary environment.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from support import EXAMPLE, PROTOCOL, REPO, private_copy

import ketenmining

pytestmark = pytest.mark.slow

#: Folders of the checkout that are not source: never copied, never in the wheel.
NOT_SOURCE = {".git", ".venv", "out", "build", "dist", ".pytest_cache", ".ruff_cache"}
BENCH_OUTPUT = {"data", "results"}
#: pip of the project environment, offline: the build uses the locked setuptools and wheel.
PIP = [sys.executable, "-m", "pip"]
QUIET = ["--quiet", "--disable-pip-version-check", "--no-index"]
#: Files that must never be in the wheel: data, keys, repository-only material.
LEAK = re.compile(
    r"^(tests|benchmarks|docs|examples|configs|out|build|\.ci|\.git)/"
    r"|(^|/)(__pycache__/|Makefile$|requirements\.lock$|\.gitignore$|conftest\.py$|test_)"
    r"|\.(pyc|key|parquet|xlsx|jsonl|csv|xes|gz)$"
)


def _ignore(folder: str, names: list[str]) -> set[str]:
    here = Path(folder)
    skip = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
    if here == REPO:
        skip |= NOT_SOURCE & set(names)
    if here == REPO / "benchmarks":
        skip |= BENCH_OUTPUT & set(names)
    return skip


def _env(venv: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "KETENMINING_DEBUG")
        and not k.startswith("KETENMINING_")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["PYTHONNOUSERSITE"] = "1"
    env["CI"] = "1"  # no progress display
    return env


def _source_files() -> set[str]:
    """Every file under ketenmining/ of the source tree, as a wheel path."""
    pkg = REPO / "ketenmining"
    return {
        "ketenmining/" + p.relative_to(pkg).as_posix()
        for p in pkg.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the source tree without build output, caches or environments."""
    src = tmp_path_factory.mktemp("source") / "ketenmining"
    shutil.copytree(REPO, src, symlinks=True, ignore=_ignore)
    return src


def _build_wheel(src: Path, dist: Path) -> Path:
    subprocess.run(
        [*PIP, "wheel", *QUIET, "--no-deps", "--no-build-isolation", "-w", str(dist), str(src)],
        check=True,
        capture_output=True,
        text=True,
    )
    (built,) = dist.glob("ketenmining-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built offline from the copy (so no build/ of an earlier run leaks in)."""
    return _build_wheel(source, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; dependencies reached by a .pth line."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # Install first, into an environment holding nothing else, so pip sees no other ketenmining.
    subprocess.run(
        [*PIP, "--python", str(python), "install", *QUIET, "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        env=_env(venv),
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "project-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return venv


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty folder outside the repository to run the commands in."""
    folder = tmp_path_factory.mktemp("user")
    assert not folder.resolve().is_relative_to(REPO.resolve())
    return folder


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=cwd, env=_env(venv), capture_output=True, text=True, timeout=600
    )


def _km(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(venv, cwd, str(venv / "bin" / "ketenmining"), *args)


# --------------------------------------------------------------------------- the wheel's files


def test_wheel_holds_every_file_of_the_package_and_nothing_else(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    version = ketenmining.__version__
    info = f"ketenmining-{version}.dist-info/"
    package = {n for n in names if not n.startswith(info)}
    source = _source_files()
    assert sorted(source - package) == [], "files of ketenmining/ missing from the wheel"
    assert sorted(package - source) == [], "files in the wheel that the source tree lacks"
    assert sorted(n for n in names if LEAK.search(n)) == []
    assert {n for n in names if n.startswith(info)} >= {
        info + "METADATA",
        info + "RECORD",
        info + "entry_points.txt",
        info + "licenses/LICENSE",
    }


def test_wheel_example_files_are_the_files_people_edit(wheel: Path) -> None:
    """The links of the source tree become real files with the linked content."""
    with zipfile.ZipFile(wheel) as zf:
        files = {
            "keten.yaml": EXAMPLE / "keten.yaml",
            "README.md": EXAMPLE / "README.md",
            "meldcode-keten.yaml": PROTOCOL,
        }
        for name, source in files.items():
            assert zf.read(f"ketenmining/examples/midden-brabant/{name}") == source.read_bytes()
        assert (
            zf.read("ketenmining/templates/gitignore")
            == (REPO / "ketenmining/templates/gitignore").read_bytes()
        )


def test_wheel_metadata_is_fit_for_a_package_index(wheel: Path) -> None:
    from email.parser import Parser

    with zipfile.ZipFile(wheel) as zf:
        raw = zf.read(f"ketenmining-{ketenmining.__version__}.dist-info/METADATA").decode()
    meta = Parser().parsestr(raw)
    assert meta["License-Expression"] == "AGPL-3.0-or-later"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Requires-Python"] == ">=3.11"
    assert meta["Description-Content-Type"] == "text/markdown"
    assert meta.get_payload().strip() == (REPO / "README.md").read_text(encoding="utf-8").strip()
    classifiers = meta.get_all("Classifier")
    for wanted in ("3.11", "3.12"):
        assert f"Programming Language :: Python :: {wanted}" in classifiers
    assert {u.split(",")[0] for u in meta.get_all("Project-URL")} >= {
        "Homepage",
        "Source",
        "Issues",
    }
    assert meta["Keywords"] and "process mining" in meta["Keywords"]
    assert "Environment :: Console" in classifiers


def test_an_sdist_holds_what_the_wheel_is_built_from(source: Path, wheel: Path, tmp_path) -> None:
    """The source distribution has every file of the wheel's package, as real files (no links)."""
    import tarfile

    code = "import sys, setuptools.build_meta as b; print(b.build_sdist(sys.argv[1]))"
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=source,
        check=True,
        capture_output=True,
        text=True,
    )
    with tarfile.open(tmp_path / out.stdout.strip().splitlines()[-1]) as tar:
        members = {m.name.split("/", 1)[1]: m for m in tar.getmembers() if "/" in m.name}
    package = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("ketenmining/")}
    needed = package | {"pyproject.toml", "README.md", "LICENSE"}
    assert sorted(needed - set(members)) == []
    assert [n for n in needed if not members[n].isfile()] == []


# --------------------------------------------------------------------------- the installed commands


def test_the_install_imports_from_its_own_environment(venv: Path, work: Path) -> None:
    code = (
        "import json, ketenmining, importlib.metadata as m; "
        "print(json.dumps([ketenmining.__file__, m.version('ketenmining')]))"
    )
    out = _run(venv, work, str(venv / "bin" / "python"), "-c", code)
    assert out.returncode == 0, out.stderr
    where, version = json.loads(out.stdout)
    assert Path(where).resolve().is_relative_to(venv.resolve()), where
    assert not Path(where).resolve().is_relative_to(REPO.resolve())
    assert version == ketenmining.__version__
    result = _km(venv, work, "--version")
    assert result.returncode == 0 and ketenmining.__version__ in result.stdout


def test_help_of_every_command_from_the_install(venv: Path, work: Path) -> None:
    """Walk the click group of the installed package; every --help works and shows usage."""
    code = """
import json, click
from click.testing import CliRunner
from ketenmining.cli import main

def walk(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from walk(cmd, (*prefix, name))

out = []
for path in [(), *walk(main)]:
    r = CliRunner().invoke(main, [*path, "--help"])
    out.append([list(path), r.exit_code, r.output.startswith("Usage: ")])
print(json.dumps(out))
"""
    result = _run(venv, work, str(venv / "bin" / "python"), "-c", code)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert [row for row in seen if row[1:] != [0, True]] == []
    from test_architecture import _all_commands

    from ketenmining.cli import main

    assert [tuple(row[0]) for row in seen] == [(), *(p for p, _ in _all_commands(main))]
    assert ["example"] in [row[0] for row in seen] and ["protocol", "lint"] in [
        row[0] for row in seen
    ]
    real = _km(venv, work, "--help")  # and once through the installed console script
    assert real.returncode == 0 and "ketenmining" in real.stdout


def test_init_from_the_install(venv: Path, work: Path) -> None:
    result = _km(venv, work, "init", "my-chain")
    assert result.returncode == 0, result.stderr
    folder = work / "my-chain"
    assert {p.name for p in folder.iterdir()} == {
        "keten.yaml",
        "protocol.yaml",
        ".gitignore",
        "README.md",
        "exports",
    }
    assert (folder / ".gitignore").read_bytes() == (
        REPO / "ketenmining/templates/gitignore"
    ).read_bytes()
    lint = _km(venv, work, "protocol", "lint", "my-chain/protocol.yaml")
    assert lint.returncode == 0, lint.stdout + lint.stderr


def _readme_install_commands() -> list[list[str]]:
    """The ketenmining commands of the README's Install section that use the example."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    (block,) = [b for b in blocks if "ketenmining example" in b]
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def readme_run(venv: Path, work: Path) -> Path:
    """Run the README's Install commands, as written, from the install in the empty folder."""
    commands = _readme_install_commands()
    assert [c[:2] for c in commands] == [
        ["ketenmining", "example"],
        ["ketenmining", "stitch"],
        ["ketenmining", "discover"],
        ["ketenmining", "audit"],
    ]
    for command in commands:
        result = _km(venv, work, *command[1:])
        assert result.returncode == 0, f"{shlex.join(command)}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr
    return work


def test_example_then_the_readme_commands_from_the_install(readme_run: Path) -> None:
    """``ketenmining example demo/`` and the README's stitch, discover and audit, as written."""
    demo = readme_run / "demo"
    assert (demo / "demo.key").stat().st_mode & 0o777 == 0o600
    assert (demo / "meldcode-keten.yaml").read_bytes() == PROTOCOL.read_bytes()
    for name in ("huisartsen.csv", "politie.jsonl", "toegang-tilburg.csv"):
        assert (demo / "data" / name).read_bytes() == (EXAMPLE / "data" / name).read_bytes()
    maps = readme_run / "out" / "kaarten"
    assert any(maps.glob("*.svg")), sorted(p.name for p in maps.iterdir())
    report = readme_run / "out" / "rapport"
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    truth = json.loads((demo / "truth.json").read_text(encoding="utf-8"))
    assert record["findings"], "the example's injected deviations give findings"
    protocol = next(i for i in record["provenance"]["inputs"] if i["role"] == "protocol")
    assert protocol["file"] == "demo/meldcode-keten.yaml"
    events = sum(s["events"] for s in record["method"]["sources"])
    assert events == sum(truth["events"].values())


def _normalised(report: Path) -> tuple[dict, str, str]:
    """audit.json, audit.html and audit.md without what differs between two runs of one audit.

    That is the run time, the program path on the command line and the chain log's hash (its
    file records when and from which config path it was written); everything else must agree.
    """
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    prov = record["provenance"]
    program = prov["command"][0]
    chain = next(i for i in prov["inputs"] if i["role"] == "chain log")
    digest = chain["sha256"]
    prov["command"][0] = chain["sha256"] = "<same>"
    del prov["created"]

    def text(name: str) -> str:
        raw = (report / name).read_text(encoding="utf-8")
        raw = raw.replace(program, "ketenmining").replace(digest, "<chain log sha256>")
        # every clock time, the run time's "…T11:02+01:00" included (two runs a minute apart)
        return re.sub(r"(?<!\d)\d{2}:\d{2}(:\d{2})?(?!\d)", "<time>", raw)

    return record, text("audit.html"), text("audit.md")


def test_the_installed_report_is_the_report_of_the_source_tree(
    readme_run: Path, tmp_path: Path
) -> None:
    """The README's run from the wheel writes what ``make demo`` writes from the checkout.

    The reference runs the source tree's ketenmining on the bundled example with the same
    relative paths (its protocol is a byte-identical copy at demo/meldcode-keten.yaml).
    """
    (tmp_path / "demo").mkdir()
    shutil.copy(PROTOCOL, tmp_path / "demo" / "meldcode-keten.yaml")
    key = tmp_path / "demo.key"
    private_copy(EXAMPLE / "demo.key", key)
    key.chmod(0o600)
    here = [sys.executable, "-m", "ketenmining"]
    for args in (
        [
            "stitch",
            "--internal",
            str(EXAMPLE / "keten.yaml"),
            "--key-file",
            str(key),
            "-o",
            "out/keten.parquet",
        ],
        [
            "audit",
            "out/keten.parquet",
            "--protocol",
            "demo/meldcode-keten.yaml",
            "-o",
            "out/rapport",
        ],
    ):
        done = subprocess.run([*here, *args], cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    installed = _normalised(readme_run / "out" / "rapport")
    reference = _normalised(tmp_path / "out" / "rapport")
    assert installed[0] == reference[0], "audit.json differs"
    assert installed[1] == reference[1], "audit.html differs"
    assert installed[2] == reference[2], "audit.md differs"
    ours, theirs = readme_run / "out" / "rapport", tmp_path / "out" / "rapport"
    assert (ours / "sample.csv").read_bytes() == (theirs / "sample.csv").read_bytes()


def test_the_generator_module_from_the_install(venv: Path, work: Path) -> None:
    python = str(venv / "bin" / "python")
    result = _run(venv, work, python, "-m", "ketenmining.examples", "-n", "30", "-o", "gen", "-q")
    assert result.returncode == 0, result.stderr
    assert (work / "gen" / "meldcode-keten.yaml").read_bytes() == PROTOCOL.read_bytes()
    refused = _run(venv, work, python, "-m", "ketenmining.examples", "-q")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "not a source checkout" in refused.stderr and "ketenmining example" in refused.stderr
