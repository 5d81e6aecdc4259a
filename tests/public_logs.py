"""Where the public event logs are, and how to get them (stdlib only).

Real public process-mining logs are test data nobody on this project wrote.
They are not in the repository; every test and benchmark that reads them
finds them with :func:`locate`:

1. the folder named by ``KETENMINING_PUBLIC_LOGS``, if that is set;
2. else ``../shared/data/public-logs`` beside the repository, if it exists;
3. else the per-user cache ``$XDG_CACHE_HOME/ketenmining/public-logs``
   (``~/.cache/ketenmining/public-logs`` when ``XDG_CACHE_HOME`` is unset).

``tests/public-logs.sha256`` lists every file with its SHA-256 (the format of
``sha256sum``); ``tests/public-logs.md`` is a byte copy of the collection's
MANIFEST.md (what each log is, where it was taken from, its counts).

    python tests/public_logs.py where       # the folder the tests use, what is missing there
    python tests/public_logs.py fetch       # download into the cache (this is `make public-logs`)
    python tests/public_logs.py fetch --mirror https://intranet.example/public-logs
    python tests/public_logs.py checksums   # rewrite the list from ../shared/data/public-logs

Nothing here runs during ``make test``: the tests only look.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENV = "KETENMINING_PUBLIC_LOGS"
REQUIRE_ENV = "KETENMINING_REQUIRE_PUBLIC_LOGS"
CHECKSUMS = HERE / "public-logs.sha256"
MANIFEST_COPY = HERE / "public-logs.md"
MANIFEST = "MANIFEST.md"
HINT = f"run `make public-logs` or set {ENV}"


def beside_repo(repo: Path = REPO) -> Path:
    """``../shared/data/public-logs`` next to the repository checkout."""
    return repo.parent / "shared" / "data" / "public-logs"


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """The per-user cache folder the downloads go to."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME", "")
    if not base or not Path(base).is_absolute():  # the XDG spec ignores relative paths
        base = str(Path(env.get("HOME") or Path.home()) / ".cache")
    return Path(base) / "ketenmining" / "public-logs"


def locate(env: Mapping[str, str] | None = None, repo: Path = REPO) -> Path:
    """The one folder the tests read the public logs from (it may not exist)."""
    env = os.environ if env is None else env
    if env.get(ENV):
        return Path(env[ENV]).expanduser().resolve()
    shared = beside_repo(repo)
    if shared.is_dir():
        return shared
    return cache_dir(env)


def read_checksums(path: Path = CHECKSUMS) -> dict[str, str]:
    """file name → SHA-256 from a ``sha256sum``-style list."""
    sums: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name:
            raise ValueError(f"{path}:{number}: expected '<sha256>  <file name>'")
        sums[name] = digest
    return sums


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def missing(folder: Path, names: list[str] | None = None) -> list[str]:
    """Which of ``names`` (default: every listed file) are not files in ``folder``."""
    names = sorted(read_checksums()) if names is None else names
    return [name for name in names if not (folder / name).is_file()]


def write_checksums(folder: Path, path: Path = CHECKSUMS, manifest_copy: Path = MANIFEST_COPY):
    """Rewrite the checksum list (and the manifest copy) from the files in ``folder``."""
    names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if MANIFEST not in names:
        raise FetchError(f"{folder} has no {MANIFEST}: is it the public-log collection?")
    lines = [f"{sha256_of(folder / name)}  {name}\n" for name in names]
    _write_atomically(path, "".join(lines).encode("utf-8"))
    _write_atomically(manifest_copy, (folder / MANIFEST).read_bytes())
    return names


@dataclass(frozen=True)
class Source:
    """Where one file of the collection comes from."""

    url: str | None  # None: cannot be downloaded as it is (a conversion)
    origin: str  # repository, path and its licence, in words
    terms: str  # the data set's terms of use
    converted: str = ""  # how the file was made, when it is a conversion


PM4PY = "https://raw.githubusercontent.com/process-intelligence-solutions/pm4py/0a56171c2b51efa9d409a84b16b00c9a2a791e15"
PM4JS = (
    "https://raw.githubusercontent.com/pm4js/pm4js-core/44d8afea4e737edb5712d0a4d7905868d43ff3fd"
)
EVENTDATAR = "https://raw.githubusercontent.com/bupaverse/eventdataR/b766ace34a580a37d930d285fef08f38c321d26f"
FOURTU = "4TU.ResearchData general terms of use: free to use, cite the authors"
TEXTBOOK = "the textbook running example (W. van der Aalst, Process Mining); cite the book"


def _pm4py(path: str, terms: str = FOURTU) -> Source:
    return Source(f"{PM4PY}/{path}", f"pm4py {path} (repository AGPL-3.0)", terms)


def _pm4js(path: str) -> Source:
    return Source(f"{PM4JS}/{path}", f"pm4js-core {path} (repository BSD-3-Clause)", FOURTU)


def _converted(name: str) -> Source:
    rda = f"{EVENTDATAR}/data/{name}.rda"
    return Source(
        None,
        f"bupaverse/eventdataR data/{name}.rda (MIT), first 10,000 cases of the 4TU log",
        FOURTU,
        converted=(
            f"the bupaR event log in {rda} written out as CSV (its columns as they are, "
            "timestamps as ISO 8601 UTC); the tool that wrote it is not recorded, so the "
            "bytes cannot be reproduced here"
        ),
    )


#: Every listed file except MANIFEST.md (which comes from tests/public-logs.md).
SOURCES: dict[str, Source] = {
    "running-example.xes": _pm4py("tests/input_data/running-example.xes", TEXTBOOK),
    "running-example.csv": _pm4py("tests/input_data/running-example.csv", TEXTBOOK),
    "running-example.pnml": _pm4py("tests/input_data/running-example.pnml", TEXTBOOK),
    "running-example.bpmn": _pm4py("tests/input_data/running-example.bpmn", TEXTBOOK),
    "running_example_broken.csv": _pm4py("notebooks/data/running_example_broken.csv", TEXTBOOK),
    "receipt.xes": _pm4js("examples/input_data/receipt.xes"),
    "receipt.csv": _pm4py("tests/input_data/receipt.csv"),
    "receipt_imf_prom.pnml": _pm4js("examples/input_data/receipt_imf_prom.pnml"),
    "sepsis.csv": Source(
        f"{EVENTDATAR}/data-raw/sepsis.csv",
        "bupaverse/eventdataR data-raw/sepsis.csv (MIT)",
        FOURTU,
    ),
    "bpic2012.xes.gz": _pm4py("tests/input_data/bpic2012.xes.gz"),
    "helpdesk.xes.gz": _pm4py("tests/input_data/helpdesk.xes.gz"),
    "roadtraffic100traces.xes": _pm4py("tests/input_data/roadtraffic100traces.xes"),
    "interval_event_log.xes": _pm4py("tests/input_data/interval_event_log.xes"),
    "traffic_fines.csv": _converted("traffic_fines"),
    "hospital_billing.csv": _converted("hospital_billing"),
}


def _readable(path: str) -> None:
    """Give a temporary file the mode a new file gets (mkstemp makes it 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


class FetchError(Exception):
    """A download or check that failed; its text is the one-line message for the user."""


def _write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        _readable(temp)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def download(url: str, target: Path, expected: str, timeout: float = 60.0) -> None:
    """Download ``url`` to ``target`` if its SHA-256 is ``expected``; else keep nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    digest = hashlib.sha256()
    try:
        with os.fdopen(handle, "wb") as out:
            try:
                request = urllib.request.Request(url, headers={"User-Agent": "ketenmining-tests"})
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    while block := response.read(1 << 20):
                        digest.update(block)
                        out.write(block)
            except urllib.error.HTTPError as exc:
                reason = f"HTTP {exc.code} {exc.reason}"
            except (urllib.error.URLError, OSError, ValueError) as exc:
                reason = str(getattr(exc, "reason", None) or exc)
            else:
                reason = ""
            if reason:
                raise FetchError(
                    f"could not download {target.name} from {url}: {reason}; check the network "
                    f"or put the file in {target.parent} yourself"
                ) from None
        got = digest.hexdigest()
        if got != expected:
            raise FetchError(
                f"{target.name} from {url} has SHA-256 {got}, but {CHECKSUMS.name} lists "
                f"{expected}; the download was not kept"
            )
        _readable(temp)
        os.replace(temp, target)
    finally:
        Path(temp).unlink(missing_ok=True)


def fetch(
    folder: Path,
    sources: Mapping[str, Source] = SOURCES,
    checksums: Mapping[str, str] | None = None,
    manifest_copy: Path = MANIFEST_COPY,
    say: Callable[[str], None] = print,
) -> list[str]:
    """Put every listed file into ``folder`` and check it; the names still missing.

    Files already there with the right checksum are kept; others are
    downloaded from their source (a file with a wrong checksum is replaced).
    The first failed download or checksum stops the run with a FetchError;
    files fetched before it stay, each complete and checked.
    """
    checksums = read_checksums() if checksums is None else checksums
    left: list[str] = []
    for name, expected in sorted(checksums.items()):
        target = folder / name
        if target.is_file() and sha256_of(target) == expected:
            say(f"ok        {name}")
            continue
        if name == MANIFEST:
            data = manifest_copy.read_bytes()
            if hashlib.sha256(data).hexdigest() != expected:
                raise FetchError(f"{manifest_copy} does not match {CHECKSUMS.name}")
            _write_atomically(target, data)
            say(f"copied    {name} from {manifest_copy.name}")
            continue
        source = sources.get(name)
        if source is None:
            raise FetchError(f"{name} is in {CHECKSUMS.name} but has no source in public_logs.py")
        if source.url is None:
            say(f"not here  {name}: {source.origin}; {source.converted}")
            left.append(name)
            continue
        say(f"download  {name} from {source.url}")
        download(source.url, target, expected)
    return left


def _mirrored(base: str) -> dict[str, Source]:
    """Every file from ``base/<name>`` instead of its original source."""
    base = base.rstrip("/")
    return {
        name: Source(f"{base}/{name}", f"{base}/{name}", "as at the original source")
        for name in read_checksums()
        if name != MANIFEST
    }


def _say_sources() -> None:
    print("Sources and terms:")
    for name, source in sorted(SOURCES.items()):
        print(f"  {name}: {source.origin}; {source.terms}")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``where``, ``fetch`` or ``checksums``."""
    parser = argparse.ArgumentParser(
        prog="python tests/public_logs.py",
        description="Find, download and check the public event logs the tests read.",
        epilog="Example: python tests/public_logs.py fetch   (the same as `make public-logs`)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("where", help="print the folder the tests use and what is missing there")
    fetch_cmd = commands.add_parser("fetch", help="download the logs and check their SHA-256")
    fetch_cmd.add_argument("--into", type=Path, help=f"folder (default: ${ENV} or the cache)")
    fetch_cmd.add_argument("--mirror", help="fetch every file from MIRROR/<name> instead")
    sums_cmd = commands.add_parser("checksums", help="rewrite the checksum list from a folder")
    sums_cmd.add_argument("--from", dest="source", type=Path, default=beside_repo())
    args = parser.parse_args(argv)
    try:
        if args.command == "where":
            folder = locate()
            gone = missing(folder)
            print(folder)
            print(f"missing: {', '.join(gone)}; {HINT}" if gone else "complete")
            return 0
        if args.command == "checksums":
            names = write_checksums(args.source)
            print(f"{CHECKSUMS.relative_to(REPO)}: {len(names)} files from {args.source}")
            return 0
        folder = args.into or (Path(os.environ[ENV]) if os.environ.get(ENV) else cache_dir())
        if args.into is None and not os.environ.get(ENV) and beside_repo().is_dir():
            print(f"The tests read the public logs from {beside_repo()}; nothing to download.")
            print(f"(To fill the cache anyway: python tests/public_logs.py fetch --into {folder})")
            return 0
        print(f"Public event logs into {folder}")
        sources = _mirrored(args.mirror) if args.mirror else SOURCES
        left = fetch(folder.expanduser(), sources)
        _say_sources()
        if left:
            print(
                f"{len(left)} files are conversions this script cannot make "
                f"({', '.join(left)}): the tests that need them stay skipped unless you "
                f"put them in {folder} (README: 'Tests that need the public event logs')."
            )
        else:
            print(f"All {len(read_checksums())} files are in {folder} and match their checksums.")
        return 0
    except (FetchError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
