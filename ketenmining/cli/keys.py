"""``ketenmining key``: create and check pseudonymisation keys."""

from __future__ import annotations

from pathlib import Path

import click

from ketenmining.cli.options import allow_shared_key_option, lang_option
from ketenmining.texts import tr


@click.group("key")
def key_group() -> None:
    """Create and check the secret key used for pseudonyms.

    \b
    Example:
      ketenmining key new sleutel.key
    """


@key_group.command("new")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite an existing key file (every pseudonym made with it changes!).",
)
@lang_option
def key_new(file: Path, force: bool, lang: str) -> None:
    """Write a strong random key to FILE, readable only by you (mode 0600).

    The key is 64 hexadecimal characters (256 bits of randomness). Share it
    only with the organisations of the chain, over a secure channel, and
    never commit it to git.

    \b
    Example:
      ketenmining key new sleutel.key
    """
    from ketenmining.privacy.pseudonym import new_key_file

    new_key_file(file, force)
    click.echo(tr("cli.key.new", lang, file=file))


@key_group.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@allow_shared_key_option
@lang_option
def key_check(file: Path, lang: str) -> None:
    """Check that FILE is a usable key: 32 random bytes (hex or base64), readable only by you.

    Prints the key's public fingerprint, which partners can compare to make
    sure they use the same key (the fingerprint does not reveal the key).

    \b
    Example:
      ketenmining key check sleutel.key
    """
    from ketenmining.cli.options import load_key
    from ketenmining.privacy.pseudonym import key_id

    key = load_key(file)
    click.echo(tr("cli.key.check", lang, file=file, n=len(key), fp=key_id(key)))
