"""Discovery aggregates on small logs whose answers are computed here by hand."""

from __future__ import annotations

import statistics

import numpy as np
from discover_logs import events_connection, make_table

from ketenmining.discover.aggregate import aggregate, release


def _hours(h: float) -> str:
    return f"2024-03-01T{int(h):02d}:{round((h % 1) * 60):02d}:00+00:00"


def test_waiting_time_statistics_per_edge():
    waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20]  # hours between melding and beoordeling, one per client
    rows = []
    for i, w in enumerate(waits):
        rows += [(f"c{i}", "VT", "melding", _hours(0)), (f"c{i}", "VT", "beoordeling", _hours(w))]
    con = events_connection(make_table(rows))
    edge = aggregate(con).graphs["activity"].edges[(("melding",), ("beoordeling",))]
    seconds = [w * 3600 for w in waits]
    assert edge.cases == edge.events == 10
    assert edge.median_s == statistics.median(seconds)
    assert edge.mean_s == statistics.fmean(seconds)
    assert edge.p90_s == np.percentile(seconds, 90)  # linear interpolation, like quantile_cont


def test_episodes_are_separate_routes_and_clients_are_counted_once():
    rows = [
        ("a", "VT", "melding", _hours(1), 1),
        ("a", "VT", "afsluiting", _hours(2), 1),
        ("a", "VT", "melding", _hours(5), 2),
        ("a", "TT", "intake", _hours(6), 2),
        ("b", "VT", "melding", _hours(1), 1),
        ("b", "VT", "afsluiting", _hours(3), 1),
    ]
    con = events_connection(make_table(rows))
    disc = aggregate(con)
    graph = disc.graphs["activity"]
    assert (("afsluiting",), ("melding",)) not in graph.edges  # no edge across episodes
    assert disc.cases == 2 and disc.traces == 3 and disc.events == 6
    melding = graph.nodes[("melding",)]
    assert (melding.cases, melding.events, melding.start_cases, melding.start_traces) == (
        2,
        3,
        2,
        3,
    )
    assert {v.activities: (v.traces, v.cases) for v in disc.variants} == {
        ("melding", "afsluiting"): (2, 2),
        ("melding", "intake"): (1, 1),
    }


def test_org_handovers_seam_waits_and_returns():
    # VT→TT handover for all three; x and y come straight back to VT (A→B→A), z does not
    rows = [
        ("x", "VT", "overdracht", _hours(0)),
        ("x", "TT", "intake", _hours(2)),
        ("x", "TT", "huisbezoek", _hours(3)),
        ("x", "VT", "melding", _hours(4)),
        ("y", "VT", "overdracht", _hours(0)),
        ("y", "TT", "intake", _hours(4)),
        ("y", "VT", "melding", _hours(5)),
        ("z", "VT", "overdracht", _hours(0)),
        ("z", "TT", "intake", _hours(6)),
        ("z", "RvdK", "raadsonderzoek", _hours(7)),
    ]
    con = events_connection(make_table(rows))
    org = aggregate(con).graphs["org"]
    seam = org.edges[(("VT",), ("TT",))]
    assert (seam.cases, seam.events, seam.return_cases) == (3, 3, 2)
    assert seam.median_s == 4 * 3600
    inside = org.edges[(("TT",), ("TT",))]
    assert (inside.cases, inside.events) == (1, 1)
    back = org.edges[(("TT",), ("VT",))]
    assert back.return_cases == 0  # after TT→VT nobody goes back to TT
    assert org.nodes[("VT",)].start_cases == 3


def test_coverage_keeps_most_frequent_variants_and_release_drops_temp_tables():
    rows = []
    for i in range(6):
        rows += [(f"a{i}", "VT", "melding", _hours(0)), (f"a{i}", "VT", "afsluiting", _hours(1))]
    for i in range(3):
        rows += [(f"b{i}", "VT", "melding", _hours(0)), (f"b{i}", "TT", "intake", _hours(1))]
    rows += [("c0", "VT", "melding", _hours(0))]
    con = events_connection(make_table(rows))
    disc = aggregate(con, coverage=0.8)
    assert disc.kept_variants == 2 and disc.traces == 9 and disc.total_traces == 10
    assert set(disc.graphs["activity"].nodes) == {("melding",), ("afsluiting",), ("intake",)}
    assert len(disc.variants) == 3
    release(con)
    tables = {
        r[0]
        for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()
    }
    assert not {t for t in tables if t.startswith("__disc")}


def test_clients_with_several_episodes_count_once_on_edges_and_returns():
    rows = []
    for ep in (1, 2):  # client a: two episodes, each VT→TT→VT (a return)
        base = 10 * ep
        rows += [
            ("a", "VT", "melding", _hours(base), ep),
            ("a", "TT", "intake", _hours(base + 1), ep),
            ("a", "VT", "afsluiting", _hours(base + 2), ep),
        ]
    rows += [("b", "VT", "melding", _hours(1)), ("b", "TT", "intake", _hours(2))]
    disc = aggregate(events_connection(make_table(rows)))
    edge = disc.graphs["activity"].edges[(("melding",), ("intake",))]
    assert (edge.cases, edge.events) == (2, 3)
    seam = disc.graphs["org"].edges[(("VT",), ("TT",))]
    assert (seam.cases, seam.events, seam.return_cases) == (2, 3, 1)
    node = disc.graphs["swimlane"].nodes[("VT", "melding")]
    assert (node.cases, node.events, node.start_cases, node.start_traces) == (2, 3, 2, 3)
    assert (disc.cases, disc.traces, disc.events) == (2, 3, 8)


def test_sorted_route_lists_equal_the_ordered_aggregate():
    """The position-tagged integer sort gives every trace the route of the ordered aggregate,
    and the ordered aggregate is kept when a code and a position could not share 63 bits."""
    from ketenmining.discover import sql as Q
    from ketenmining.discover.aggregate import build_steps

    rows = []
    for i in range(60):  # routes of 1-7 steps over 3 organisations, ties broken by file order
        for j in range(1 + i % 7):
            org = ("VT", "TT", "SCH")[(i + j) % 3]
            rows.append(
                (f"c{i}", org, f"act {(i * j) % 5}", _hours(1 + (j * 3 + i) % 5), 1 + j % 2)
            )
    con = events_connection(make_table(rows))
    build_steps(con)
    orgs, events = con.execute("SELECT count(*) FROM __disc_org").fetchall()[0][0], len(rows)
    sorted_sql = Q.disc_traces_sql(orgs, events)
    assert "list_sort" in sorted_sql
    query = "SELECT cid, episode, w FROM __disc_traces ORDER BY cid, episode"
    con.execute(sorted_sql)
    fast = con.execute(query).fetchall()
    con.execute(Q.DISC_TRACES)
    assert fast == con.execute(query).fetchall()
    assert max(len(w) for _, _, w in fast) == 4  # the longest episode (7 steps, episodes 1/2)
    assert Q.disc_traces_sql(orgs, 1 << 41) == Q.DISC_TRACES
    release(con)
