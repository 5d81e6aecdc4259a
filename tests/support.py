"""Paths shared by the tests (the repo, the public logs, the example chain)."""

from __future__ import annotations

from pathlib import Path

from public_logs import locate

REPO = Path(__file__).resolve().parents[1]
#: The public event logs (see public_logs.py); tests that read them carry the
#: ``public_logs`` marker, which skips them when the files are not there.
PUBLIC_LOGS = locate()
EXAMPLE = REPO / "examples" / "midden-brabant"
PROTOCOL = REPO / "configs" / "protocols" / "meldcode-keten.yaml"
#: Public logs big enough that a test reading them is marked ``slow`` (BPI Challenge 2012:
#: 262,200 events); ``pytest -m "not slow"`` / ``make test-fast`` leaves those out.
SLOW_LOGS = frozenset({"bpic2012.xes.gz"})


def log_param(name: str, *files: str) -> object:
    """``pytest.param(name)`` that needs the public logs ``files`` (default: ``name``),
    marked ``slow`` when one of them is in :data:`SLOW_LOGS`."""
    import pytest

    files = files or (name,)
    marks = [pytest.mark.public_logs(*files)]
    if SLOW_LOGS & set(files):
        marks.append(pytest.mark.slow)
    return pytest.param(name, marks=marks)


def find_identifiers(text: str, raw: set[str]) -> list[str]:
    """Raw identifiers from ``raw`` that occur in ``text`` (as words, word groups or digit runs).

    Linear in the text: words and runs of up to four words are looked up in
    the set, and so is every digit run, also inside longer tokens, so ids
    hidden in other text are found too.
    """
    import re

    found: set[str] = set()
    words = re.findall(r"[\w'.\-]+", text)
    for n in range(1, 5):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i : i + n])
            if gram in raw:
                found.add(gram)
    for run in re.findall(r"\d{6,}", text):
        for size in range(6, len(run) + 1):
            for start in range(len(run) - size + 1):
                if run[start : start + size] in raw:
                    found.add(run[start : start + size])
            if size > 12:
                break
    return sorted(found)


def strong_key(seed: str) -> bytes:
    """A fixed key that passes the key checks (64 hex characters derived from ``seed``)."""
    import hashlib

    return hashlib.sha256(f"ketenmining test key {seed}".encode()).hexdigest().encode("ascii")


def private_copy(source: Path, target: Path) -> Path:
    """Copy a key file to ``target`` readable only by its owner (mode 0600); return ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    target.chmod(0o600)
    return target


def write_key_file(path: Path, seed: str | None = None) -> Path:
    """Write a strong key file with mode 0600 (random, or derived from ``seed``)."""
    import secrets

    text = strong_key(seed).decode() if seed is not None else secrets.token_hex(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="ascii")
    path.chmod(0o600)
    return path
