"""``ketenmining key``: create and check pseudonymisation keys."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click

from ketenmining.cli.options import allow_shared_key_option, lang_option
from ketenmining.errors import KetenError, Location
from ketenmining.i18n import tr

TEXTS = {
    "new": {
        "nl": "nieuwe sleutel geschreven naar {file} (modus 600). Houd hem geheim; nooit in git.",
        "en": "wrote a new key to {file} (mode 600). Keep it secret; never put it in git.",
    },
    "check": {
        "nl": "{file}: {n} bytes, vingerafdruk {fp}",
        "en": "{file}: {n} bytes, fingerprint {fp}",
    },
}


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
    if file.exists() and not force:
        raise KetenError(
            "key file exists already",
            hint="choose another name, or use --force to replace it (old pseudonyms will no longer match)",
            where=Location(str(file)),
        )
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f".{file.name}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, file)
    click.echo(tr(TEXTS, "new", lang, file=file))


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
    click.echo(tr(TEXTS, "check", lang, file=file, n=len(key), fp=key_id(key)))
