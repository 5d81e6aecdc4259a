"""Stitching on synthetic mapped sources: order, episodes, key checks, TTP step, quality report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest
from support import strong_key

from ketenmining.config.model import ChainConfig, ColumnMap, SourceConfig
from ketenmining.errors import KetenError
from ketenmining.privacy.apply import pseudonymise_table
from ketenmining.privacy.pseudonym import pseudonym
from ketenmining.stitch.build import chain_meta, combine
from ketenmining.stitch.quality import quality_report
from ketenmining.stitch.sources import SourceLoad
from ketenmining.timeunits import Duration

KEY = strong_key("chain")
TTP_KEY = strong_key("ttp")
UTC = dt.UTC


def _source(sid: str, org: str) -> SourceConfig:
    return SourceConfig(
        id=sid,
        org=org,
        path=Path(f"/nonexistent/{sid}.csv"),
        format="csv",
        id_column="BSN",
        id_kind="bsn",
        columns=ColumnMap(activity="A", timestamp="T"),
    )


def _mapped(rows: list[tuple[str, str, str, dt.datetime, str]], sid: str) -> pa.Table:
    """rows: (bsn, org, activity, timestamp, lifecycle)."""
    return pa.table(
        {
            "raw_id": [r[0] for r in rows],
            "org": [r[1] for r in rows],
            "activity": [r[2] for r in rows],
            "activity_raw": [r[2].title() for r in rows],
            "timestamp": pa.array([r[3] for r in rows], pa.timestamp("us", tz="UTC")),
            "lifecycle": [r[4] for r in rows],
            "source": [sid] * len(rows),
            "source_row": pa.array(range(1, len(rows) + 1), pa.int64()),
        }
    )


def _load(rows, sid: str, org: str, key: bytes = KEY) -> SourceLoad:
    data = pseudonymise_table(_mapped(rows, sid), sid, "bsn", key)
    return SourceLoad(_source(sid, org), data, "0" * 64)


def _config(sources: list[SourceConfig]) -> ChainConfig:
    return ChainConfig(
        name="t",
        file=Path("/nonexistent/keten.yaml"),
        sha256="f" * 64,
        sources=tuple(sources),
        period_from=dt.date(2024, 1, 1),
        period_to=dt.date(2024, 12, 31),
    )


def t(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2024) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_canonical_order_and_episodes() -> None:
    vt = _load(
        [
            ("123456782", "VT", "melding", t(1, 10), "complete"),
            ("123456782", "VT", "onderzoek", t(1, 12), "complete"),
            ("123456782", "VT", "onderzoek", t(1, 12), "start"),  # same instant: start sorts first
            ("123456782", "VT", "melding", t(6, 1, year=2025), "complete"),  # 16 months later
            ("111222333", "VT", "melding", t(2, 1), "complete"),
        ],
        "vt",
        "VT",
    )
    ha = _load([("123456782", "HA", "melding_gedaan", t(1, 10), "complete")], "ha", "HA")
    table = combine([vt, ha], Duration(12, "months"))
    rows = table.to_pylist()
    a = pseudonym(KEY, "123456782")
    mine = [r for r in rows if r["case_id"] == a]
    # equal timestamps: lifecycle order first, then the source id, then the row
    assert [(r["activity"], r["lifecycle"], r["source"]) for r in mine[:4]] == [
        ("melding_gedaan", "complete", "ha"),
        ("melding", "complete", "vt"),
        ("onderzoek", "start", "vt"),
        ("onderzoek", "complete", "vt"),
    ]
    assert [r["episode"] for r in mine] == [1, 1, 1, 1, 2]
    assert table.column_names[:9] == [
        "case_id",
        "episode",
        "org",
        "activity",
        "activity_raw",
        "timestamp",
        "lifecycle",
        "source",
        "source_row",
    ]
    # the whole table is sorted by case id first
    ids = table.column("case_id").to_pylist()
    assert ids == sorted(ids)


def test_without_gap_every_client_has_one_episode() -> None:
    rows = [
        ("123456782", "VT", "m", t(1, 1), "complete"),
        ("123456782", "VT", "m", t(1, 1, year=2030), "complete"),
    ]
    vt = _load(rows, "vt", "VT")
    assert set(combine([vt], None).column("episode").to_pylist()) == {1}


def test_ttp_second_step_changes_every_pseudonym_consistently() -> None:
    rows = [
        ("123456782", "VT", "m", t(1, 1), "complete"),
        ("111222333", "VT", "m", t(1, 2), "complete"),
    ]
    plain = combine([_load(rows, "vt", "VT")], None)
    ttp = combine([_load(rows, "vt", "VT")], None, ttp_key=TTP_KEY)
    before = set(plain.column("case_id").to_pylist())
    after = set(ttp.column("case_id").to_pylist())
    assert len(after) == 2 and not (before & after)
    assert after == {pseudonym(TTP_KEY, p) for p in before}


def test_different_keys_are_refused() -> None:
    from ketenmining.stitch.sources import check_same_key

    same = [
        _load([("123456782", "VT", "m", t(1, 1), "complete")], "vt", "VT"),
        _load([("123456782", "HA", "m", t(1, 1), "complete")], "ha", "HA"),
    ]
    check_same_key(same)
    other = [
        same[0],
        _load([("123456782", "HA", "m", t(1, 1), "complete")], "ha", "HA", key=strong_key("other")),
    ]
    with pytest.raises(KetenError, match="different keys") as err:
        check_same_key(other)
    assert "vt:" in str(err.value.lines()) and "ha:" in str(err.value.lines())


def test_quality_report_finds_clock_skew_at_a_seam() -> None:
    # VT and TT record the same joint home visits; TT's clock runs 60 minutes late
    vt_rows, tt_rows = [], []
    bsns = [f"0{i:08d}" for i in range(10000000, 10003000)]
    from ketenmining.privacy.pseudonym import elfproef

    valid = [b for b in bsns if elfproef(b)][:30]
    for i, bsn in enumerate(valid):
        when = t(1 + i % 11, 3 + i % 20, 9 + i % 5)
        vt_rows.append((bsn, "VT", "huisbezoek", when, "complete"))
        tt_rows.append((bsn, "TT", "huisbezoek", when + dt.timedelta(minutes=60), "complete"))
        tt_rows.append((bsn, "TT", "intake", when - dt.timedelta(days=7), "complete"))
    loads = [_load(vt_rows, "vt", "VT"), _load(tt_rows, "tt", "TT")]
    from ketenmining.stitch.build import StitchResult

    table = combine(loads, None)
    config = _config([ld.source for ld in loads])
    result = StitchResult(
        table=table, meta=chain_meta(config, loads, table, None, None), loads=loads, rejects=None
    )
    report = quality_report(result, config)
    seam = [s for s in report["seams"] if {s["org_a"], s["org_b"]} == {"TT", "VT"}]
    assert seam and seam[0]["suspected"] and seam[0]["pairs"] == 30
    assert abs(seam[0]["median_offset_min"]) == pytest.approx(60, abs=0.5)
    assert seam[0]["kind"] == "constant"
    codes = [f["code"] for f in report["findings"]]
    assert "DQ007" in codes
    msg = next(f for f in report["findings"] if f["code"] == "DQ007")["message"]
    assert msg.startswith("TT records the same joint activities about 60 minutes later than VT")


def test_no_skew_reported_when_clocks_agree() -> None:
    from ketenmining.privacy.pseudonym import elfproef
    from ketenmining.stitch.build import StitchResult

    valid = [b for b in (f"0{i:08d}" for i in range(10000000, 10003000)) if elfproef(b)][:30]
    vt_rows = [
        (b, "VT", "huisbezoek", t(3, 4 + i % 20, 10), "complete") for i, b in enumerate(valid)
    ]
    tt_rows = [
        (b, "TT", "huisbezoek", t(3, 4 + i % 20, 10, 5), "complete") for i, b in enumerate(valid)
    ]
    loads = [_load(vt_rows, "vt", "VT"), _load(tt_rows, "tt", "TT")]
    table = combine(loads, None)
    config = _config([ld.source for ld in loads])
    result = StitchResult(table=table, meta={}, loads=loads, rejects=None)
    report = quality_report(result, config)
    assert all(not s["suspected"] for s in report["seams"])
    assert "DQ007" not in [f["code"] for f in report["findings"]]


@pytest.mark.parametrize(
    "gap",
    [Duration(12, "months"), Duration(1, "months"), Duration(90, "days"), Duration(2, "weeks")],
)
def test_episode_split_agrees_with_sql_interval_arithmetic(gap: Duration) -> None:
    """The vectorised episode split equals DuckDB's `previous + INTERVAL > timestamp` on random histories."""
    import random

    from ketenmining.engine import connect
    from ketenmining.stitch.build import episodes
    from ketenmining.stitch.sql import interval_sql

    rng = random.Random(7)
    rows = []
    for case in range(300):
        t = dt.datetime(2022, 1, 31, 12, tzinfo=UTC) + dt.timedelta(days=rng.randrange(0, 400))
        for _ in range(rng.randrange(1, 8)):
            rows.append((case, t))
            t += dt.timedelta(
                days=rng.choice([1, 13, 14, 15, 29, 30, 31, 89, 90, 91, 364, 365, 366, 400]),
                hours=rng.choice([0, 0, 5]),
            )
    table = pa.table(
        {
            "c": [r[0] for r in rows],
            "timestamp": pa.array([r[1] for r in rows], pa.timestamp("us", tz="UTC")),
        }
    )
    con = connect()
    con.register("t", table)
    expected = [
        r[0]
        for r in con.sql(
            f"SELECT CAST(1 + sum(n) OVER (PARTITION BY c ORDER BY timestamp ROWS UNBOUNDED PRECEDING) AS INTEGER) FROM "
            f"(SELECT *, CASE WHEN timestamp > lag(timestamp) OVER (PARTITION BY c ORDER BY timestamp) "
            f"+ {interval_sql(gap.amount, gap.unit)} THEN 1 ELSE 0 END n FROM t) ORDER BY c, timestamp"
        ).fetchall()
    ]
    got = episodes(table.column("c"), table.column("timestamp"), gap).to_pylist()
    assert got == expected
    assert max(got) > 1


def test_month_end_is_clamped() -> None:
    from ketenmining.stitch.build import episodes

    ts = pa.array(
        [
            dt.datetime(2024, 1, 31, 10, tzinfo=UTC),
            dt.datetime(2024, 2, 29, 10, tzinfo=UTC),
            dt.datetime(2024, 3, 29, 10, 0, 1, tzinfo=UTC),
        ],
        pa.timestamp("us", tz="UTC"),
    )
    # Jan 31 + 1 month = Feb 29 (clamped): not later, same episode; Feb 29 + 1 month = Mar 29 10:00: one second later
    assert episodes(pa.array([0, 0, 0]), ts, Duration(1, "months")).to_pylist() == [1, 1, 2]


def test_streamed_chain_log_equals_the_one_shot_order_and_episodes(monkeypatch, tmp_path) -> None:
    """Row groups of a few rows: episodes carried across groups, same events in the same order."""
    import random

    import pyarrow.parquet as pq

    from ketenmining.privacy.pseudonym import elfproef
    from ketenmining.stitch import spill
    from ketenmining.stitch.build import episodes, link

    rng = random.Random(3)
    valid = [b for b in (f"0{i:08d}" for i in range(10000000, 10002000)) if elfproef(b)][:40]
    rows = []
    for b in valid:
        when = t(1, 1, year=2022) + dt.timedelta(days=rng.randrange(0, 300))
        for _ in range(rng.randrange(1, 9)):
            rows.append((b, "VT", "m", when, "complete"))
            when += dt.timedelta(days=rng.choice([3, 40, 200, 400]))
    gap = Duration(12, "months")
    loads = [_load(rows, "vt", "VT")]
    monkeypatch.setattr(spill, "ROW_GROUP", 7)
    monkeypatch.setattr(spill, "CHUNK", 3)
    monkeypatch.setattr(spill, "FETCH_ROWS", 5)
    table = combine(loads, gap)
    # the expected: the same events sorted in one piece, episodes numbered over the whole table
    got = table.to_pylist()
    order = sorted(
        range(len(got)),
        key=lambda i: (got[i]["case_id"], got[i]["timestamp"], got[i]["source_row"]),
    )
    assert order == list(range(len(got)))
    ids = table.column("case_id").to_pylist()
    rank = pa.array([sorted(set(ids)).index(c) for c in ids])
    assert (
        table.column("episode").to_pylist()
        == episodes(rank, table.column("timestamp"), gap).to_pylist()
    )
    assert max(table.column("episode").to_pylist()) > 1
    assert table.num_rows == len(rows)
    # a file of several row groups of 7 rows, with chunks ending at multiples of 3
    path, _ = link(loads, gap, str(tmp_path), lambda facts: {"events": facts["events"]})
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == -(-len(rows) // 7)
    assert pq.read_table(path).replace_schema_metadata(None).equals(table)
