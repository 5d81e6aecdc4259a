"""Command line of the example generator: ``python -m ketenmining.examples``.

A developer tool beside the main ``ketenmining`` command line, so it does not
import :mod:`ketenmining.cli` (only the CLI imports the CLI); it prints a
:class:`~ketenmining.errors.KetenError` the same way: one line per problem on
stderr, exit code 2, no traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from ketenmining.errors import ExitCode, KetenError
from ketenmining.texts import tr


def _progress(quiet: bool) -> Any:
    """A rich progress display on a terminal (not with --quiet or in CI), else silence."""
    from ketenmining.progress import SILENT

    if quiet or not sys.stderr.isatty() or os.environ.get("CI"):
        return contextlib.nullcontext(SILENT)
    from ketenmining.progress import RichProgress

    return RichProgress()


def _date(ctx: click.Context, param: click.Parameter, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("give a date as YYYY-MM-DD, e.g. 2023-01-01") from None


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--children",
    "-n",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Number of children (clients) in the chain.",
)
@click.option(
    "--seed",
    type=int,
    default=2023,
    show_default=True,
    help="Random seed; the same seed gives byte-identical files.",
)
@click.option(
    "--start",
    default="2023-01-01",
    show_default=True,
    callback=_date,
    help="First day of the period (YYYY-MM-DD).",
)
@click.option(
    "--end",
    default="2024-12-31",
    show_default=True,
    callback=_date,
    help="Last day of the period: the end of the data (YYYY-MM-DD).",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: the bundled examples/midden-brabant of a source checkout).",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Language of the closing message.",
)
@click.option(
    "--scale/--small",
    default=None,
    help="Scale form: generated in chunks of children by a pool of worker processes, every "
    "export CSV or Parquet (default above 1,000,000 children); small form: XLSX and XES as "
    "the bundled example.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes of the scale form (default: one per CPU); the output does not "
    "depend on it.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress display and no closing message.")
def main(
    children: int,
    seed: int,
    start: dt.date,
    end: dt.date,
    out: Path | None,
    lang: str,
    scale: bool | None,
    workers: int | None,
    quiet: bool,
) -> None:
    """Generate the synthetic example chain Midden-Brabant with its ground truth.

    Writes one export per organisation to OUT/data (GPs: semicolon CSV; schools:
    XLSX; police: JSON lines; Veilig Thuis: gzipped XES; Toegang: cp1252 CSV;
    Raad: Parquet), OUT/truth.csv and OUT/truth.json (which pseudonymised case
    carries which injected deviation), and, for a folder other than the bundled
    one, OUT/keten.yaml, the protocol it names (OUT/meldcode-keten.yaml) and the
    demo key OUT/demo.key. With --scale (the default above a million children)
    every export is CSV or Parquet and the chain is generated in chunks, in
    bounded memory, on every CPU. To write the example chain for trying
    ketenmining, use 'ketenmining example DIR'.

    \b
    Examples:
      python -m ketenmining.examples                       # regenerate the bundled example
      python -m ketenmining.examples -n 100000 -o /tmp/keten100k --seed 7
      python -m ketenmining.examples -n 11000000 -o /tmp/keten100m --seed 7 --scale
    """  # fmt: skip
    from ketenmining.examples.bundle import bundled_dir
    from ketenmining.examples.generate import generate_chain

    began = time.perf_counter()
    try:
        target = out if out is not None else bundled_dir()
        if target is None:
            raise KetenError(
                "no bundled example folder: this ketenmining is installed, not a source checkout",
                hint="give an output folder with --out DIR, or write the example chain with "
                "'ketenmining example DIR'",
            )
        from ketenmining.examples.scale import AUTO_SCALE_CHILDREN, generate_scale

        if scale is None:
            scale = children > AUTO_SCALE_CHILDREN and out is not None
        with _progress(quiet) as progress:
            if scale:
                summary = generate_scale(
                    target,
                    children=children,
                    seed=seed,
                    start=start,
                    end=end,
                    workers=workers,
                    progress=progress,
                )
            else:
                summary = generate_chain(
                    target, children=children, seed=seed, start=start, end=end, progress=progress
                )
    except KetenError as exc:
        for line in exc.lines():
            click.echo(f"error: {line}", err=True)
        sys.exit(int(ExitCode.ERROR))
    counts = summary["counts"]
    if not quiet:
        click.echo(
            tr(
                "examples.done",
                lang,
                children=children,
                cases=counts.get("episodes", 0),
                deviating=counts.get("deviating", 0),
                clean=counts.get("clean", 0),
                out=target,
                seconds=time.perf_counter() - began,
            ),
            err=True,
        )
