"""Mapping onto canonical columns: activities, lifecycle, org, ids, attributes, timestamps, DST."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ketenmining.config.model import (
    ActivityPattern,
    ColumnMap,
    ReadOptions,
    SourceConfig,
    TimestampSpec,
)
from ketenmining.errors import KetenError
from ketenmining.ingest import map_source, read_mapped
from ketenmining.ingest.readers import ROW
from ketenmining.ingest.timestamps import localize

UTC = dt.UTC
AMS = ZoneInfo("Europe/Amsterdam")


def source(path: Path, fmt: str = "csv", **kw) -> SourceConfig:
    """A source mapping for the test files (BSN; Actie; Datum; ...)."""
    defaults = dict(
        id="toegang",
        org="TT",
        path=path,
        format=fmt,
        id_column="BSN",
        id_kind="bsn",
        columns=ColumnMap(activity="Actie", timestamp="Datum"),
        timestamp=TimestampSpec(formats=("%d-%m-%Y %H:%M",)),
    )
    defaults.update(kw)
    return SourceConfig(**defaults)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def write(path: Path, rows: list[str], header: str = "BSN;Actie;Datum") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_canonical_columns_and_constants(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv",
        ["123456782;Intake gezin;01-02-2024 10:00", " 111222333 ;Huisbezoek;02-02-2024 11:30"],
    )
    m = read_mapped(source(path))
    t = m.table
    assert t.column_names == [
        "raw_id",
        "org",
        "activity",
        "activity_raw",
        "timestamp",
        "lifecycle",
        "source",
        "source_row",
    ]
    assert t.column("raw_id").to_pylist() == ["123456782", "111222333"]  # trimmed
    assert t.column("org").to_pylist() == ["TT", "TT"]
    assert t.column("source").to_pylist() == ["toegang", "toegang"]
    assert t.column("source_row").to_pylist() == [1, 2]
    assert t.column("lifecycle").to_pylist() == ["complete", "complete"]
    assert t.column("timestamp").type == pa.timestamp("us", tz="UTC")
    # winter time: UTC+1
    assert t.column("timestamp").to_pylist() == [utc(2024, 2, 1, 9, 0), utc(2024, 2, 2, 10, 30)]
    assert m.rows_read == 2


def test_activity_mapping_exact_then_patterns_then_ignore(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv",
        [
            "1;Intake gezin;01-02-2024 10:00",
            "2;Melding bij Veilig Thuis;01-02-2024 10:00",
            "3;Melding aan Veilig Thuis;01-02-2024 10:00",
            "4;Overleg zorgteam week 5;01-02-2024 10:00",
            "5;Koffie;01-02-2024 10:00",
            "6;Rapportage;01-02-2024 10:00",
            "7;Rapportage;01-02-2024 10:00",
            "8;Intern;01-02-2024 10:00",
        ],
    )
    src = source(
        path,
        activity_map=(("Intake gezin", "intake_tt"),),
        patterns=(
            ActivityPattern(re.compile(r"^Melding (bij|aan) Veilig Thuis"), "melding_gedaan"),
            ActivityPattern(re.compile(r"Melding"), "never_reached_for_those_above"),
        ),
        ignore_names=("Koffie",),
        ignore_patterns=(ActivityPattern(re.compile(r"^Overleg zorgteam"), None),),
    )
    m = read_mapped(src)
    t = m.table
    assert t.column("activity").to_pylist() == [
        "intake_tt",
        "melding_gedaan",
        "melding_gedaan",
        "Rapportage",
        "Rapportage",
        "Intern",
    ]
    assert t.column("activity_raw").to_pylist()[1] == "Melding bij Veilig Thuis"
    assert t.column("source_row").to_pylist() == [1, 2, 3, 6, 7, 8]
    assert m.ignored_rows == 2
    assert m.unmapped == {"Rapportage": 2, "Intern": 1}


def test_ignored_rows_are_dropped_before_timestamps_are_parsed(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", ["1;Koffie;gisteren", "2;Intake;01-02-2024 10:00"])
    m = read_mapped(source(path, ignore_names=("Koffie",)))
    assert m.table.num_rows == 1 and m.ignored_rows == 1


def test_lifecycle_mapping_lower_case_and_default(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv",
        [
            "1;A;01-02-2024 10:00;gestart",
            "1;A;01-02-2024 11:00;AFGEROND",
            "1;B;01-02-2024 12:00;Suspend",
            "1;C;01-02-2024 13:00;",
        ],
        header="BSN;Actie;Datum;Fase",
    )
    src = source(
        path,
        columns=ColumnMap(activity="Actie", timestamp="Datum", lifecycle="Fase"),
        lifecycle_map=(("gestart", "start"), ("afgerond", "complete")),
    )
    assert read_mapped(src).table.column("lifecycle").to_pylist() == [
        "start",
        "complete",
        "suspend",
        "complete",
    ]


def test_org_column_with_fallback_to_the_source_org(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv",
        ["1;A;01-02-2024 10:00;VT", "2;A;01-02-2024 10:00;"],
        header="BSN;Actie;Datum;Org",
    )
    src = source(path, columns=ColumnMap(activity="Actie", timestamp="Datum", org="Org"))
    assert read_mapped(src).table.column("org").to_pylist() == ["VT", "TT"]


def test_attributes_decimal_comma_and_leading_zeros(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv",
        ["1;A;01-02-2024 10:00;1.234,5;Gezamenlijk;0123;12", "2;A;01-02-2024 10:00;2,25;;0456;-3"],
        header="BSN;Actie;Datum;Uren;Werkwijze;Postcode;Aantal",
    )
    src = source(
        path,
        columns=ColumnMap(
            activity="Actie",
            timestamp="Datum",
            attributes=(
                ("uren", "Uren"),
                ("werkwijze", "Werkwijze"),
                ("postcode", "Postcode"),
                ("aantal", "Aantal"),
            ),
        ),
        options=ReadOptions(decimal=","),
    )
    t = read_mapped(src).table
    assert t.column("attr_uren").to_pylist() == [1234.5, 2.25]
    assert t.column("attr_werkwijze").to_pylist() == ["Gezamenlijk", None]
    assert t.column("attr_postcode").to_pylist() == ["0123", "0456"]
    assert t.column("attr_aantal").type == pa.int64()
    assert t.column("attr_aantal").to_pylist() == [12, -3]


def test_dossier_only_when_asked(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv", ["1;A;01-02-2024 10:00;D-17"], header="BSN;Actie;Datum;Clientnummer"
    )
    src = source(path, dossier_column="Clientnummer")
    assert "dossier" not in read_mapped(src).table.column_names
    assert read_mapped(src, with_dossier=True).table.column("dossier").to_pylist() == ["D-17"]


def test_empty_ids_and_timestamps_are_null_and_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv", ["1;A;01-02-2024 10:00", ";A;02-02-2024 10:00", "3;A;", "4;A;  "]
    )
    m = read_mapped(source(path))
    assert m.table.column("raw_id").to_pylist() == ["1", None, "3", "4"]
    assert m.table.column("timestamp").null_count == 2
    assert (m.empty_timestamps.count, m.empty_timestamps.rows) == (2, (3, 4))
    assert (m.empty_ids.count, m.empty_ids.rows) == (1, (2,))


def test_formats_are_tried_in_order(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", ["1;A;01-02-2024 10:00", "2;A;2024/02/03"])
    m = read_mapped(source(path, timestamp=TimestampSpec(formats=("%d-%m-%Y %H:%M", "%Y/%m/%d"))))
    assert m.table.column("timestamp").to_pylist() == [utc(2024, 2, 1, 9), utc(2024, 2, 2, 23)]


def test_iso8601_with_and_without_offset(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv",
        [
            "1;A;2024-07-01T10:00:00+00:00",
            "2;A;2024-07-01 10:00:00",  # local summer time
            "3;A;2024-07-01T10:00:00.123456Z",
            "4;A;2024-07-01",
            "5;A;2024-07-01T12:00+0200",
        ],
    )
    m = read_mapped(source(path, timestamp=TimestampSpec(formats=("iso8601",))))
    assert m.table.column("timestamp").to_pylist() == [
        utc(2024, 7, 1, 10),
        utc(2024, 7, 1, 8),
        dt.datetime(2024, 7, 1, 10, 0, 0, 123456, tzinfo=UTC),
        utc(2024, 6, 30, 22),
        utc(2024, 7, 1, 10),
    ]


def test_iso_mixed_with_strftime_formats(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", ["1;A;01-02-2024 10:00", "2;A;2024-02-01T10:00:00+01:00"])
    m = read_mapped(source(path, timestamp=TimestampSpec(formats=("%d-%m-%Y %H:%M", "iso8601"))))
    assert m.table.column("timestamp").to_pylist() == [utc(2024, 2, 1, 9), utc(2024, 2, 1, 9)]


def test_date_only_is_local_midnight_in_winter_and_summer(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", ["1;A;15-01-2024", "2;A;01-07-2024"])
    m = read_mapped(source(path, timestamp=TimestampSpec(formats=("%d-%m-%Y",), date_only=True)))
    assert m.table.column("timestamp").to_pylist() == [utc(2024, 1, 14, 23), utc(2024, 6, 30, 22)]


def test_date_only_iso_keeps_the_date_as_written(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", ["1;A;2006-07-24T23:30:00+00:00", "2;A;2006-07-25"])
    m = read_mapped(source(path, timestamp=TimestampSpec(date_only=True)))
    assert m.table.column("timestamp").to_pylist() == [utc(2006, 7, 23, 22), utc(2006, 7, 24, 22)]


def _zoneinfo_fold0(local: dt.datetime) -> dt.datetime:
    """The independent oracle: Python's zoneinfo with fold=0 (RFC 5545's rule)."""
    return local.replace(tzinfo=AMS, fold=0).astimezone(UTC)


def test_dst_policy_matches_zoneinfo_fold0_and_is_counted(tmp_path: Path) -> None:
    cells = [
        "31-03-2024 02:30",
        "27-10-2024 02:30",
        "31-03-2024 01:59",
        "31-03-2024 03:00",
        "27-10-2024 03:00",
    ]
    path = write(tmp_path / "t.csv", [f"{i};A;{c}" for i, c in enumerate(cells)])
    m = read_mapped(source(path))
    expected = [_zoneinfo_fold0(dt.datetime.strptime(c, "%d-%m-%Y %H:%M")) for c in cells]
    assert m.table.column("timestamp").to_pylist() == expected
    # the missing hour in March: 02:30 is read in winter time (01:30 UTC); the repeated hour in
    # October: the first (summer-time) 02:30, 00:30 UTC
    assert expected[0] == utc(2024, 3, 31, 1, 30) and expected[1] == utc(2024, 10, 27, 0, 30)
    assert (m.dst_nonexistent, m.dst_ambiguous) == (1, 1)


def test_localize_against_zoneinfo_over_a_whole_year() -> None:
    start = dt.datetime(2024, 1, 1)
    local = [start + dt.timedelta(minutes=17 * i) for i in range(31000)]  # ~1 year, odd minutes
    result, twice, missing = localize(pa.array(local, pa.timestamp("us")), "Europe/Amsterdam")
    assert result.to_pylist() == [_zoneinfo_fold0(t) for t in local]
    assert twice > 0 and missing > 0


def test_native_datetimes_from_xlsx_are_local_time(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "s.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BSN", "Actie", "Datum"])
    ws.append([123456782.0, "A", dt.datetime(2024, 10, 27, 2, 30)])
    ws.append([111222333, "B", dt.datetime(2024, 6, 1, 12, 0)])
    wb.save(path)
    m = read_mapped(source(path, "xlsx", timestamp=TimestampSpec()))
    assert m.table.column("raw_id").to_pylist() == ["123456782", "111222333"]
    assert m.table.column("timestamp").to_pylist() == [
        utc(2024, 10, 27, 0, 30),
        utc(2024, 6, 1, 10),
    ]
    assert m.dst_ambiguous == 1


def test_parquet_dates_and_aware_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "raad.parquet"
    pq.write_table(
        pa.table(
            {
                "BSN": [1, 2],
                "Actie": ["Raadsonderzoek", "Raadsonderzoek"],
                "Datum": pa.array([dt.date(2024, 1, 5), dt.date(2024, 7, 5)], pa.date32()),
                "Gezien": pa.array(
                    [utc(2024, 1, 5, 8), None], pa.timestamp("ms", tz="Europe/Amsterdam")
                ),
            }
        ),
        path,
    )
    m = read_mapped(source(path, "parquet", timestamp=TimestampSpec(date_only=True)))
    assert m.table.column("timestamp").to_pylist() == [utc(2024, 1, 4, 23), utc(2024, 7, 4, 22)]
    m2 = read_mapped(
        source(path, "parquet", columns=ColumnMap(activity="Actie", timestamp="Gezien"))
    )
    assert m2.table.column("timestamp").to_pylist() == [utc(2024, 1, 5, 8), None]


def test_map_source_directly_on_a_table() -> None:
    table = pa.table(
        {
            "BSN": ["9"],
            "Actie": ["A"],
            "Datum": ["05-05-2024 12:00"],
            ROW: pa.array([42], pa.int64()),
        }
    )
    m = map_source(table, source(Path("x.csv")))
    assert m.table.column("source_row").to_pylist() == [42]
    assert m.table.column("timestamp").to_pylist() == [utc(2024, 5, 5, 10)]


def test_unparsable_timestamps_name_rows_count_and_format_never_ids(tmp_path: Path) -> None:
    rows = [f"12345678{i};A;01-02-2024 10:00" for i in range(5)]
    rows += [
        "999888777;A;2024-02-01 10:00",
        "999888776;A;1 feb 2024",
        "999888775;A;31-02-2024 10:00",
    ]
    path = write(tmp_path / "t.csv", rows)
    with pytest.raises(KetenError) as err:
        read_mapped(source(path))
    text = "\n".join(err.value.lines())
    assert "3 rows (6, 7, 8)" in text
    assert "'%d-%m-%Y %H:%M'" in text
    assert str(path) in text
    assert err.value.hint
    for secret in ("999888777", "999888776", "999888775", "1 feb 2024", "2024-02-01 10:00"):
        assert secret not in text
    assert "9999-99-99 99:99" in text  # the shape of the first bad value


def test_unknown_time_zone(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", ["1;A;01-02-2024 10:00"])
    with pytest.raises(KetenError, match="time zone"):
        read_mapped(
            source(
                path, timestamp=TimestampSpec(formats=("%d-%m-%Y %H:%M",), timezone="Mars/Olympus")
            )
        )
