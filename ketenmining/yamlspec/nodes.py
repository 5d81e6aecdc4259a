"""Declarations of a YAML format: value kinds, fields and records, and their JSON Schema.

A format (the chain config, the protocol) is declared once as a tree of
nodes. The loaders take from it which keys a mapping allows, which it
needs and which words a field accepts (:class:`Record`, :class:`Choice`);
:meth:`Spec.json_schema` turns the same tree into the JSON Schema (draft
2020-12) that editors use for completion and hover help.

Example::

    >>> step = Record((Field("label", Text(), required=True), Field("joint", Flag())))
    >>> step.names(), step.required()
    (('label', 'joint'), ('label',))
    >>> step.schema()["required"]
    ['label']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Keys starting with this prefix are free extensions wherever a record allows them.
EXTENSION_PREFIX = "x-"


def _describe(out: dict[str, Any], doc: str, default: Any = None) -> dict[str, Any]:
    """``out`` with its description and default, when there are any."""
    if doc:
        out["description"] = doc
    if default is not None:
        out["default"] = default
    return out


@dataclass(frozen=True)
class Node:
    """A kind of value; subclasses know their JSON Schema."""

    doc: str = field(default="", kw_only=True)

    def schema(self) -> dict[str, Any]:
        """The JSON Schema fragment of this value."""
        raise NotImplementedError


@dataclass(frozen=True)
class AnyValue(Node):
    """Any value at all (extension fields)."""

    def schema(self) -> dict[str, Any]:
        """An empty schema: everything is valid."""
        return _describe({}, self.doc)


@dataclass(frozen=True)
class Null(Node):
    """An empty value (``key:`` with nothing after it)."""

    def schema(self) -> dict[str, Any]:
        """``{"type": "null"}``."""
        return _describe({"type": "null"}, self.doc)


@dataclass(frozen=True)
class Text(Node):
    """A text, optionally matching a regular expression or a named format (``date``).

    ``kind`` names what the loader reads the text as (``"duration"``,
    ``"timezone"``, ``"pattern"``: see :meth:`ketenmining.yamlspec.checker.Checker.read`);
    the schema only sees the pattern.
    """

    pattern: str | None = None
    format: str | None = None
    examples: tuple[str, ...] = ()
    default: str | None = None
    kind: str = ""

    def schema(self) -> dict[str, Any]:
        """``{"type": "string", ...}``."""
        out: dict[str, Any] = {"type": "string"}
        if self.pattern:
            out["pattern"] = self.pattern
        if self.format:
            out["format"] = self.format
        _describe(out, self.doc, self.default)
        if self.examples:
            out["examples"] = list(self.examples)
        return out


@dataclass(frozen=True)
class Flag(Node):
    """``true`` or ``false``."""

    default: bool | None = None

    def schema(self) -> dict[str, Any]:
        """``{"type": "boolean"}``."""
        return _describe({"type": "boolean"}, self.doc, self.default)


@dataclass(frozen=True)
class Integer(Node):
    """A whole number, optionally with a lower bound."""

    minimum: int | None = None

    def schema(self) -> dict[str, Any]:
        """``{"type": "integer", ...}``."""
        out: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        return _describe(out, self.doc)


@dataclass(frozen=True)
class Number(Node):
    """A number, optionally within bounds."""

    minimum: float | None = None
    maximum: float | None = None

    def schema(self) -> dict[str, Any]:
        """``{"type": "number", ...}``."""
        out: dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return _describe(out, self.doc)


@dataclass(frozen=True)
class Choice(Node):
    """One of a fixed list of words.

    ``strict=False``: the schema offers the words, but the loader reads any text
    and leaves judging it to a lint rule (a calendar country, say).
    """

    options: tuple[str, ...] = ()
    default: str | None = None
    strict: bool = True

    def schema(self) -> dict[str, Any]:
        """``{"enum": [...]}``."""
        return _describe({"enum": list(self.options)}, self.doc, self.default)


@dataclass(frozen=True)
class Ref(Node):
    """A named definition of the spec (``$defs``), for shared or recursive parts."""

    name: str = ""

    def schema(self) -> dict[str, Any]:
        """``{"$ref": "#/$defs/NAME"}``."""
        return _describe({"$ref": f"#/$defs/{self.name}"}, self.doc)


@dataclass(frozen=True)
class ListOf(Node):
    """A list whose items are all ``item``."""

    item: Node = field(default_factory=AnyValue)
    min_items: int | None = None
    #: What one item is called in problems (``closed day``); otherwise the field's name.
    item_what: str = ""

    def schema(self) -> dict[str, Any]:
        """``{"type": "array", "items": ...}``."""
        out: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items is not None:
            out["minItems"] = self.min_items
        return _describe(out, self.doc)


@dataclass(frozen=True)
class MapOf(Node):
    """A mapping with free keys (codes, ids) whose values are all ``value``.

    ``fields`` are keys with a meaning of their own beside the free ones
    (``patterns:`` among a source's activity names, say).
    """

    value: Node = field(default_factory=AnyValue)
    key_pattern: str | None = None
    fields: tuple[Field, ...] = ()

    def schema(self) -> dict[str, Any]:
        """``{"type": "object", "additionalProperties": ...}``."""
        out: dict[str, Any] = {"type": "object"}
        if self.fields:
            out["properties"] = {f.name: f.schema() for f in self.fields}
        if self.key_pattern:
            out["propertyNames"] = {"pattern": self.key_pattern}
        out["additionalProperties"] = self.value.schema()
        return _describe(out, self.doc)


@dataclass(frozen=True)
class OneOf(Node):
    """Exactly one of several forms (a step name or a mapping, say)."""

    options: tuple[Node, ...] = ()

    def schema(self) -> dict[str, Any]:
        """``{"oneOf": [...]}``."""
        return _describe({"oneOf": [o.schema() for o in self.options]}, self.doc)


@dataclass(frozen=True)
class Field:
    """One key of a :class:`Record`: its name, its value, whether it must be there."""

    name: str
    node: Node
    required: bool = False
    doc: str = ""

    def schema(self) -> dict[str, Any]:
        """The value's schema, with this field's description."""
        out = self.node.schema()
        if self.doc and "$ref" not in out:
            out["description"] = self.doc
        return out


@dataclass(frozen=True)
class Record(Node):
    """A mapping with known keys; others are refused (``x-...`` too, unless ``extensions``).

    ``constraints`` are extra JSON Schema keywords a plain list of fields cannot
    say (exactly one of several keys, say); the loader checks those itself.
    """

    fields: tuple[Field, ...] = ()
    extensions: bool = False
    min_properties: int | None = None
    constraints: tuple[tuple[str, Any], ...] = ()

    def names(self) -> tuple[str, ...]:
        """The allowed keys, in declared order."""
        return tuple(f.name for f in self.fields)

    def required(self) -> tuple[str, ...]:
        """The keys that must be there, in declared order."""
        return tuple(f.name for f in self.fields if f.required)

    def field(self, name: str) -> Field:
        """The declaration of one key."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def options(self, name: str) -> tuple[str, ...]:
        """The words a :class:`Choice` field accepts."""
        node = self.field(name).node
        if not isinstance(node, Choice):
            raise TypeError(f"field {name} is not a choice")
        return node.options

    def allows(self, key: Any) -> bool:
        """Whether ``key`` may appear here."""
        if isinstance(key, str) and self.extensions and key.startswith(EXTENSION_PREFIX):
            return True
        return key in self.names()

    def schema(self) -> dict[str, Any]:
        """``{"type": "object", "properties": ..., "additionalProperties": false}``."""
        out: dict[str, Any] = {"type": "object"}
        _describe(out, self.doc)
        out["properties"] = {f.name: f.schema() for f in self.fields}
        if self.required():
            out["required"] = list(self.required())
        if self.extensions:
            out["patternProperties"] = {"^" + EXTENSION_PREFIX: {}}
        out["additionalProperties"] = False
        if self.min_properties is not None:
            out["minProperties"] = self.min_properties
        out.update(dict(self.constraints))
        return out


@dataclass(frozen=True)
class Spec:
    """A whole format: the document's record, its named parts, and the schema's header."""

    id: str
    title: str
    description: str
    root: Record
    defs: tuple[tuple[str, Node], ...] = ()

    def resolve(self, node: Node) -> Node:
        """``node``, or the definition it refers to when it is a :class:`Ref`."""
        while isinstance(node, Ref):
            node = dict(self.defs)[node.name]
        return node

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) of the format."""
        out: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": self.id,
            "title": self.title,
        }
        body = self.root.schema()
        body["description"] = self.description
        out.update(body)
        if self.defs:
            out["$defs"] = {name: node.schema() for name, node in self.defs}
        return out

    def json_text(self) -> str:
        """The schema as pretty-printed JSON text (what ``docs/*.schema.json`` hold)."""
        import json

        return json.dumps(self.json_schema(), ensure_ascii=False, indent=2) + "\n"
