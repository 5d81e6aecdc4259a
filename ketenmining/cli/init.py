"""``ketenmining init``: scaffold a chain project for a new chain."""

from __future__ import annotations

from pathlib import Path

import click

from ketenmining.cli.options import lang_option
from ketenmining.texts import tr


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="Short name of the chain (default: the folder name).")
@click.option(
    "--force", is_flag=True, help="Write into a folder that is not empty (existing files are kept)."
)
@lang_option
def init_command(directory: Path, name: str | None, force: bool, lang: str) -> None:
    """Scaffold a chain project: keten.yaml, a protocol skeleton and a .gitignore.

    The commented keten.yaml has one source per organisation to adapt; the
    .gitignore keeps raw exports, keys and outputs out of git. Everything is
    written at once or not at all. To try ketenmining on a complete example
    chain first, see 'ketenmining example'.

    \b
    Example:
      ketenmining init keten-tilburg
    """
    from ketenmining.config.scaffold import scaffold

    chain, written = scaffold(directory, name, force)
    click.echo(tr("cli.init.project", lang, chain=chain, directory=directory))
    for path in written:
        click.echo(f"  {path}")
    click.echo(tr("cli.init.next", lang))
