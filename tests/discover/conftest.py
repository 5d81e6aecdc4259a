"""Fixtures of the discovery tests (helpers live in ``discover_logs``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from discover_logs import PUBLIC


@pytest.fixture(scope="session")
def public_dir() -> Path:
    """The folder of public logs (fails loudly when it is missing)."""
    assert PUBLIC.is_dir(), f"public logs not found at {PUBLIC}"
    return PUBLIC
