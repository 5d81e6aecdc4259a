"""Command line of the example generator: ``python -m ketenmining.examples``."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from ketenmining.errors import ExitCode, KetenError


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
    help="Output folder (default: the bundled examples/midden-brabant).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
def main(
    children: int, seed: int, start: dt.date, end: dt.date, out: Path | None, quiet: bool
) -> None:
    """Generate the synthetic example chain Midden-Brabant with its ground truth.

    Writes one export per organisation to OUT/data (GPs: semicolon CSV; schools:
    XLSX; police: JSON lines; Veilig Thuis: gzipped XES; Toegang: cp1252 CSV;
    Raad: Parquet), OUT/truth.csv and OUT/truth.json (which pseudonymised case
    carries which injected deviation), and, for a folder other than the bundled
    one, OUT/keten.yaml and the demo key OUT/demo.key.

    \b
    Examples:
      python -m ketenmining.examples                       # regenerate the bundled example
      python -m ketenmining.examples -n 100000 -o /tmp/keten100k --seed 7
    """  # fmt: skip
    from ketenmining.cli import report_error
    from ketenmining.cli.options import progress_for
    from ketenmining.examples.bundle import bundled_dir
    from ketenmining.examples.generate import generate_chain

    target = out if out is not None else bundled_dir()
    began = time.perf_counter()
    try:
        with progress_for(quiet) as progress:
            summary = generate_chain(target, children=children, seed=seed, start=start, end=end,
                                     progress=progress)  # fmt: skip
    except KetenError as exc:
        report_error(exc)
        sys.exit(int(ExitCode.ERROR))
    counts = summary["counts"]
    if not quiet:
        click.echo(
            f"{children} children, {counts.get('episodes', 0)} cases "
            f"({counts.get('deviating', 0)} with deviations, {counts.get('clean', 0)} clean) "
            f"written to {target} in {time.perf_counter() - began:.1f} s",
            err=True,
        )
