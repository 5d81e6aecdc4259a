"""``ketenmining export``: the chain log as XES or OCEL 2.0, for other process-mining tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ketenmining.cli.options import (
    echo_quick_choice,
    filter_options,
    lang_option,
    log_input,
    progress_for,
    quiet_option,
)
from ketenmining.texts import tr


@click.command("export")
@log_input
@filter_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: .xes or .xes.gz (XES), .jsonocel or .json (OCEL 2.0).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xes", "ocel"]),
    help="Export format (default: from the output name).",
)
@lang_option
@quiet_option
def export_command(
    log_spec: Any, filters: Any, output: Path, fmt: str | None, lang: str, quiet: bool
) -> None:
    """Export the chain log as XES (IEEE 1849) or OCEL 2.0 for ProM, Disco, Celonis or pm4py.

    XES has one trace per client episode (concept:name = pseudonym#episode)
    with the organisation as org:group; OCEL 2.0 relates every event to its
    case (client episode), its client and the organisation that performed
    it. The export holds pseudonymised event data: keep it inside the chain.

    \b
    Example:
      ketenmining export keten.parquet -o keten.xes.gz
      ketenmining export keten.parquet --orgs VT,TT -o vt-tt.jsonocel
    """
    from ketenmining.export import export

    with progress_for(quiet) as progress:
        n = export(
            log_spec,
            output,
            fmt,
            filters=filters,
            on_open=lambda log: echo_quick_choice(log, lang, quiet),
            progress=progress,
        )
    if not quiet:
        click.echo(tr("cli.export.wrote", lang, n=n, output=output))
