"""``ketenmining unwrap``: at the trusted third party, turn a sample back into one organisation's pseudonyms."""

from __future__ import annotations

from pathlib import Path

import click

from ketenmining.cli.options import allow_shared_key_option, lang_option, load_key, quiet_option
from ketenmining.texts import tr


@click.command("unwrap")
@click.argument("sample", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("pseudonymised", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--ttp-key-file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="KETENMINING_TTP_KEY_FILE",
    show_envvar=True,
    help="The trusted third party's own key (the one 'stitch --ttp-key-file' used).",
)
@allow_shared_key_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV to write for the organisation: its sampled rows with its own (stage-1) pseudonyms.",
)
@quiet_option
@lang_option
def unwrap_command(
    sample: Path, pseudonymised: Path, ttp_key_file: Path, output: Path, quiet: bool, lang: str
) -> None:
    """At the trusted third party: the sample rows of one organisation, with its own pseudonyms.

    SAMPLE is the audit sample (sample.csv from 'ketenmining audit'), whose
    case ids are stage-2 pseudonyms. PSEUDONYMISED is the file the
    organisation sent (from 'ketenmining pseudonymise'). The rows of the
    sample whose case belongs to that organisation are written with the
    organisation's stage-1 pseudonym in case_id (and their row number in the
    sample in sample_row), for its 'ketenmining lookup'. Neither the analyst
    nor any other organisation sees what this writes; send it to that
    organisation only.

    \b
    Example:
      ketenmining unwrap rapport/sample.csv ontvangen/vt.parquet --ttp-key-file ttp.key -o naar-vt.csv
    """
    from ketenmining.privacy.ttp import unwrap_sample

    ttp_key = load_key(ttp_key_file, "TTP key file")
    org, n, n_sample = unwrap_sample(sample, pseudonymised, ttp_key, output)
    if not quiet:
        click.echo(tr("cli.unwrap.summary", lang, n=n, sample=n_sample, org=org, output=output))
