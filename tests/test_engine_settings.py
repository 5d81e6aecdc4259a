"""The engine's memory limit and spill folder: set from the machine, overridable, cleaned up."""

from __future__ import annotations

import os

from ketenmining.engine import MEMORY_SHARE, connect, default_memory_limit


def _setting(con, name: str) -> str:
    return con.sql(f"SELECT current_setting('{name}')").fetchall()[0][0]


def test_default_limit_is_a_share_of_physical_memory(monkeypatch):
    monkeypatch.delenv("KETENMINING_MEMORY_LIMIT", raising=False)
    total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    limit = default_memory_limit()
    assert limit.endswith("MB")
    assert int(limit[:-2]) == max(1024, int(total_mb * 2**20 * MEMORY_SHARE) // 2**20)
    assert int(limit[:-2]) < total_mb * 0.8  # below DuckDB's own default of 80 %


def test_env_overrides_the_limit(monkeypatch):
    monkeypatch.setenv("KETENMINING_MEMORY_LIMIT", "300MB")
    con = connect()
    try:
        assert _setting(con, "memory_limit") in ("286.1 MiB", "300.0 MB", "286.1MiB")
    finally:
        con.close()


def test_spills_to_its_own_folder_and_removes_it(monkeypatch, tmp_path):
    monkeypatch.setenv("KETENMINING_MEMORY_LIMIT", "64MB")
    monkeypatch.setenv("KETENMINING_THREADS", "1")
    monkeypatch.setenv("KETENMINING_TEMP_DIR", str(tmp_path))
    first, second = connect(), connect()
    folders = [_setting(c, "temp_directory") for c in (first, second)]
    assert len(set(folders)) == 2 and all(f.startswith(str(tmp_path)) for f in folders)
    first.execute("CREATE TABLE t AS SELECT i, md5(i::VARCHAR) AS h FROM range(2000000) r(i)")
    # a sort larger than the limit must spill, and still give the right answer
    top = first.sql("SELECT h FROM t ORDER BY h LIMIT 1").fetchall()[0][0]
    assert top == first.sql("SELECT min(h) FROM t").fetchall()[0][0]
    assert os.path.isdir(folders[0]) and os.listdir(folders[0])
    first.close()
    second.close()
    assert not os.path.exists(folders[0]) and not os.path.exists(folders[1])


def test_local_days_from_the_engine_equal_the_calendars():
    """The rule events' local day (computed in DuckDB) is the evaluator's own local_ordinal.

    Instants every 17 minutes over two years in UTC, so every local midnight and both
    daylight-saving changes of each year are crossed.
    """
    import pyarrow as pa

    from ketenmining.conform.sql import rule_events_sql
    from ketenmining.protocol.calendar import WorkCalendar

    start = 1_672_527_600  # 2022-12-31T23:00:00Z, local midnight in Amsterdam
    epochs = list(range(start, start + 2 * 366 * 86_400, 17 * 60))
    events = pa.table(
        {
            "case_id": ["c"] * len(epochs),
            "episode": [1] * len(epochs),
            "activity": ["melding"] * len(epochs),
            "org": ["VT"] * len(epochs),
            "timestamp": pa.array([e * 1_000_000 for e in epochs], pa.timestamp("us", tz="UTC")),
            "lifecycle": ["complete"] * len(epochs),
            "source": ["s"] * len(epochs),
            "source_row": list(range(len(epochs))),
        }
    )
    con = connect()
    try:
        con.register("events", events)
        got = con.sql(rule_events_sql("Europe/Amsterdam"), params=[["melding"]]).to_arrow_table()
    finally:
        con.close()
    cal = WorkCalendar()
    expected = [cal.local_ordinal(float(t)) for t in got.column("t").to_pylist()]
    assert got.column("d").to_pylist() == expected
    assert len(set(expected)) > 700  # the instants really span two years of local days
