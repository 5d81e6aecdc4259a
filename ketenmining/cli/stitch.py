"""``ketenmining stitch``: link every organisation's export into one chain log."""

from __future__ import annotations

from pathlib import Path

import click

from ketenmining.cli.options import (
    key_file_option,
    lang_option,
    load_key,
    progress_for,
    quiet_option,
)
from ketenmining.texts import tr


@click.command("stitch")
@click.argument(
    "config_file", metavar="KETEN.YAML", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The chain log to write (.parquet). Rejects and the data-quality report are written beside it.",
)
@key_file_option(
    help_text="Chain key, for sources that are still raw exports (pseudonymised on the fly)."
)
@click.option(
    "--ttp-key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="KETENMINING_TTP_KEY_FILE",
    show_envvar=True,
    help="Key of the trusted third party: adds a second keyed step, so whoever analyses the chain "
    "log cannot undo the pseudonyms with the organisations' key. Needed unless --internal.",
)
@click.option(
    "--internal",
    is_flag=True,
    help="The chain log stays with those who hold the chain key: write it with stage-1 "
    "pseudonyms only (anyone with the chain key can undo those by hashing every BSN, so never "
    "give it to an analyst; see docs/privacy.md).",
)
@click.option(
    "--episode-gap",
    metavar="DURATION",
    help="Start a new episode when a client is silent longer than this, e.g. '12 months' "
    "(default: 'episodes: gap' in the config; none = one episode per client).",
)
@lang_option
@quiet_option
def stitch_command(
    config_file: Path,
    output: Path,
    key_file: Path | None,
    ttp_key_file: Path | None,
    internal: bool,
    episode_gap: str | None,
    lang: str,
    quiet: bool,
) -> None:
    """Link the sources of a chain into one chain log with a data-quality report.

    Reads every source in KETEN.YAML. Raw exports are pseudonymised on the fly
    with the chain key; files an organisation pseudonymised itself
    ('ketenmining pseudonymise') are used as they are. Events are linked by
    pseudonym, split into episodes and put in one deterministic order.

    A chain log for an analyst needs the trusted third party's second keyed
    step (--ttp-key-file): stitch refuses to write one of stage-1 pseudonyms
    only unless --internal says it stays with the holders of the chain key.

    Writes OUTPUT (the chain log), OUTPUT.rejects.csv (rows set aside, by row
    number and reason, never by id) and OUTPUT.quality.json/.txt (the
    data-quality report).

    \b
    Example:
      ketenmining stitch keten.yaml --key-file sleutel.key --ttp-key-file ttp.key -o keten.parquet
    """
    from ketenmining.config.load import load_config
    from ketenmining.errors import KetenError
    from ketenmining.report.stitch_output import write_stitch_outputs
    from ketenmining.stitch import stitch
    from ketenmining.stitch.build import require_release_safe

    if not output.name.endswith(".parquet"):
        raise KetenError("the chain log must be a .parquet file", hint="e.g. -o keten.parquet")
    config = load_config(config_file)
    key = _key(key_file, "key file")
    ttp_key = _key(ttp_key_file, "TTP key file")
    require_release_safe(ttp_key, internal)
    with progress_for(quiet) as progress:
        log = stitch(
            config,
            key,
            ttp_key=ttp_key,
            episode_gap=episode_gap,
            progress=progress,
        )
        paths = write_stitch_outputs(log.stitched, log.quality, output, lang)
    if not quiet:
        _summary(log.stitched, log.quality, paths, lang)


def _key(path: Path | None, what: str) -> bytes | None:
    """The key in ``path`` (a warning when others can read it), or None."""
    return load_key(path, what) if path else None


def _summary(result: object, quality: dict, paths: dict[str, Path], lang: str) -> None:
    link = quality["linkage"]
    rejected = sum(sum(s["rejected"].values()) for s in quality["sources"])
    warnings = [f for f in quality["findings"] if f["severity"] == "warning"]
    from ketenmining.stitch.quality import finding_text

    counts = {"events": quality["events"], "clients": link["clients"], "rejected": rejected}
    click.echo(tr("cli.stitch.chain_log", lang, sources=len(quality["sources"]), **counts))
    click.echo(
        tr("cli.stitch.quality", lang, findings=len(quality["findings"]), warnings=len(warnings))
    )
    for f in warnings:
        click.echo(f"  [{f['code']}] {finding_text(f['code'], 'message', lang, f.get('data', {}))}")
    click.echo(tr("cli.stitch.wrote", lang))
    for p in paths.values():
        click.echo(f"  {p}")
