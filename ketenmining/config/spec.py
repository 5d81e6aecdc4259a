"""The chain config format (``keten.yaml``), declared once.

:mod:`ketenmining.config.load` takes from these records which keys each
mapping allows and needs and which words a field accepts;
:data:`CHAIN_CONFIG`'s JSON Schema is ``docs/chain-config.schema.json``
(``python -m ketenmining.config.spec`` writes it; a test checks it is current),
for editors: ``# yaml-language-server: $schema=…/chain-config.schema.json``.
The loader stays the authority for what a schema cannot say (time zones,
encodings, regular expressions, that organisations are listed).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from ketenmining.config.model import FORMATS, ID_KINDS
from ketenmining.yamlspec.nodes import (
    Choice,
    Field,
    Flag,
    Integer,
    ListOf,
    MapOf,
    OneOf,
    Record,
    Ref,
    Spec,
    Text,
)

SCHEMA_ID = "https://ketenmining.example/schemas/chain-config.schema.json"
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "docs" / "chain-config.schema.json"

#: An organisation code: a letter, then letters, digits, ``_`` or ``-`` (at most 32).
ORG_CODE = r"^[A-Za-z][A-Za-z0-9_-]{0,31}$"
#: An attribute name (it becomes the chain-log column ``attr_NAME``).
ATTRIBUTE_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
#: The lifecycle transitions of the XES standard a source value may map to.
LIFECYCLES = (
    "start",
    "complete",
    "schedule",
    "assign",
    "reassign",
    "resume",
    "suspend",
    "withdraw",
    "ate_abort",
    "pi_abort",
    "autoskip",
    "manualskip",
)

DURATION = Text(
    doc="An amount and a unit, e.g. '12 months', '90 days' or '10 working days'.",
    examples=("12 months", "90 days"),
    kind="duration",
)
TIMEZONE = Text(doc="An IANA time zone name such as Europe/Amsterdam or UTC.", kind="timezone")

PERIOD = Record(
    (
        Field("from", Text(format="date"), doc="First day of the period (YYYY-MM-DD)."),
        Field("to", Text(format="date"), doc="Last day of the period (YYYY-MM-DD)."),
    ),
    doc="The period the exports cover; events outside it are counted in the quality report.",
)
EPISODES = Record(
    (Field("gap", DURATION, required=True, doc="A new episode starts after this quiet time."),),
)

OPTIONS = Record(
    (
        Field("delimiter", Text(), doc="CSV: the one field separator, e.g. ';' or '\\t'."),
        Field("encoding", Text(), doc="CSV: utf-8, utf-8-sig, cp1252 or latin-1."),
        Field("decimal", Text(), doc="CSV: the decimal mark."),
        Field("quote", Text(), doc="CSV: the quote character."),
        Field("sheet", OneOf((Text(), Integer(minimum=0))), doc="Excel: the sheet name or index."),
        Field("skip_rows", Integer(minimum=0), doc="Rows to skip before the header."),
    ),
    doc="How to read the file.",
)
CLIENT_ID = Record(
    (
        Field("column", Text(), required=True, doc="The column that holds the client id."),
        Field(
            "kind",
            Choice(ID_KINDS, default="bsn"),
            doc="bsn (checked with the eleven test), opaque (an own number) or pseudonym.",
        ),
    ),
)
COLUMNS = Record(
    (
        Field("activity", Text(), required=True, doc="The column that holds the activity."),
        Field("timestamp", Text(), required=True, doc="The column that holds the time."),
        Field("lifecycle", Text(), doc="The column with start/complete, if any."),
        Field("org", Text(), doc="The column with the organisation, if it varies per row."),
        Field(
            "attributes",
            MapOf(Text(), key_pattern=ATTRIBUTE_NAME),
            doc="Extra columns to keep: {name: column}.",
        ),
    ),
)
TIMESTAMP = Record(
    (
        Field(
            "format",
            OneOf((Text(), ListOf(Text()))),
            doc="strftime format(s) such as '%d-%m-%Y %H:%M', or iso8601.",
        ),
        Field("timezone", TIMEZONE),
        Field("date_only", Flag(default=False), doc="The source records dates, not times."),
    ),
)
PATTERN = Record(
    (
        Field(
            "match",
            Text(kind="pattern"),
            required=True,
            doc="A regular expression on the activity name.",
        ),
        Field("step", Text(), doc="The protocol step id the matching activities are."),
    ),
)
ACTIVITIES = MapOf(
    Text(doc="The protocol step id."),
    fields=(Field("patterns", ListOf(PATTERN), doc="Regular expressions mapping to step ids."),),
    doc="The source's own activity names mapped to protocol step ids.",
)

SOURCE = Record(
    (
        Field("id", Text(), required=True, doc="Short name of the source."),
        Field("client_id", CLIENT_ID, required=True),
        Field("org", Text(), required=True, doc="Organisation code (see organisations)."),
        Field("path", Text(), required=True, doc="The export, relative to this file."),
        Field("format", Choice(FORMATS), doc="Otherwise told from the file name."),
        Field("options", OPTIONS),
        Field("dossier", Text(), doc="Own dossier number, only for 'lookup'; never travels."),
        Field("columns", COLUMNS, required=True),
        Field("timestamp", TIMESTAMP),
        Field(
            "lifecycle",
            MapOf(Choice(LIFECYCLES)),
            doc="Own lifecycle values mapped to start/complete.",
        ),
        Field("activities", ACTIVITIES),
        Field(
            "ignore",
            ListOf(OneOf((Text(), PATTERN))),
            doc="Activities that are no step of the chain route (counted and left out).",
        ),
    ),
)

TOP = Record(
    (
        Field("keten", Text(), required=True, doc="Name of the chain."),
        Field("title", Text()),
        Field("timezone", replace(TIMEZONE, default="Europe/Amsterdam")),
        Field("protocol", Text(), doc="The chain protocol, relative to this file."),
        Field("period", PERIOD),
        Field("episodes", EPISODES),
        Field(
            "organisations",
            MapOf(
                OneOf((Text(), Record((Field("name", Text()),)))),
                key_pattern=ORG_CODE,
            ),
            doc="Organisation codes and their names.",
        ),
        Field("sources", ListOf(Ref(name="source"), min_items=1), required=True),
    ),
)

CHAIN_CONFIG = Spec(
    id=SCHEMA_ID,
    title="ketenmining chain config",
    description="The chain config keten.yaml: organisations and their exports (see README.md).",
    root=TOP,
    defs=(("source", SOURCE),),
)


def main(argv: list[str] | None = None) -> None:
    """Write the schema (default: docs/chain-config.schema.json)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_OUT
    out.write_text(CHAIN_CONFIG.json_text(), encoding="utf-8")
    print(f"written: {out}")


if __name__ == "__main__":
    main()
