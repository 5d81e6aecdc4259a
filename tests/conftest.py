"""Shared fixtures (paths, a CLI runner) and the ``public_logs`` marker.

A test marked ``@pytest.mark.public_logs("receipt.xes", ...)`` needs those
files of the public event logs (no names: every listed file). When a file is
missing in the folder ``public_logs.locate()`` finds, the test is skipped, and
one line at the end of the run says how many and how to get the logs; with
``KETENMINING_REQUIRE_PUBLIC_LOGS=1`` (CI) it fails instead.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from public_logs import HINT, REQUIRE_ENV, SOURCES, locate, missing, read_checksums
from support import EXAMPLE, PROTOCOL, PUBLIC_LOGS, REPO, SLOW_LOGS  # noqa: F401

SKIP_REASON = f"needs the public event logs: {HINT}"
#: The test-status category of those skips (the final count says "N skipped (no public logs)").
CATEGORY = "skipped (no public logs)"
_skipped = pytest.StashKey[list[tuple[str, list[str]]]]()


def _needed(item: pytest.Item) -> list[str] | None:
    """The public-log files ``item`` needs, or None when it needs none."""
    marks = list(item.iter_markers("public_logs"))
    if not marks:
        return None
    if any(not mark.args for mark in marks):
        return sorted(read_checksums())
    return sorted({name for mark in marks for name in mark.args})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the ``slow`` marker consistent: a test that reads a big public log must carry it."""
    unmarked = [
        item.nodeid
        for item in items
        if SLOW_LOGS & set(_needed(item) or ())
        and item.get_closest_marker("slow") is None
        and any(m.args for m in item.iter_markers("public_logs"))
    ]
    if unmarked:
        raise pytest.UsageError(
            f"tests reading {', '.join(sorted(SLOW_LOGS))} must be marked slow: "
            + ", ".join(unmarked)
        )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip (or, when required, fail) a public-log test whose files are missing."""
    needed = _needed(item)
    if needed is None:
        return
    folder = locate()
    gone = missing(folder, needed)
    if not gone:
        return
    if os.environ.get(REQUIRE_ENV, "") not in ("", "0"):
        pytest.fail(
            f"{REQUIRE_ENV} is set but {', '.join(gone)} not found in {folder}", pytrace=False
        )
    item.config.stash.setdefault(_skipped, []).append((item.nodeid, gone))
    pytest.skip(SKIP_REASON)


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    """Count those skips apart, so the summary names them once instead of once per test."""
    if (
        report.skipped
        and report.when == "setup"
        and "public_logs" in report.keywords
        and isinstance(report.longrepr, tuple)
        and report.longrepr[2].endswith(SKIP_REASON)
    ):
        return CATEGORY, "s", "SKIPPED (no public logs)"
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config):
    """One line after the short summary: how many tests need the logs, and how to get them."""
    result = yield
    skipped = config.stash.get(_skipped, [])
    if skipped:
        folder = locate()
        files = sorted({name for _, gone in skipped for name in gone})
        where = (
            f"none in {folder}"
            if len(files) == len(read_checksums())
            else f"{', '.join(files)} missing in {folder}"
        )
        modules = Counter(nodeid.split("::")[0].removeprefix("tests/") for nodeid, _ in skipped)
        named = ", ".join(f"{module} {count}" for module, count in sorted(modules.items()))
        n = len(skipped)
        hint = HINT
        if all(name in SOURCES and SOURCES[name].url is None for name in files):
            hint = "conversions `make public-logs` cannot download (README: 'Tests that need the public event logs')"
        terminalreporter.write_line(
            f"{n} {'test needs' if n == 1 else 'tests need'} the public event logs ({where}; "
            f"{named}): {hint}",
            yellow=True,
        )
    return result


@pytest.fixture
def runner():
    """A click CliRunner that keeps stderr apart from stdout."""
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """A strong random key file (32 random bytes as hex, as 'key new' writes), mode 0600."""
    from support import write_key_file

    return write_key_file(tmp_path / "test.key")


@pytest.fixture(scope="session")
def example_chain_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example chain stitched once per session (``--internal``, the public demo key)."""
    from click.testing import CliRunner
    from support import private_copy

    from ketenmining.cli import main

    out = tmp_path_factory.mktemp("example-chain") / "keten.parquet"
    key = tmp_path_factory.mktemp("example-key") / "demo.key"
    private_copy(EXAMPLE / "demo.key", key)
    key.chmod(0o600)
    result = CliRunner().invoke(
        main,
        [
            "stitch",
            "--internal",
            str(EXAMPLE / "keten.yaml"),
            "-o",
            str(out),
            "--key-file",
            str(key),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    return out
