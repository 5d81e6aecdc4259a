"""``ketenmining conform``: check every case against a route, by optimal alignments.

With ``--model`` the route is a process model file (PNML or BPMN), for logs
outside the chain; ``--protocol`` (the chain protocol) is added by the audit
work and feeds the same stage with a compiled protocol net.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ketenmining.cli.options import (
    filter_options,
    key_file_option,
    lang_option,
    log_input,
    progress_for,
    quiet_option,
)

TEXTS = {
    "title": {"nl": "Conformiteit van de route", "en": "Route conformance"},
    "model": {"nl": "Model", "en": "Model"},
    "cases": {"nl": "Casussen", "en": "Cases"},
    "variants": {"nl": "Varianten", "en": "Variants"},
    "avg_fitness": {"nl": "Gemiddelde fitness per casus", "en": "Average trace fitness"},
    "log_fitness": {"nl": "Fitness van het log", "en": "Log fitness"},
    "fitting": {"nl": "Casussen zonder afwijking", "en": "Cases without deviation"},
    "top": {"nl": "Meest voorkomende afwijkingen", "en": "Most frequent deviations"},
    "step": {"nl": "Stap", "en": "Step"},
    "kind": {"nl": "Soort", "en": "Kind"},
    "none": {"nl": "Geen afwijkingen gevonden.", "en": "No deviations found."},
    "wrote": {"nl": "geschreven", "en": "wrote"},
    "skipped": {"nl": "overgeslagen", "en": "skipped"},
    "extra": {"nl": "extra (hier niet toegestaan)", "en": "extra (not allowed here)"},
    "not_in_protocol": {"nl": "niet in het model", "en": "not in the model"},
    "wrong_order": {"nl": "verkeerde volgorde", "en": "wrong order"},
}


@click.command("conform")
@log_input
@key_file_option()
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The route as a process model: a Petri net (.pnml) or a BPMN model (.bpmn).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the cases here (.parquet, .csv or .json); Parquet and CSV put the "
    "deviations beside it in NAME.deviations.EXT. Without -o only the summary is shown.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes for the alignments (default: every CPU, or $KETENMINING_WORKERS).",
)
@lang_option
@quiet_option
@filter_options
def conform_command(
    log_spec: Any,
    filters: Any,
    model_path: Path | None,
    output: Path | None,
    workers: int | None,
    lang: str,
    quiet: bool,
    key_file: Path | None = None,
) -> None:
    """Check every case against a route by optimal alignments, once per variant.

    Each distinct route through the log (a variant) is aligned once against
    the model and the result is shared by all its cases: fitness per case
    (pm4py's alignment fitness, to the last digit), the log's fitness, and
    the deviations of every case in plain words: a step skipped, an extra
    step (not allowed at that point, or not in the model at all), a step in
    the wrong order.

    \b
    Example:
      ketenmining conform chain.parquet --model route.pnml -o afwijkingen.parquet
      ketenmining conform receipt.xes --case case:concept:name --activity concept:name \\
          --timestamp time:timestamp --model receipt.pnml -o receipt.json --lang en
    """
    from ketenmining.conform.models import load_model
    from ketenmining.conform.output import output_format, write_result
    from ketenmining.conform.route import conform_route
    from ketenmining.engine import connect
    from ketenmining.errors import KetenError
    from ketenmining.load import open_log

    if model_path is None:
        raise KetenError(
            "no route to check against",
            hint="give the route as a model with --model route.pnml (or route.bpmn)",
        )
    if output is not None:
        output_format(output)  # refuse a bad name before the work, not after
    route = load_model(model_path)
    con = connect()
    with progress_for(quiet) as progress:
        open_log(con, log_spec, filters, progress)
        result = conform_route(con, route, workers=workers, progress=progress)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    written: list[Path] = []
    if output is not None:
        meta = {"model": {"file": route.source, "sha256": route.sha256}, "log": str(log_spec.path)}
        written = write_result(result, output, meta)
    _print_summary(result, route.source, lang, written)


def _print_summary(result: Any, model: str, lang: str, written: list[Path]) -> None:
    """The summary: a rich table on a terminal, plain lines otherwise."""
    import sys

    from ketenmining.i18n import tr

    s = result.summary

    def t(key: str) -> str:
        return tr(TEXTS, key, lang)

    rows = [
        (t("model"), model),
        (t("cases"), f"{s.cases}"),
        (t("variants"), f"{s.variants}"),
        (t("avg_fitness"), f"{s.average_trace_fitness:.4f}"),
        (t("log_fitness"), f"{s.log_fitness:.4f}"),
        (t("fitting"), f"{s.fitting_cases} ({s.percentage_of_fitting_traces:.1f}%)"),
    ]
    top = [(step, t(kind), f"{n}") for step, kind, n in result.top_deviations()]
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        console = Console()
        facts = Table(title=t("title"), show_header=False)
        for label, value in rows:
            facts.add_row(label, value)
        console.print(facts)
        if top:
            table = Table(title=t("top"))
            table.add_column(t("step"))
            table.add_column(t("kind"))
            table.add_column(t("cases"), justify="right")
            for row in top:
                table.add_row(*row)
            console.print(table)
    else:
        click.echo(t("title"))
        for label, value in rows:
            click.echo(f"  {label}: {value}")
        if top:
            click.echo(t("top"))
            for step, kind, n in top:
                click.echo(f"  {n:>6}  {kind}: {step}")
    if not top:
        click.echo(t("none"))
    for path in written:
        click.echo(f"{t('wrote')} {path}")
