"""Readers: every format, encodings, delimiters, sheets, XES attributes, row numbers."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ketenmining.config.model import ReadOptions
from ketenmining.ingest.readers import ROW, peek_columns, read_table, sample_column
from ketenmining.ingest.readers.delimited import guess_encoding, sniff_delimiter

# ---------------------------------------------------------------- CSV


def test_csv_returns_only_requested_columns_as_text_with_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "BSN;Actie;Datum;Geheim;Uren\n"
        "123456782;Intake;01-02-2024 10:00;niet meenemen;007\n"
        "\n"
        '111222333;"Overleg; met ""school""";02-02-2024 11:00;x;\n'
        "222333444;Huisbezoek;03-02-2024 12:00;y;1,5\n",
        encoding="utf-8",
    )
    table = read_table(path, "csv", ReadOptions(), ["Actie", "BSN", "Uren"])
    assert table.column_names == ["Actie", "BSN", "Uren", ROW]
    assert "Geheim" not in table.column_names
    assert table.column("BSN").type == pa.string()
    assert table.column("Uren").to_pylist() == ["007", None, "1,5"]
    assert table.column("Actie").to_pylist()[1] == 'Overleg; met "school"'
    assert table.column(ROW).to_pylist() == [1, 2, 3]


def test_csv_value_spanning_lines_keeps_record_numbers(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text('id,note,t\n1,"line one\nline two",a\n2,plain,b\n', encoding="utf-8")
    table = read_table(path, "csv", ReadOptions(delimiter=","), None)
    assert table.column("note").to_pylist() == ["line one\nline two", "plain"]
    assert table.column(ROW).to_pylist() == [1, 2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a;b;c\n1;2;3\n", ";"),
        ("a,b,c\n1,2,3\n", ","),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('a,b\n"x;y;z",2\n"p;q;r",3\n', ","),  # delimiters inside quotes do not count
    ],
)
def test_sniff_delimiter(text: str, expected: str) -> None:
    assert sniff_delimiter(text) == expected


def test_csv_cp1252_with_accents_and_dash(tmp_path: Path) -> None:
    path = tmp_path / "toegang.csv"
    path.write_bytes("Cliënt,Activiteit\n1,Gesprek – café\n2,Ëvaluatie\n".encode("cp1252"))
    assert guess_encoding(path) == "cp1252"
    table = read_table(path, "csv", ReadOptions(encoding="cp1252"), ["Cliënt", "Activiteit"])
    assert table.column("Activiteit").to_pylist() == ["Gesprek – café", "Ëvaluatie"]


def test_csv_latin1(tmp_path: Path) -> None:
    path = tmp_path / "l1.csv"
    path.write_bytes("naam;plaats\nJosé;Sint-Oedenrode\n".encode("latin-1"))
    table = read_table(path, "csv", ReadOptions(encoding="latin-1"), ["naam"])
    assert table.column("naam").to_pylist() == ["José"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8"])
def test_csv_bom_is_not_part_of_the_first_column_name(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffBSN;Actie\n1;Melding\n".encode())
    assert guess_encoding(path) == "utf-8-sig"
    assert peek_columns(path, "csv", ReadOptions(encoding=encoding)) == ["BSN", "Actie"]
    table = read_table(path, "csv", ReadOptions(encoding=encoding), ["BSN"])
    assert table.column("BSN").to_pylist() == ["1"]


def test_csv_skip_rows_before_header(tmp_path: Path) -> None:
    path = tmp_path / "skip.csv"
    path.write_text("Export Toegang\ngemaakt 2024-05-01\nid;act\n7;A\n8;B\n", encoding="utf-8")
    table = read_table(path, "csv", ReadOptions(skip_rows=2), ["id"])
    assert table.column("id").to_pylist() == ["7", "8"]
    assert table.column(ROW).to_pylist() == [1, 2]


def test_csv_sample_column(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("t;a\n2024-01-01;x\n;y\n2024-01-03;z\n", encoding="utf-8")
    assert sample_column(path, "csv", ReadOptions(), "t", 10) == ["2024-01-01", "2024-01-03"]


# ---------------------------------------------------------------- XLSX


def _workbook(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "Voorblad"
    first.append(["Dit is geen data"])
    ws = wb.create_sheet("Zorgsignalen")
    ws.append(["Burgerservicenummer", "Gebeurtenis", "Tijdstip", "Uren", "Notitie"])
    ws.append(
        [123456782, "Zorgsignaal geregistreerd", dt.datetime(2024, 3, 1, 9, 30), 1.5, "geheim"]
    )
    ws.append([None, None, None, None, None])  # a blank row in the middle
    ws.append([111222333, "Melding Veilig Thuis", dt.datetime(2024, 3, 2, 14, 0), 2, None])
    wb.save(path)


def test_xlsx_sheet_by_name_keeps_native_types(tmp_path: Path) -> None:
    path = tmp_path / "scholen.xlsx"
    _workbook(path)
    cols = ["Burgerservicenummer", "Gebeurtenis", "Tijdstip", "Uren"]
    table = read_table(path, "xlsx", ReadOptions(sheet="Zorgsignalen"), cols)
    assert table.column_names == [*cols, ROW]
    assert pa.types.is_timestamp(table.column("Tijdstip").type)
    assert table.column("Tijdstip").to_pylist()[1] == dt.datetime(2024, 3, 2, 14, 0)
    assert pa.types.is_integer(table.column("Burgerservicenummer").type)
    assert table.column("Uren").to_pylist() == [1.5, 2.0]
    # the blank row is skipped, but the numbering still finds the row in the sheet
    assert table.column(ROW).to_pylist() == [1, 3]


def test_xlsx_sheet_by_index_and_default_first_sheet(tmp_path: Path) -> None:
    path = tmp_path / "scholen.xlsx"
    _workbook(path)
    assert peek_columns(path, "xlsx", ReadOptions(sheet=1))[:2] == [
        "Burgerservicenummer",
        "Gebeurtenis",
    ]
    assert peek_columns(path, "xlsx", ReadOptions()) == ["Dit is geen data"]


def test_xlsx_mixed_column_becomes_text(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "mixed.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "t"])
    ws.append([1, dt.datetime(2024, 1, 2, 3, 4)])
    ws.append([2, "onbekend"])
    wb.save(path)
    table = read_table(path, "xlsx", ReadOptions(), ["t"])
    assert table.column("t").to_pylist() == ["2024-01-02 03:04:00", "onbekend"]


# ---------------------------------------------------------------- Parquet and JSON lines


def test_parquet_reads_only_requested_columns(tmp_path: Path) -> None:
    path = tmp_path / "raad.parquet"
    pq.write_table(
        pa.table(
            {
                "bsn": ["1", "2"],
                "handeling": ["Raadsonderzoek", "Raadsonderzoek"],
                "datum": pa.array([dt.date(2024, 1, 5), dt.date(2024, 2, 6)], pa.date32()),
                "naam": ["A", "B"],
            }
        ),
        path,
    )
    table = read_table(path, "parquet", ReadOptions(), ["datum", "bsn"])
    assert table.column_names == ["datum", "bsn", ROW]
    assert table.column("datum").type == pa.date32()
    assert table.column(ROW).to_pylist() == [1, 2]


def test_jsonl_values_come_back_as_text(tmp_path: Path) -> None:
    path = tmp_path / "politie.jsonl"
    path.write_text(
        '{"bsn": 123456782, "soort": "Zorgmelding opgemaakt", "tijdstip": "2024-01-01T10:00:00", "x": 1}\n'
        "\n"
        '{"bsn": "111222333", "soort": "Incident geregistreerd", "tijdstip": ""}\n'
        '{"bsn": 5, "soort": true, "tijdstip": "2024-01-03T10:00:00", "extra": [1, 2]}\n',
        encoding="utf-8",
    )
    table = read_table(path, "jsonl", ReadOptions(), ["bsn", "soort", "tijdstip"])
    assert table.column_names == ["bsn", "soort", "tijdstip", ROW]
    assert table.column("bsn").to_pylist() == ["123456782", "111222333", "5"]
    assert table.column("soort").to_pylist()[2] == "true"
    assert table.column("tijdstip").to_pylist()[1] is None
    assert table.column(ROW).to_pylist() == [1, 2, 3]
    assert set(peek_columns(path, "jsonl", ReadOptions())) >= {"bsn", "soort", "tijdstip", "x"}


# ---------------------------------------------------------------- XES

XES = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="concept:name" value="GLOBAL"/></global>
  <string key="source" value="log level, not an event"/>
  <trace>
    <string key="concept:name" value="dossier-1"/>
    <string key="client:bsn" value="123456782"/>
    <event>
      <string key="concept:name" value="Melding ontvangen"/>
      <date key="time:timestamp" value="2024-03-01T09:30:00.000+01:00"/>
      <string key="lifecycle:transition" value="complete"/>
      <int key="uren" value="2"/>
      <list key="tags"><values><string key="nested" value="not flattened"/></values></list>
    </event>
    <!-- a comment between events -->
    <event>
      <string key="concept:name" value="Onderzoek &amp; advies"/>
      <date key="time:timestamp" value="2024-03-05T10:00:00.000+01:00"/>
      <string key="lifecycle:transition" value="start"/>
    </event>
  </trace>
  <trace>
    <event>
      <string key="concept:name" value="Melding ontvangen"/>
      <date key="time:timestamp" value="2024-04-01T08:00:00.000+02:00"/>
    </event>
    <string key="concept:name" value="dossier-2"/>
  </trace>
</log>
"""


@pytest.mark.parametrize("compressed", [False, True])
def test_xes_event_and_trace_attributes(tmp_path: Path, compressed: bool) -> None:
    if compressed:
        path = tmp_path / "vt.xes.gz"
        path.write_bytes(gzip.compress(XES.encode()))
    else:
        path = tmp_path / "vt.xes"
        path.write_text(XES, encoding="utf-8")
    cols = [
        "case:concept:name",
        "case:client:bsn",
        "concept:name",
        "time:timestamp",
        "lifecycle:transition",
    ]
    table = read_table(path, "xes", ReadOptions(), cols)
    assert table.column_names == [*cols, ROW]
    assert table.num_rows == 3
    assert table.column("case:concept:name").to_pylist() == ["dossier-1", "dossier-1", "dossier-2"]
    assert table.column("case:client:bsn").to_pylist() == ["123456782", "123456782", None]
    assert table.column("concept:name").to_pylist() == [
        "Melding ontvangen",
        "Onderzoek & advies",
        "Melding ontvangen",
    ]
    assert table.column("time:timestamp").to_pylist()[0] == "2024-03-01T09:30:00.000+01:00"
    assert table.column("lifecycle:transition").to_pylist() == ["complete", "start", None]
    assert table.column(ROW).to_pylist() == [1, 2, 3]


def test_xes_all_attributes_without_nesting_or_globals(tmp_path: Path) -> None:
    path = tmp_path / "vt.xes"
    path.write_text(XES, encoding="utf-8")
    table = read_table(path, "xes", ReadOptions(), None)
    names = set(table.column_names)
    assert {"concept:name", "uren", "tags", "case:concept:name", "case:client:bsn"} <= names
    assert "nested" not in names and "source" not in names
    assert table.column("uren").to_pylist() == ["2", None, None]
    assert "GLOBAL" not in table.column("concept:name").to_pylist()


def test_xes_peek_columns(tmp_path: Path) -> None:
    path = tmp_path / "vt.xes"
    path.write_text(XES, encoding="utf-8")
    cols = peek_columns(path, "xes", ReadOptions())
    assert "lifecycle:transition" in cols
    assert "case:client:bsn" in cols


def test_xes_without_namespace(tmp_path: Path) -> None:
    path = tmp_path / "plain.xes"
    path.write_text(
        "<log><trace><string key='concept:name' value='1'/>"
        "<event><string key='concept:name' value='a'/></event>"
        "<event><string key='concept:name' value='b'/></event></trace></log>",
        encoding="utf-8",
    )
    table = read_table(path, "xes", ReadOptions(), ["case:concept:name", "concept:name"])
    assert table.to_pydict() == {
        "case:concept:name": ["1", "1"],
        "concept:name": ["a", "b"],
        ROW: [1, 2],
    }
