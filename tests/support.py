"""Paths shared by the tests (the repo, the public logs, the example chain)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PUBLIC_LOGS = SHARED / "data" / "public-logs"
EXAMPLE = REPO / "examples" / "midden-brabant"
PROTOCOL = REPO / "configs" / "protocols" / "meldcode-keten.yaml"
