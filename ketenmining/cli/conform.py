"""``ketenmining conform``: check every case against a route, by optimal alignments.

With ``--model`` the route is a process model file (PNML or BPMN), for logs
outside the chain; with ``--protocol`` the chain protocol: its compiled route
(the same alignment stage), every rule on every case with the protocol's own
evaluator, and the seams between organisations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ketenmining.cli.options import (
    filter_options,
    lang_option,
    log_input,
    progress_for,
    quiet_option,
    summary_format_option,
)


@click.command("conform")
@log_input
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The route as a process model: a Petri net (.pnml) or a BPMN model (.bpmn).",
)
@click.option(
    "--protocol",
    "protocol_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The chain protocol (YAML): route, rules and seams are checked on every case.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="With --model: write the cases here (.parquet, .csv or .json); Parquet and CSV put the "
    "deviations beside it in NAME.deviations.EXT. With --protocol: a folder for the tables per "
    "case (cases, deviations, rules, rule_summary, rule_trend, seams). Without -o only the "
    "summary is shown.",
)
@click.option(
    "--table-format",
    type=click.Choice(["parquet", "csv", "json"]),
    default="parquet",
    show_default=True,
    help="With --protocol: the format of the tables in the -o folder.",
)
@click.option(
    "--data-end",
    metavar="DATE",
    help="With --protocol: when the data ends (YYYY-MM-DD); default: the chain log's period end.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes for the alignments (default: every CPU, or $KETENMINING_WORKERS).",
)
@summary_format_option
@lang_option
@quiet_option
@filter_options
def conform_command(
    log_spec: Any,
    filters: Any,
    model_path: Path | None,
    protocol_path: Path | None,
    output: Path | None,
    table_format: str,
    data_end: str | None,
    workers: int | None,
    summary_format: str,
    lang: str,
    quiet: bool,
) -> None:
    """Check every case against a route by optimal alignments, once per variant.

    Each distinct route through the log (a variant) is aligned once against
    the model and the result is shared by all its cases: fitness per case
    (pm4py's alignment fitness, to the last digit), the log's fitness, and
    the deviations of every case in plain words: a step skipped, an extra
    step (not allowed at that point, or not in the model at all), a step in
    the wrong order.

    With --protocol every case is also checked against every rule of the
    chain protocol (the same evaluator 'protocol test' runs; a deadline that
    has not passed yet at the end of the data is pending, not violated) and
    the seams are measured: handovers never picked up, late pick-ups,
    ping-pong, duplicate work and joint work.

    \b
    Example:
      ketenmining conform keten.parquet --protocol protocol.yaml -o afwijkingen/
      ketenmining conform chain.parquet --model route.pnml -o afwijkingen.parquet
      ketenmining conform receipt.xes --case case:concept:name --activity concept:name \\
          --timestamp time:timestamp --model receipt.pnml -o receipt.json --lang en
      ketenmining conform chain.parquet --model route.pnml --summary-format markdown > conform.md
    """
    from ketenmining.conform import conform
    from ketenmining.conform.output import output_format

    if model_path is not None and protocol_path is None and output is not None:
        output_format(output)  # refuse a bad name before the work, not after
    with progress_for(quiet) as progress:
        result = conform(
            log_spec,
            protocol_path,
            model=model_path,
            data_end=data_end,
            workers=workers,
            filters=filters,
            progress=progress,
        )
    if protocol_path is not None:
        _echo_protocol_result(result, output, table_format, lang, quiet)
    else:
        _echo_route_result(result, output, summary_format, lang)


def _echo_route_result(result: Any, output: Path | None, summary_format: str, lang: str) -> None:
    """``conform --model``: warnings, the cases written to OUTPUT, the summary tables."""
    from ketenmining.cli.options import echo_tables
    from ketenmining.conform.output import write_conformance
    from ketenmining.report.conform import route_summary, warning_lines, wrote_lines

    for line in warning_lines(result.warnings, lang):
        click.echo(line, err=True)
    written = write_conformance(result, output) if output is not None else []
    tables, none = route_summary(result, result.route.source, lang, summary_format)
    echo_tables(tables, summary_format)
    if none:
        click.echo(none)
    machine = summary_format in ("csv", "json")  # stdout is one document: no lines around it
    for line in wrote_lines(written, lang):
        click.echo(line, err=machine)


def _echo_protocol_result(
    result: Any, output: Path | None, table_format: str, lang: str, quiet: bool
) -> None:
    """``conform --protocol``: warnings, the period note, the tables written, the summary."""
    from ketenmining.report.conform import left_out_line, protocol_summary, warning_lines

    for line in warning_lines(result.meta.get("warnings", []), lang):
        click.echo(line, err=True)
    left_out = left_out_line(result.log.period, lang)
    if left_out:
        click.echo(left_out, err=True)
    written = result.write(output, table_format) if output is not None else []
    if not quiet:
        click.echo(protocol_summary(result, result.protocol, lang, written))
