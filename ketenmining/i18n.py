"""Dutch and English texts for reports, maps and messages meant for people.

Each package keeps its own catalogue: a dict from a text key to the text per
language. ``tr`` picks the language, falls back to English, and fills in
``{placeholders}``. Only ``nl`` and ``en`` are supported.
"""

from __future__ import annotations

from typing import Any

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"

Catalogue = dict[str, dict[str, str]]


def tr(catalogue: Catalogue, key: str, lang: str, **values: Any) -> str:
    """Translate ``key`` from ``catalogue`` into ``lang`` and fill in ``values``."""
    entry = catalogue.get(key)
    if entry is None:
        raise KeyError(f"no text for '{key}'")
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
