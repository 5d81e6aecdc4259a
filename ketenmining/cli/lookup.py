"""``ketenmining lookup``: an organisation finds its own dossiers for the audit sample."""

from __future__ import annotations

from pathlib import Path

import click

from ketenmining.cli.options import key_file_option, lang_option, load_key, quiet_option
from ketenmining.texts import tr


@click.command("lookup")
@click.argument("sample", type=click.Path(dir_okay=False, path_type=Path))
@click.argument(
    "config_file", metavar="KETEN.YAML", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--source", "source_ref", required=True, metavar="ID|ORG", help="Your own source in the config."
)
@key_file_option(required=True)
@click.option(
    "--ttp-key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="KETENMINING_TTP_KEY_FILE",
    help="Only where the organisation holds the TTP key itself (one party, or a trial): normally "
    "the trusted third party turns the sample back with 'ketenmining unwrap' and you look up "
    "the file it sends you, without this option.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV to write: the sample rows with your dossier numbers.",
)
@quiet_option
@lang_option
def lookup_command(
    sample: Path,
    config_file: Path,
    source_ref: str,
    key_file: Path,
    ttp_key_file: Path | None,
    output: Path,
    quiet: bool,
    lang: str,
) -> None:
    """List your own dossier numbers for the cases in an audit sample.

    Run this inside your organisation: SAMPLE is the audit sample
    (sample.csv from 'ketenmining audit', with a case_id column of
    pseudonyms); with the chain key and your own raw export (named in
    KETEN.YAML) the pseudonyms are recomputed and matched. The output holds
    your dossier numbers: it is for internal use by your quality officer and
    must not leave your organisation.

    \b
    Example:
      ketenmining lookup rapport/sample.csv keten.yaml --source VT --key-file sleutel.key -o te-trekken.csv
    """
    from ketenmining.cli.options import progress_for
    from ketenmining.config.load import check_source_files, load_config
    from ketenmining.fsutil import atomic_path
    from ketenmining.privacy.lookup import lookup, read_sample
    from ketenmining.safetext import write_arrow_csv

    rows = read_sample(sample)
    config = load_config(config_file)
    source = config.pick_source(source_ref)
    check_source_files(config, only=[source.id])
    key = load_key(key_file)
    ttp_key = load_key(ttp_key_file, "TTP key file") if ttp_key_file else None
    with progress_for(quiet) as progress:
        joined = lookup(rows, source, key, ttp_key, progress)
    with atomic_path(output) as tmp:
        write_arrow_csv(joined, tmp)
    if not quiet:
        _echo_summary(rows, joined, source, output, lang)


def _echo_summary(rows: object, joined: object, source: object, output: Path, lang: str) -> None:
    n_sample = len(set(rows.column("case_id").to_pylist()))
    n_found = len(set(joined.column("case_id").to_pylist()))
    click.echo(
        tr(
            "cli.lookup.summary",
            lang,
            found=n_found,
            sample=n_sample,
            org=source.org,
            source=source.id,
            output=output,
        )
    )
