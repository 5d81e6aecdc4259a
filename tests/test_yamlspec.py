"""One declaration per YAML format: the loaders' key checks and the JSON Schemas come from it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from support import EXAMPLE

from ketenmining.config import spec as config_spec
from ketenmining.config.load import load_config
from ketenmining.errors import KetenError
from ketenmining.protocol import spec as protocol_spec
from ketenmining.protocol.load import read_protocol_text
from ketenmining.yamldoc import load_yaml_text
from ketenmining.yamlspec.checker import Checker, close_match, unknown_keys
from ketenmining.yamlspec.nodes import (
    Choice,
    Field,
    Flag,
    Integer,
    ListOf,
    MapOf,
    Null,
    Number,
    OneOf,
    Record,
    Ref,
    Spec,
    Text,
)

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = [
    EXAMPLE / "keten.yaml",
    ROOT / "ketenmining" / "templates" / "keten.yaml",
    ROOT / "ketenmining" / "examples" / "midden-brabant" / "keten.yaml",
]


def _as_json(text: str) -> Any:
    """YAML as the JSON an editor's schema check sees (dates become ISO text)."""
    return json.loads(
        json.dumps(
            yaml.safe_load(text),
            default=lambda v: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v),
        )
    )


def _errors(spec: Spec, text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(spec.json_schema())
    return [e.message for e in validator.iter_errors(_as_json(text))]


# -- the declarations and their JSON Schema -------------------------------------------


def test_committed_chain_config_schema_is_current() -> None:
    committed = (ROOT / "docs" / "chain-config.schema.json").read_text(encoding="utf-8")
    assert committed == config_spec.CHAIN_CONFIG.json_text()


def test_generated_schemas_are_valid_draft_2020_12() -> None:
    for spec in (config_spec.CHAIN_CONFIG, protocol_spec.PROTOCOL):
        jsonschema.Draft202012Validator.check_schema(spec.json_schema())


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_example_configs_validate_against_the_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("__NAME__", "demo")
    assert _errors(config_spec.CHAIN_CONFIG, text) == []


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ("  - id: a\n", "  - id: a\n    colums: {}\n"),  # unknown key in a source
        ("kind: bsn", "kind: bsnn"),  # not one of the id kinds
        ("format: csv", "format: docx"),
        ("sources:\n", "sourcse:\n"),
        ("{from: 2024-01-01", "{from: 2024-01-01, until: 2024-02-01"),
        ("VT: Veilig Thuis", "V T: Veilig Thuis"),  # not an organisation code
    ],
)
def test_config_schema_rejects_what_the_loader_rejects(
    change: str, found: str, tmp_path: Path
) -> None:
    good = (
        "keten: t\nperiod: {from: 2024-01-01}\norganisations: {VT: Veilig Thuis}\nsources:\n"
        "  - id: a\n    org: VT\n    path: a.csv\n    format: csv\n"
        "    client_id: {column: BSN, kind: bsn}\n    columns: {activity: A, timestamp: T}\n"
    )
    assert _errors(config_spec.CHAIN_CONFIG, good) == []
    bad = good.replace(change, found)
    assert bad != good
    assert _errors(config_spec.CHAIN_CONFIG, bad)
    path = tmp_path / "keten.yaml"
    path.write_text(bad)
    with pytest.raises(KetenError):
        load_config(path)


def test_each_node_kind_validates_and_rejects_as_declared() -> None:
    spec = Spec(
        id="x",
        title="t",
        description="d",
        root=Record(
            (
                Field("name", Text(pattern=r"^[a-z]+$"), required=True, doc="A name."),
                Field("flag", Flag(default=False)),
                Field("count", Integer(minimum=0)),
                Field("share", Number(minimum=0, maximum=1)),
                Field("colour", Choice(("red", "blue"))),
                Field("items", ListOf(Ref(name="item"), min_items=1)),
                Field("codes", MapOf(Text(), key_pattern=r"^[A-Z]+$")),
                Field(
                    "either",
                    OneOf((Null(), Integer())),
                ),
            ),
            extensions=True,
        ),
        defs=(("item", Record((Field("id", Text(), required=True),))),),
    )
    schema = spec.json_schema()
    assert schema["properties"]["name"]["description"] == "A name."
    assert schema["required"] == ["name"]
    validator = jsonschema.Draft202012Validator(schema)
    good = {
        "name": "ab",
        "flag": True,
        "count": 0,
        "share": 0.5,
        "colour": "red",
        "items": [{"id": "i"}],
        "codes": {"VT": "Veilig Thuis"},
        "either": None,
        "x-note": "free",
    }
    assert list(validator.iter_errors(good)) == []
    for key, value in [
        ("name", "AB"),
        ("flag", "yes"),
        ("count", -1),
        ("share", 2),
        ("colour", "green"),
        ("items", []),
        ("items", [{}]),
        ("codes", {"vt": "x"}),
        ("either", "text"),
        ("other", 1),
    ]:
        assert list(validator.iter_errors({**good, key: value})), (key, value)
    assert list(validator.iter_errors({k: v for k, v in good.items() if k != "name"}))


# -- the shared checker ------------------------------------------------------------------


def test_unknown_keys_with_did_you_mean_and_extensions() -> None:
    allowed = ("label", "by", "joint")
    assert unknown_keys({"label": 1, "lable": 2, "zzz": 3}, allowed) == [
        ("lable", "label"),
        ("zzz", None),
    ]
    assert unknown_keys({"x-note": 1}, allowed) == [("x-note", None)]
    assert unknown_keys({"x-note": 1}, allowed, extensions=True) == []
    assert unknown_keys({1: "a"}, allowed) == [(1, None)]
    assert close_match("jiont", allowed) == "joint"


class _Collect(Checker):
    def __init__(self, text: str) -> None:
        super().__init__(load_yaml_text(text, "f.yaml"))
        self.said: list[tuple[str, str, str]] = []

    def unknown_key(self, path, key, close, allowed, **context):  # type: ignore[no-untyped-def]
        self.said.append(("unknown", f"{key}->{close}", str(self.where(path, key=True))))

    def missing_key(self, path, key, **context):  # type: ignore[no-untyped-def]
        self.said.append(("missing", key, str(self.where(path))))


def test_checker_reports_positions_from_the_record() -> None:
    record = Record((Field("label", Text(), required=True), Field("by", Text(), required=True)))
    c = _Collect("step:\n  lable: x\n  by: VT\n")
    c.check_keys(("step",), c.doc.data["step"], record)
    assert [s[:2] for s in c.said] == [("unknown", "lable->label"), ("missing", "label")]
    assert c.said[0][2].endswith(":2:3") and c.said[1][2].endswith(":2:3")
    c.said.clear()
    c.check_keys(("step",), c.doc.data["step"], record, required=())
    assert [s[0] for s in c.said] == ["unknown"]


# -- the loaders use the declarations -----------------------------------------------------


@pytest.mark.parametrize(
    ("where", "record"),
    [
        ("top", config_spec.TOP),
        ("source", config_spec.SOURCE),
        ("columns", config_spec.COLUMNS),
        ("options", config_spec.OPTIONS),
    ],
)
def test_config_loader_allows_exactly_the_declared_keys(
    where: str, record: Record, tmp_path: Path
) -> None:
    extra = "qqqqqqq: 1"
    body = (
        "keten: t\n"
        + (f"{extra}\n" if where == "top" else "")
        + "sources:\n  - id: a\n    org: VT\n    path: a.csv\n    client_id: {column: BSN}\n"
        + (f"    {extra}\n" if where == "source" else "")
        + "    columns: {activity: A, timestamp: T"
        + (f", {extra}" if where == "columns" else "")
        + "}\n"
        + (f"    options: {{{extra}}}\n" if where == "options" else "")
    )
    path = tmp_path / "keten.yaml"
    path.write_text(body)
    with pytest.raises(KetenError) as err:
        load_config(path)
    (line,) = err.value.lines()
    assert "unknown key 'qqqqqqq'" in line
    assert "allowed: " + ", ".join(sorted(record.names())) in line


def test_protocol_loader_allows_exactly_the_declared_keys() -> None:
    text = (
        "protocol: p\nversion: 1.0.0\norganisations: {VT: Veilig Thuis}\n"
        "steps:\n  a: {label: A, by: VT, qqqqqqq: 1}\nroute: a\n"
        "rules:\n  - {id: R1, response: {from: a, to: a, qqqqqqq: 1}}\n"
    )
    findings = read_protocol_text(text).findings
    hints = sorted(f.hint or "" for f in findings if "qqqqqqq" in f.message)
    assert hints == sorted(
        [
            "allowed here: " + ", ".join(protocol_spec.STEP.names()),
            "allowed here: " + ", ".join(protocol_spec.kind_params("response").names()),
        ]
    )
    assert protocol_spec.kind_params("response").required() == ("from", "to")


def test_config_values_are_read_as_declared(tmp_path: Path) -> None:
    path = tmp_path / "keten.yaml"
    path.write_text(
        "keten: t\nsources:\n"
        "  - id: a\n    org: VT\n    path: a.csv\n    client_id: {column: BSN}\n"
        "    columns: {activity: A, timestamp: T}\n"
        "    options: {skip_rows: -1}\n"
        "    timestamp: {date_only: 'yes'}\n"
    )
    with pytest.raises(KetenError) as err:
        load_config(path)
    lines = err.value.lines()
    assert len(lines) == 2, lines
    assert "keten.yaml:8:" in lines[0] and "skip_rows must be a whole number >= 0" in lines[0]
    assert "keten.yaml:9:" in lines[1] and "date_only must be true or false" in lines[1]
    assert isinstance(config_spec.OPTIONS.field("skip_rows").node, Integer)
    assert isinstance(config_spec.TIMESTAMP.field("date_only").node, Flag)
    good = path.read_text().replace("-1", "2").replace("'yes'", "true")
    path.write_text(good)
    source = load_config(path).source("a")
    assert source.options.skip_rows == 2 and source.timestamp.date_only is True


# -- one set of typed reads, two voices -----------------------------------------------


class _Refusals(_Collect):
    """A checker that notes every refusal as (kind, what, line:column)."""

    def refuse(self, path, kind, what, value, **detail):  # type: ignore[no-untyped-def]
        where = self.where(path)
        self.said.append((kind, what, f"{where.line}:{where.column}"))


def test_typed_reads_follow_the_declaration() -> None:
    c = _Refusals(
        "t: abc\nn: 12\nf: true\nk: 3\nb: true\ne: red\nd: 2024-05-10\ns: '2024-05-11'\n"
        "w: 2024-05-12T10:00:00\nu: 5 werkdagen\nz: Europe/Amsterdam\nr: '^Intake'\n"
        "names: [a, b]\none: a\ndays: [2024-01-02, 7]\n"
    )
    d = c.doc.data

    def read(key: str, node: Any) -> Any:
        return c.read((key,), d[key], node, key)

    assert read("t", Text()) == "abc"
    assert read("n", Text()) is None  # a number is no text …
    assert c.text(("n",), d["n"], "n", allow_number=True) == "12"  # … unless allowed
    assert read("f", Flag()) is True
    assert read("k", Integer()) == 3
    assert read("b", Integer()) is None  # true is no count
    assert read("e", Choice(("red", "blue"))) == "red"
    assert read("d", Text(format="date")) == dt.date(2024, 5, 10)
    assert read("s", Text(format="date")) == dt.date(2024, 5, 11)  # ISO text is a date too
    assert read("w", Text(format="date")) == dt.date(2024, 5, 12)
    duration = read("u", Text(kind="duration"))
    assert (duration.amount, duration.unit) == (5, "working_days")
    assert read("z", Text(kind="timezone")) == "Europe/Amsterdam"
    assert read("r", Text(kind="pattern")).match("Intake VT")
    assert read("names", ListOf(Text())) == ("a", "b")
    assert read("one", OneOf((Text(), ListOf(Text())))) == ("a",)
    assert read("days", ListOf(Text(format="date"), item_what="day")) == (dt.date(2024, 1, 2),)
    assert c.said == [("text", "n", "2:4"), ("count", "b", "5:4"), ("date", "day", "15:20")]


def test_typed_reads_refuse_each_wrong_kind_at_its_value() -> None:
    c = _Refusals(
        "m: [1]\nl: x\nt: {a: 1}\nf: 'yes'\nk: -1\ne: green\nd: 31-12-2024\nu: soon\n"
        "z: Europe/Amsterdm\nr: '[a'\n"
    )
    d = c.doc.data
    nodes = {
        "t": Text(),
        "f": Flag(),
        "k": Integer(),
        "e": Choice(("red", "blue")),
        "d": Text(format="date"),
        "u": Text(kind="duration"),
        "z": Text(kind="timezone"),
        "r": Text(kind="pattern"),
        "l": ListOf(Text(format="date")),
    }
    assert c.mapping(("m",), d["m"], "m") is None
    for key, node in nodes.items():
        assert c.read((key,), d[key], node, key) in (None, ())
    assert sorted(c.said, key=lambda s: int(s[2].split(":")[0])) == [
        ("mapping", "m", "1:4"),
        ("list", "l", "2:4"),
        ("text", "t", "3:4"),
        ("flag", "f", "4:4"),
        ("count", "k", "5:4"),
        ("choice", "e", "6:4"),
        ("date", "d", "7:4"),
        ("duration", "u", "8:4"),
        ("timezone", "z", "9:4"),
        ("pattern", "r", "10:4"),
    ]


def test_an_open_choice_reads_any_text_and_refuses_the_rest() -> None:
    c = _Refusals("a: BE\nb: 5\n")
    node = Choice(("NL",), strict=False)
    assert c.read(("a",), "BE", node, "country") == "BE"
    assert c.read(("b",), 5, node, "country") is None
    assert c.said == [("text", "country", "2:4")]
    assert node.schema() == {"enum": ["NL"]}  # the schema still offers the known words


def test_read_fields_gives_the_declared_defaults() -> None:
    record = Record(
        (
            Field("lang", Choice(("nl", "en"), default="nl")),
            Field("after", Text(kind="duration", default="3 months")),
            Field("joint", Flag()),
        )
    )
    c = _Refusals("lang: fr\n")
    v = c.read_fields((), c.doc.data, record)
    after = v["after"]
    assert v["lang"] == "nl"  # wrong: said once, then the default
    assert (after.amount, after.unit) == (3, "months")
    assert "joint" not in v  # absent and no default
    assert c.said == [("choice", "lang", "1:7")]


def test_the_protocol_reads_its_defaults_from_the_spec() -> None:
    bare = read_protocol_text(
        "protocol: p\nversion: 1.0.0\norganisations: {VT: Veilig Thuis}\n"
        "steps:\n  a: {label: A, by: VT}\nroute: a\n"
    ).protocol
    assert bare is not None
    calendar = protocol_spec.CALENDAR
    for name in ("country", "good_friday", "liberation_day", "timezone"):
        node = calendar.field(name).node
        assert getattr(bare.calendar, name) == node.default, name  # type: ignore[attr-defined]
    assert bare.calendar.closed == ()
    assert bare.language == protocol_spec.TOP.field("language").node.default == "nl"
    closed_after = protocol_spec.TOP.field("case_closed_after").node.default
    assert bare.case_closed_after.text("en") == closed_after == "3 months"
    schema = protocol_spec.PROTOCOL.json_schema()["properties"]
    assert schema["calendar"]["properties"]["liberation_day"]["default"] == "lustrum"
    assert schema["case_closed_after"]["default"] == "3 months"


def test_the_protocol_words_the_shared_reads_as_p001() -> None:
    text = (
        "protocol: p\nversion: 1.0.0\nlanguage: fr\ncase_closed_after: soon\n"
        "calendar: {country: BE, good_friday: maybe, closed: ['2024-13-01']}\n"
        "organisations: {VT: Veilig Thuis}\nsteps:\n  a: {label: A, by: VT, joint: 'yes'}\n"
        "route: a\n"
    )
    result = read_protocol_text(text)
    said = sorted((f.where.line, f.where.column, f.code, f.message) for f in result.findings)
    assert said == [
        (3, 11, "P001", "language must be one of nl, en, not 'fr'"),
        (
            4,
            20,
            "P001",
            "case_closed_after: 'soon' is not a duration like '5 working days' or '10 weeks'",
        ),
        (5, 38, "P001", "good_friday must be one of closed, open, not 'maybe'"),
        (5, 54, "P001", "closed day must be a date YYYY-MM-DD, not '2024-13-01'"),
        (8, 32, "P001", "joint must be true or false, not 'yes'"),
    ]
    assert result.protocol is not None
    assert result.protocol.calendar.country == "BE"  # read as text: lint rule P012 names it
    assert result.protocol.calendar.good_friday == "closed"
    assert result.protocol.language == "nl"


def test_the_config_words_the_shared_reads_in_english(tmp_path: Path) -> None:
    path = tmp_path / "keten.yaml"
    path.write_text(
        "keten: t\ntimezone: Europe/Amsterdm\nperiod: {from: '2024-01-01', to: 2023-12-31}\n"
        "episodes: {gap: soon}\nsources:\n"
        "  - id: a\n    org: VT\n    path: a.csv\n    client_id: {column: BSN, kind: bsnn}\n"
        "    columns: {activity: A, timestamp: T}\n    options: {skip_rows: true}\n"
        "    activities: {patterns: [{match: '[a', step: b}]}\n"
    )
    with pytest.raises(KetenError) as err:
        load_config(path)
    lines = [line.removeprefix(f"{path}:") for line in err.value.lines()]
    assert lines == [
        "2:11: unknown time zone 'Europe/Amsterdm'"
        " — hint: use an IANA name such as Europe/Amsterdam or UTC",
        "3:9: period from is after period to",  # a quoted ISO date is a date, as in a protocol
        "4:17: 'soon' is not a duration like '5 working days' or '10 weeks'"
        " — hint: write e.g. '12 months', '90 days' or '10 working days'",
        "11:26: skip_rows must be a whole number >= 0",  # true is no count
        "9:36: unknown id kind 'bsnn' — hint: use bsn, opaque or pseudonym",
        "12:37: invalid regular expression: unterminated character set"
        " — hint: check brackets and escapes",
    ]


def test_both_formats_use_the_one_set_of_typed_reads() -> None:
    from ketenmining.config.load import _Validator
    from ketenmining.protocol.reader import Reader

    reads = {"read", "read_fields", "mapping", "text", "flag", "count", "choice", "names"}
    reads |= {"list_of", "date", "duration", "timezone", "pattern"}
    assert reads <= set(vars(Checker))
    for voice in (_Validator, Reader):
        assert not reads & set(vars(voice)), voice  # each format only words the problems
        assert "refuse" in vars(voice)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("5", "'5' is not a strftime format"),  # was a TypeError traceback
        ("{a: 1}", "'format' must be a text or a list of texts, not a dict"),
        ("['%d-%m-%Y', 7]", "'7' is not a strftime format"),
    ],
)
def test_config_timestamp_formats_are_read_as_a_name_or_names(
    written: str, said: str, tmp_path: Path
) -> None:
    path = tmp_path / "keten.yaml"
    path.write_text(
        "keten: t\nsources:\n"
        "  - id: a\n    org: VT\n    path: a.csv\n    client_id: {column: BSN}\n"
        f"    columns: {{activity: A, timestamp: T}}\n    timestamp: {{format: {written}}}\n"
    )
    with pytest.raises(KetenError) as err:
        load_config(path)
    (line,) = err.value.lines()
    assert "keten.yaml:8:" in line and said in line
