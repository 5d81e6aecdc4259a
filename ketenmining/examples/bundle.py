"""The example chain's own files (config, protocol, README), the bundled folder and the demo key.

The chain config ``keten.yaml``, the protocol it is audited against and the
example's README are package data in ``ketenmining/examples/midden-brabant/``
(in a source checkout these are links to ``examples/midden-brabant/`` and
``configs/protocols/``, the files people edit), read with
:mod:`importlib.resources`, so the generator works the same from a checkout
and from an installed wheel.

The bundled example folder ``examples/midden-brabant/`` exists only in a
source checkout; it holds the committed exports. When the generator writes
elsewhere it also writes the chain config (its ``protocol:`` pointing at the
protocol copied beside it, its ``period:`` set to the generated period), the
protocol and the demo key, so the folder is complete on its own.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ketenmining.errors import KetenError, Location
from ketenmining.examples.identities import demo_key_text
from ketenmining.fsutil import package_text

KEY_NAME = "demo.key"
CONFIG_NAME = "keten.yaml"
PROTOCOL_NAME = "meldcode-keten.yaml"
README_NAME = "README.md"
DEFAULT_PERIOD = (dt.date(2023, 1, 1), dt.date(2024, 12, 31))
#: Where the README of the bundled folder names the protocol (relative to the source tree).
_README_PROTOCOL = "../../configs/protocols/meldcode-keten.yaml"


def read_resource(name: str) -> str:
    """The text of one of the example's package-data files (config, protocol, README)."""
    return package_text("ketenmining.examples", "midden-brabant", name)


def bundled_dir() -> Path | None:
    """``examples/midden-brabant`` of the source checkout this package runs from, else None.

    An installed package has no bundled folder (its parent is ``site-packages``).
    """
    root = Path(__file__).resolve().parents[2]
    folder = root / "examples" / "midden-brabant"
    if (root / "pyproject.toml").is_file() and (folder / CONFIG_NAME).is_file():
        return folder
    return None


def is_bundled(out: Path) -> bool:
    """True when ``out`` is the bundled example folder of a source checkout."""
    folder = bundled_dir()
    return folder is not None and out.resolve() == folder.resolve()


def config_copy(start: dt.date, end: dt.date) -> str:
    """The example's ``keten.yaml`` for a folder of its own covering ``start``..``end``.

    Its ``protocol:`` names the protocol copy written beside it (:data:`PROTOCOL_NAME`).
    """
    text = read_resource(CONFIG_NAME)
    where = Location(f"ketenmining/examples/midden-brabant/{CONFIG_NAME}")
    text, n = re.subn(
        r"^protocol:[ \t]*\S+[ \t]*$", f"protocol: {PROTOCOL_NAME}", text, count=1, flags=re.M
    )
    if n != 1:
        raise KetenError("the example chain config has no 'protocol:' line", where=where)
    text, n = re.subn(
        r"^period:.*$",
        f"period: {{from: {start.isoformat()}, to: {end.isoformat()}}}",
        text,
        count=1,
        flags=re.M,
    )
    if n != 1:
        raise KetenError("the example chain config has no 'period:' line", where=where)
    return text


def readme_copy() -> str:
    """The example's README for a folder of its own: the protocol is the copy beside it."""
    return read_resource(README_NAME).replace(_README_PROTOCOL, PROTOCOL_NAME)


def side_files(start: dt.date, end: dt.date, *, readme: bool = False) -> dict[str, str]:
    """The text files written beside the exports outside the bundled folder, by file name."""
    out = {CONFIG_NAME: config_copy(start, end), PROTOCOL_NAME: read_resource(PROTOCOL_NAME)}
    if readme:
        out[README_NAME] = readme_copy()
    return out


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
