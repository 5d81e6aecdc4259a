"""``ketenmining discover``: process maps, models and variants of a chain log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ketenmining.cli.options import (
    echo_quick_choice,
    engine_option,
    filter_options,
    k_option,
    lang_option,
    log_input,
    progress_for,
    quiet_option,
)
from ketenmining.texts import tr


def _csv_choice(allowed: tuple[str, ...]) -> Any:
    def parse(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
        items = tuple(x.strip().lower() for x in value.split(",") if x.strip())
        bad = [x for x in items if x not in allowed]
        if bad or not items:
            raise click.BadParameter(
                f"'{','.join(bad) or value}' is not one of {', '.join(allowed)}"
            )
        return items

    return parse


@click.command("discover")
@log_input
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write maps, models and tables into (created if needed).",
)
@click.option(
    "--view",
    type=click.Choice(["frequency", "performance", "both"]),
    default="both",
    show_default=True,
    help="Activity map view: case counts, waiting times (median, p90), or both.",
)
@click.option(
    "--coverage",
    type=click.FloatRange(0, 1, min_open=True),
    default=1.0,
    show_default=True,
    help="Draw only the most frequent routes that together cover this share of routes, e.g. 0.8.",
)
@click.option(
    "--activities",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.9,
    show_default=True,
    help="Map simplification: draw the most frequent activities (organisations on the "
    "organisation map) that together make up this share of all visits (1 = every one).",
)
@click.option(
    "--paths",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.5,
    show_default=True,
    help="Map simplification: draw the most frequent arrows that together carry this share of "
    "all transitions, plus each activity's strongest way in and out (1 = every arrow).",
)
@click.option(
    "--fit-a4/--no-fit-a4",
    "fit_a4",
    default=True,
    show_default=True,
    help="Cut the detail of large maps (fewer paths, then fewer activities; fewer routes in the "
    "variants picture) until every label prints at 8 pt or more on A4; said on the map and "
    "here. --no-fit-a4 draws the detail of --activities/--paths as given.",
)
@click.option(
    "--min-edge",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Leave arrows taken by fewer than N cases off the maps.",
)
@click.option(
    "--format",
    "formats",
    default="svg,png,json",
    show_default=True,
    callback=_csv_choice(("svg", "png", "pdf", "dot", "json", "html", "bpmn", "pnml")),
    help="Comma-separated outputs: svg, png, pdf, dot (maps); json (data); html (one interactive "
    "activity map, works offline); bpmn, pnml (inductive-miner models: add them, e.g. "
    "--format svg,png,json,bpmn,pnml).",
)
@click.option(
    "--maps",
    "maps",
    default="activity,org,swimlane,variants",
    show_default=True,
    callback=_csv_choice(("activity", "org", "swimlane", "variants")),
    help="Which pictures to draw.",
)
@click.option(
    "--noise",
    type=click.FloatRange(0, 1),
    default=0.2,
    show_default=True,
    help="Noise threshold of the inductive miner (0 = every published route fits).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    metavar="N",
    help="Number of routes (variants) listed one by one.",
)
@click.option(
    "--protocol",
    "protocol",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Protocol YAML whose step labels and organisation names are shown.",
)
@lang_option
@k_option
@quiet_option
@engine_option
@filter_options
def discover_command(
    log_spec: Any,
    filters: Any,
    out_dir: Path,
    view: str,
    coverage: float,
    activities: float,
    paths: float,
    fit_a4: bool,
    min_edge: int,
    formats: tuple[str, ...],
    maps: tuple[str, ...],
    noise: float,
    top: int,
    protocol: Path | None,
    lang: str,
    k: int,
    quiet: bool,
    engine: str,
) -> None:
    """Draw how the chain really runs: process maps, models and the most frequent routes.

    Reads a chain log (or a keten.yaml, or one event-log file in quick mode)
    and writes into OUT: an activity map (frequency and waiting-time views),
    an organisation map (handovers, waiting time at each seam, cases that come
    back A→B→A), a swimlane map (activities per organisation), the top routes
    as a table and a picture; with --format ...,bpmn,pnml also models from
    the inductive miner (process tree, Petri net PNML, BPMN). Everything seen
    in fewer than k cases is left out (--k, default 10).

    \b
    Example:
      ketenmining discover keten.parquet -o kaarten/ --protocol meldcode-keten.yaml
      ketenmining discover sepsis.csv -o kaarten/ --format svg,png,json,html,bpmn,pnml
      ketenmining discover keten.parquet -o kaarten/ --activities 1 --paths 1 --no-fit-a4 --format svg,pdf --lang en
      ketenmining discover keten.parquet -o kaarten/ --engine spark
    """
    from ketenmining.discover import discover

    if k == 1:
        click.echo(
            "warning: --k 1 turns small-cell suppression off; these outputs must not leave the chain",
            err=True,
        )
    with progress_for(quiet) as progress:
        result = discover(
            log_spec,
            k=k,
            coverage=coverage,
            activities=activities,
            paths=paths,
            fit_a4=fit_a4,
            min_edge=min_edge,
            view=view,
            formats=formats,
            maps=maps,
            noise=noise,
            top=top,
            protocol=protocol,
            lang=lang,
            filters=filters,
            engine=engine,
            on_open=lambda log: echo_quick_choice(log, lang, quiet),
            progress=progress,
        )
    result.write(out_dir)
    _echo_summary(result, out_dir, lang, quiet)


def _echo_summary(result: Any, out_dir: Path, lang: str, quiet: bool) -> None:
    """What was found and written; map failures as warnings; a k problem is a finding (exit 1)."""
    pub = result.published
    if not quiet:
        events = "(withheld)" if pub.events is None else f"{pub.events}"
        click.echo(
            f"{pub.cases} cases, {pub.traces} routes, {events} events, {pub.variant_count} variants"
        )
        if pub.k > 1:
            click.echo(
                f"suppressed (fewer than {pub.k} cases): {pub.suppressed_cells} cells "
                f"({pub.other.suppressed} variants)"
            )
        if result.model_note:
            click.echo(f"note: {result.model_note}")
        for line in result.fit_lines(lang):
            click.echo(line)
        for name in sorted(result.files):
            click.echo(f"wrote {out_dir / name}")
    for name, reason in result.map_failures:
        click.echo(tr("cli.discover.map_failed", lang, name=name, reason=reason), err=True)
    problem = result.k_problem(lang)
    if problem:
        click.echo(tr("cli.discover.finding", lang, problem=problem), err=True)
        raise SystemExit(1)
