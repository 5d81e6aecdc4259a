"""Quick mode: defaults for column names, timestamp format detection, open_log on one file."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ketenmining.engine import connect
from ketenmining.errors import KetenError
from ketenmining.ingest.quick import QUICK_EVENTS, detect_timestamp_format, open_quick, quick_source
from ketenmining.log import open_log
from ketenmining.logspec import Filters, LogSpec, QuickMapping

UTC = dt.UTC


def spec(path: Path, **kw) -> LogSpec:
    return LogSpec(path=path, quick=QuickMapping(**kw))


def read_quick(log: LogSpec) -> dict[str, list]:
    """The quick-mode events of ``log`` as columns (file order)."""
    con = connect()
    open_quick(con, log)
    table = con.sql(f"SELECT * FROM {QUICK_EVENTS} ORDER BY source_row").to_arrow_table()
    return {name: table.column(name).to_pylist() for name in table.column_names}


def test_pm4py_names_are_found_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "case:concept:name,concept:name,time:timestamp,lifecycle:transition,org:resource\n"
        "c1,a,2024-01-01 10:00:00+01:00,complete,Pete\n",
        encoding="utf-8",
    )
    src, _, _ = quick_source(spec(path))
    assert (src.id_column, src.columns.activity, src.columns.timestamp) == (
        "case:concept:name",
        "concept:name",
        "time:timestamp",
    )
    assert src.columns.lifecycle == "lifecycle:transition"
    assert (src.id_kind, src.org, src.columns.org) == ("opaque", "LOG", None)
    assert src.timestamp.iso


def test_common_names_and_org_option(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("case_id;activity;timestamp;team\n1;A;05-01-2024 10:00;VT\n", encoding="utf-8")
    mapped = read_quick(spec(path, org="team"))
    assert mapped["org"] == ["VT"]
    assert mapped["case_id"] == ["1"]
    assert mapped["timestamp"] == [dt.datetime(2024, 1, 5, 9, 0, tzinfo=UTC)]


def test_no_case_column_names_the_options(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("Kolom1;Kolom2;Moment\n1;A;2024-01-01\n", encoding="utf-8")
    with pytest.raises(KetenError) as err:
        quick_source(spec(path))
    assert "'Kolom1', 'Kolom2', 'Moment'" in err.value.message
    assert "--case" in err.value.hint


def test_explicit_columns_and_format(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("Zaak;Stap;Moment\n1;A;01.02.2024 10u00\n", encoding="utf-8")
    mapped = read_quick(
        spec(
            path,
            case="Zaak",
            activity="Stap",
            timestamp="Moment",
            timestamp_format="%d.%m.%Y %Hu%M",
        )
    )
    assert mapped["timestamp"] == [dt.datetime(2024, 2, 1, 9, tzinfo=UTC)]


def test_xes_lifecycle_only_when_present(tmp_path: Path) -> None:
    with_lc = tmp_path / "a.xes.gz"
    with_lc.write_bytes(
        gzip.compress(
            b'<log><trace><string key="concept:name" value="1"/><event><string key="concept:name" value="a"/>'
            b'<date key="time:timestamp" value="2024-01-01T10:00:00+01:00"/>'
            b'<string key="lifecycle:transition" value="START"/></event></trace></log>'
        )
    )
    without = tmp_path / "b.xes"
    without.write_text(
        '<log><trace><string key="concept:name" value="1"/><event><string key="concept:name" value="a"/>'
        '<date key="time:timestamp" value="2024-01-01T10:00:00+01:00"/></event></trace></log>',
        encoding="utf-8",
    )
    assert quick_source(spec(with_lc))[0].columns.lifecycle == "lifecycle:transition"
    assert read_quick(spec(with_lc))["lifecycle"] == ["start"]
    assert quick_source(spec(without))[0].columns.lifecycle is None
    assert read_quick(spec(without))["lifecycle"] == ["complete"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["2024-01-05T10:00:00+01:00", "2024-01-06 11:00"], ()),
        (["2014/10/22 11:15:41.000", "2014/10/22 11:27:00.000"], ("%Y/%m/%d %H:%M:%S.%f",)),
        (["05-01-2024 10:00", "06-01-2024 11:00"], ("%d-%m-%Y %H:%M",)),
        (["05/01/2024 10:00", "06/02/2024 11:00"], ("%d/%m/%Y %H:%M",)),  # day-first preferred
        (
            ["05/01/2024 10:00", "01/13/2024 11:00"],
            ("%m/%d/%Y %H:%M",),
        ),  # the 13th proves month-first
        (["05-01-2024", "31-12-2024"], ("%d-%m-%Y",)),
    ],
)
def test_detect_timestamp_format(values: list[str], expected: tuple[str, ...]) -> None:
    found = detect_timestamp_format(values)
    assert found is not None and found.formats == expected


def test_undetectable_format_asks_for_the_option(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("case_id;activity;timestamp\n1;A;gisteren om tien uur\n", encoding="utf-8")
    with pytest.raises(KetenError) as err:
        read_quick(spec(path))
    assert "--timestamp-format" in err.value.hint


def test_failing_assumed_format_says_which_was_assumed(tmp_path: Path) -> None:
    rows = [f"{i};A;05/01/2024 10:00" for i in range(2500)] + ["9999;A;13/13/2024 10:00"]
    path = tmp_path / "log.csv"
    path.write_text("case_id;activity;timestamp\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(KetenError) as err:
        read_quick(spec(path))
    assert "'%d/%m/%Y %H:%M'" in err.value.hint
    assert "row 2501" in err.value.lines()[0]


def test_parquet_with_native_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    pq.write_table(
        pa.table(
            {
                "case_id": ["x"],
                "activity": ["A"],
                "timestamp": pa.array([dt.datetime(2024, 7, 1, 12)], pa.timestamp("us")),
            }
        ),
        path,
    )
    mapped = read_quick(spec(path, case="case_id"))
    assert mapped["timestamp"] == [dt.datetime(2024, 7, 1, 10, tzinfo=UTC)]


def test_open_log_quick_mode_registers_canonical_ordered_events(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "case_id,activity,timestamp,lifecycle,team\n"
        "b,Overdracht,2024-01-02 10:00,complete,VT\n"
        "a,Intake,2024-01-01 09:00,complete,TT\n"
        "a,Intake,2024-01-01 09:00,start,TT\n"  # same time: start sorts before complete
        ",Losse melding,2024-01-03 09:00,complete,VT\n"  # empty case id: its own case ''
        "a,Zonder tijd,,complete,TT\n"  # no timestamp: cannot be placed
        "a,Huisbezoek,2024-01-01 08:00,complete,TT\n",
        encoding="utf-8",
    )
    con = connect()
    info = open_log(spec(path, org="team"), con=con)
    rows = con.execute(
        "SELECT case_id, episode, org, activity, lifecycle, source_row FROM events"
    ).fetchall()
    assert rows == [
        ("", 1, "VT", "Losse melding", "complete", 4),
        ("a", 1, "TT", "Huisbezoek", "complete", 6),
        ("a", 1, "TT", "Intake", "start", 3),
        ("a", 1, "TT", "Intake", "complete", 2),
        ("b", 1, "VT", "Overdracht", "complete", 1),
    ]
    columns = [r[0] for r in con.execute("DESCRIBE events").fetchall()]
    assert "raw_id" not in columns and columns[:2] == ["case_id", "episode"]
    assert info.kind == "quick"
    assert (info.meta["rows_read"], info.meta["events"], info.meta["no_timestamp"]) == (6, 5, 1)
    assert info.meta["empty_case_id"] == 1


def test_open_log_quick_mode_applies_filters(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "case_id,activity,timestamp\na,A,2024-01-01 10:00\na,B,2024-03-01 10:00\n", encoding="utf-8"
    )
    con = connect()
    open_log(spec(path), filters=Filters(date_from=dt.date(2024, 2, 1)), con=con)
    assert con.execute("SELECT activity FROM events").fetchall() == [("B",)]


def test_plain_parquet_event_log_opens_in_quick_mode(tmp_path: Path) -> None:
    path = tmp_path / "pm4py.parquet"
    pq.write_table(
        pa.table(
            {
                "case:concept:name": ["c1", "c1"],
                "concept:name": ["b", "a"],
                "time:timestamp": pa.array(
                    [dt.datetime(2024, 1, 2, tzinfo=UTC), dt.datetime(2024, 1, 1, tzinfo=UTC)],
                    pa.timestamp("us", tz="UTC"),
                ),
            }
        ),
        path,
    )
    con = connect()
    info = open_log(LogSpec(path), con=con)
    assert info.kind == "quick"
    assert con.execute("SELECT case_id, activity FROM events").fetchall() == [
        ("c1", "a"),
        ("c1", "b"),
    ]


def test_parquet_without_known_columns_asks_for_them(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"x": [1]}), path)
    with pytest.raises(KetenError) as err:
        open_log(LogSpec(path), con=connect())
    assert "--case" in err.value.hint and "'x'" in err.value.message
