"""The one user-facing error type, source locations and the generic finding record.

Core code raises :class:`KetenError` with a message, a hint and, where it is
known, a :class:`Location`; the CLI prints it as one line (or one line per
problem) without a traceback and exits with code 2. Messages must never
contain a raw identifier (BSN, client number, name): say *where* (file, row,
line:column), never *what value*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Named exit codes, so CI can tell findings from a broken run."""

    OK = 0
    FINDINGS = 1
    ERROR = 2


@dataclass(frozen=True)
class Location:
    """Where something is: a file, optionally a line:column or a data row."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    row: int | None = None
    detail: str | None = None

    def __str__(self) -> str:
        from ketenmining.idmask import mask_path

        parts = mask_path(self.file) if self.file else "<input>"
        if self.line is not None:
            parts += f":{self.line}"
            if self.column is not None:
                parts += f":{self.column}"
        if self.row is not None:
            parts += f" row {self.row}"
        if self.detail:
            parts += f" ({self.detail})"
        return parts


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: what, where and what to do about it."""

    message: str
    where: Location | None = None
    hint: str | None = None
    code: str | None = None

    def one_line(self) -> str:
        """Render as ``where: message (hint: ...)``."""
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.code:
            text = f"{text} [{self.code}]"
        if self.hint:
            text = f"{text} — hint: {self.hint}"
        return text


class KetenError(Exception):
    """A user-facing error: bad input, missing file, a run that cannot go on.

    Carries one or more :class:`Problem` records so that all the problems of
    a config or protocol can be reported at once.
    """

    def __init__(
        self,
        message: str,
        hint: str | None = None,
        where: Location | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.problems: list[Problem] = list(problems or [])
        if not self.problems:
            self.problems = [Problem(message, where, hint)]
        self.message = message
        self.hint = hint
        self.where = where
        super().__init__(self.lines()[0])

    @classmethod
    def from_problems(cls, problems: list[Problem], summary: str | None = None) -> KetenError:
        """Bundle several problems (all reported at once) into one error."""
        if not problems:
            raise ValueError("from_problems needs at least one problem")
        first = problems[0]
        return cls(summary or first.message, first.hint, first.where, problems=problems)

    def lines(self) -> list[str]:
        """One line per problem, ready to print."""
        return [p.one_line() for p in self.problems]


@dataclass
class Finding:
    """A finding as data: a lint problem, a data-quality remark, a check result.

    Every output format (text, json, junit, github, html) renders these same
    fields; renderers live in a dict keyed by format name.
    """

    code: str
    title: str
    message: str
    severity: str = "error"  # error | warning | info (lint); major | minor | observation (audit)
    where: Location | None = None
    hint: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def as_record(self) -> dict[str, Any]:
        """A plain JSON-ready dict of this finding."""
        rec: dict[str, Any] = {
            "code": self.code,
            "title": self.title,
            "message": self.message,
            "severity": self.severity,
            "hint": self.hint,
        }
        if self.where is not None:
            from ketenmining.idmask import mask_path

            rec["file"] = mask_path(self.where.file) if self.where.file else self.where.file
            rec["line"] = self.where.line
            rec["column"] = self.where.column
            if self.where.row is not None:
                rec["row"] = self.where.row
        if self.data:
            rec["data"] = self.data
        return rec


#: Words in DuckDB's and Arrow's messages about Parquet data that cannot be decoded.
_DAMAGE_MARKERS = (
    "failed to read file",
    "tprotocolexception",
    "decompression",
    "corrupt",
    "invalid data",
    "deserialize",
    "parquet magic",
    "unexpected end of stream",
    "not a valid parquet",
    "don't know what type",
    "out of buffer",
)


def damaged_input(exc: BaseException) -> Any:
    """A KetenError for a DuckDB or Arrow error that says an input file's data is damaged
    (a Parquet file whose schema reads but whose pages do not), else None.

    Such damage shows only when a stage reads the pages, wherever that is; the CLI edge
    turns it into one line instead of an internal error.
    """
    import re

    module = type(exc).__module__ or ""
    if not module.startswith(("duckdb", "_duckdb", "pyarrow")):
        return None
    text = str(exc)
    # DuckDB raises its plain base class (not a Binder/Catalog/... subclass) for what the
    # Parquet reader's decoding libraries (Thrift, Snappy, zstd) report
    plain = type(exc).__name__ in ("Error", "IOException") and "duckdb" in module
    if not plain and not any(marker in text.lower() for marker in _DAMAGE_MARKERS):
        return None
    found = re.search(r'file "([^"]+)"', text)
    return KetenError(
        f"the data of an input file is damaged and cannot be decoded ({type(exc).__name__})",
        hint="stitch the chain log again, or copy the file again if it came from elsewhere",
        where=Location(found.group(1)) if found else None,
    )
