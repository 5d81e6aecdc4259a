"""The README's walk-through and quick-mode example run exactly as written.

The shell blocks are taken from README.md as they stand and run with bash
(``set -e``) in an empty temporary folder, with this checkout's ``ketenmining``
and ``python`` first on the PATH. Comments stay in: they are part of what a
reader copies.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import PUBLIC_LOGS

REPO = Path(__file__).resolve().parents[1]


def readme_block(heading: str, index: int = 0) -> str:
    """The ``index``-th ```sh block under the README section ``heading``."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    section = text[start : end if end > 0 else len(text)]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return blocks[index]


def run_block(block: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("KETENMINING_KEY_FILE", None)
    script = cwd / "walkthrough.sh"
    script.write_text("set -euo pipefail\n" + block, encoding="utf-8")
    return subprocess.run(
        ["bash", str(script)], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.mark.slow
def test_a_chain_from_scratch_runs_as_written(tmp_path: Path) -> None:
    block = readme_block("A chain from scratch")
    assert "--key-file" in block and "ketenmining stitch" in block
    proc = run_block(block, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    project = tmp_path / "keten-tilburg"
    for name in (
        "keten.yaml",
        "protocol.yaml",
        ".gitignore",
        "gepseudonimiseerd/vt.parquet",
        "route.svg",
        "keten.parquet",
        "keten.quality.json",
        "kaarten/activity-map.svg",
        "rapport/sample.csv",
        "naar-vt.csv",
        "te-trekken.csv",
    ):
        assert (project / name).is_file(), name
    # the key lives outside the project; lookup output holds dossier numbers of the VT export
    assert (tmp_path / "sleutels" / "keten.key").is_file()
    assert (tmp_path / "ttp" / "ttp.key").is_file()
    meta = json.loads(pq.read_schema(project / "keten.parquet").metadata[b"ketenmining"])
    assert meta["pseudonym_stage"] == 2  # the analyst's chain log went through the TTP step
    with (project / "te-trekken.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r for r in rows)
    # the scaffold's .gitignore keeps every personal-data output out of git
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    outputs = [
        "te-trekken.csv",
        "naar-vt.csv",
        "keten.parquet",
        "gepseudonimiseerd/vt.parquet",
        "exports/huisartsen.csv",
        "rapport/sample.csv",
        "kaarten/activity-map.svg",
    ]
    ignored = subprocess.run(
        ["git", "check-ignore", *outputs], cwd=project, capture_output=True, text=True
    )
    assert ignored.stdout.split() == outputs, ignored.stderr


@pytest.mark.public_logs("sepsis.csv")
def test_quick_mode_example_runs_as_written(tmp_path: Path) -> None:
    block = readme_block("Quick mode: one export, one command")
    command = next(line for line in block.splitlines() if line.startswith("ketenmining "))
    printed = next(line for line in block.splitlines() if line.startswith("# quick mode"))
    (tmp_path / "sepsis.csv").symlink_to(PUBLIC_LOGS / "sepsis.csv")
    proc = run_block(command + "\n", tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert printed[2:] in proc.stderr.splitlines()  # the line the README shows, word for word
    record = json.loads((tmp_path / "kaarten" / "discover.json").read_text(encoding="utf-8"))
    assert (record["cases"], record["events"]) == (1050, 15214)  # MANIFEST.md: Sepsis Cases


def test_the_python_example_runs_and_its_figures_are_the_truth(tmp_path: Path) -> None:
    """The README's "Use it from Python" block, after ``ketenmining example demo/``."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Use it from Python\n")
    section = text[start : text.find("\n## ", start + 1)]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.S)
    assert "ketenmining example demo/" in section
    setup = run_block("ketenmining example demo/ -q\n", tmp_path)
    assert setup.returncode == 0, setup.stderr
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    truth = json.loads((REPO / "examples/midden-brabant/truth.json").read_text(encoding="utf-8"))
    first, *majors = proc.stdout.splitlines()
    children, cases, routes = map(int, re.findall(r"\d+", first))
    assert (children, cases) == (truth["children"], truth["counts"]["episodes"])
    assert 1 <= routes <= cases
    assert (tmp_path / "out/kaarten/activity-map.svg").is_file()
    # every major nonconformity is on a rule the generator broke on purpose
    injected = {rule for label in truth["labels"].values() for rule in label["rules"]}
    assert majors and all(line.startswith("major: ") for line in majors)
    named = {rule for line in majors for rule in line.removeprefix("major: ").split(", ")}
    assert named and named <= injected, named - injected
