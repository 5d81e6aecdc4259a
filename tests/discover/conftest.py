"""Fixtures of the discovery tests (helpers live in ``discover_logs``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from discover_logs import PUBLIC


@pytest.fixture(scope="session")
def public_dir() -> Path:
    """The folder of public logs (the tests using it carry the ``public_logs`` marker)."""
    return PUBLIC
