"""Quick mode lets DuckDB's CSV reader parse ISO 8601 timestamps of one shape: same events as
the text path, which stays the fallback for anything else (and names the rows that do not parse)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ketenmining.config.model import TimestampSpec
from ketenmining.engine import connect
from ketenmining.errors import KetenError
from ketenmining.ingest import quick
from ketenmining.ingest.quick import QUICK_EVENTS, open_quick, typed_timestamps
from ketenmining.logspec import LogSpec, QuickMapping

UTC = dt.UTC
ISO = TimestampSpec()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            ["2024-01-05T10:00:00+01:00", " 2024-03-31T02:30:00-0500 "],
            ("%Y-%m-%dT%H:%M:%S%z", True),
        ),
        (["2024-01-05 10:00:00+01:00"], ("%Y-%m-%d %H:%M:%S%z", True)),
        (["2024-01-05T10:00:00Z", ""], ("%Y-%m-%dT%H:%M:%SZ", True)),
        (["2024-01-05 10:00:00", "2024-10-27 02:30:00"], ("%Y-%m-%d %H:%M:%S", False)),
        (["2024-01-05T10:00:00+01:00", "2024-01-05 10:00:00"], None),  # two shapes: text
        (["2024-01-05T10:00:00.250+01:00"], None),  # fractions: text
        (["2024-01-05"], None),
        ([], None),
    ],
)
def test_typed_shapes(values: list[str], expected: tuple[str, bool] | None) -> None:
    assert typed_timestamps(ISO, values) == expected


def test_not_for_strftime_formats_or_dates() -> None:
    values = ["2024-01-05T10:00:00+01:00"]
    assert typed_timestamps(TimestampSpec(formats=("%d-%m-%Y %H:%M",)), values) is None
    assert typed_timestamps(TimestampSpec(date_only=True), values) is None


def _events(path: Path, text_only: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    with monkeypatch.context() as m:
        if text_only:
            m.setattr(quick, "typed_timestamps", lambda spec, values: None)
        con = connect()
        log = open_quick(con, LogSpec(path=path, quick=QuickMapping()))
        rows = con.execute(
            f"SELECT case_id, activity, timestamp, lifecycle, source_row FROM {QUICK_EVENTS} "
            "ORDER BY source_row"
        ).fetchall()
        return [*rows, tuple(sorted(log.meta.items(), key=str))]


def _write(tmp_path: Path, stamps: list[str]) -> Path:
    path = tmp_path / "log.csv"
    lines = ["case_id,activity,timestamp"] + [
        f"c{i % 3}, act {i % 4} ,{stamp}" for i, stamp in enumerate(stamps)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "stamps",
    [
        ["2024-01-05T10:00:00+01:00", "2024-03-31T02:30:00+02:00", "", "2024-07-01T00:00:00-05:00"],
        ["2024-01-05T10:00:00Z", "2024-02-29T23:59:59Z"],
        # wall-clock times in Europe/Amsterdam, the repeated and the missing hour included
        ["2024-01-05 10:00:00", "2024-10-27 02:30:00", "2024-03-31 02:30:00", ""],
    ],
    ids=["offsets", "zulu", "local"],
)
def test_typed_read_gives_the_events_of_the_text_path(
    tmp_path: Path, stamps: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, stamps * 50)
    reads: list[str] = []
    create = quick._create_src

    def spy(con, sql: str) -> bool:
        ok = create(con, sql)
        reads.append(("typed " if "'TIMESTAMP'" in sql else "text ") + str(ok))
        return ok

    monkeypatch.setattr(quick, "_create_src", spy)
    typed = _events(path, False, monkeypatch)
    assert reads == ["typed True"]  # the reader parsed the column, no second read
    assert typed == _events(path, True, monkeypatch)
    assert reads[1:] == ["text True"]
    assert len(typed) - 1 == sum(1 for s in stamps if s) * 50


def test_typed_read_really_parses_in_the_reader(tmp_path: Path) -> None:
    path = _write(tmp_path, ["2024-01-05T10:00:00+01:00"] * 3)
    con = connect()
    source, _, _ = quick.quick_source(LogSpec(path=path, quick=QuickMapping()), con)
    wanted = list(dict.fromkeys(source.mapped_columns()))
    assert quick._load(con, source, wanted, quick.SILENT) is True
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE {quick._SRC}").fetchall()}
    assert "TIMESTAMP" in types.values()
    open_quick(con, LogSpec(path=path, quick=QuickMapping()))
    first = con.execute(f"SELECT min(timestamp) FROM {QUICK_EVENTS}").fetchall()[0][0]
    assert first == dt.datetime(2024, 1, 5, 9, 0, tzinfo=UTC)


def test_a_later_value_of_another_shape_falls_back_to_the_text_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the sampled rows a local time turns up: read as text, placed in Europe/Amsterdam."""
    stamps = ["2024-01-05T10:00:00+01:00"] * (quick._SAMPLE + 10) + ["2024-06-01 12:00:00"]
    path = _write(tmp_path, stamps)
    reads: list[str] = []
    create = quick._create_src
    monkeypatch.setattr(
        quick, "_create_src", lambda con, sql: reads.append(sql) or create(con, sql)
    )
    rows = _events(path, False, monkeypatch)
    assert ["'TIMESTAMP'" in sql for sql in reads] == [True, False]  # tried, then text
    assert rows == _events(path, True, monkeypatch)
    assert rows[-2][2] == dt.datetime(2024, 6, 1, 10, 0, tzinfo=UTC)


def test_a_later_bad_value_is_reported_at_its_row(tmp_path: Path) -> None:
    stamps = ["2024-01-05T10:00:00+01:00"] * (quick._SAMPLE + 10) + ["2024-13-45T99:00:00+01:00"]
    path = _write(tmp_path, stamps)
    with pytest.raises(KetenError) as err:
        open_quick(connect(), LogSpec(path=path, quick=QuickMapping()))
    assert err.value.where.row == len(stamps)
    assert "does not parse" in err.value.message
