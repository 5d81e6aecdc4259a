"""The public-log locator, the checksum list, the downloader and the ``public_logs`` marker.

Downloads are tested offline, against a local HTTP server on 127.0.0.1 and
file:// URLs; nothing here reaches the network.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from public_logs import (
    ENV,
    MANIFEST,
    MANIFEST_COPY,
    REQUIRE_ENV,
    SOURCES,
    FetchError,
    Source,
    cache_dir,
    fetch,
    locate,
    main,
    read_checksums,
    sha256_of,
    write_checksums,
)
from support import PUBLIC_LOGS, REPO


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder and counts the requests; quiet."""

    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, list[str]]]:
    """(folder, base URL, requests): a local HTTP server on 127.0.0.1 over a temp folder."""
    root = tmp_path / "served"
    root.mkdir()
    requests: list[str] = []
    handler = type("Handler", (_Handler,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the locator -----------------------------------------------------------------------


def test_locate_prefers_the_variable_then_shared_then_the_cache(tmp_path: Path) -> None:
    repo = tmp_path / "work" / "ketenmining"
    repo.mkdir(parents=True)
    env = {"HOME": str(tmp_path / "home")}
    assert locate(env, repo) == tmp_path / "home" / ".cache" / "ketenmining" / "public-logs"
    shared = tmp_path / "work" / "shared" / "data" / "public-logs"
    shared.mkdir(parents=True)
    assert locate(env, repo) == shared
    mine = tmp_path / "mine"
    assert locate({**env, ENV: str(mine)}, repo) == mine.resolve()
    assert locate({**env, ENV: ""}, repo) == shared  # empty counts as unset


def test_cache_follows_xdg_but_ignores_a_relative_xdg_path(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    xdg = tmp_path / "xdg"
    assert cache_dir({"HOME": home, "XDG_CACHE_HOME": str(xdg)}) == (
        xdg / "ketenmining" / "public-logs"
    )
    assert cache_dir({"HOME": home, "XDG_CACHE_HOME": "rel/cache"}) == (
        tmp_path / "home" / ".cache" / "ketenmining" / "public-logs"
    )


def test_every_test_module_uses_the_one_locator() -> None:
    """No test or benchmark builds the path to ../shared itself."""
    offenders = []
    for path in [*(REPO / "tests").rglob("*.py"), *(REPO / "benchmarks").glob("*.py")]:
        if path.name in {"public_logs.py", "test_public_logs_fetch.py"}:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"""["']shared["']|["']public-logs["']""", text):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


def test_benchmarks_use_the_same_locator(tmp_path: Path) -> None:
    env = {**os.environ, ENV: str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", "import common; print(common.PUBLIC_LOGS)"],
        capture_output=True,
        text=True,
        cwd=REPO / "benchmarks",
        env=env,
        check=True,
    )
    assert out.stdout.strip() == str(tmp_path.resolve())


# --- the checksum list -----------------------------------------------------------------


def test_checksum_list_is_well_formed_and_covers_every_source() -> None:
    sums = read_checksums()
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in sums.values())
    assert set(SOURCES) == set(sums) - {MANIFEST}
    assert _sha(MANIFEST_COPY.read_bytes()) == sums[MANIFEST]
    for name, source in SOURCES.items():
        if source.url is None:
            assert source.converted, name  # a conversion says how it was made
        else:  # pinned to a commit, so the bytes cannot change under us
            assert re.match(
                r"https://raw\.githubusercontent\.com/[^/]+/[^/]+/[0-9a-f]{40}/", source.url
            )
        assert source.terms and source.origin


def test_checksum_list_rejects_a_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "sums"
    path.write_text(f"{'a' * 64}  good.csv\nnot a checksum line\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"sums:2: expected"):
        read_checksums(path)


@pytest.mark.public_logs
def test_checksum_list_matches_the_files() -> None:
    """The list in the repository is the collection: same names, same SHA-256."""
    on_disk = {
        p.name: sha256_of(p) for p in PUBLIC_LOGS.iterdir() if p.is_file() and p.name[0] != "."
    }
    assert on_disk == read_checksums()


def test_write_checksums_lists_a_folder_and_copies_its_manifest(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / MANIFEST).write_bytes(b"# manifest\n")
    (folder / "a.csv").write_bytes(b"a,b\n1,2\n")
    (folder / ".hidden").write_bytes(b"x")
    sums, copy = tmp_path / "sums", tmp_path / "copy.md"
    assert write_checksums(folder, sums, copy) == [MANIFEST, "a.csv"]
    assert read_checksums(sums) == {MANIFEST: _sha(b"# manifest\n"), "a.csv": _sha(b"a,b\n1,2\n")}
    assert copy.read_bytes() == b"# manifest\n"
    (folder / MANIFEST).unlink()
    with pytest.raises(FetchError, match=r"has no MANIFEST\.md"):
        write_checksums(folder, sums, copy)


# --- fetching --------------------------------------------------------------------------


def _collection(tmp_path: Path, files: dict[str, bytes]) -> tuple[dict[str, str], Path]:
    """Checksums for ``files`` plus a manifest, and the manifest copy."""
    copy = tmp_path / "manifest-copy.md"
    copy.write_bytes(b"# test manifest\n")
    sums = {name: _sha(data) for name, data in files.items()}
    sums[MANIFEST] = _sha(copy.read_bytes())
    return sums, copy


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_fetch_downloads_checks_and_keeps_good_files(served, tmp_path: Path) -> None:
    root, base, requests = served
    files = {"a.xes": b"<log/>\n" * 1000, "b.csv": b"case,activity\n1,x\n"}
    for name, data in files.items():
        (root / name).write_bytes(data)
    sums, copy = _collection(tmp_path, files)
    sources = {n: Source(f"{base}/{n}", "test server", "test terms") for n in files}
    into = tmp_path / "cache" / "public-logs"
    said: list[str] = []
    assert fetch(into, sources, sums, copy, said.append) == []
    assert {p.name: p.read_bytes() for p in into.iterdir()} == {
        **files,
        MANIFEST: b"# test manifest\n",
    }
    assert sorted(requests) == ["/a.xes", "/b.csv"]
    assert any(line.startswith("download  a.xes from http://127.0.0.1") for line in said)
    mask = os.umask(0)
    os.umask(mask)
    assert {(p.stat().st_mode & 0o777) for p in into.iterdir()} == {0o666 & ~mask}
    # a second run downloads nothing; a damaged file is downloaded again
    (into / "b.csv").write_bytes(b"damaged")
    said.clear()
    assert fetch(into, sources, sums, copy, said.append) == []
    assert sorted(requests) == ["/a.xes", "/b.csv", "/b.csv"]
    assert "ok        a.xes" in said and (into / "b.csv").read_bytes() == files["b.csv"]
    assert _leftovers(into) == []


def test_fetch_refuses_a_file_whose_checksum_differs(served, tmp_path: Path) -> None:
    root, base, _ = served
    (root / "a.xes").write_bytes(b"not the real log")
    sums, copy = _collection(tmp_path, {"a.xes": b"the real log"})
    into = tmp_path / "into"
    with pytest.raises(FetchError) as caught:
        fetch(into, {"a.xes": Source(f"{base}/a.xes", "o", "t")}, sums, copy, lambda _: None)
    message = str(caught.value)
    assert "\n" not in message
    assert f"a.xes from {base}/a.xes has SHA-256 {_sha(b'not the real log')}" in message
    assert "the download was not kept" in message
    assert not (into / "a.xes").exists() and _leftovers(into) == []


@pytest.mark.parametrize("where", ["missing file", "closed port"])
def test_fetch_failure_is_one_line_and_leaves_nothing(served, tmp_path: Path, where) -> None:
    _, base, _ = served
    url = f"{base}/gone.xes" if where == "missing file" else f"http://127.0.0.1:{_closed_port()}/x"
    sums, copy = _collection(tmp_path, {"gone.xes": b"x"})
    into = tmp_path / "into"
    with pytest.raises(FetchError) as caught:
        fetch(into, {"gone.xes": Source(url, "o", "t")}, sums, copy, lambda _: None)
    message = str(caught.value)
    assert message.startswith(f"could not download gone.xes from {url}: ") and "\n" not in message
    assert ("HTTP 404" in message) if where == "missing file" else ("refused" in message.lower())
    assert f"put the file in {into}" in message
    assert not (into / "gone.xes").exists() and _leftovers(into) == []


def test_fetch_reads_file_urls_and_leaves_conversions_to_the_user(tmp_path: Path) -> None:
    local = tmp_path / "local.csv"
    local.write_bytes(b"case,activity\n")
    sums, copy = _collection(tmp_path, {"local.csv": b"case,activity\n", "made.csv": b"x"})
    sources = {
        "local.csv": Source(local.as_uri(), "o", "t"),
        "made.csv": Source(None, "an .rda file", "t", converted="written out by hand"),
    }
    said: list[str] = []
    into = tmp_path / "into"
    assert fetch(into, sources, sums, copy, said.append) == ["made.csv"]
    assert (into / "local.csv").read_bytes() == b"case,activity\n"
    assert not (into / "made.csv").exists()
    assert "not here  made.csv: an .rda file; written out by hand" in said


def test_fetch_checks_the_manifest_copy(tmp_path: Path) -> None:
    sums, copy = _collection(tmp_path, {})
    copy.write_bytes(b"edited\n")
    with pytest.raises(FetchError, match="does not match"):
        fetch(tmp_path / "into", {}, sums, copy, lambda _: None)
    assert not (tmp_path / "into" / MANIFEST).exists()


def test_cli_fetch_error_is_one_line_exit_2(tmp_path: Path, capsys) -> None:
    into = tmp_path / "into"
    mirror = f"http://127.0.0.1:{_closed_port()}"
    assert main(["fetch", "--into", str(into), "--mirror", mirror]) == 2
    err = capsys.readouterr().err
    first = sorted(set(read_checksums()) - {MANIFEST})[0]
    assert err.startswith(f"error: could not download {first} from {mirror}/{first}: ")
    assert err.count("\n") == 1
    assert sorted(p.name for p in into.iterdir()) == [MANIFEST]  # complete files only


@pytest.mark.public_logs
def test_cli_fetch_from_a_mirror_gets_every_file(served, tmp_path: Path, capsys) -> None:
    root, base, requests = served
    for name in read_checksums():
        shutil.copyfile(PUBLIC_LOGS / name, root / name)
    into = tmp_path / "into"
    assert main(["fetch", "--into", str(into), "--mirror", base]) == 0
    out = capsys.readouterr().out
    assert f"All {len(read_checksums())} files are in {into}" in out
    assert "Sources and terms:" in out and "4TU.ResearchData" in out
    assert {p.name: sha256_of(p) for p in into.iterdir()} == read_checksums()
    assert len(requests) == len(read_checksums()) - 1  # the manifest comes from the repository


# --- the marker: skipped with one line, or failed when CI requires the logs ------------------

THIS = "tests/test_public_logs_fetch.py::test_checksum_list_matches_the_files"


def _pytest(folder: Path, require: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in (ENV, REQUIRE_ENV)}
    env[ENV] = str(folder)
    if require:
        env[REQUIRE_ENV] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", THIS, "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )


def test_without_the_logs_the_test_is_skipped_with_one_line(tmp_path: Path) -> None:
    run = _pytest(tmp_path, require=False)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    hint = [line for line in lines if "need" in line and "public event logs" in line]
    assert hint == [
        f"1 test needs the public event logs (none in {tmp_path.resolve()}; "
        "test_public_logs_fetch.py 1): run `make public-logs` or set KETENMINING_PUBLIC_LOGS"
    ]
    assert "1 skipped (no public logs)" in lines[-1]
    assert not any(line.startswith("SKIPPED") for line in lines)  # not once per test


def test_ci_turns_a_missing_log_into_a_failure(tmp_path: Path) -> None:
    """All files but one present (empty: the check is on presence): CI fails, naming it."""
    for name in read_checksums():
        if name != "sepsis.csv":
            (tmp_path / name).write_bytes(b"")
    run = _pytest(tmp_path, require=False)
    assert run.returncode == 0 and f"(sepsis.csv missing in {tmp_path.resolve()};" in run.stdout
    run = _pytest(tmp_path, require=True)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"{REQUIRE_ENV} is set but sepsis.csv not found in {tmp_path.resolve()}" in run.stdout
    assert "1 error" in run.stdout.splitlines()[-1]


def test_ci_script_requires_the_logs() -> None:
    text = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"export {REQUIRE_ENV}=1" in text
    assert text.index(f"export {REQUIRE_ENV}=1") < text.index("make test")
