"""Draw DOT text with Graphviz ``dot``: svg, png or pdf (``dot`` keeps the text).

Shared by the protocol drawing (``protocol show``) and the discovered maps; a
missing ``dot`` program or a failing layout becomes a
:class:`~ketenmining.errors.KetenError` with a hint.
"""

from __future__ import annotations

import os
import re
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


def render_formats(
    dot_text: str, formats: Sequence[str], dpi: int = PNG_DPI, hint: str | None = None
) -> dict[str, bytes]:
    """``dot_text`` drawn in every one of ``formats``: svg and pdf from one layout (one ``dot``
    run), png in a run of its own (its resolution would scale the others too)."""
    import tempfile
    from pathlib import Path

    pictures = [f for f in dict.fromkeys(formats) if f != "dot"]
    out: dict[str, bytes] = {"dot": dot_text.encode("utf-8")} if "dot" in formats else {}
    bad = [f for f in pictures if f not in IMAGE_FORMATS]
    if bad:
        raise KetenError(f"unknown picture format '{bad[0]}'", hint="use svg, png, pdf or dot")
    if "png" in pictures:
        out["png"] = render_bytes(dot_text, "png", dpi, hint)
    vector = [f for f in pictures if f != "png"]
    if len(vector) == 1:
        out[vector[0]] = render_bytes(dot_text, vector[0], dpi, hint)
    elif vector:
        with tempfile.TemporaryDirectory(prefix="ketenmining-dot-") as tmp:
            args = [dot_program()]
            for fmt in vector:
                args += [f"-T{fmt}", "-o", str(Path(tmp) / f"out.{fmt}")]
            proc = subprocess.run(
                args, input=dot_text.encode("utf-8"), capture_output=True, timeout=600
            )
            if proc.returncode != 0:
                message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
                raise KetenError(
                    "Graphviz could not draw the picture: "
                    f"{message[-1] if message else 'unknown error'}",
                    hint=hint
                    or "write the DOT text (format dot) and look at it with another Graphviz tool",
                )
            for fmt in vector:
                out[fmt] = (Path(tmp) / f"out.{fmt}").read_bytes()
    return out


def render_many(
    jobs: Sequence[tuple[str, str, Sequence[str]]],
    hint: str | None = None,
    dpi: int = PNG_DPI,
    on_done: Callable[[], None] | None = None,
    failures: list[tuple[str, KetenError]] | None = None,
) -> list[tuple[str, dict[str, bytes]]]:
    """Draw ``(name, dot_text, formats)`` jobs in parallel (one ``dot`` process per core, one
    layout per job). Returns ``(name, {format: bytes})`` in job order.

    Without ``failures`` the first failure is raised; with it, a job that Graphviz cannot
    draw is left out and ``(name, error)`` appended there, so the other pictures still come.
    """
    from concurrent.futures import ThreadPoolExecutor

    if not jobs:
        return []
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(render_formats, text, fmts, dpi, hint) for _, text, fmts in jobs]
        out = []
        for (name, _, _), future in zip(jobs, futures, strict=True):
            try:
                out.append((name, future.result()))
            except KetenError as exc:
                if failures is None:
                    raise
                failures.append((name, exc))
            if on_done is not None:
                on_done()
    return out


#: A4 landscape and portrait in inches, less the margins.
A4_PAGES = ((11.0, 7.6), (7.6, 11.0))
_SIZE = re.compile(r'size="[0-9.]+,[0-9.]+"')
_RANKDIR = re.compile(r"rankdir=\w+")


def layout_size(dot_text: str) -> tuple[float, float]:
    """Width and height in inches of the natural layout of ``dot_text`` (no page fitting)."""
    text = _SIZE.sub('size="1000,1000"', dot_text, count=1)
    proc = subprocess.run(
        [dot_program(), "-Tplain"], input=text.encode("utf-8"), capture_output=True, timeout=600
    )
    first = proc.stdout.decode("utf-8", "replace").split("\n", 1)[0].split()
    if proc.returncode != 0 or len(first) < 4:
        return (1.0, 1.0)
    return float(first[2]), float(first[3])


def fit_a4_scale(dot_text: str, directions: Sequence[str] = ("LR", "TB")) -> tuple[float, str]:
    """(scale, text): ``dot_text`` laid out in the flow direction and on the A4 page
    (landscape or portrait) where it is drawn largest, with ``size`` set to that page,
    and the factor (at most 1) by which Graphviz shrinks it to that page.

    Long chains that would shrink to illegible type in one direction are turned
    the other way (a chain left-to-right on a landscape page, or top-to-bottom
    on a portrait one), whichever keeps the letters biggest.
    """
    best: tuple[float, str, tuple[float, float]] | None = None
    for direction in directions:
        text = _RANKDIR.sub(f"rankdir={direction}", dot_text, count=1)
        width, height = layout_size(text)
        for page in A4_PAGES:
            scale = min(1.0, page[0] / width, page[1] / height)
            if best is None or scale > best[0] + 1e-6:
                best = (scale, text, page)
    assert best is not None
    scale, text, (w, h) = best
    return scale, _SIZE.sub(f'size="{w},{h}"', text, count=1)


def fit_a4(dot_text: str, directions: Sequence[str] = ("LR", "TB")) -> str:
    """``dot_text`` on the A4 page and in the flow direction where it is drawn largest
    (see :func:`fit_a4_scale`)."""
    return fit_a4_scale(dot_text, directions)[1]
