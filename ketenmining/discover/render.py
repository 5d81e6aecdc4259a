"""Turn DOT text into pictures with Graphviz ``dot`` (svg, png, pdf) or keep it as ``.dot``.

Pictures are written atomically; a missing ``dot`` program or a failing
layout becomes a :class:`~ketenmining.errors.KetenError` with a hint.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ketenmining.errors import KetenError
from ketenmining.fsutil import atomic_path

IMAGE_FORMATS = ("svg", "png", "pdf")
#: Resolution of PNG output: sharp on a projector, about A4 width for a typical map.
PNG_DPI = 120


def dot_program() -> str:
    """The path of Graphviz ``dot``, or a KetenError saying how to install it."""
    found = shutil.which("dot")
    if not found:
        raise KetenError(
            "Graphviz 'dot' is not installed, so maps cannot be drawn",
            hint="install it (apt-get install graphviz / brew install graphviz), or use --format dot,json",
        )
    return found


def render_bytes(dot_text: str, fmt: str) -> bytes:
    """``dot_text`` drawn as ``fmt`` (svg, png, pdf; ``dot`` gives the text itself)."""
    if fmt == "dot":
        return dot_text.encode("utf-8")
    if fmt not in IMAGE_FORMATS:
        raise KetenError(f"unknown picture format '{fmt}'", hint="use svg, png, pdf or dot")
    args = [dot_program(), f"-T{fmt}"]
    if fmt == "png":
        args.append(f"-Gdpi={PNG_DPI}")
    proc = subprocess.run(args, input=dot_text.encode("utf-8"), capture_output=True, timeout=600)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise KetenError(
            f"Graphviz could not draw a {fmt} picture: {message[-1] if message else 'unknown error'}",
            hint="try --format dot to get the DOT text, or --min-edge to draw fewer edges",
        )
    return proc.stdout


def render(dot_text: str, target: Path, fmt: str) -> Path:
    """Write ``dot_text`` to ``target`` as ``fmt``, atomically."""
    data = render_bytes(dot_text, fmt)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target
