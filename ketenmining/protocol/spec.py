"""The protocol format, declared once: the loader's keys and the JSON Schema come from here.

:mod:`ketenmining.protocol.load` and its helpers take the keys a mapping
allows and needs, and the words a field accepts, from these records;
:func:`ketenmining.protocol.schema.protocol_schema` is :data:`PROTOCOL`'s JSON
Schema. The loader stays the authority for what a schema cannot say
(references, windows, semver, durations that parse) and ``protocol lint``
reports the rest.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from ketenmining.protocol.model import (
    BINARY_KINDS,
    KIND_PARAMS,
    OPERATORS,
    RULE_KINDS,
    SEVERITIES,
    UNARY_KINDS,
)
from ketenmining.yamlspec.nodes import (
    Choice,
    Field,
    Flag,
    Integer,
    ListOf,
    MapOf,
    Node,
    Null,
    Number,
    OneOf,
    Record,
    Ref,
    Spec,
    Text,
)

SCHEMA_ID = "https://ketenmining.example/schemas/protocol.schema.json"

DURATION = Text(
    pattern=r"^\s*\d+\s*[A-Za-z_ ]+$",
    doc="An amount and a unit: minutes, hours, days, working days, weeks, months "
    "(Dutch: minuten, uur, dagen, werkdagen, weken, maanden). E.g. '5 werkdagen'.",
    examples=("5 werkdagen", "10 weeks", "3 maanden"),
    kind="duration",
)
NAME = Text(pattern=r"^[A-Za-z_][A-Za-z0-9_.-]*$")
NAMES = OneOf((NAME, ListOf(NAME, min_items=1)))
STEP_REF = Ref(name="stepRef")
STEP_REFS = ListOf(STEP_REF)

#: Which days are working days. The defaults are what a protocol without a
#: calendar gets; the country and the time zone are read as any text, and lint
#: rule P012 names the ones ketenmining does not know.
CALENDAR = Record(
    (
        Field(
            "country",
            Choice(("NL",), default="NL", strict=False),
            doc="Whose public holidays are days off (NL, the only country known now).",
        ),
        Field(
            "good_friday",
            Choice(("closed", "open"), default="closed"),
            doc="Good Friday: closed (a day off) or open.",
        ),
        Field(
            "liberation_day",
            Choice(("every_year", "lustrum", "open"), default="lustrum"),
            doc="Liberation Day (5 May): off every year, in lustrum years (2025, 2030, ...) "
            "or open.",
        ),
        Field(
            "closed",
            ListOf(Text(format="date"), item_what="closed day"),
            doc="Own closing days (YYYY-MM-DD), e.g. bridge days.",
        ),
        Field(
            "timezone",
            Text(default="Europe/Amsterdam"),
            doc="The IANA time zone of the timestamps.",
        ),
    )
)

ORGANISATION = Record(
    (
        Field("name", Text(), required=True),
        Field("name_en", Text()),
        Field("members", ListOf(NAME)),
    )
)

STEP = Record(
    (
        Field("label", Text(), required=True, doc="Name shown to people (Dutch)."),
        Field("label_en", Text()),
        Field("by", NAMES, required=True, doc="Responsible organisation(s) or role(s)."),
        Field("handover_to", NAME, doc="This step hands the case over to this organisation."),
        Field("joint", Flag()),
        Field("milestone", Flag()),
        Field(
            "in_route",
            Flag(default=True),
            doc="false: recorded, but not part of the agreed route.",
        ),
        Field("description", Text()),
    ),
    extensions=True,
)

#: The value of each rule parameter (which kind takes which: ``KIND_PARAMS``).
PARAM_TYPES: dict[str, Node] = {
    "step": STEP_REF,
    "from": STEP_REF,
    "to": STEP_REF,
    "pickup": STEP_REF,
    "steps": STEP_REFS,
    "count": Integer(minimum=0),
    "within": DURATION,
    "after": DURATION,
}

#: Parameters a kind cannot do without.
REQUIRED_PARAMS: dict[str, tuple[str, ...]] = {
    **{k: ("step",) for k in UNARY_KINDS},
    "at_most": ("step", "count"),
    "exactly": ("step", "count"),
    **{k: ("from", "to") for k in BINARY_KINDS},
    "handover": ("step",),
    "max_handovers": ("count",),
}
#: Kinds whose parameters may be written as just a step name (``absence: onderzoek``).
SHORTHAND_STEP = (*UNARY_KINDS, "handover", "no_duplicate")


@cache
def kind_params(kind: str) -> Record:
    """The parameters of one rule kind."""
    required = REQUIRED_PARAMS.get(kind, ())
    return Record(tuple(Field(p, PARAM_TYPES[p], p in required) for p in KIND_PARAMS[kind]))


def _kind_value(kind: str) -> Node:
    """What a kind key may hold: its parameters, or a step name, or nothing (``by``)."""
    params = kind_params(kind)
    if kind in SHORTHAND_STEP:
        return OneOf((STEP_REF, params))
    if kind == "by":
        return OneOf((Null(), params))
    return params


RULE_COMMON = (
    # required, but checked by the loader on the rule after ``extends`` is applied
    Field("id", Text(pattern=r"^[A-Za-z0-9_.-]+$"), True, "Unique id, cited in reports."),
    Field("text", Text(), doc="What is agreed, in plain words."),
    Field("text_en", Text()),
    Field("clause", Text(), doc="The clause of the agreement the report cites."),
    Field("severity", Choice(SEVERITIES, default="minor")),
    Field(
        "norm",
        OneOf(
            (
                Text(pattern=r"^\s*\d+([.,]\d+)?\s*%\s*$"),
                Number(minimum=0, maximum=1),
            )
        ),
        doc="Share of cases that must comply: '90%' or 0.9 (default 100%).",
    ),
    Field("extends", Text(), doc="Copy every field this rule does not set from another rule."),
    Field("description", Text()),
)

#: A rule: the common fields and exactly one kind key (or ``extends`` alone).
RULE = Record(
    RULE_COMMON + tuple(Field(k, _kind_value(k)) for k in RULE_KINDS),
    extensions=True,
    constraints=(
        (
            "oneOf",
            [{"required": [k]} for k in RULE_KINDS]
            + [
                {
                    "required": ["extends"],
                    "not": {"anyOf": [{"required": [k]} for k in RULE_KINDS]},
                }
            ],
        ),
    ),
)


def _one_key(key: str, value: Node) -> Record:
    return Record((Field(key, value, required=True),))


#: A route node: a step id or one operator with its parts.
ROUTE_NODE = OneOf(
    (
        STEP_REF,
        *(
            _one_key(op, Ref(name="routeList"))
            for op in OPERATORS
            if op not in ("loop", "optional")
        ),
        *(_one_key(op, Ref(name="routeNode")) for op in ("loop", "optional")),
        _one_key("subroute", Text()),
    )
)
#: The keys a route node's mapping may have.
ROUTE_KEYS = (*OPERATORS, "subroute")

#: The expectations of a protocol test besides ``conforms``, and the status each names.
STATUS_KEYS = {
    "violates": "violated",
    "satisfies": "satisfied",
    "pending": "pending",
    "not_applicable": "not_applicable",
}
EXPECT = Record(
    (
        Field("conforms", Flag()),
        *(Field(k, ListOf(Text())) for k in STATUS_KEYS),
    ),
    min_properties=1,
)

TEST = Record(
    (
        Field("name", Text(), required=True),
        Field(
            "trace",
            ListOf(
                Text(
                    pattern=r"^[A-Za-z_][A-Za-z0-9_.-]*(/[A-Za-z_][A-Za-z0-9_.-]*)?(:[a-z_]+)?"
                    r"@\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$"
                )
            ),
            required=True,
        ),
        Field("expect", OneOf((Choice(("conforms", "deviates")), EXPECT)), required=True),
        Field("data_end", Text(format="date")),
        Field("description", Text()),
    )
)

#: The whole protocol file.
TOP = Record(
    (
        Field("protocol", Text(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"), True, "Id, kebab-case."),
        Field(
            "version",
            Text(pattern=r"^\d+\.\d+\.\d+([-+].*)?$"),
            True,
            "Semantic version MAJOR.MINOR.PATCH.",
        ),
        Field("title", Text()),
        Field("title_en", Text()),
        Field(
            "language",
            Choice(("nl", "en"), default="nl"),
            doc="The language of the labels and texts.",
        ),
        Field("owner", Text()),
        Field("description", Text()),
        Field("calendar", CALENDAR),
        # silence after which a case counts as ended (the duration's own description)
        Field("case_closed_after", replace(DURATION, default="3 months")),
        Field("organisations", MapOf(OneOf((Text(), ORGANISATION))), True),
        Field("steps", MapOf(Ref(name="step")), True),
        Field("subroutes", MapOf(Ref(name="routeNode"))),
        Field(
            "route",
            OneOf((Ref(name="routeNode"), _one_key("bpmn", Text()), _one_key("pnml", Text()))),
            True,
        ),
        Field("rules", ListOf(Ref(name="rule"))),
        Field("tests", ListOf(TEST)),
    ),
    extensions=True,
)

PROTOCOL = Spec(
    id=SCHEMA_ID,
    title="ketenmining chain protocol",
    description="The agreed A-to-Z chain protocol: steps, route and rules (see docs/protocol.md).",
    root=TOP,
    defs=(
        ("stepRef", NAME),
        ("step", STEP),
        ("rule", RULE),
        ("routeNode", ROUTE_NODE),
        ("routeList", ListOf(Ref(name="routeNode"), min_items=1)),
    ),
)
