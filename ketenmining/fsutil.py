"""Small file helpers: atomic outputs, output locks, content hashes, input checks.

Outputs are written to a temporary file beside the target and moved into
place only when complete, so a failed or interrupted run never leaves a
half-written file: Ctrl-C and SIGTERM are held back while the files of one
output move into place (all of them move, then the stop takes effect), and a
kill -9 leaves at most a hidden ``.NAME.*.part`` temporary beside the target.
:func:`output_lock` keeps a second run from writing the same output at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from ketenmining.errors import KetenError, Location

_CHUNK = 1 << 20


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _public_mode(path: Path) -> None:
    """Give a finished output the permissions a normally created file gets (mkstemp makes 0600)."""
    os.chmod(path, 0o666 & ~_umask())


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM while the block runs, then deliver what came.

    Used around the renames that put a finished output in place, so a stop
    signal never leaves a folder with some new files and some old ones. Outside
    the main thread (where handlers cannot be set) the block just runs.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            signal.raise_signal(caught[0])


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def file_entry(role: str, path: str | os.PathLike[str] | None, sha256: str | None = None) -> dict:
    """An input file as a record lists it: its role, name and SHA-256 (computed when not given)."""
    if path is None:
        return {"role": role, "file": None, "sha256": None}
    p = Path(path)
    if sha256 is None and p.is_file():
        sha256 = sha256_file(p)
    return {"role": role, "file": str(p), "sha256": sha256}


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def package_text(package: str, *parts: str) -> str:
    """The text of a package-data file (read with importlib.resources, so from a wheel too).

    A file missing from the installation is a KetenError naming it, never a traceback.
    """
    from importlib.resources import files

    item = files(package).joinpath(*parts)
    try:
        return item.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KetenError(
            f"{'/'.join(parts)} is missing from this installation of ketenmining ({package})",
            hint="reinstall ketenmining (pip install --force-reinstall ketenmining)",
            where=Location(str(item)),
        ) from None


def require_file(path: str | os.PathLike[str], what: str = "input file") -> Path:
    """Return ``path`` as a Path, or raise a KetenError if it is missing or not a file."""
    p = Path(path)
    if not p.exists():
        raise KetenError(
            f"{what} not found",
            hint="check the path (relative paths in a config are relative to the config file)",
            where=Location(str(p)),
        )
    if not p.is_file():
        raise KetenError(
            f"{what} is not a file", hint="give a file, not a folder", where=Location(str(p))
        )
    return p


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it into place on success.

    On an exception the temporary file is removed and the target is untouched.
    """
    with atomic_paths(target) as (tmp,):
        yield tmp


@contextlib.contextmanager
def atomic_dir(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary folder; on success its files are moved into ``target``.

    Files already in ``target`` that the run did not write are left alone.
    On an exception nothing in ``target`` changes; a ``target`` that did not exist
    is built beside it and renamed into place at the end, so it never exists
    half-written (its parent folders may be created).
    """
    target = Path(target)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
        try:
            yield tmp
            with held_signals():
                os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700
                os.rename(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    tmp = Path(tempfile.mkdtemp(prefix=".ketenmining-", dir=target))
    try:
        yield tmp
        with held_signals():
            for item in sorted(tmp.rglob("*")):
                if item.is_file():
                    dest = target / item.relative_to(tmp)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(item, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_text_atomic(target: str | os.PathLike[str], text: str) -> Path:
    """Write text (UTF-8) to ``target`` atomically and return the path."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def place_file(source: str | os.PathLike[str], tmp: str | os.PathLike[str]) -> None:
    """Put the finished file ``source`` at ``tmp`` (a temporary path of :func:`atomic_paths`).

    A hard link when both are on one file system (no copy of a large chain log),
    else a copy; ``source`` stays where it is.
    """
    tmp = Path(tmp)
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)


@contextlib.contextmanager
def atomic_paths(*targets: str | os.PathLike[str]) -> Iterator[list[Path]]:
    """Like :func:`atomic_path` for several files: all move into place, or none do."""
    tmps: list[Path] = []
    try:
        for target in targets:
            t = Path(target)
            t.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{t.name}.", suffix=".part", dir=t.parent)
            os.close(fd)
            tmps.append(Path(tmp))
        yield tmps
        with held_signals():
            for tmp, target in zip(tmps, targets, strict=True):
                _public_mode(tmp)
                os.replace(tmp, target)
    except BaseException:
        for tmp in tmps:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        raise


def lock_path(target: str | os.PathLike[str]) -> Path:
    """The lock file of an output (a file or a folder): ``.NAME.lock`` beside it.

    Beside, not inside: a new output folder is then still built aside and
    renamed into place whole (see :func:`atomic_dir`).
    """
    t = Path(target).absolute()
    return t.parent / f".{t.name}.lock"


@contextlib.contextmanager
def output_lock(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the lock of the output ``target`` for the block, or refuse at once.

    ``fcntl.flock`` on ``.NAME.lock`` beside the target: the kernel drops the
    lock when its process ends, however it ends, so a lock left by a run that
    died (its pid no longer running) never blocks. A second run while the first
    holds it gets a KetenError naming the first run's pid. The file is removed
    when the block ends.
    """
    import fcntl

    path = lock_path(target)
    made = [d for d in (path.parent, *path.parent.parents) if not d.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            pid = f" (pid {owner})" if owner.isdigit() else ""
            raise KetenError(
                f"{Path(target)} is being written by another ketenmining run{pid}",
                hint="wait until that run is done, or choose another -o",
            ) from None
        # the holder before us may have removed the file after we opened it: lock the
        # file that is at the path now, or two runs would each hold a lock
        try:
            now = os.stat(path)
        except FileNotFoundError:
            os.close(fd)
            continue
        mine = os.fstat(fd)
        if (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        os.close(fd)
        for folder in made:  # folders made only to hold the lock go again when left empty
            with contextlib.suppress(OSError):
                folder.rmdir()
