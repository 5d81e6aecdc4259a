"""``ketenmining init``: scaffold a chain project for a new chain."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ketenmining.errors import KetenError, Location

#: File in the project -> template in the package data of ``ketenmining.templates``.
TEMPLATES = {
    "keten.yaml": "keten.yaml",
    "protocol.yaml": "protocol.yaml",
    ".gitignore": "gitignore",
    "README.md": "README.md",
}


def read_templates(chain: str) -> dict[str, str]:
    """Every scaffold file's text for chain ``chain``, read from the package before anything is written."""
    from ketenmining.fsutil import package_text

    texts = {}
    for target, template in TEMPLATES.items():
        text = package_text("ketenmining.templates", template)
        if template.endswith((".yaml", ".md")):
            text = text.replace("__NAME__", chain)
        texts[target] = text
    return texts


def chain_name(directory: Path, name: str | None) -> str:
    """The chain's short name: ``name`` or the folder name, lower case, letters, digits and dashes."""
    chain = name or directory.resolve().name
    return re.sub(r"[^a-z0-9-]+", "-", chain.lower()).strip("-") or "keten"


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="Short name of the chain (default: the folder name).")
@click.option(
    "--force", is_flag=True, help="Write into a folder that is not empty (existing files are kept)."
)
def init_command(directory: Path, name: str | None, force: bool) -> None:
    """Scaffold a chain project: keten.yaml, a protocol skeleton and a .gitignore.

    The commented keten.yaml has one source per organisation to adapt; the
    .gitignore keeps raw exports, keys and outputs out of git. Everything is
    written at once or not at all. To try ketenmining on a complete example
    chain first, see 'ketenmining example'.

    \b
    Example:
      ketenmining init keten-tilburg
    """
    from ketenmining.fsutil import atomic_dir

    if directory.exists() and any(directory.iterdir()) and not force:
        raise KetenError(
            "folder is not empty",
            hint="choose a new folder, or use --force to add the missing files only",
            where=Location(str(directory)),
        )
    chain = chain_name(directory, name)
    texts = read_templates(chain)
    written = []
    with atomic_dir(directory) as tmp:
        (tmp / "exports").mkdir()
        for target, text in texts.items():
            if (directory / target).exists():
                continue
            (tmp / target).write_text(text, encoding="utf-8")
            written.append(directory / target)
    (directory / "exports").mkdir(exist_ok=True)  # an existing folder gets only the files moved
    click.echo(f"chain project '{chain}' in {directory}:")
    for path in written:
        click.echo(f"  {path}")
    click.echo(
        "next: ketenmining key new <outside this folder>/keten.key, put the exports in exports/, adapt keten.yaml"
    )
