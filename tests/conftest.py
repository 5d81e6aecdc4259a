"""Shared fixtures: paths to the repo, the public logs and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import EXAMPLE, PROTOCOL, PUBLIC_LOGS, REPO, SHARED  # noqa: F401


@pytest.fixture
def runner():
    """A click CliRunner that keeps stderr apart from stdout."""
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """A 64-character key file, mode 0600."""
    path = tmp_path / "test.key"
    path.write_text("0123456789abcdef" * 4 + "\n")
    path.chmod(0o600)
    return path
