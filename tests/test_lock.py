"""The suite runs on the locked dependency versions, so a removed API shows up here first.

`make test` installs from `requirements.lock` (every version pinned with hashes);
this test fails when the environment it runs in drifts from the lock, and when
the lock no longer satisfies the ranges in `pyproject.toml`.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", re.MULTILINE)


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    return [Requirement(r) for r in reqs]


def test_every_lock_line_has_a_hash():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", text)
    pinned = [b for b in blocks if PIN.match(b)]
    assert len(pinned) == len(locked()) > 20
    assert all("--hash=sha256:" in b for b in pinned)


@pytest.mark.parametrize("req", declared(), ids=lambda r: r.name)
def test_lock_satisfies_pyproject_range(req: Requirement):
    pins = locked()
    name = canonicalize_name(req.name)
    assert name in pins, f"{req.name} is declared but not locked: run `make lock`"
    assert req.specifier.contains(pins[name], prereleases=True), (
        f"{req.name}=={pins[name]} in requirements.lock is outside {req.specifier}"
    )


def test_installed_versions_are_the_locked_ones():
    drift = []
    for name, version in sorted(locked().items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            drift.append(f"{name}: locked {version}, not installed")
            continue
        if installed != version:
            drift.append(f"{name}: locked {version}, installed {installed}")
    assert not drift, "environment differs from requirements.lock: " + "; ".join(drift)
