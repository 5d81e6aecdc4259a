"""``ketenmining init``: scaffold a chain project for a new chain."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ketenmining.cli.options import lang_option
from ketenmining.errors import KetenError, Location
from ketenmining.i18n import tr

TEXTS = {
    "project": {
        "nl": "ketenproject '{chain}' in {directory}:",
        "en": "chain project '{chain}' in {directory}:",
    },
    "next": {
        "nl": "volgende stap: ketenmining key new <buiten deze map>/keten.key, zet de exports in "
        "exports/, pas keten.yaml aan",
        "en": "next: ketenmining key new <outside this folder>/keten.key, put the exports in "
        "exports/, adapt keten.yaml",
    },
}

TEMPLATES = {
    "keten.yaml": "keten.yaml",
    "protocol.yaml": "protocol.yaml",
    ".gitignore": "gitignore",
    "README.md": "README.md",
}


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
    .gitignore keeps raw exports, keys and outputs out of git.

    \b
    Example:
      ketenmining init keten-tilburg
    """
    from importlib.resources import files

    if directory.exists() and any(directory.iterdir()) and not force:
        raise KetenError(
            "folder is not empty",
            hint="choose a new folder, or use --force to add the missing files only",
            where=Location(str(directory)),
        )
    chain = name or directory.resolve().name
    chain = re.sub(r"[^a-z0-9-]+", "-", chain.lower()).strip("-") or "keten"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "exports").mkdir(exist_ok=True)
    written = []
    for target, template in TEMPLATES.items():
        path = directory / target
        if path.exists():
            continue
        text = files("ketenmining.templates").joinpath(template).read_text(encoding="utf-8")
        if template.endswith((".yaml", ".md")):
            text = text.replace("__NAME__", chain)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    click.echo(tr(TEXTS, "project", lang, chain=chain, directory=directory))
    for path in written:
        click.echo(f"  {path}")
    click.echo(tr(TEXTS, "next", lang))
