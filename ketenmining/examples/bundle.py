"""The bundled example folder, its chain config and the demo key.

The bundled chain lives in ``examples/midden-brabant/`` of the source tree.
When the generator writes elsewhere it copies the bundled ``keten.yaml``
there, with its ``protocol:`` path made correct for the new folder and its
``period:`` set to the generated period, and writes the demo key beside it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ketenmining.errors import KetenError, Location
from ketenmining.examples.identities import demo_key_text

KEY_NAME = "demo.key"
CONFIG_NAME = "keten.yaml"
DEFAULT_PERIOD = (dt.date(2023, 1, 1), dt.date(2024, 12, 31))


def bundled_dir() -> Path:
    """``examples/midden-brabant`` of the source tree this package runs from."""
    return Path(__file__).resolve().parents[2] / "examples" / "midden-brabant"


def is_bundled(out: Path) -> bool:
    """True when ``out`` is the bundled example folder."""
    return out.resolve() == bundled_dir().resolve()


def config_copy(out: Path, start: dt.date, end: dt.date) -> str:
    """The bundled ``keten.yaml`` adapted to live in ``out`` and cover ``start``..``end``.

    The ``protocol:`` path becomes relative to ``out`` when ``out`` lies inside the
    source tree, absolute otherwise.
    """
    source = bundled_dir() / CONFIG_NAME
    if not source.is_file():
        raise KetenError(
            "the bundled chain config was not found",
            hint="run the generator from a source checkout of ketenmining (examples/midden-brabant/keten.yaml)",
            where=Location(str(source)),
        )
    text = source.read_text(encoding="utf-8")
    match = re.search(r"^protocol:\s*(\S+)\s*$", text, flags=re.MULTILINE)
    if not match:
        raise KetenError(
            "the bundled chain config has no 'protocol:' line", where=Location(str(source))
        )
    protocol = (source.parent / match.group(1)).resolve()
    repo = bundled_dir().parents[1].resolve()
    # Inside the source tree: relative, so the folder stays valid when the tree moves.
    if out.resolve().is_relative_to(repo):
        where = Path(os.path.relpath(protocol, out.resolve())).as_posix()
    else:
        where = protocol.as_posix()
    text = text[: match.start(1)] + where + text[match.end(1) :]
    text, n = re.subn(
        r"^period:.*$",
        f"period: {{from: {start.isoformat()}, to: {end.isoformat()}}}",
        text,
        count=1,
        flags=re.MULTILINE,
    )
    if n != 1:
        raise KetenError(
            "the bundled chain config has no 'period:' line", where=Location(str(source))
        )
    return text


def check_or_plan_key(out: Path) -> bool:
    """True when ``out/demo.key`` must be written; raise if a different key is already there."""
    path = out / KEY_NAME
    if not path.exists():
        return True
    if path.read_text(encoding="ascii", errors="replace").strip() != demo_key_text():
        raise KetenError(
            "the output folder already holds a demo.key that is not the example's demo key",
            hint="choose an empty --out folder; the generator never overwrites a key",
            where=Location(str(path)),
        )
    return False


def write_key(path: Path) -> None:
    """Write the demo key (64 hex characters and a newline) with mode 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii", newline="\n") as fh:
        fh.write(demo_key_text() + "\n")
    os.chmod(path, 0o600)
