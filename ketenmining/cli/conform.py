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


def _warn(warnings: list[dict[str, str]], lang: str) -> None:
    from ketenmining.texts import tr

    for warning in warnings:
        click.echo(tr("cli.conform.warning", lang, text=warning[lang]), err=True)


def _echo_route_result(result: Any, output: Path | None, summary_format: str, lang: str) -> None:
    """``conform --model``: warnings, the cases written to OUTPUT, the summary tables."""
    from ketenmining.conform.output import write_conformance

    _warn(result.warnings, lang)
    written = write_conformance(result, output) if output is not None else []
    _print_summary(result, result.route.source, lang, written, summary_format)


def _echo_protocol_result(
    result: Any, output: Path | None, table_format: str, lang: str, quiet: bool
) -> None:
    """``conform --protocol``: warnings, the period note, the tables written, the summary."""
    from ketenmining.texts import tr

    _warn(result.meta.get("warnings", []), lang)
    period = result.log.period
    left = period.get("left_out") or {}
    if left.get("before") or left.get("after"):
        click.echo(
            tr("cli.conform.left_out", lang, before=left["before"], after=left["after"], **period),
            err=True,
        )
    written = result.write(output, table_format) if output is not None else []
    if not quiet:
        _print_protocol_summary(result, result.protocol, lang, written)


def _print_protocol_summary(result: Any, protocol: Any, lang: str, written: list[Path]) -> None:
    from ketenmining.texts import tr

    f = result.fitness
    click.echo(f"{tr('cli.conform.title', lang)}: {protocol.ref}")
    click.echo(
        f"  {tr('cli.conform.cases', lang)}: {f['cases']}, {tr('cli.conform.variants', lang)}: {result.variants}, "
        f"{tr('cli.conform.avg_fitness', lang)}: {f['overall']:.4f}"
    )
    click.echo(tr("cli.conform.rules", lang))
    for row in result.rule_summary.to_pylist():
        share = "–" if row["compliance"] is None else f"{row['compliance']:.1%}"
        verdict = (
            tr("cli.conform.met", lang)
            if row["met"]
            else (tr("cli.conform.not_met", lang) if row["met"] is not None else "")
        )
        click.echo(
            f"  {row['rule_id']:<32} {share:>7} / {row['norm']:.0%}  {verdict}  "
            f"({row['violated']} {tr('cli.conform.violated', lang)}, {row['pending']} {tr('cli.conform.pending', lang)})"
        )
    _print_deviations(result, lang)
    click.echo(tr("cli.conform.seams", lang))
    for row in result.seams.to_pylist():
        seam = f"{row['from_org']}→{row['to_org']}"
        click.echo(
            f"  {seam:<10} {row['handovers']:>6} {tr('cli.conform.handovers', lang)}, "
            f"{row['lost']} {tr('cli.conform.lost', lang)}, {row['late']} {tr('cli.conform.late', lang)}, {row['joint']} {tr('cli.conform.joint', lang)}"
        )
    for path in written:
        click.echo(f"{tr('cli.conform.wrote', lang)} {path}")


def _print_deviations(result: Any, lang: str) -> None:
    """Cases with a deviation and the deviations per kind, from the one deviations table."""
    from ketenmining.texts import has, tr

    counts = result.deviation_counts()
    click.echo(tr("cli.conform.deviations", lang))
    n, m, r = counts["with_deviation"], counts["cases"], counts["with_violated_rule"]
    click.echo("  " + tr("cli.conform.with_dev", lang, n=n, m=m, r=r))
    for kind, count in counts["kinds"]:
        label = tr(f"cli.conform.{kind}", lang) if has(f"cli.conform.{kind}") else kind
        click.echo(f"  {count:>6}  {label}")


def _print_summary(
    result: Any, model: str, lang: str, written: list[Path], fmt: str = "auto"
) -> None:
    """The summary and the most frequent deviations as tables (``fmt``: see --summary-format)."""
    from ketenmining.cli.options import echo_tables
    from ketenmining.tables import PrintedTable
    from ketenmining.texts import tr

    s = result.summary

    rows = [
        (tr("cli.conform.model", lang), model),
        (tr("cli.conform.cases", lang), f"{s.cases}"),
        (tr("cli.conform.variants", lang), f"{s.variants}"),
        (tr("cli.conform.avg_fitness", lang), f"{s.average_trace_fitness:.4f}"),
        (tr("cli.conform.log_fitness", lang), f"{s.log_fitness:.4f}"),
        (
            tr("cli.conform.fitting", lang),
            f"{s.fitting_cases} ({s.percentage_of_fitting_traces:.1f}%)",
        ),
    ]
    top = [
        (step, tr(f"cli.conform.{kind}", lang), f"{n}") for step, kind, n in result.top_deviations()
    ]
    tables = [
        PrintedTable(
            tr("cli.conform.title", lang),
            (tr("cli.conform.measure", lang), tr("cli.conform.value", lang)),
            rows,
        )
    ]
    machine = fmt in ("csv", "json")  # stdout is one document: no lines around it
    if top or machine:
        headers = (
            tr("cli.conform.step", lang),
            tr("cli.conform.kind", lang),
            tr("cli.conform.cases", lang),
        )
        tables.append(PrintedTable(tr("cli.conform.top", lang), headers, top, right=frozenset({2})))
    echo_tables(tables, fmt)
    if not top and not machine:
        click.echo(tr("cli.conform.none", lang))
    for path in written:
        click.echo(f"{tr('cli.conform.wrote', lang)} {path}", err=machine)
