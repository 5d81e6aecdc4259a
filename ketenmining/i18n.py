"""The two languages and what differs between them apart from texts.

Texts live in the catalogue :mod:`ketenmining.texts` (message id → English
and Dutch). This module holds the rest of the language mechanism: the
supported languages, numbers with the local decimal and thousands marks, and
the choice between the Dutch and the optional English form of a name that a
protocol or chain config spells out itself. It is the one module outside the
catalogue that looks at the value of ``lang``.
"""

from __future__ import annotations

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"

#: Python writes 12,345.6; Dutch writes 12.345,6.
_MARKS = {"nl": str.maketrans(".,", ",.")}


def local_number(text: str, lang: str) -> str:
    """A number as Python formats it (``12,345.6``) with the marks of ``lang`` (``12.345,6`` in nl)."""
    table = _MARKS.get(lang)
    return text.translate(table) if table else text


def localised(dutch: str, english: str | None, lang: str) -> str:
    """The name given in the data itself: its English form in English when there is one."""
    return (english or dutch) if lang == "en" else dutch
