"""Bad input: every problem is one KetenError line with where and a hint, never a cell value."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pyarrow as pa
import pytest

from ketenmining.config.model import ColumnMap, ReadOptions, SourceConfig, TimestampSpec
from ketenmining.errors import KetenError
from ketenmining.ingest import read_mapped, read_table
from ketenmining.ingest.readers import xes

BSN = "123456782"


def source(path: Path, fmt: str = "csv", **kw) -> SourceConfig:
    defaults = dict(
        id="bron",
        org="VT",
        path=path,
        format=fmt,
        id_column="BSN",
        id_kind="bsn",
        columns=ColumnMap(activity="Actie", timestamp="Datum"),
        timestamp=TimestampSpec(formats=("%d-%m-%Y %H:%M",)),
    )
    defaults.update(kw)
    return SourceConfig(**defaults)


def one_line_error(func, *args, **kwargs) -> KetenError:
    """Call ``func``; it must raise a one-line KetenError with a hint and a file."""
    with pytest.raises(KetenError) as info:
        func(*args, **kwargs)
    err = info.value
    lines = err.lines()
    assert len(lines) == 1 and "\n" not in lines[0], lines
    assert err.hint, lines
    assert err.where is not None and err.where.file, lines
    return err


def test_missing_file(tmp_path: Path) -> None:
    err = one_line_error(read_mapped, source(tmp_path / "nope.csv"))
    assert "not found" in err.message


def test_unknown_column_lists_the_available_ones(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f"BSN;Activiteit;Datum\n{BSN};A;01-02-2024 10:00\n", encoding="utf-8")
    err = one_line_error(read_mapped, source(path))
    assert "'Actie'" in err.message
    assert "'BSN', 'Activiteit', 'Datum'" in err.message
    assert BSN not in err.lines()[0]


def test_file_without_header_does_not_leak_the_first_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        f"{BSN};Intake;01-02-2024 10:00\n111222333;B;02-02-2024 10:00\n", encoding="utf-8"
    )
    err = one_line_error(read_mapped, source(path))
    assert BSN not in err.lines()[0]
    assert "Intake" not in err.message and "not shown" in err.message  # no value of the row at all
    assert "header row" in err.hint


def test_column_name_differing_in_case_gets_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("bsn;actie;datum\n1;A;01-02-2024 10:00\n", encoding="utf-8")
    err = one_line_error(read_mapped, source(path))
    assert "'Actie' → 'actie'" in err.hint


def test_wrong_delimiter_hint(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f"BSN;Actie;Datum\n{BSN};A;01-02-2024 10:00\n", encoding="utf-8")
    err = one_line_error(read_mapped, source(path, options=ReadOptions(delimiter=",")))
    assert "one column holding ';'-separated names" in err.hint
    assert "--delimiter ';'" in err.hint
    assert BSN not in err.lines()[0]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("fmt", ["csv", "xes", "jsonl", "parquet", "xlsx"])
def test_empty_file(tmp_path: Path, content: bytes, fmt: str) -> None:
    path = tmp_path / f"leeg.{fmt}"
    path.write_bytes(content)
    err = one_line_error(read_table, path, fmt, ReadOptions(), ["BSN"])
    assert "empty" in err.message


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10)
    err = one_line_error(read_mapped, source(path, "xlsx"))
    assert "XLSX" in err.message


def test_unknown_sheet_lists_sheets(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "s.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Blad1"
    wb.save(path)
    err = one_line_error(read_table, path, "xlsx", ReadOptions(sheet="Zorgsignalen"), ["BSN"])
    assert "'Blad1'" in err.message


def test_unreadable_parquet(tmp_path: Path) -> None:
    path = tmp_path / "raad.parquet"
    path.write_bytes(b"PAR1" + b"\x00" * 100)
    err = one_line_error(read_mapped, source(path, "parquet"))
    assert "Parquet" in err.message


def test_invalid_utf8_suggests_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("BSN;Actie;Datum\n1;Gesprek – café;01-02-2024 10:00\n".encode("cp1252"))
    err = one_line_error(read_mapped, source(path))
    assert "cp1252" in err.hint


def test_unknown_encoding_and_format(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("BSN;Actie;Datum\n", encoding="utf-8")
    assert (
        "encoding"
        in one_line_error(read_table, path, "csv", ReadOptions(encoding="klingon"), None).message
    )
    assert "format" in one_line_error(read_table, path, "dbase", ReadOptions(), None).message


def test_wrong_number_of_fields_names_lines_not_values(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        f"BSN;Actie;Datum\n{BSN};A;01-02-2024 10:00\n111222333;B;x;extra\n999888777;C;02-02-2024 10:00\n",
        encoding="utf-8",
    )
    err = one_line_error(read_mapped, source(path))
    assert "expected 3, found 4" in err.message and "line(s) 3" in err.message
    assert "111222333" not in err.lines()[0]


def test_bad_json_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        f'{{"BSN": "{BSN}", "Actie": "A", "Datum": "x"}}\n{{"BSN": oops}}\n', encoding="utf-8"
    )
    err = one_line_error(read_table, path, "jsonl", ReadOptions(), ["BSN"])
    assert err.where.line == 2
    assert BSN not in err.lines()[0]


def test_unparsable_timestamps_first_rows_and_count(tmp_path: Path) -> None:
    rows = [f"{BSN};A;{'01-02-2024 10:00' if i % 3 else 'morgen'}" for i in range(30)]
    path = tmp_path / "t.csv"
    path.write_text("BSN;Actie;Datum\n" + "\n".join(rows) + "\n", encoding="utf-8")
    err = one_line_error(read_mapped, source(path))
    assert "10 rows (1, 4, 7, 10, 13, …)" in err.message
    assert err.where.row == 1
    assert BSN not in err.lines()[0] and "morgen" not in err.lines()[0]


# ---------------------------------------------------------------- XES safety

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE log [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<log><trace><event><string key="concept:name" value="&lol9;"/>
<string key="BSN" value="&lol9;"/></event></trace></log>
"""


def _xxe(secret: Path, prefix: str = "") -> str:
    return (
        '<?xml version="1.0"?>\n'
        + prefix
        + f'<!DOCTYPE log [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        + '<log><trace><string key="concept:name" value="c1"/><event>'
        + '<string key="concept:name" value="a"/><string key="note">&xxe;</string>'
        + "</event></trace></log>\n"
    )


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOPSECRET-4242", encoding="utf-8")
    return path


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "lol.xes"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    started = time.perf_counter()
    err = one_line_error(read_table, path, "xes", ReadOptions(), ["concept:name"])
    assert time.perf_counter() - started < 2
    assert "DTD" in err.message
    assert "lol" not in err.lines()[0].replace("lol.xes", "")


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("xxe.xes", lambda text: text.encode()),
        ("xxe.xes.gz", lambda text: gzip.compress(text.encode())),
        (
            "xxe16.xes",
            lambda text: text.replace('"1.0"?', '"1.0" encoding="UTF-16"?').encode("utf-16"),
        ),
    ],
)
def test_external_entity_is_refused(tmp_path: Path, secret: Path, name: str, encode) -> None:
    path = tmp_path / name
    path.write_bytes(encode(_xxe(secret)))
    err = one_line_error(read_table, path, "xes", ReadOptions(), ["concept:name", "note"])
    assert "DTD" in err.message and "TOPSECRET" not in err.lines()[0]


def test_doctype_after_comments_and_instructions_is_refused(tmp_path: Path, secret: Path) -> None:
    path = tmp_path / "sneaky.xes"
    path.write_text(_xxe(secret, prefix="<!-- <log> -->\n<?pi <log>?>\n  \n"), encoding="utf-8")
    err = one_line_error(read_table, path, "xes", ReadOptions(), ["concept:name"])
    assert "DTD" in err.message


def test_parser_itself_does_not_resolve_entities(tmp_path: Path, secret: Path, monkeypatch) -> None:
    """Second line of defence: with the prolog check switched off, still no entity is read."""
    monkeypatch.setattr(xes, "_check_prolog", lambda path: None)
    path = tmp_path / "xxe.xes"
    path.write_text(_xxe(secret), encoding="utf-8")
    err = one_line_error(read_table, path, "xes", ReadOptions(), ["concept:name", "note"])
    assert "declares a DTD" in err.message and "TOPSECRET" not in err.lines()[0]

    from lxml import etree

    values = [
        el.text
        for _, el in etree.iterparse(str(path), events=("end",), tag="string", **xes.PARSER_OPTIONS)
        if el.get("key") == "note"
    ]
    assert values and not any("TOPSECRET" in (v or "") for v in values)


def test_malformed_xes_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "kapot.xes"
    path.write_text(
        '<log>\n<trace>\n<event><string key="a" value="1"/>\n</trace></log>\n', encoding="utf-8"
    )
    err = one_line_error(read_table, path, "xes", ReadOptions(), ["a"])
    assert "not well-formed" in err.message and err.where.line is not None


def test_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "half.xes.gz"
    path.write_bytes(gzip.compress(b"<log>" + b"<trace><event/></trace>" * 5000 + b"</log>")[:200])
    err = one_line_error(read_table, path, "xes", ReadOptions(), ["concept:name"])
    assert "gzip" in err.message or "well-formed" in err.message


def test_unknown_xes_attribute_lists_available(tmp_path: Path) -> None:
    path = tmp_path / "t.xes"
    path.write_text(
        '<log><trace><string key="concept:name" value="1"/><event><string key="concept:name" value="a"/>'
        "</event></trace></log>",
        encoding="utf-8",
    )
    err = one_line_error(read_table, path, "xes", ReadOptions(), ["time:timestamp"])
    assert "'time:timestamp'" in err.message and "'case:concept:name'" in err.message


def test_numbers_are_not_timestamps(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "n.parquet"
    pq.write_table(pa.table({"BSN": ["1"], "Actie": ["A"], "Datum": [45321.5]}), path)
    err = one_line_error(read_mapped, source(path, "parquet"))
    assert "not timestamps" in err.message
