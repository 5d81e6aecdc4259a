"""``ketenmining pseudonymise``: an organisation pseudonymises its own export."""

from __future__ import annotations

from pathlib import Path

import click

from ketenmining.cli.options import key_file_option, lang_option, load_key, quiet_option

TEXTS = {
    "summary": {
        "nl": "{source} ({org}): {rows} rijen gelezen, {events} gebeurtenissen geschreven, "
        "{rejected} apart gezet, vingerafdruk van de sleutel {fp}",
        "en": "{source} ({org}): {rows} rows read, {events} events written, "
        "{rejected} set aside, key fingerprint {fp}",
    },
    "unmapped": {
        "nl": "niet-gekoppelde activiteitnamen (ongewijzigd gelaten): {names}",
        "en": "unmapped activity names (kept as they are): {names}",
    },
    "wrote": {"nl": "geschreven:", "en": "wrote:"},
}


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
    from ketenmining.chainlog import write_parquet_with_meta
    from ketenmining.config.load import check_source_files, load_config
    from ketenmining.errors import KetenError
    from ketenmining.fsutil import atomic_paths
    from ketenmining.idmask import mask_name
    from ketenmining.privacy.pseudonym import key_id
    from ketenmining.report.stitch_output import write_rejects_csv
    from ketenmining.stitch.sources import pseudonymise_source
    from ketenmining.version import __version__

    if not output.name.endswith(".parquet"):
        raise KetenError("the output must be a .parquet file", hint="e.g. -o vt.parquet")
    config = load_config(config_file)
    source = _pick_source(config, source_ref)
    check_source_files(config, only=[source.id])
    key = load_key(key_file)
    from ketenmining.cli.options import progress_for

    with progress_for(quiet) as progress:
        load = pseudonymise_source(source, key, progress)
    data = load.data
    meta = {
        "kind": "pseudonymised",
        "tool_version": __version__,
        "source": source.id,
        "org": source.org,
        "source_file": mask_name(source.path.name),
        "source_sha256": load.file_sha256,
        "config_sha256": config.sha256,
        "key_id": key_id(key),
        "rows_read": data.rows_read,
        "reject_counts": data.reject_counts,
        "stats": data.stats,
    }
    rejects_path = output.with_name(output.name[: -len(".parquet")] + ".rejects.csv")
    with atomic_paths(output, rejects_path) as (tmp_out, tmp_rej):
        write_parquet_with_meta(data.table, tmp_out, meta)
        write_rejects_csv(data.rejects, tmp_rej)
    if not quiet:
        from ketenmining.i18n import tr
        from ketenmining.privacy.apply import reason_text

        rejected = data.rejects.num_rows
        click.echo(
            tr(
                TEXTS,
                "summary",
                lang,
                source=source.id,
                org=source.org,
                rows=data.rows_read,
                events=data.table.num_rows,
                rejected=rejected,
                fp=key_id(key),
            )
        )
        for reason, n in data.reject_counts.items():
            click.echo(f"  {n} × {reason_text(reason, lang)}")
        if data.stats.get("unmapped"):
            names = ", ".join(f"'{k}'" for k in list(data.stats["unmapped"])[:8])
            click.echo("  " + tr(TEXTS, "unmapped", lang, names=names))
        click.echo(tr(TEXTS, "wrote", lang) + f"\n  {output}\n  {rejects_path}")


def _pick_source(config: object, ref: str) -> object:
    from ketenmining.errors import KetenError

    by_id = [s for s in config.sources if s.id == ref]
    if by_id:
        return by_id[0]
    by_org = [s for s in config.sources if s.org == ref]
    if len(by_org) == 1:
        return by_org[0]
    known = ", ".join(f"{s.id} ({s.org})" for s in config.sources)
    if len(by_org) > 1:
        raise KetenError(f"organisation {ref} has several sources", hint=f"name one by id: {known}")
    raise KetenError(f"no source '{ref}' in {config.file.name}", hint=f"sources: {known}")
