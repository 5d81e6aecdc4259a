"""``ketenmining pseudonymise``: an organisation pseudonymises its own export."""

from __future__ import annotations

from pathlib import Path

import click

from ketenmining.cli.options import key_file_option, lang_option, load_key, quiet_option


@click.command("pseudonymise")
@click.argument(
    "config_file", metavar="KETEN.YAML", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--source",
    "source_ref",
    required=True,
    metavar="ID|ORG",
    help="The source to pseudonymise: its id in the config, or the organisation code when it has one source.",
)
@key_file_option(required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The pseudonymised file to write (.parquet); OUTPUT.rejects.csv is written beside it.",
)
@quiet_option
@lang_option
def pseudonymise_command(
    config_file: Path, source_ref: str, key_file: Path, output: Path, quiet: bool, lang: str
) -> None:
    """Replace client ids by keyed pseudonyms in one organisation's export.

    Run this inside the organisation that owns the export: the raw ids never
    leave it. Only the columns the config maps are written (an allow-list);
    rows with a missing or invalid id (BSN elfproef) or without a timestamp
    are set aside in OUTPUT.rejects.csv by row number and reason — the
    owner can look them up in the export.

    \b
    Example:
      ketenmining pseudonymise keten.yaml --source VT --key-file sleutel.key -o vt.parquet
    """
    from ketenmining.cli.options import progress_for
    from ketenmining.config.load import check_source_files, load_config
    from ketenmining.errors import KetenError
    from ketenmining.report.stitch_output import write_pseudonymised
    from ketenmining.stitch import pseudonymise

    if not output.name.endswith(".parquet"):
        raise KetenError("the output must be a .parquet file", hint="e.g. -o vt.parquet")
    config = load_config(config_file)
    source = config.pick_source(source_ref)
    check_source_files(config, only=[source.id])
    key = load_key(key_file)
    with progress_for(quiet) as progress:
        export = pseudonymise(source, key, config=config, progress=progress)
    paths = write_pseudonymised(export, output)
    if not quiet:
        _echo_summary(export, paths, lang)


def _echo_summary(export: object, paths: tuple[Path, Path], lang: str) -> None:
    """How many rows were read, pseudonymised and set aside, and why; the files written."""
    from ketenmining.texts import tr

    data, source = export.data, export.source
    click.echo(
        tr(
            "cli.pseudonymise.summary",
            lang,
            source=source.id,
            org=source.org,
            rows=data.rows_read,
            events=data.table.num_rows,
            rejected=data.rejects.num_rows,
            fp=export.key_id,
        )
    )
    for n, reason in export.reject_reasons(lang):
        click.echo(f"  {n} × {reason}")
    if data.stats.get("unmapped"):
        names = ", ".join(f"'{k}'" for k in list(data.stats["unmapped"])[:8])
        click.echo("  " + tr("cli.pseudonymise.unmapped", lang, names=names))
    click.echo(tr("cli.pseudonymise.wrote", lang) + "\n  " + "\n  ".join(str(p) for p in paths))
