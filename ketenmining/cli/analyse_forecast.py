"""``ketenmining analyse forecast``: the inflow coming to each organisation, with its backtest.

A thin command: options, one call into :func:`ketenmining.analyse.api.forecast`,
rendering. Registered on the ``analyse`` group in :mod:`ketenmining.cli.commands`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ketenmining.cli.analyse import data_end_option
from ketenmining.cli.options import (
    filter_options,
    k_option,
    lang_option,
    log_input,
    progress_for,
    quiet_option,
)

_EXT = {"table": "txt", "csv": "csv", "json": "json", "markdown": "md"}


@click.command("forecast")
@log_input
@click.option(
    "--weeks",
    type=click.IntRange(1, 52),
    default=8,
    show_default=True,
    help="Weeks to forecast.",
)
@data_end_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "markdown"]),
    default="table",
    show_default=True,
    help="Output format (json: forecast and backtest records, see docs/forecast-record.schema.json).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for forecast.<ext> and backtest.<ext> (csv: one file per table); default: stdout.",
)
@click.option(
    "--pictures",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the fan chart with the backtest, per organisation (PNG and SVG).",
)
@click.option(
    "--paths",
    type=click.IntRange(50, 20000),
    default=1000,
    show_default=True,
    help="Simulated paths of the forecast (the backtest uses 200 per cut-off).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the simulation.")
@k_option
@lang_option
@quiet_option
@filter_options
def forecast_command(
    log_spec: Any,
    filters: Any,
    weeks: int,
    data_end: str | None,
    fmt: str,
    output: Path | None,
    pictures: Path | None,
    paths: int,
    seed: int,
    k: int,
    lang: str,
    quiet: bool,
) -> None:
    """Expected inflow per organisation per week, with an 80 % interval and its backtest.

    Open cases move on through the chain by the historical routing and the
    delay at each step, given how long each has already waited (a simulated
    semi-Markov model); new cases arrive by an exponential-smoothing model of
    the weekly new cases. The backtest is always part of the output: forecasts
    from the last 33 weekly cut-offs (horizons 1–8 weeks, ≥ 26 cut-offs each)
    against what happened, per organisation the MAE and MASE of the model and
    of two baselines (seasonal-naive, recent mean), the coverage of the 80 %
    interval and a Diebold-Mariano test of the gain. The same inputs and seed
    give the same output.

    \b
    Example:
      ketenmining analyse forecast keten.parquet --weeks 8 --lang en
      ketenmining analyse forecast sepsis.csv --org org:group --format json -o prognose/
    """
    from ketenmining.analyse.api import forecast

    with progress_for(quiet) as progress:
        result = forecast(
            log_spec,
            weeks,
            data_end=data_end,
            k=k,
            paths=paths,
            seed=seed,
            filters=filters,
            progress=progress,
        )
    _render(result, fmt, output, pictures, lang)


def _render(result: Any, fmt: str, output: Path | None, pictures: Path | None, lang: str) -> None:
    """The forecast as pictures, files or on the terminal, then its notes on stderr."""
    from ketenmining.analyse.forecast_run import verdicts
    from ketenmining.report.analyse_forecast import RENDERERS, notes

    said = verdicts(result, lang)
    if pictures is not None:
        from ketenmining.analyse.pictures_forecast import forecast_figures

        for path in forecast_figures(result, pictures, lang):
            click.echo(str(path), err=True)
    if output is not None:
        _write(result, fmt, output, lang, said)
    elif fmt == "table" and sys.stdout.isatty():
        from ketenmining.cli.options import echo_tables
        from ketenmining.report.analyse_forecast import tables

        echo_tables(tables(result, lang), "auto")
        click.echo("\n".join(said))
    else:
        click.echo(RENDERERS["text" if fmt == "table" else fmt](result, lang, said), nl=False)
    for note in notes(result, lang):
        click.echo(note, err=True)


def _write(result: Any, fmt: str, output: Path, lang: str, said: list[str]) -> None:
    """Write the outputs into ``output``: one file, or one per table for csv."""
    from ketenmining.report.analyse_forecast import RENDERERS, csv_files

    output.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        written = []
        for name, text in csv_files(result).items():
            path = output / f"{name}.csv"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    else:
        path = output / f"forecast.{_EXT[fmt]}"
        path.write_text(
            RENDERERS["text" if fmt == "table" else fmt](result, lang, said), encoding="utf-8"
        )
        written = [path]
    for path in written:
        click.echo(str(path), err=True)
