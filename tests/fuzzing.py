"""Fuzz targets and input strategies for every parser (issue 13, item 1).

Each target takes one generated input, writes it to a file in a scratch folder
and runs the parser on it. The only acceptable outcomes are a correct result
(checked here) or a :class:`~ketenmining.errors.KetenError` with one line per
problem and a location; anything else (another exception, a hang) fails.
``tests/test_fuzz_parsers.py`` runs them with a bounded number of examples in
``make test``; ``benchmarks/fuzz.py`` runs them for a time budget each.
"""

from __future__ import annotations

import io
import json
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from ketenmining.errors import KetenError

BSNS = ["123456782", "111222333", "100000009", "123.456.782", "12345678", "0", "", "abc"]
TIMES = [
    "02-01-2024 10:00",
    "31-12-2023 23:59",
    "30-02-2024 10:00",
    "2024-01-02T10:00:00",
    "2024-01-02T10:00:00+01:00",
    "99-99-9999 99:99",
    "",
    "0",
    "-1",
    "1e309",
]
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12
) | st.sampled_from(["Melding", "=HYPERLINK(1)", "a\x00b", "\x1b[2J", '"', ";", ",", "\r\n", " "])
CELLS = st.sampled_from(BSNS) | st.sampled_from(TIMES) | TEXT | st.sampled_from(["Actie", "BSN"])


class Outcome:
    """What a target did: ``ok`` (a checked result) or ``refused`` (a KetenError)."""

    OK = "ok"
    REFUSED = "refused"


def refused(exc: KetenError) -> str:
    """Check a KetenError is fit to show: one line per problem, each with a location."""
    lines = exc.lines()
    assert lines and all(line and "\n" not in line for line in lines), lines
    assert all(p.where is not None or "\n" not in p.message for p in exc.problems)
    assert "Traceback" not in " ".join(lines)
    return Outcome.REFUSED


def mutate(data: bytes, draw: Callable[[Any], Any]) -> bytes:
    """A few byte-level edits of ``data``: flips, deletions, insertions, truncation, splices."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "repeat", "token"]))
        if not buf:
            buf.extend(draw(st.binary(min_size=1, max_size=8)))
            continue
        # a position as a share of the length, so the draws do not depend on the length
        # (a workbook's bytes vary with the time it was saved)
        at = draw(st.integers(0, 1 << 20)) * (len(buf) - 1) >> 20
        if kind == "flip":
            buf[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "delete":
            del buf[at : at + draw(st.integers(1, 16))]
        elif kind == "insert":
            buf[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "truncate":
            del buf[at:]
        elif kind == "repeat":
            buf[at:at] = bytes(buf[at : at + draw(st.integers(1, 64))]) * draw(st.integers(2, 5))
        else:
            token = draw(
                st.sampled_from(
                    [
                        b"\x00",
                        b'"',
                        b";",
                        b"\n",
                        b"{",
                        b"}",
                        b"[",
                        b"<",
                        b"&",
                        b":",
                        b"-",
                        b"99999999999999999999",
                        b"2024-02-30",
                        b"\xff",
                    ]
                )
            )
            buf[at:at] = token
    return bytes(buf)


# --- source files -------------------------------------------------------------------


def _source(path: Path, fmt: str, columns: dict[str, str], **kw: Any) -> Any:
    from ketenmining.config.model import ColumnMap, ReadOptions, SourceConfig, TimestampSpec

    options = kw.pop("options", ReadOptions())
    return SourceConfig(
        id="bron",
        org="VT",
        path=path,
        format=fmt,
        id_column=columns["id"],
        id_kind="bsn",
        columns=ColumnMap(activity=columns["activity"], timestamp=columns["timestamp"]),
        timestamp=kw.pop("timestamp", TimestampSpec(formats=("%d-%m-%Y %H:%M",))),
        options=options,
        **kw,
    )


def _check_mapped(mapped: Any, rows_in: int | None) -> str:
    table = mapped.table
    assert table.num_rows >= 0
    if rows_in is not None:
        assert table.num_rows <= rows_in, (table.num_rows, rows_in)
    for name in ("activity_raw", "timestamp"):
        assert name in table.column_names, table.column_names
    return Outcome.OK


def run_source(path: Path, fmt: str, rows_in: int | None, **kw: Any) -> str:
    """Read one source file through ``read_mapped`` (read, map, check)."""
    from ketenmining.ingest import read_mapped

    columns = {"id": "BSN", "activity": "Actie", "timestamp": "Datum"}
    try:
        return _check_mapped(read_mapped(_source(path, fmt, columns, **kw)), rows_in)
    except KetenError as exc:
        return refused(exc)


@st.composite
def csv_inputs(draw: Callable[[Any], Any]) -> bytes:
    """CSV text: a header (sometimes wrong) and rows of hostile cells, or a mutated good file."""
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    if draw(st.booleans()):  # mostly good: valid ids and times, hostile activity names
        good = st.tuples(
            st.sampled_from(["123456782", "111222333", "100000009"]),
            TEXT.filter(lambda t: t.strip() != ""),
            st.sampled_from(["02-01-2024 10:00", "31-12-2023 23:59", "15-06-2024 08:05"]),
        )
        rows = draw(st.lists(good, min_size=1, max_size=8))
        out = io.StringIO()
        import csv

        csv.writer(out, delimiter=";", lineterminator="\n").writerows(
            [("BSN", "Actie", "Datum"), *rows]
        )
        return out.getvalue().encode("utf-8")
    header = draw(
        st.sampled_from([["BSN", "Actie", "Datum"], ["Datum", "BSN", "Actie", "Extra"]])
        | st.lists(CELLS, min_size=0, max_size=4)
    )
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=5), max_size=8))
    out = io.StringIO()
    import csv

    writer = csv.writer(
        out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), "replace")
    if draw(st.booleans()):
        data = mutate(data, draw)
    return data


def run_csv(data: bytes, folder: Path) -> str:
    path = folder / "bron.csv"
    path.write_bytes(data)
    return run_source(path, "csv", data.count(b"\n") + data.count(b"\r") + 1)


@st.composite
def jsonl_inputs(draw: Callable[[Any], Any]) -> bytes:
    """JSON lines: objects with hostile values, other JSON values, or mutated text."""
    values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | CELLS,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(CELLS, inner, max_size=3),
        max_leaves=6,
    )
    record = st.fixed_dictionaries(
        {
            "BSN": st.sampled_from(BSNS) | values,
            "Actie": CELLS | values,
            "Datum": st.sampled_from(TIMES) | values,
        }
    )
    if draw(st.booleans()):  # mostly good: valid ids and times, hostile activity names
        record = st.fixed_dictionaries(
            {
                "BSN": st.sampled_from(["123456782", "111222333"]),
                "Actie": TEXT.filter(lambda t: t.strip() != ""),
                "Datum": st.sampled_from(["2024-01-02T10:00:00", "2024-03-01T09:30:00+01:00"]),
            }
        )
        values = record
    lines = draw(st.lists(record | values, max_size=8))
    data = "\n".join(json.dumps(v, ensure_ascii=draw(st.booleans())) for v in lines).encode()
    if draw(st.booleans()):
        data = mutate(data, draw)
    return data


def run_jsonl(data: bytes, folder: Path) -> str:
    from ketenmining.config.model import TimestampSpec

    path = folder / "bron.jsonl"
    path.write_bytes(data)
    return run_source(
        path, "jsonl", data.count(b"\n") + 1, timestamp=TimestampSpec(formats=("iso8601",))
    )


@st.composite
def xlsx_inputs(draw: Callable[[Any], Any]) -> bytes:
    """A workbook with hostile cells (text, numbers, dates, empty), or a mutated one."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    cell = (
        CELLS.filter(lambda s: s.isprintable())
        | st.integers(-(10**12), 10**12)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1))
        | st.none()
    )
    header = draw(st.sampled_from([["BSN", "Actie", "Datum"]]) | st.lists(cell, max_size=4))
    sheet.append(header)
    for row in draw(st.lists(st.lists(cell, max_size=5), max_size=6)):
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    data = buf.getvalue()
    if draw(st.integers(0, 3)) == 0:
        data = mutate(data, draw)
    return data


def run_xlsx(data: bytes, folder: Path) -> str:
    path = folder / "bron.xlsx"
    path.write_bytes(data)
    return run_source(path, "xlsx", None)


XES_GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <trace>
    <string key="concept:name" value="{case}"/>
    <string key="client:bsn" value="{bsn}"/>
    <event>
      <string key="concept:name" value="{activity}"/>
      <date key="time:timestamp" value="{time}"/>
      <string key="lifecycle:transition" value="{lifecycle}"/>
    </event>
    <event>
      <string key="concept:name" value="Onderzoek"/>
      <date key="time:timestamp" value="2024-01-03T10:00:00.000+01:00"/>
    </event>
  </trace>
</log>
"""


@st.composite
def xes_inputs(draw: Callable[[Any], Any]) -> bytes:
    """An XES log with hostile attribute values, or a mutated one (entities, DTDs included)."""
    from xml.sax.saxutils import escape

    def attr(values: Any) -> str:
        return escape(draw(values), {'"': "&quot;"})

    text = XES_GOOD.format(
        case=attr(CELLS),
        bsn=attr(st.sampled_from(BSNS) | CELLS),
        activity=attr(CELLS),
        time=attr(st.sampled_from([*TIMES, "2024-01-02T10:00:00.000+01:00"])),
        lifecycle=attr(st.sampled_from(["complete", "start", "", "COMPLETE"]) | CELLS),
    )
    if draw(st.integers(0, 5)) == 0:
        text = '<!DOCTYPE log [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n' + text.split(
            "\n", 1
        )[1].replace('value="Onderzoek"', 'value="&b;"')
    data = text.encode("utf-8", "replace")
    if draw(st.booleans()):
        data = mutate(data, draw)
    return data


def run_xes(data: bytes, folder: Path) -> str:
    from ketenmining.config.model import ColumnMap, TimestampSpec

    path = folder / "bron.xes"
    path.write_bytes(data)
    from ketenmining.ingest import read_mapped

    source = _source(
        path,
        "xes",
        {"id": "case:client:bsn", "activity": "concept:name", "timestamp": "time:timestamp"},
        timestamp=TimestampSpec(formats=("iso8601",)),
    )
    source = type(source)(
        **{
            **source.__dict__,
            "columns": ColumnMap(
                activity="concept:name",
                timestamp="time:timestamp",
                lifecycle="lifecycle:transition",
            ),
        }
    )
    try:
        return _check_mapped(read_mapped(source), data.count(b"<event"))
    except KetenError as exc:
        return refused(exc)


# --- chain config and protocol YAML --------------------------------------------------

CONFIG_GOOD = """\
keten: fuzz
timezone: Europe/Amsterdam
period: {from: 2023-01-01, to: 2024-12-31}
episodes: {gap: 12 months}
organisations: {HA: Huisarts, VT: Veilig Thuis}
sources:
  - id: ha
    org: HA
    path: bron.csv
    options: {delimiter: ";"}
    client_id: {column: BSN, kind: bsn}
    columns: {activity: Actie, timestamp: Datum}
    timestamp: {format: "%d-%m-%Y %H:%M"}
    activities:
      Melding: melding_gedaan
      patterns:
        - {match: "^Signaal", step: signalering}
    ignore:
      - {match: "^Overleg"}
"""
YAML_VALUES = st.sampled_from(
    [
        "99999999999999999999 months",
        "2024-02-30",
        "-1",
        "~",
        "[]",
        "{}",
        "*x",
        "&x [1]",
        "!!python/object:os.system",
        "'^(a+)+$'",
        "'(?=a)'",
        "'['",
        "0 days",
        "1e999",
        "yes",
        '"\\x00"',
        "1201 months",
        "12 fortnights",
        "Mars/Olympus",
    ]
) | st.text(alphabet=string.printable, max_size=10)


@st.composite
def yaml_inputs(draw: Callable[[Any], Any], good: str) -> bytes:
    """A good YAML document with values swapped, lines dropped or duplicated, or mutated."""
    lines = good.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["value", "drop", "dup", "indent"]))
        if kind == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(YAML_VALUES)}"
        elif kind == "drop":
            del lines[i]
        elif kind == "dup":
            lines.insert(i, lines[i])
        else:
            lines[i] = " " * draw(st.integers(0, 3)) + lines[i].lstrip()
        if not lines:
            break
    data = ("\n".join(lines) + "\n").encode("utf-8", "replace")
    if draw(st.integers(0, 3)) == 0:
        data = mutate(data, draw)
    return data


def config_inputs() -> Any:
    return yaml_inputs(CONFIG_GOOD)


def run_config(data: bytes, folder: Path) -> str:
    from ketenmining.config.load import load_config

    (folder / "bron.csv").write_text("BSN;Actie;Datum\n123456782;Melding;02-01-2024 10:00\n")
    path = folder / "keten.yaml"
    path.write_bytes(data)
    try:
        config = load_config(path)
    except KetenError as exc:
        return refused(exc)
    assert config.sources, "a config without sources must be refused"
    codes = {code for code, _ in config.organisations}
    assert not codes or all(s.org in codes for s in config.sources)  # the list is optional
    return Outcome.OK


def protocol_inputs() -> Any:
    from support import PROTOCOL

    return yaml_inputs(PROTOCOL.read_text(encoding="utf-8"))


def run_protocol(data: bytes, folder: Path) -> str:
    """Load a protocol and run the structural lint rules, as audit does: problems are
    findings with a place; a protocol without errors must build its rule evaluator."""
    from ketenmining.protocol.load import read_protocol

    path = folder / "protocol.yaml"
    path.write_bytes(data)
    try:
        result = read_protocol(path)
    except KetenError as exc:
        return refused(exc)
    for finding in result.findings:
        assert finding.where is None or finding.where.file, finding
        assert "\n" not in finding.message, finding
    from ketenmining.protocol.lint import structural_findings

    checked = structural_findings(result)  # what audit and conform check before they run
    for finding in checked:
        assert finding.where is None or finding.where.file, finding
        assert "\n" not in finding.message, finding
    if result.errors or any(f.severity == "error" for f in checked):
        return Outcome.REFUSED
    if result.protocol is not None:
        from ketenmining.protocol.evaluate import Evaluator

        Evaluator(result.protocol)
    return Outcome.OK


# --- the chain-log Parquet -----------------------------------------------------------


@st.composite
def chainlog_inputs(draw: Callable[[Any], Any]) -> bytes:
    """A chain log with columns dropped, retyped or nulled and its metadata damaged."""
    import chainlogs
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ketenmining.chainlog import META_KEY

    table = chainlogs.good_table(draw(st.integers(0, 6)))
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(table.column_names))
        i = table.column_names.index(name)
        kind = draw(st.sampled_from(["drop", "text", "int", "null", "timestamp"]))
        n = table.num_rows
        if kind == "drop":
            table = table.remove_column(i)
        elif kind == "text":
            values = [str(v) for v in table.column(i).to_pylist()]
            table = table.set_column(i, name, pa.array(values, pa.string()))
        elif kind == "int":
            table = table.set_column(i, name, pa.array(range(n), pa.int64()))
        elif kind == "timestamp":
            table = table.set_column(i, name, pa.array([0] * n, pa.timestamp("s")))
        elif n:
            values = table.column(i).to_pylist()
            values[draw(st.integers(0, n - 1))] = None
            typ = table.schema.field(i).type
            table = table.set_column(i, pa.field(name, typ), pa.array(values, typ))
    meta = dict(table.schema.metadata or {})
    choice = draw(st.integers(0, 4))
    if choice == 1:
        meta.pop(META_KEY, None)
    elif choice == 2:
        meta[META_KEY] = draw(st.binary(max_size=40))
    elif choice == 3:
        record = json.loads(meta.get(META_KEY, b"{}"))
        key = draw(st.sampled_from(sorted(record) or ["chain"]))
        record[key] = draw(
            st.none() | st.integers() | st.text(max_size=5) | st.lists(st.integers(), max_size=2)
        )
        meta[META_KEY] = json.dumps(record).encode()
    table = table.replace_schema_metadata(meta)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    data = buf.getvalue()
    if draw(st.integers(0, 4)) == 0:
        data = mutate(data, draw)
    return data


def run_chainlog(data: bytes, folder: Path) -> str:
    """Export a chain log with the command (every event read): exit 0 and a result, or
    exit 2 with one line and no output."""
    from click.testing import CliRunner

    from ketenmining.cli import main

    path = folder / "keten.parquet"
    path.write_bytes(data)
    out = folder / "out" / "keten.xes"
    result = CliRunner().invoke(main, ["export", str(path), "-o", str(out), "-q"])
    text = result.output
    assert "Traceback" not in text and "internal error" not in text, text
    if result.exit_code == 0:
        assert out.is_file() and out.stat().st_size > 0
        return Outcome.OK
    assert result.exit_code == 2, (result.exit_code, text)
    errors = [line for line in text.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, text
    assert not out.exists() and not any(out.parent.glob("*")) if out.parent.exists() else True
    return Outcome.REFUSED


#: parser name → (input strategy, target)
TARGETS: dict[str, tuple[Callable[[], Any], Callable[[bytes, Path], str]]] = {
    "csv": (csv_inputs, run_csv),
    "xlsx": (xlsx_inputs, run_xlsx),
    "jsonl": (jsonl_inputs, run_jsonl),
    "xes": (xes_inputs, run_xes),
    "config": (config_inputs, run_config),
    "protocol": (protocol_inputs, run_protocol),
    "chainlog": (chainlog_inputs, run_chainlog),
}
