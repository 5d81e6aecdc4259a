"""Helpers every reader shares: the row-number column, file checks and column errors."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError, Location

#: Name of the 1-based record-number column every reader adds.
ROW = "__row"

_MAX_LISTED = 40
_DELIMITERS = (";", ",", "\t", "|")
#: Runs of digits this long in a "column name" are shown as 9s: a header row that is really
#: data (a file without header) must not put a client number into an error message.
_DIGIT_RUN = re.compile(r"\d{5,}")


def where(path: Path, **kw: Any) -> Location:
    """A location in a source file."""
    return Location(str(path), **kw)


def check_not_empty(path: Path, size: int | None = None) -> None:
    """Raise a KetenError when the file has no bytes (or only whitespace, for small files)."""
    size = path.stat().st_size if size is None else size
    if size == 0 or (size < 4096 and not path.read_bytes().strip(b" \t\r\n\xef\xbb\xbf")):
        raise KetenError(
            "the file is empty",
            hint="export the source again; a source needs a header row and at least one event",
            where=where(path),
        )


#: A dotted or spaced BSN-like number (123.456.782, 1234 56 782).
_DOTTED_ID = re.compile(r"\d{2,4}[. -]\d{2,4}[. -]\d{2,4}")


def safe_name(name: str) -> str:
    """A column name fit for a message: long digit runs (ids, if the header is data) masked."""
    return _DIGIT_RUN.sub(lambda m: "9" * len(m.group()), name)


def listed(names: Sequence[str]) -> str:
    """Column names for a message: quoted, comma-separated, long lists shortened, ids masked."""
    shown = [repr(safe_name(n)) for n in names[:_MAX_LISTED]]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f", … ({more} more)" if more > 0 else "")


def delimiter_hint(available: Sequence[str]) -> str | None:
    """A hint when the header looks like one column holding another delimiter."""
    if len(available) != 1:
        return None
    for d in _DELIMITERS:
        if available[0].count(d) >= 1:
            shown = "\\t" if d == "\t" else d
            return (
                f"the header looks like one column holding '{shown}'-separated names: set "
                f"delimiter: '{shown}' in the source options (quick mode: --delimiter '{shown}')"
            )
    return None


def require_columns(
    path: Path, wanted: Sequence[str], available: Sequence[str], what: str = "columns"
) -> None:
    """Raise a KetenError listing the missing ``wanted`` columns and the available ones."""
    have = set(available)
    missing = [c for c in wanted if c not in have]
    if not missing:
        return
    hint = delimiter_hint(available)
    data_like = any(_DIGIT_RUN.search(a) or _DOTTED_ID.search(a) for a in available)
    if data_like:  # a header that is a data row holds names and ids: never echo it
        raise KetenError(
            f"{what} not found: {listed(missing)}; the first row holds values, not "
            "column names (not shown: they may identify a person)",
            hint="export the file with a header row",
            where=where(path),
        )
    if hint is None:
        guesses = []
        for m in missing:
            close = difflib.get_close_matches(m, list(available), n=1, cutoff=0.6)
            folded = [a for a in available if a.strip().lower() == m.strip().lower()]
            if folded or close:
                # repr, as in listed(): a name with CR/LF stays on the line
                guesses.append(f"{safe_name(m)!r} → {safe_name((folded or close)[0])!r}?")
        hint = "map columns that exist (names are case-sensitive)"
        if guesses:
            hint += "; did you mean " + ", ".join(guesses)
    raise KetenError(
        f"{what} not found: {listed(missing)}; available: {listed(list(available)) or 'none'}",
        hint=hint,
        where=where(path),
    )


def row_numbers(n: int) -> Any:
    """An int64 Arrow array 1..n."""
    import numpy as np
    import pyarrow as pa

    return pa.array(np.arange(1, n + 1, dtype=np.int64))
