"""The one catalogue of Dutch and English texts meant for people.

Every text a user reads in either language has a message id such as
``lint.P004.message`` or ``audit.part.evidence``. The part before the first
dot names the area: the module ``ketenmining/texts/<area>.py``, whose dict
``TEXTS`` holds the rest of the id with the English and the Dutch form side
by side::

    TEXTS = {
        "P004.message": {
            "en": "{what} '{value}' is used twice (first at line {line})",
            "nl": "{what} '{value}' komt twee keer voor (eerst op regel {line})",
        },
    }

:func:`tr` picks the language and fills in ``{placeholders}`` with
``str.format``; :func:`both` gives the ``{"nl": …, "en": …}`` pair that
records carry. An area is imported only when one of its texts is used, so
``ketenmining --help`` and ``protocol lint`` load only what they print.

A new text: one entry in ``texts/<area>.py`` with both languages
(``tests/test_texts.py`` checks that each id has both, with the same
placeholders, that every id the code names exists and that none is unused).
"""

from __future__ import annotations

import importlib
from typing import Any

from ketenmining.i18n import LANGS

Entry = dict[str, str]

_AREAS: dict[str, dict[str, Entry]] = {}


def area(name: str) -> dict[str, Entry]:
    """The texts of one area (``ketenmining/texts/<name>.py``), imported on first use."""
    texts = _AREAS.get(name)
    if texts is None:
        try:
            module = importlib.import_module(f"ketenmining.texts.{name}")
        except ModuleNotFoundError:
            raise KeyError(f"no text area '{name}'") from None
        texts = _AREAS[name] = module.TEXTS
    return texts


def entry(msgid: str) -> Entry:
    """The English and Dutch forms of ``msgid``; KeyError when there is none."""
    name, _, key = msgid.partition(".")
    found = area(name).get(key)
    if found is None:
        raise KeyError(f"no text for '{msgid}'")
    return found


def has(msgid: str) -> bool:
    """Whether the catalogue holds ``msgid``."""
    name, _, key = msgid.partition(".")
    try:
        return key in area(name)
    except KeyError:
        return False


def tr(msgid: str, lang: str, /, **values: Any) -> str:
    """The text ``msgid`` in ``lang`` (English when there is no such form), filled in."""
    forms = entry(msgid)
    found = forms.get(lang) or forms["en"]
    return found.format(**values) if values else found


def both(msgid: str, /, **values: Any) -> dict[str, str]:
    """``{"nl": …, "en": …}``: the text in both languages, filled in."""
    return {lang: tr(msgid, lang, **values) for lang in LANGS}


def ids(prefix: str) -> list[str]:
    """Every message id that starts with ``prefix`` (which names its area), in catalogue order."""
    name, _, rest = prefix.partition(".")
    return [f"{name}.{key}" for key in area(name) if key.startswith(rest)]


def table(prefix: str, lang: str) -> dict[str, str]:
    """Every text under ``prefix`` in ``lang``, keyed by the rest of its id (for templates)."""
    return {msgid.removeprefix(prefix): tr(msgid, lang) for msgid in ids(prefix)}
