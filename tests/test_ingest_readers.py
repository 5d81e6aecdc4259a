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


# ---------------------------------------------------------------- XLSX written by hand (other producers)

_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _handmade_xlsx(path: Path, sheet_xml: str, date1904: bool = False) -> None:
    import zipfile

    parts = {
        "xl/workbook.xml": f'<workbook {_MAIN} xmlns:r="{_REL}"><workbookPr date1904="{int(date1904)}"/>'
        '<sheets><sheet name="Leeg" sheetId="1" r:id="rId1"/><sheet name="Export" sheetId="2" r:id="rId2"/>'
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/>'
        '<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml" Type="x"/></Relationships>',
        "xl/sharedStrings.xml": f"<sst {_MAIN}><si><t>Zaak</t></si><si><r><t>Melding </t></r><r><t>ontvangen</t></r>"
        "<rPh><t>ignored</t></rPh></si><si><t>Tijdstip</t></si></sst>",
        "xl/styles.xml": f'<styleSheet {_MAIN}><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/>'
        '<numFmt numFmtId="165" formatCode="&quot;dag&quot;\\ 0.0"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f"<worksheet {_MAIN}><sheetData/></worksheet>",
        "xl/worksheets/sheet2.xml": f"<worksheet {_MAIN}><sheetData>{sheet_xml}</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)


def test_xlsx_cell_kinds_from_other_producers(tmp_path: Path) -> None:
    path = tmp_path / "hand.xlsx"
    rows = (
        '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="inlineStr"><is><t>Activiteit</t></is></c>'
        '<c r="C3" t="s"><v>2</v></c><c r="D3" t="inlineStr"><is><t>Ok</t></is></c>'
        '<c r="E3" t="inlineStr"><is><t>Duur</t></is></c><c r="F3" t="inlineStr"><is><t>Dag</t></is></c></row>'
        # cells without r attributes, rich text shared string, custom date style, boolean, formula text
        '<row r="4"><c t="inlineStr"><is><t>Z-1</t></is></c><c t="s"><v>1</v></c><c s="1"><v>45352.5</v></c>'
        '<c t="b"><v>1</v></c><c s="3"><v>2.5</v></c><c s="2"><v>45353</v></c></row>'
        '<row r="6"><c r="A6" t="str"><f>"Z-"&amp;2</f><v>Z-2</v></c><c r="B6" t="inlineStr"><is><r><t>Huis</t></r>'
        '<r><t>bezoek</t></r></is></c><c r="C6" s="1"><v>45353.25</v></c><c r="D6" t="b"><v>0</v></c>'
        '<c r="E6" t="e"><v>#DIV/0!</v></c><c r="F6" s="2"><v>45354</v></c></row>'
    )
    _handmade_xlsx(path, rows)
    opts = ReadOptions(sheet="Export")
    assert peek_columns(path, "xlsx", opts) == [
        "Zaak",
        "Activiteit",
        "Tijdstip",
        "Ok",
        "Duur",
        "Dag",
    ]
    table = read_table(path, "xlsx", opts, ["Zaak", "Activiteit", "Tijdstip", "Ok", "Duur", "Dag"])
    assert table.column("Zaak").to_pylist() == ["Z-1", "Z-2"]
    assert table.column("Activiteit").to_pylist() == ["Melding ontvangen", "Huisbezoek"]
    excel = dt.datetime(1899, 12, 30)  # day 0 of Excel's 1900 date system (after its leap-year bug)
    assert table.column("Tijdstip").to_pylist() == [
        excel + dt.timedelta(days=45352.5),
        excel + dt.timedelta(days=45353.25),
    ]
    assert table.column("Tijdstip").to_pylist()[0] == dt.datetime(2024, 3, 1, 12)
    assert table.column("Ok").to_pylist() == [True, False]
    assert table.column("Duur").to_pylist() == [2.5, None]  # '"dag" 0.0' is not a date format
    assert table.column("Dag").to_pylist() == [dt.datetime(2024, 3, 2), dt.datetime(2024, 3, 3)]
    assert table.column(ROW).to_pylist() == [1, 3]  # row 6 is three rows below the header (row 3)


def test_xlsx_1904_date_system(tmp_path: Path) -> None:
    path = tmp_path / "mac.xlsx"
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>t</t></is></c></row>'
        '<row r="2"><c r="A2" s="2"><v>0</v></c></row>'
    )
    _handmade_xlsx(path, rows, date1904=True)
    table = read_table(path, "xlsx", ReadOptions(sheet=1), ["t"])
    assert table.column("t").to_pylist() == [dt.datetime(1904, 1, 1)]


def test_xlsx_part_with_a_dtd_is_refused(tmp_path: Path) -> None:
    from ketenmining.errors import KetenError

    path = tmp_path / "evil.xlsx"
    _handmade_xlsx(path, "")
    import zipfile

    evil = tmp_path / "evil2.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/sharedStrings.xml":
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    + data
                )
            dst.writestr(item, data)
    with pytest.raises(KetenError, match="DTD"):
        read_table(evil, "xlsx", ReadOptions(sheet=1), ["Zaak"])
