"""The one walker for YAML written by people: keys against declarations, with positions.

Both the chain config (:mod:`ketenmining.config.load`) and the protocol
(:mod:`ketenmining.protocol.reader`) check their mappings through a
:class:`Checker`: unknown keys get a did-you-mean from the declared names,
missing required keys are named, values are read as their declaration says
(:meth:`Checker.value`), and every problem points at ``file:line:column`` of
the key or value in the :class:`~ketenmining.yamldoc.YamlDoc`. What a problem
*says* is the subclass's voice (:meth:`Checker.unknown_key`,
:meth:`Checker.missing_key`, the ``read_*`` methods): the config speaks English problems, the
protocol Dutch or English P001 findings, and their texts stay as users know them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

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

    def value(self, path: PathKey, value: Any, node: Node, what: str) -> Any:
        """Read ``value`` as the declaration ``node`` says; None (or empty) when it is wrong."""
        if self.spec is not None:
            node = self.spec.resolve(node)
        if isinstance(node, Flag):
            return self.read_flag(path, value, what)
        if isinstance(node, Integer):
            return self.read_count(path, value, what)
        if isinstance(node, Choice):
            return self.read_choice(path, value, what, node.options)
        if isinstance(node, ListOf) or (
            isinstance(node, OneOf) and all(isinstance(o, (Text, ListOf)) for o in node.options)
        ):  # a name or a list of names
            return self.read_names(path, value, what)
        if isinstance(node, Text) and node.kind == "duration":
            return self.read_duration(path, value, what)
        if isinstance(node, Text) and node.format == "date":
            return self.read_date(path, value, what)
        if isinstance(node, Text):
            return self.read_text(path, value, what)
        raise TypeError(f"no reader for {type(node).__name__}")

    # -- the voice: what each kind of problem says (subclasses) -------------------
    def read_flag(self, path: PathKey, value: Any, what: str) -> bool | None:
        """``value`` if it is true or false, else say so."""
        raise NotImplementedError

    def read_count(self, path: PathKey, value: Any, what: str) -> int | None:
        """``value`` if it is a whole number >= 0, else say so."""
        raise NotImplementedError

    def read_choice(
        self, path: PathKey, value: Any, what: str, options: tuple[str, ...]
    ) -> str | None:
        """``value`` if it is one of ``options``, else say so."""
        raise NotImplementedError

    def read_names(self, path: PathKey, value: Any, what: str) -> tuple[str, ...]:
        """A name or a list of names."""
        raise NotImplementedError

    def read_duration(self, path: PathKey, value: Any, what: str) -> Any:
        """A duration such as ``5 working days``."""
        raise NotImplementedError

    def read_date(self, path: PathKey, value: Any, what: str) -> Any:
        """A calendar date."""
        raise NotImplementedError

    def read_text(self, path: PathKey, value: Any, what: str) -> str | None:
        """A text."""
        raise NotImplementedError

    def unknown_key(
        self, path: PathKey, key: Any, close: str | None, allowed: tuple[str, ...], **context: Any
    ) -> None:
        """Say that ``key`` (at ``path``) is not allowed here."""
        raise NotImplementedError

    def missing_key(self, path: PathKey, key: str, **context: Any) -> None:
        """Say that the mapping at ``path`` needs ``key``."""
        raise NotImplementedError
