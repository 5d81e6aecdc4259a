"""The one walker for YAML written by people: keys against declarations, with positions.

Both the chain config (:mod:`ketenmining.config.load`) and the protocol
(:mod:`ketenmining.protocol.reader`) check their mappings through a
:class:`Checker`: unknown keys get a did-you-mean from the declared names,
missing required keys are named, and values are read as their declaration
says — one set of typed reads for both formats (:meth:`Checker.read`: text,
flag, count, choice, date, duration, time zone, pattern, a name or names, a
list of …; :meth:`Checker.read_fields` for a record's fields with their
declared defaults). Every problem points at ``file:line:column`` of the key or
value in the :class:`~ketenmining.yamldoc.YamlDoc`. What a problem *says* is
the subclass's voice (:meth:`Checker.unknown_key`, :meth:`Checker.missing_key`,
:meth:`Checker.refuse`): the config speaks English problems, the protocol Dutch
or English P001 findings, and their texts stay as users know them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ketenmining.errors import Location
from ketenmining.yamldoc import PathKey, YamlDoc
from ketenmining.yamlspec.nodes import (
    EXTENSION_PREFIX,
    Choice,
    Flag,
    Integer,
    ListOf,
    Node,
    OneOf,
    Record,
    Spec,
    Text,
)

if TYPE_CHECKING:
    from ketenmining.timeunits import Duration

#: The kinds of problem a typed read can find, which :meth:`Checker.refuse` words.
PROBLEM_KINDS = (
    "mapping",
    "list",
    "names",
    "text",
    "flag",
    "count",
    "choice",
    "date",
    "duration",
    "timezone",
    "pattern",
)


def close_match(word: str, options: Iterable[str]) -> str | None:
    """The option most like ``word`` (a typo), or None when none is close."""
    found = difflib.get_close_matches(word, list(options), n=1)
    return found[0] if found else None


def unknown_keys(
    mapping: Mapping[Any, Any], allowed: Iterable[str], extensions: bool = False
) -> list[tuple[Any, str | None]]:
    """Every key of ``mapping`` that is not allowed, with the allowed name most like it.

    ``extensions`` lets ``x-...`` keys through (free notes in a protocol).
    """
    names = list(allowed)
    out: list[tuple[Any, str | None]] = []
    for key in mapping:
        if isinstance(key, str) and (
            key in names or (extensions and key.startswith(EXTENSION_PREFIX))
        ):
            continue
        out.append((key, close_match(str(key), names)))
    return out


class Checker:
    """Checks the mappings and values of one YAML document; subclasses say what is wrong.

    :meth:`value` reads a value as its declaration says through the ``read_*``
    methods, which a subclass provides for the kinds of value its format has.
    """

    #: Whether ``x-...`` keys are accepted in every mapping.
    extensions = False
    #: The format, to look up :class:`~ketenmining.yamlspec.nodes.Ref` declarations.
    spec: Spec | None = None
    #: Whether a number or true/false reads as its text where a text is declared.
    scalar_text = False

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc

    def where(self, path: PathKey, key: bool = False) -> Location:
        """Location of the value (or key) at ``path``."""
        return self.doc.where(path, key=key)

    def check_keys(
        self,
        path: PathKey,
        mapping: Mapping[Any, Any],
        allowed: Record | Iterable[str],
        required: Iterable[str] | None = None,
        **context: Any,
    ) -> None:
        """Report unknown keys (with a did-you-mean) and missing required keys.

        ``allowed`` is a :class:`~ketenmining.yamlspec.nodes.Record` (its names and,
        unless ``required`` is given, its required fields) or a list of names.
        ``context`` is passed on to the voice (e.g. ``what="step intake"``).
        """
        if isinstance(allowed, Record):
            names = allowed.names()
            if required is None:
                required = allowed.required()
        else:
            names = tuple(allowed)
        for key, close in unknown_keys(mapping, names, self.extensions):
            self.unknown_key((*path, key), key, close, names, **context)
        for key in required or ():
            if key not in mapping:
                self.missing_key(path, key, **context)

    # -- the typed reads: a value as its declaration says ------------------------
    def read(self, path: PathKey, value: Any, node: Node, what: str) -> Any:
        """Read ``value`` as the declaration ``node`` says; None (or empty) when it is wrong.

        ``what`` names the value in problems (usually the key). A name or a list
        of names (``OneOf`` of a text and a list, or a list of plain texts) is
        read by :meth:`names`; a list of anything else item by item (:meth:`list_of`).
        """
        node = self.resolve(node)
        if isinstance(node, Flag):
            return self.flag(path, value, what)
        if isinstance(node, Integer):
            return self.count(path, value, what)
        if isinstance(node, Choice):
            return self.choice(path, value, what, node.options, strict=node.strict)
        if isinstance(node, OneOf) and all(isinstance(o, (Text, ListOf)) for o in node.options):
            return self.names(path, value, what)
        if isinstance(node, ListOf):
            if _plain_text(self.resolve(node.item)):
                return self.names(path, value, what)
            return self.list_of(path, value, node, what)
        if isinstance(node, Text):
            reader = _TEXT_KINDS.get(node.kind or node.format or "", Checker.text)
            return reader(self, path, value, what)
        raise TypeError(f"no reader for {type(node).__name__}")

    def resolve(self, node: Node) -> Node:
        """``node``, or the declaration it refers to (:class:`~ketenmining.yamlspec.nodes.Ref`)."""
        return self.spec.resolve(node) if self.spec is not None else node

    def read_fields(
        self,
        path: PathKey,
        body: Mapping[Any, Any],
        record: Record,
        only: Iterable[str] | None = None,
        at: Mapping[str, PathKey] | None = None,
    ) -> dict[str, Any]:
        """The fields of ``record`` (or those named in ``only``) read as declared, in order.

        A field that is absent, or whose value is wrong (said once, by the read),
        gets its declared default, read as declared too (``"3 months"`` becomes a
        duration); an absent field without a default is left out. ``at`` gives
        the place of a value written elsewhere (a rule's field that ``extends``
        copied from another rule); the others are at ``path`` + their key.
        """
        names = None if only is None else set(only)
        out: dict[str, Any] = {}
        for f in record.fields:
            if names is not None and f.name not in names:
                continue
            node = self.resolve(f.node)
            where = (at or {}).get(f.name, (*path, f.name))
            value = None
            if f.name in body:
                value = self.read(where, body[f.name], node, f.name)
            default = getattr(node, "default", None)
            if value is None and default is not None:
                value = self.read(where, default, node, f.name)
            if value is not None or f.name in body:
                out[f.name] = value
        return out

    def mapping(self, path: PathKey, value: Any, what: str) -> dict[Any, Any] | None:
        """``value`` if it is a mapping, else say so and return None."""
        if isinstance(value, dict):
            return value
        self.refuse(path, "mapping", what, value)
        return None

    def text(self, path: PathKey, value: Any, what: str, allow_number: bool = False) -> str | None:
        """A text; a number reads as its text when ``allow_number`` (or :attr:`scalar_text`)."""
        if isinstance(value, str):
            return value
        if self.scalar_text and not isinstance(value, (dict, list)) and value is not None:
            return str(value)
        if allow_number and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        self.refuse(path, "text", what, value)
        return None

    def flag(self, path: PathKey, value: Any, what: str) -> bool | None:
        """``true`` or ``false``."""
        if isinstance(value, bool):
            return value
        self.refuse(path, "flag", what, value)
        return None

    def count(self, path: PathKey, value: Any, what: str) -> int | None:
        """A whole number >= 0 (``true`` is no number)."""
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self.refuse(path, "count", what, value)
        return None

    def choice(
        self,
        path: PathKey,
        value: Any,
        what: str,
        options: Iterable[str],
        strict: bool = True,
    ) -> str | None:
        """One of ``options``; with ``strict=False`` any text (a lint rule judges it)."""
        options = tuple(options)
        if isinstance(value, str) and (value in options or not strict):
            return value
        if not strict:
            return self.text(path, value, what)
        self.refuse(path, "choice", what, value, options=options)
        return None

    def names(
        self, path: PathKey, value: Any, what: str, single_ok: bool = True
    ) -> tuple[str, ...]:
        """A name or a list of names (``by: VT`` or ``by: [TT, VT]``)."""
        if single_ok and isinstance(value, str):
            return (value,)
        scalar = value is not None and not isinstance(value, (dict, list))
        if single_ok and self.scalar_text and scalar:
            return (str(value),)
        if isinstance(value, list):
            items = (self.text((*path, i), item, what) for i, item in enumerate(value))
            return tuple(item for item in items if item is not None)
        self.refuse(path, "names", what, value)
        return ()

    def list_of(self, path: PathKey, value: Any, node: ListOf, what: str) -> tuple[Any, ...]:
        """A list whose items are read as ``node.item`` says; wrong items are left out."""
        if not isinstance(value, list):
            self.refuse(path, "list", what, value)
            return ()
        each = node.item_what or what
        items = (self.read((*path, i), item, node.item, each) for i, item in enumerate(value))
        return tuple(item for item in items if item is not None)

    def date(self, path: PathKey, value: Any, what: str) -> dt.date | None:
        """A calendar date: a YAML date or ISO text ``YYYY-MM-DD``."""
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.refuse(path, "date", what, value)
        return None

    def duration(self, path: PathKey, value: Any, what: str) -> Duration | None:
        """A duration such as ``5 working days``, ``10 weken`` or ``12 months``."""
        from ketenmining.timeunits import parse_duration

        try:
            return parse_duration(value)
        except ValueError as exc:
            self.refuse(path, "duration", what, value, error=exc)
            return None

    def timezone(self, path: PathKey, value: Any, what: str) -> str | None:
        """An IANA time zone name (``Europe/Amsterdam``, ``UTC``)."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            self.refuse(path, "timezone", what, value)
            return None
        return str(value)

    def pattern(self, path: PathKey, value: Any, what: str) -> re.Pattern[str] | None:
        """A regular expression, compiled."""
        try:
            return re.compile(str(value))
        except re.error as exc:
            self.refuse(path, "pattern", what, value, error=exc)
            return None

    # -- the voice: what each kind of problem says (subclasses) -------------------
    def refuse(self, path: PathKey, kind: str, what: str, value: Any, **detail: Any) -> None:
        """Say that ``value`` at ``path`` is not a ``kind``.

        ``kind`` is one of :data:`PROBLEM_KINDS`; ``detail`` holds the choice's
        ``options`` or the parser's ``error``.
        """
        raise NotImplementedError

    def unknown_key(
        self, path: PathKey, key: Any, close: str | None, allowed: tuple[str, ...], **context: Any
    ) -> None:
        """Say that ``key`` (at ``path``) is not allowed here."""
        raise NotImplementedError

    def missing_key(self, path: PathKey, key: str, **context: Any) -> None:
        """Say that the mapping at ``path`` needs ``key``."""
        raise NotImplementedError


def _plain_text(node: Node) -> bool:
    """Whether ``node`` is a text with no reading of its own (a name)."""
    return isinstance(node, Text) and not node.kind and not node.format


#: The reads of the texts a declaration gives a ``kind`` (or a ``format``).
_TEXT_KINDS: dict[str, Callable[..., Any]] = {
    "date": Checker.date,
    "duration": Checker.duration,
    "timezone": Checker.timezone,
    "pattern": Checker.pattern,
}
