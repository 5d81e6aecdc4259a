"""File names and paths in outputs and messages: numbers in them that may be client ids are masked.

A source's file name is chosen by whoever exported it, and people name exports after the
client ("dossier-123456782.csv", "export C82584868.xlsx"). The chain log's provenance, the
pseudonymised file's metadata and the reports name files, so the name they record keeps its
words and short numbers (dates, versions) and masks every run of six or more digits that is
not a calendar date (YYYYMMDD), and every BSN-shaped number, as ``#``. The file itself stays
identified by its SHA-256. Names of people in file names cannot be told from other words:
keep them out of export names.

The lowest layer (beside :mod:`ketenmining.errors`, which uses it for every location it prints).
"""

from __future__ import annotations

import datetime as dt
import re

#: Six or more digits, or nine in the groups people write BSNs in (1234.56.782, 123 456 782).
_NUMBER = re.compile(r"\d{4}[. ]\d{2}[. ]\d{3}|\d{3}[. ]\d{3}[. ]\d{3}|\d{6,}")
#: What a masked number becomes.
NUMBER_MASK = "#"


def _is_date(digits: str) -> bool:
    if len(digits) != 8 or not digits.startswith(("19", "20")):
        return False
    try:
        dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return True


def mask_name(name: str) -> str:
    """``name`` with long numbers masked: ``dossier-123456782.csv`` → ``dossier-#.csv``;
    dates (``export-20240105.csv``) and short numbers (``2024-q1.csv``) are kept."""

    def swap(m: re.Match[str]) -> str:
        return m.group() if _is_date(m.group()) else NUMBER_MASK

    return _NUMBER.sub(swap, name)


def mask_path(path: str) -> str:
    """A path with :func:`mask_name` applied to every part (folders can be named after a
    client too)."""
    return mask_name(path)


_DIGIT_RUN = re.compile(r"\d{5,}|\d{3,4}[. ]\d{2,3}[. ]\d{3}")


def may_hold_data(text: str) -> bool:
    """True when a value should not be echoed in a message: it is long (over 40 characters),
    spans lines or holds a run of five or more digits (an id, a BSN) — what a data file read
    where a config file was expected looks like."""
    return len(text) > 40 or "\n" in text or "\r" in text or bool(_DIGIT_RUN.search(text))


def quote_value(value: object, lang: str = "en") -> str:
    """``'value'`` for a message, or a description of it when :func:`may_hold_data`."""
    text = str(value)
    if may_hold_data(text):
        from ketenmining.texts import tr

        return tr("base.value_not_shown", lang, n=len(text))
    return f"'{text}'"
