"""The fast paths of ``analyse seams`` and ``analyse compare`` equal their plain definitions.

Each test computes a measure the direct way (a range join, one query per cohort,
``np.median`` of every resample, the materialised events) and the way the stage
computes it, on the example chain (and a public log in quick mode), and wants
the same rows.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from support import PUBLIC_LOGS

import ketenmining as km
from ketenmining.analyse import sql
from ketenmining.analyse.changes import cohort_edges
from ketenmining.analyse.compare import (
    _resampled_integer_means,
    _resampled_medians,
    _small_integers,
)
from ketenmining.analyse.seams import handover_steps, handovers
from ketenmining.analyse.sides import side_sql, sides_table
from ketenmining.conform.seams import handover_counts

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = ROOT / "configs" / "protocols" / "meldcode-keten.yaml"


@pytest.fixture(scope="module")
def opened(example_chain_log: Path):
    """The example chain log within its period, with the protocol."""
    from ketenmining.conform.api import load_protocol_if_path

    log = km.open_log(example_chain_log).within_period(view=True)
    return log, load_protocol_if_path(PROTOCOL)


def _per_episode(table) -> Counter:
    """Rows per (case_id, episode) of a handover table."""
    ids = table.column("case_id").to_pylist()
    return Counter(zip(ids, table.column("episode").to_pylist(), strict=True))


def _counts(counts) -> dict:
    """(case_id, episode) → handovers of a handover-count table."""
    keys = zip(
        counts.column("case_id").to_pylist(), counts.column("episode").to_pylist(), strict=True
    )
    return dict(zip(keys, counts.column("handovers").to_pylist(), strict=True))


@pytest.mark.parametrize("with_protocol", [True, False])
def test_handover_counts_equal_the_rows_of_the_handover_table(opened, with_protocol) -> None:
    log, protocol = opened
    protocol = protocol if with_protocol else None
    table = handovers(log.con, protocol)
    counts = handover_counts(log.con, handover_steps(log.con, protocol))
    assert table.num_rows > 1000
    assert _counts(counts) == dict(_per_episode(table))


@pytest.mark.public_logs("sepsis.csv")
def test_handover_counts_in_quick_mode_on_a_public_log() -> None:
    path = PUBLIC_LOGS / "sepsis.csv"
    from ketenmining.logspec import LogSpec, QuickMapping

    log = km.open_log(LogSpec(path, quick=QuickMapping(org="org:group"), raw_ids=True))
    table = handovers(log.con, None)
    counts = handover_counts(log.con, handover_steps(log.con, None))
    assert table.num_rows > 100
    assert _counts(counts) == dict(_per_episode(table))


#: Work in progress the plain way: every span that overlaps the week (a range join).
WIP_BY_RANGE_JOIN = """
WITH span AS (
  SELECT org, case_id, episode, min(timestamp) AS t_in, max(timestamp) AS t_out
  FROM events GROUP BY ALL),
weeks AS (
  SELECT org, unnest(generate_series(date_trunc('week', min(t_in)), date_trunc('week', max(t_out)),
         INTERVAL 7 DAY)) AS week FROM span GROUP BY org)
SELECT w.org, CAST(w.week AS DATE) AS week, count(s.case_id) AS wip
FROM weeks w LEFT JOIN span s
  ON s.org = w.org AND s.t_in < w.week + INTERVAL 7 DAY AND s.t_out >= w.week
GROUP BY ALL ORDER BY ALL
"""


def test_work_in_progress_from_running_sums_equals_the_range_join(opened) -> None:
    log, protocol = opened
    log.con.register("__handovers", handovers(log.con, protocol))
    try:
        rows = log.con.sql(sql.ORG_WEEKS).fetchall()
    finally:
        log.con.unregister("__handovers")
    expected = log.con.sql(WIP_BY_RANGE_JOIN).fetchall()
    assert [(o, w, p) for o, w, _i, _x, p, _d in rows] == expected
    assert sum(p for *_, p in expected) > 10_000  # the example has real work in progress


#: One cohort's directly-follows edges, the plain way (``__side``: its episodes).
EDGES_OF_ONE_COHORT = """
WITH ev AS (
  SELECT e.case_id, e.episode, e.activity, e.timestamp,
         lead(e.activity) OVER w AS next_activity, lead(e.timestamp) OVER w AS next_ts
  FROM events e JOIN __side USING (case_id, episode)
  WINDOW w AS (PARTITION BY e.case_id, e.episode ORDER BY e.timestamp, e.source, e.source_row))
SELECT activity, next_activity, count(DISTINCT (case_id, episode)),
       median(epoch(next_ts) - epoch(timestamp)) / 86400.0
FROM ev WHERE next_activity IS NOT NULL GROUP BY ALL
"""


@pytest.mark.parametrize(
    "spec_a,spec_b",
    [
        ("werkwijze=Regulier", "werkwijze=Verbindend Samenwerken"),
        ("werkwijze=Regulier", "after:2024-06-01"),  # overlapping cohorts
    ],
)
def test_edges_of_both_cohorts_in_one_pass_equal_one_query_per_cohort(
    opened, spec_a, spec_b
) -> None:
    log, _protocol = opened
    con = log.con
    names = sides_table(con, spec_a, spec_b)
    assert names[0] == "Regulier"
    na, nb, edges = cohort_edges(con)
    columns = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    plain = []
    for spec in (spec_a, spec_b):
        q, params, _name = side_sql(spec, columns)
        con.execute(f"CREATE OR REPLACE TEMP TABLE __side AS {q}", params)
        n = con.execute("SELECT count(*) FROM __side").fetchall()[0][0]
        rows = con.execute(EDGES_OF_ONE_COHORT).fetchall()
        plain.append((n, {(a, b): (c, d) for a, b, c, d in rows}))
    con.execute("DROP TABLE __sides")
    assert (na, nb) == (plain[0][0], plain[1][0])
    for i, (_n, per_edge) in enumerate(plain):
        got = {e: (v[2 * i], v[2 * i + 1]) for e, v in edges.items() if v[2 * i]}
        assert got == per_edge
        assert len(per_edge) > 5


@pytest.mark.parametrize("n", [1, 2, 3, 10, 11, 400, 401])
def test_resampled_medians_equal_numpy(n: int) -> None:
    rng = np.random.default_rng(n)
    for sample in (rng.gamma(2.0, 30.0, n), np.round(rng.gamma(2.0, 3.0, n))):  # ties
        idx = rng.integers(0, n, (50, n))
        assert np.array_equal(_resampled_medians(sample, idx), np.median(sample[idx], axis=1))


def test_resampled_whole_number_means_equal_numpy() -> None:
    rng = np.random.default_rng(5)
    sample = rng.integers(-3, 9, 1001).astype(float)
    idx = rng.integers(0, len(sample), (80, len(sample)))
    assert _small_integers(sample)
    assert np.array_equal(_resampled_integer_means(sample, idx), np.mean(sample[idx], axis=1))
    assert not _small_integers(sample + 0.5)
    assert not _small_integers(np.array([1.0, 2.0**20]))


def test_events_as_a_view_are_the_materialised_events(example_chain_log: Path) -> None:
    import datetime as dt

    from ketenmining.engine import register_events
    from ketenmining.logspec import Filters

    filters = Filters(
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 9, 30),
        orgs=("VT", "TT", "O'Neill"),
        cohort=(("werkwijze", "Regulier"),),
    )
    rows = []
    for view in (False, True):
        log = km.open_log(example_chain_log)
        register_events(log.con, str(example_chain_log), filters, view=view)
        kinds = log.con.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = 'events'"
        ).fetchall()
        # materialised: a temp table (in front of open_log's view); a view: that view alone
        assert sorted(kinds) == ([("VIEW",)] if view else [("LOCAL TEMPORARY",), ("VIEW",)])
        rows.append(log.con.execute("SELECT * FROM events ORDER BY ALL").fetchall())
    assert len(rows[0]) > 1000
    assert rows[1] == rows[0]


def test_warmup_imports_in_the_background() -> None:
    from ketenmining.analyse import warmup

    sys.modules.pop("json.tool", None)
    thread = warmup.start(("no_such_module_here", "json.tool"))
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert "json.tool" not in sys.modules  # it stops at the first import that fails
    warmup.start(("json.tool",)).join(timeout=60)
    assert "json.tool" in sys.modules


def test_warmup_fills_the_config_cache_before_its_thread(monkeypatch) -> None:
    """The thread starts only once ``sysconfig``'s cache is full and ``zoneinfo`` imported:
    Python 3.11 fills that cache without a lock, and a zone lookup racing with the
    warm-up's imports found no time zones (``unknown timezone 'Europe/Amsterdam'``)."""
    import sysconfig
    import threading

    from ketenmining.analyse import warmup

    seen: list[tuple[bool, bool]] = []
    start = threading.Thread.start

    def recording_start(self: threading.Thread) -> None:
        seen.append((sysconfig._CONFIG_VARS is not None, "zoneinfo" in sys.modules))
        start(self)

    monkeypatch.setattr(sysconfig, "_CONFIG_VARS", None)
    monkeypatch.delitem(sys.modules, "zoneinfo", raising=False)
    monkeypatch.setattr(threading.Thread, "start", recording_start)
    warmup.start(("json.tool",)).join(timeout=60)
    assert seen == [(True, True)]
    assert sysconfig.get_config_var("TZPATH")
