"""The JSON Schema of the protocol format, for editors (``protocol schema``).

With the YAML language server (VS Code "YAML" extension, many other editors)
a protocol file gets completion, hover help and checks while typing. The
schema describes the same format the loader reads; the loader stays the
authority (it also checks references, windows and semver, which a schema
cannot) and ``protocol lint`` reports the rest.
"""

from __future__ import annotations

import json
from typing import Any

from ketenmining.protocol.model import BINARY_KINDS, RULE_KINDS, SEVERITIES, UNARY_KINDS

SCHEMA_ID = "https://ketenmining.example/schemas/protocol.schema.json"

_DURATION = {
    "type": "string",
    "pattern": r"^\s*\d+\s*[A-Za-z_ ]+$",
    "description": "An amount and a unit: minutes, hours, days, working days, weeks, months "
    "(Dutch: minuten, uur, dagen, werkdagen, weken, maanden). E.g. '5 werkdagen'.",
    "examples": ["5 werkdagen", "10 weeks", "3 maanden"],
}
_NAME = {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_.-]*$"}
_NAMES = {"oneOf": [_NAME, {"type": "array", "items": _NAME, "minItems": 1}]}


def _params(kind: str) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    if kind in UNARY_KINDS:
        props["step"] = {"$ref": "#/$defs/stepRef"}
        required = ["step"]
        if kind in ("existence", "at_most", "exactly"):
            props["count"] = {"type": "integer", "minimum": 0}
            if kind != "existence":
                required.append("count")
    elif kind in BINARY_KINDS:
        props = {
            "from": {"$ref": "#/$defs/stepRef"},
            "to": {"$ref": "#/$defs/stepRef"},
            "within": _DURATION,
            "after": _DURATION,
        }
        required = ["from", "to"]
    elif kind == "duration":
        props = {k: {"$ref": "#/$defs/stepRef"} for k in ("step", "from", "to")}
        props.update(within=_DURATION, after=_DURATION)
    elif kind == "handover":
        props = {
            "step": {"$ref": "#/$defs/stepRef"},
            "pickup": {"$ref": "#/$defs/stepRef"},
            "within": _DURATION,
        }
        required = ["step"]
    elif kind == "no_duplicate":
        props = {
            "step": {"$ref": "#/$defs/stepRef"},
            "steps": {"type": "array", "items": {"$ref": "#/$defs/stepRef"}},
            "within": _DURATION,
        }
    elif kind == "no_ping_pong":
        props = {"within": _DURATION}
    elif kind == "max_handovers":
        props = {"count": {"type": "integer", "minimum": 0}}
        required = ["count"]
    else:  # by
        props = {"steps": {"type": "array", "items": {"$ref": "#/$defs/stepRef"}}}
    obj: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        obj["required"] = required
    if kind in (*UNARY_KINDS, "handover", "no_duplicate"):
        return {"oneOf": [{"$ref": "#/$defs/stepRef"}, obj]}
    if kind == "by":
        return {"oneOf": [{"type": "null"}, obj]}
    return obj


def protocol_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a protocol file."""
    rule_common = {
        "id": {
            "type": "string",
            "pattern": r"^[A-Za-z0-9_.-]+$",
            "description": "Unique id, cited in reports.",
        },
        "text": {"type": "string", "description": "What is agreed, in plain words."},
        "text_en": {"type": "string"},
        "clause": {
            "type": "string",
            "description": "The clause of the agreement the report cites.",
        },
        "severity": {"enum": list(SEVERITIES), "default": "minor"},
        "norm": {
            "oneOf": [
                {"type": "string", "pattern": r"^\s*\d+([.,]\d+)?\s*%\s*$"},
                {"type": "number", "minimum": 0, "maximum": 1},
            ],
            "description": "Share of cases that must comply: '90%' or 0.9 (default 100%).",
        },
        "extends": {
            "type": "string",
            "description": "Copy every field this rule does not set from another rule.",
        },
        "description": {"type": "string"},
    }
    rule = {
        "type": "object",
        "properties": {**rule_common, **{k: _params(k) for k in RULE_KINDS}},
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
        "required": ["id"],
        "oneOf": [{"required": [k]} for k in RULE_KINDS]
        + [{"required": ["extends"], "not": {"anyOf": [{"required": [k]} for k in RULE_KINDS]}}],
    }
    route_node = {
        "oneOf": [
            {"$ref": "#/$defs/stepRef"},
            {
                "type": "object",
                "properties": {"sequence": {"$ref": "#/$defs/routeList"}},
                "required": ["sequence"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"choice": {"$ref": "#/$defs/routeList"}},
                "required": ["choice"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"parallel": {"$ref": "#/$defs/routeList"}},
                "required": ["parallel"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"loop": {"$ref": "#/$defs/routeNode"}},
                "required": ["loop"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"optional": {"$ref": "#/$defs/routeNode"}},
                "required": ["optional"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"subroute": {"type": "string"}},
                "required": ["subroute"],
                "additionalProperties": False,
            },
        ]
    }
    step = {
        "type": "object",
        "properties": {
            "label": {"type": "string", "description": "Name shown to people (Dutch)."},
            "label_en": {"type": "string"},
            "by": {**_NAMES, "description": "Responsible organisation(s) or role(s)."},
            "handover_to": {
                **_NAME,
                "description": "This step hands the case over to this organisation.",
            },
            "joint": {"type": "boolean"},
            "milestone": {"type": "boolean"},
            "in_route": {
                "type": "boolean",
                "default": True,
                "description": "false: recorded, but not part of the agreed route.",
            },
            "description": {"type": "string"},
        },
        "required": ["label", "by"],
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
    }
    expect = {
        "oneOf": [
            {"enum": ["conforms", "deviates"]},
            {
                "type": "object",
                "properties": {
                    "conforms": {"type": "boolean"},
                    **{
                        k: {"type": "array", "items": {"type": "string"}}
                        for k in ("violates", "satisfies", "pending", "not_applicable")
                    },
                },
                "additionalProperties": False,
                "minProperties": 1,
            },
        ]
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ketenmining chain protocol",
        "description": "The agreed A-to-Z chain protocol: steps, route and rules (see docs/protocol.md).",
        "type": "object",
        "required": ["protocol", "version", "organisations", "steps", "route"],
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
        "properties": {
            "protocol": {
                "type": "string",
                "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
                "description": "Id, kebab-case.",
            },
            "version": {
                "type": "string",
                "pattern": r"^\d+\.\d+\.\d+([-+].*)?$",
                "description": "Semantic version MAJOR.MINOR.PATCH.",
            },
            "title": {"type": "string"},
            "title_en": {"type": "string"},
            "language": {"enum": ["nl", "en"]},
            "owner": {"type": "string"},
            "description": {"type": "string"},
            "case_closed_after": _DURATION,
            "calendar": {
                "type": "object",
                "properties": {
                    "country": {"enum": ["NL"]},
                    "good_friday": {"enum": ["closed", "open"]},
                    "liberation_day": {"enum": ["every_year", "lustrum", "open"]},
                    "closed": {"type": "array", "items": {"type": "string", "format": "date"}},
                    "timezone": {"type": "string"},
                },
                "additionalProperties": False,
            },
            "organisations": {
                "type": "object",
                "additionalProperties": {
                    "oneOf": [
                        {"type": "string"},
                        {
                            "type": "object",
                            "properties": {
                                "name": {"type": "string"},
                                "name_en": {"type": "string"},
                                "members": {"type": "array", "items": _NAME},
                            },
                            "required": ["name"],
                            "additionalProperties": False,
                        },
                    ]
                },
            },
            "steps": {"type": "object", "additionalProperties": {"$ref": "#/$defs/step"}},
            "subroutes": {"type": "object", "additionalProperties": {"$ref": "#/$defs/routeNode"}},
            "route": {
                "oneOf": [
                    {"$ref": "#/$defs/routeNode"},
                    {
                        "type": "object",
                        "properties": {"bpmn": {"type": "string"}},
                        "required": ["bpmn"],
                        "additionalProperties": False,
                    },
                    {
                        "type": "object",
                        "properties": {"pnml": {"type": "string"}},
                        "required": ["pnml"],
                        "additionalProperties": False,
                    },
                ]
            },
            "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
            "tests": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "description": {"type": "string"},
                        "trace": {
                            "type": "array",
                            "items": {
                                "type": "string",
                                "pattern": r"^[A-Za-z_][A-Za-z0-9_.-]*(/[A-Za-z_][A-Za-z0-9_.-]*)?(:[a-z_]+)?@\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$",
                            },
                        },
                        "expect": expect,
                        "data_end": {"type": "string", "format": "date"},
                    },
                    "required": ["name", "trace", "expect"],
                    "additionalProperties": False,
                },
            },
        },
        "$defs": {
            "stepRef": _NAME,
            "step": step,
            "rule": rule,
            "routeNode": route_node,
            "routeList": {"type": "array", "items": {"$ref": "#/$defs/routeNode"}, "minItems": 1},
        },
    }


def schema_json() -> str:
    """The schema as pretty-printed JSON text."""
    return json.dumps(protocol_schema(), ensure_ascii=False, indent=2) + "\n"
