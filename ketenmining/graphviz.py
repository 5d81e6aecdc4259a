"""Draw DOT text with Graphviz ``dot``: svg, png or pdf (``dot`` keeps the text).

Shared by the protocol drawing (``protocol show``) and the discovered maps; a
missing ``dot`` program or a failing layout becomes a
:class:`~ketenmining.errors.KetenError` with a hint.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence

from ketenmining.errors import KetenError

IMAGE_FORMATS = ("svg", "png", "pdf")
#: Resolution of PNG output: sharp on a projector, about A4 width for a typical map.
PNG_DPI = 120


def dot_program() -> str:
    """The path of Graphviz ``dot``, or a KetenError saying how to install it."""
    found = shutil.which("dot")
    if not found:
        raise KetenError(
            "Graphviz 'dot' is not installed, so pictures cannot be drawn",
            hint="install it (apt-get install graphviz / brew install graphviz), or write .dot",
        )
    return found


def render_bytes(dot_text: str, fmt: str, dpi: int = PNG_DPI, hint: str | None = None) -> bytes:
    """``dot_text`` drawn as ``fmt`` (svg, png, pdf; ``dot`` gives the text itself).

    ``dpi`` is the resolution of png output; ``hint`` what to suggest when the
    layout fails (default: write the DOT text instead).
    """
    if fmt == "dot":
        return dot_text.encode("utf-8")
    if fmt not in IMAGE_FORMATS:
        raise KetenError(f"unknown picture format '{fmt}'", hint="use svg, png, pdf or dot")
    args = [dot_program(), f"-T{fmt}"]
    if fmt == "png":
        args.append(f"-Gdpi={dpi}")
    proc = subprocess.run(args, input=dot_text.encode("utf-8"), capture_output=True, timeout=600)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise KetenError(
            f"Graphviz could not draw a {fmt} picture: {message[-1] if message else 'unknown error'}",
            hint=hint
            or "write the DOT text (format dot) and look at it with another Graphviz tool",
        )
    return proc.stdout


def render_many(
    jobs: Sequence[tuple[str, str, str]],
    hint: str | None = None,
    dpi: int = PNG_DPI,
    on_done: Callable[[], None] | None = None,
) -> list[tuple[str, bytes]]:
    """Draw ``(name, dot_text, fmt)`` jobs in parallel (one ``dot`` process per core).

    Returns ``(name, bytes)`` in the order of ``jobs``; the first failure is raised.
    """
    from concurrent.futures import ThreadPoolExecutor

    if not jobs:
        return []
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(render_bytes, text, fmt, dpi, hint) for _, text, fmt in jobs]
        out = []
        for (name, _, _), future in zip(jobs, futures, strict=True):
            out.append((name, future.result()))
            if on_done is not None:
                on_done()
    return out
