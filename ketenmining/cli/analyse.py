"""``ketenmining analyse``: chain analytics — seams and cohort comparisons.

The group is registered in :mod:`ketenmining.cli.commands`; ``forecast`` and
``report`` hang on it from their own modules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ketenmining.cli.options import (
    filter_options,
    k_option,
    lang_option,
    log_input,
    progress_for,
    quiet_option,
)

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "markdown"]),
    default="table",
    show_default=True,
    help="Output format.",
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Folder to write the tables into (one file per table); default: the terminal.",
)
protocol_option = click.option(
    "--protocol",
    "protocol_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The chain protocol (YAML): its handover steps, pickup deadlines and outcome step.",
)
data_end_option = click.option(
    "--data-end", metavar="DATE", help="When the data ends (YYYY-MM-DD); default: the log's end."
)


@click.group("analyse")
def analyse_group() -> None:
    """Chain analytics: where cases wait and bounce, and whether a way of working helps.

    \b
    Example:
      ketenmining analyse seams keten.parquet --protocol protocol.yaml
      ketenmining analyse compare keten.parquet --protocol protocol.yaml \\
          --a werkwijze=Regulier --b "werkwijze=Verbindend Samenwerken" --start overdracht
    """


def _outcome_step(protocol: Any) -> str | None:
    from ketenmining.analyse.api import outcome_step

    return outcome_step(protocol)


def _emit(
    tables: list[tuple[str, str, list[dict[str, Any]]]],
    fmt: str,
    output: Path | None,
    notes: list[str],
) -> None:
    from ketenmining.report.analyse_tables import EXTENSIONS, RENDERERS

    render = RENDERERS[fmt]
    if output is not None:
        from ketenmining.fsutil import atomic_dir

        with atomic_dir(output) as tmp:  # every table, or none: never half a folder
            for name, title, rows in tables:
                (tmp / f"{name}.{EXTENSIONS[fmt]}").write_text(
                    render(title, rows), encoding="utf-8"
                )
        for name, _title, _rows in tables:
            click.echo(str(output / f"{name}.{EXTENSIONS[fmt]}"), err=True)
    elif fmt == "json" and len(tables) > 1:
        # one JSON document on the terminal: an object with one array per table
        from ketenmining.report.analyse_tables import tables_to_json

        click.echo(tables_to_json([(name, rows) for name, _title, rows in tables]), nl=False)
    else:
        for _name, title, rows in tables:
            click.echo(render(title, rows))
    for note in notes:
        click.echo(note, err=True)


@analyse_group.command("seams")
@log_input
@protocol_option
@click.option(
    "--deadline",
    default="10 working days",
    show_default=True,
    help="Pickup deadline for handover steps without a protocol handover rule.",
)
@click.option(
    "--outcome", metavar="STEP", help="Outcome step per case (default: the protocol's milestone)."
)
@data_end_option
@format_option
@output_option
@k_option
@lang_option
@quiet_option
@filter_options
def seams_command(
    log_spec: Any,
    filters: Any,
    protocol_path: Path | None,
    deadline: str,
    outcome: str | None,
    data_end: str | None,
    fmt: str,
    output: Path | None,
    k: int,
    lang: str,
    quiet: bool,
) -> None:
    """Per seam, per organisation and week, and per case: where cases wait and bounce.

    Per seam (A → B): handovers, median and p90 waiting time to pickup with a
    bootstrap 95 % interval, lost handovers (deadline passed before the data
    end without pickup) and pending ones, the Kaplan-Meier share not picked up
    within the deadline, ping-pong, duplicate and joint work. Per organisation
    and week: inflow, outflow, work in progress, waiting before the first
    activity. Per case (only with -o): handovers, organisations, days to the
    outcome, re-entry within 12 months.

    \b
    Example:
      ketenmining analyse seams keten.parquet --protocol protocol.yaml --lang en
      ketenmining analyse seams sepsis.csv --org org:group --format csv -o naden/
    """
    from ketenmining.analyse.api import seams

    with progress_for(quiet) as progress:
        result = seams(
            log_spec,
            protocol_path,
            deadline=deadline,
            outcome=outcome,
            data_end=data_end,
            k=k,
            filters=filters,
            progress=progress,
        )
    _emit_seams(result, fmt, output, k, lang)


def _emit_seams(result: Any, fmt: str, output: Path | None, k: int, lang: str) -> None:
    """The seam tables (the cases too with -o) and, with -o, their pictures."""
    from ketenmining.texts import tr

    tables = [
        ("seams", tr("cli.analyse.seams", lang), result.seams),
        ("org_weeks", tr("cli.analyse.org_weeks", lang), result.org_weeks),
    ]
    if output is not None:
        tables.append(("cases", tr("cli.analyse.cases", lang), result.cases))
    n = result.meta["suppressed"]
    _emit(tables, fmt, output, [tr("cli.analyse.suppressed", lang, n=n, k=k)] if n else [])
    if output is not None:
        from ketenmining.report.analyse import write_seam_pictures

        for path in write_seam_pictures(result, output, k, lang):
            click.echo(str(path), err=True)


@analyse_group.command("compare")
@log_input
@protocol_option
@click.option("--a", "side_a", metavar="ATTR=VALUE", help="Cohort A (the reference).")
@click.option("--b", "side_b", metavar="ATTR=VALUE", help="Cohort B (compared with A).")
@click.option(
    "--before", metavar="DATE", help="Cohort A: episodes starting before DATE (with --after)."
)
@click.option("--after", metavar="DATE", help="Cohort B: episodes starting on or after DATE.")
@click.option(
    "--start", metavar="STEP", help="Start of the time to the outcome (default: first event)."
)
@click.option("--outcome", metavar="STEP", help="Outcome step (default: the protocol's milestone).")
@click.option("--horizon", type=float, metavar="DAYS", help="RMST horizon in days (default: p90).")
@data_end_option
@format_option
@output_option
@k_option
@lang_option
@quiet_option
@filter_options
def compare_command(
    log_spec: Any,
    filters: Any,
    protocol_path: Path | None,
    side_a: str | None,
    side_b: str | None,
    before: str | None,
    after: str | None,
    start: str | None,
    outcome: str | None,
    horizon: float | None,
    data_end: str | None,
    fmt: str,
    output: Path | None,
    k: int,
    lang: str,
    quiet: bool,
) -> None:
    """Two cohorts side by side, open cases censored, each measure with its test and 95 % CI.

    Time to the outcome: Kaplan-Meier medians and the log-rank test, the
    median difference with a bootstrap interval, RMST up to a horizon; among
    finished cases the median duration (bootstrap, Mann-Whitney); handovers
    per episode; re-entry share (Fisher). Holm's correction across the tests.
    Cohorts smaller than k are refused.

    \b
    Example:
      ketenmining analyse compare keten.parquet --protocol protocol.yaml --start overdracht \\
          --a werkwijze=Regulier --b "werkwijze=Verbindend Samenwerken" --lang en
      ketenmining analyse compare hospital_billing.csv --org resource --attributes casetype \\
          --a casetype=A --b casetype=B --outcome BILLED --format json
    """
    from ketenmining.analyse.api import compare

    with progress_for(quiet) as progress:
        result = compare(
            log_spec,
            side_a,
            side_b,
            protocol=protocol_path,
            before=before,
            after=after,
            start=start,
            outcome=outcome,
            horizon=horizon,
            data_end=data_end,
            k=k,
            filters=filters,
            progress=progress,
        )
    _emit_compare(result, fmt, output, k, lang)


def _emit_compare(result: Any, fmt: str, output: Path | None, k: int, lang: str) -> None:
    """The comparison table (the per-change table too with -o) and, with -o, its pictures."""
    from ketenmining.analyse.compare import effect_text
    from ketenmining.texts import tr

    if fmt == "table" or fmt == "markdown":
        for r in result.records:
            r["text"] = effect_text(r, lang)
    tables = [("compare", tr("cli.analyse.compare", lang), result.records)]
    if output is not None:
        from ketenmining.analyse.small_cells import suppress_small

        changes = [dict(r) for r in result.changes]
        suppress_small(changes, ("episodes_a", "episodes_b"), k)
        tables.append(("changes", tr("cli.analyse.changes", lang), changes))
    _emit(tables, fmt, output, [tr("cli.analyse.holm", lang, n=result.tested)])
    if output is not None:
        from ketenmining.report.analyse import write_compare_pictures

        for path in write_compare_pictures(result, output, k, lang, result.protocol):
            click.echo(str(path), err=True)


@analyse_group.command("report")
@log_input
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the report (analyse.html, or analyse.md with its pictures).",
)
@protocol_option
@click.option("--a", "side_a", metavar="ATTR=VALUE", help="Cohort A of the comparison.")
@click.option("--b", "side_b", metavar="ATTR=VALUE", help="Cohort B of the comparison.")
@click.option("--before", metavar="DATE", help="Cohort A: episodes starting before DATE.")
@click.option("--after", metavar="DATE", help="Cohort B: episodes starting on or after DATE.")
@click.option(
    "--start", metavar="STEP", help="Start of the time to the outcome (default: first event)."
)
@click.option("--outcome", metavar="STEP", help="Outcome step (default: the protocol's milestone).")
@click.option("--horizon", type=float, metavar="DAYS", help="RMST horizon in days (default: p90).")
@click.option("--weeks", type=click.IntRange(1, 52), help="Forecast this many weeks ahead.")
@click.option(
    "--deadline",
    default="10 working days",
    show_default=True,
    help="Pickup deadline for handover steps without a protocol handover rule.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md"]),
    default="html",
    show_default=True,
    help="One self-contained HTML page (prints on A4), or Markdown with PNG pictures.",
)
@data_end_option
@k_option
@lang_option
@quiet_option
@filter_options
def report_command(
    log_spec: Any,
    filters: Any,
    output: Path,
    protocol_path: Path | None,
    side_a: str | None,
    side_b: str | None,
    before: str | None,
    after: str | None,
    start: str | None,
    outcome: str | None,
    horizon: float | None,
    weeks: int | None,
    deadline: str,
    fmt: str,
    data_end: str | None,
    k: int,
    lang: str,
    quiet: bool,
) -> None:
    """One page with the seams, a cohort comparison and the forecast, with their pictures.

    Every count below k shows as "< k". The comparison is there when two
    cohorts are given (--a/--b or --before/--after), the forecast with --weeks.

    \b
    Example:
      ketenmining analyse report keten.parquet --protocol protocol.yaml -o analyse/ \\
          --a werkwijze=Regulier --b "werkwijze=Verbindend Samenwerken" --start overdracht
      ketenmining analyse report sepsis.csv --org org:group -o sepsis/ --format md --lang en
    """
    from ketenmining.analyse.api import analyse_report
    from ketenmining.report.analyse import write_report

    with progress_for(quiet) as progress:
        result = analyse_report(
            log_spec,
            protocol_path,
            a=side_a,
            b=side_b,
            before=before,
            after=after,
            start=start,
            outcome=outcome,
            horizon=horizon,
            weeks=weeks,
            deadline=deadline,
            data_end=data_end,
            k=k,
            filters=filters,
            progress=progress,
        )
        paths = write_report(result, output, fmt, lang)
    for path in paths:
        click.echo(str(path), err=quiet)
