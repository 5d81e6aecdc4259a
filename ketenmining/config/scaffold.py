"""A new chain project: keten.yaml, a protocol skeleton, a .gitignore and a README, at once.

``ketenmining init`` calls :func:`scaffold`; the texts are package data of
:mod:`ketenmining.templates`, read before anything is written.
"""

from __future__ import annotations

import re
from pathlib import Path

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


def scaffold(
    directory: Path, name: str | None = None, force: bool = False
) -> tuple[str, list[Path]]:
    """Write the project files into ``directory`` (all or nothing); the chain name and the files.

    A folder that is not empty is refused unless ``force``; then only the
    missing files are added.
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
    return chain, written
