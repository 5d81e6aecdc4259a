"""A small schema reader: typed access to a YamlDoc that collects every problem.

The protocol loader reads the YAML through a :class:`Reader`, which checks
types, and required and unknown keys against the declared format
(:mod:`ketenmining.protocol.spec`, through the shared
:class:`~ketenmining.yamlspec.checker.Checker`), and records a P001 ("schema") finding with
file:line:column and a hint for every problem instead of stopping at the
first one. Messages are message ids of the text catalogue
(:mod:`ketenmining.texts`), rendered in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from ketenmining.errors import Finding
from ketenmining.idmask import may_hold_data, quote_value
from ketenmining.protocol.spec import PROTOCOL
from ketenmining.texts import tr
from ketenmining.timeunits import Duration, parse_duration
from ketenmining.yamldoc import PathKey, YamlDoc
from ketenmining.yamlspec.checker import Checker

_TYPE_NAMES = ("mapping", "list", "text", "yes/no", "number")  # protocol.type.<name>

_NORM = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*$")


class Reader(Checker):
    """Typed reads from a YamlDoc; every problem becomes a finding (code P001 by default).

    Keys are checked by the shared :class:`~ketenmining.yamlspec.checker.Checker`
    against the declarations in :mod:`ketenmining.protocol.spec`; ``x-...`` keys
    (free notes) are accepted in every mapping.
    """

    extensions = True
    spec = PROTOCOL

    def __init__(self, doc: YamlDoc, lang: str = "en") -> None:
        super().__init__(doc)
        self.lang = lang
        self.findings: list[Finding] = []

    # -- messages -------------------------------------------------------
    def t(self, msgid: str, **values: Any) -> str:
        """The catalogue text ``msgid`` in the reader's language, filled in."""
        return tr(msgid, self.lang, **values)

    def problem(
        self,
        path: PathKey,
        msgid: str,
        hint: str | None = None,
        *,
        at_key: bool = False,
        code: str = "P001",
        title: str = "schema",
        severity: str = "error",
        **values: Any,
    ) -> None:
        """Record a finding at ``path``: message and hint are catalogue ids."""
        hint_text = self.t(hint, **values) if hint else None
        self.findings.append(
            Finding(
                code=code,
                title=title,
                message=self.t(msgid, **values),
                severity=severity,
                where=self.where(path, key=at_key),
                hint=hint_text,
            )
        )

    def wrong_type(self, path: PathKey, what: str, expected: str, got: Any) -> None:
        """Record 'X must be <type>'."""
        kind = self.t(f"protocol.type.{expected}") if expected in _TYPE_NAMES else expected
        self.problem(
            path,
            "protocol.load.wrong_type",
            "protocol.load.wrong_type.hint",
            what=what,
            kind=kind,
            got=_type_name(got, self.lang),
        )

    # -- structure ------------------------------------------------------
    def mapping(self, path: PathKey, value: Any, what: str) -> dict[Any, Any] | None:
        """``value`` if it is a mapping, else record a problem and return None."""
        if isinstance(value, dict):
            return value
        self.wrong_type(path, what, "mapping", value)
        return None

    def unknown_key(
        self, path: PathKey, key: Any, close: str | None, allowed: tuple[str, ...], **context: Any
    ) -> None:
        """Record 'unknown field' with a did-you-mean (or the allowed names)."""
        what = context.get("what", "")
        self.problem(
            path,
            "protocol.load.unknown_field",
            "lint.did_you_mean" if close else "protocol.load.allowed_here",
            at_key=True,
            key=key,
            close=close or "",
            allowed=", ".join(allowed),
            what=f" in {what}" if what else "",
        )

    def missing_key(self, path: PathKey, key: str, **context: Any) -> None:
        """Record that the mapping at ``path`` needs ``key``."""
        self.problem(
            path,
            "protocol.load.needs_field",
            "protocol.load.needs_field.hint",
            what=context.get("what") or "this mapping",
            key=key,
        )

    def text(self, path: PathKey, value: Any, what: str, allow_number: bool = False) -> str | None:
        """A text value (numbers accepted as text when ``allow_number``)."""
        if isinstance(value, str):
            return value
        if allow_number and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        self.wrong_type(path, what, "text", value)
        return None

    def flag(self, path: PathKey, value: Any, what: str) -> bool | None:
        """A true/false value."""
        if isinstance(value, bool):
            return value
        self.wrong_type(path, what, "yes/no", value)
        return None

    def count(self, path: PathKey, value: Any, what: str) -> int | None:
        """A whole number ≥ 0."""
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self.wrong_type(path, what, "number", value)
        return None

    def names(
        self, path: PathKey, value: Any, what: str, single_ok: bool = True
    ) -> tuple[str, ...]:
        """A name or a list of names (e.g. ``by: VT`` or ``by: [TT, VT]``)."""
        if isinstance(value, str) and single_ok:
            return (value,)
        if isinstance(value, list):
            out = []
            for i, item in enumerate(value):
                if isinstance(item, str):
                    out.append(item)
                else:
                    self.wrong_type((*path, i), what, "text", item)
            return tuple(out)
        self.wrong_type(path, what, "list", value)
        return ()

    def choice(self, path: PathKey, value: Any, what: str, options: Iterable[str]) -> str | None:
        """One of a fixed set of words."""
        options = list(options)
        if isinstance(value, str) and value in options:
            return value
        self.problem(
            path,
            "protocol.load.must_one_not",
            "protocol.load.must_one_not.hint",
            what=what,
            opts=", ".join(options),
            got=quote_value(value, self.lang),
        )
        return None

    def duration(self, path: PathKey, value: Any, what: str) -> Duration | None:
        """A duration such as ``5 working days`` or ``10 weken``."""
        try:
            return parse_duration(value)
        except ValueError as exc:
            self.problem(
                path,
                "protocol.load.bad_duration",
                "protocol.load.bad_duration.hint",
                what=what,
                err=exc,
            )
            return None

    def norm(self, path: PathKey, value: Any) -> float | None:
        """A norm: ``90%`` or a share between 0 and 1."""
        share: float | None = None
        if isinstance(value, str):
            m = _NORM.match(value)
            if m:
                share = float(m.group(1).replace(",", ".")) / 100
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
            share = float(value)
        if share is None or not 0 <= share <= 1:
            self.problem(
                path,
                "protocol.load.norm_must_percentage_such",
                "protocol.load.norm_must_percentage_such.hint",
                got=quote_value(value, self.lang),
            )
            return None
        return share

    def date(self, path: PathKey, value: Any, what: str) -> dt.date | None:
        """A calendar date (YYYY-MM-DD)."""
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(
            path,
            "protocol.load.must_date_yyyy_mm",
            "protocol.load.must_date_yyyy_mm.hint",
            what=what,
            got=quote_value(value, self.lang),
        )
        return None

    # the typed reads :meth:`Checker.value` dispatches to
    read_flag = flag
    read_count = count
    read_names = names
    read_duration = duration
    read_date = date

    def read_choice(
        self, path: PathKey, value: Any, what: str, options: tuple[str, ...]
    ) -> str | None:
        """One of ``options`` (see :meth:`choice`)."""
        return self.choice(path, value, what, options)

    def read_text(self, path: PathKey, value: Any, what: str) -> str | None:
        """A text (see :meth:`text`)."""
        return self.text(path, value, what)


def _type_name(value: Any, lang: str = "en") -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        if may_hold_data(str(value)):
            return f"a number of {len(str(abs(int(value))))} digits (not shown)"
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value}"
    if may_hold_data(str(value)):
        return quote_value(value, lang)
    from ketenmining.safetext import one_line

    text = one_line(str(value))  # a value from the file: one line, and not a page of it
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"
