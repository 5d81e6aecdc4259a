"""The code style is kept by the test suite: ruff check and ruff format on the whole tree."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from support import REPO


def _ruff() -> list[str]:
    exe = shutil.which("ruff")
    return [exe] if exe else [sys.executable, "-m", "ruff"]


@pytest.mark.parametrize("args", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_is_clean(args: list[str]) -> None:
    done = subprocess.run(
        [*_ruff(), *args, "ketenmining", "tests", "benchmarks"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
