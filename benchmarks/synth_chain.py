"""A chain-shaped canonical log of any size, synthesised in DuckDB (benchmark data only).

Stands in for the example chain's generator at 100k-10M events until that
generator is in main: about 10 events per case, 15 activities, 6
organisations, a skewed variant distribution (a few routes dominate, a long
tail of rarer ones: skipped optional steps, repeated home visits, the odd
pair of steps in the other order). Case ids are 64-hex pseudonyms, like the
real chain log's. Deterministic for a given size and seed.

    python benchmarks/synth_chain.py 1000000 out.parquet
"""

from __future__ import annotations

import sys
from pathlib import Path

# (route, weight): each step is org:activity:mean days since the previous step[:optional]
ROUTES: list[tuple[str, float]] = [
    (
        "HA:signalering:0 HA:melding_gedaan:2 VT:melding:1 VT:veiligheidsbeoordeling:4 VT:overdracht:6 "
        "TT:intake:7 TT:huisbezoek:10:loop VT:monitoring:60 TT:stabiele_veiligheid:30 VT:afsluiting:10",
        40,
    ),
    (
        "SCH:signalering:0 SCH:melding_gedaan:3 VT:melding:1 VT:veiligheidsbeoordeling:4 VT:onderzoek:20 "
        "VT:overdracht:10 TT:intake:9 TT:huisbezoek:12:loop TT:stabiele_veiligheid:50 VT:monitoring:20 VT:afsluiting:8",
        22,
    ),
    ("POL:melding_gedaan:0 VT:melding:1 VT:veiligheidsbeoordeling:3 VT:afsluiting:5", 15),
    (
        "POL:signalering:0 POL:melding_gedaan:1 VT:melding:1 VT:veiligheidsbeoordeling:3 VT:onderzoek:30 "
        "VT:verzoek_raad:10 RvdK:raadsonderzoek:35 RvdK:raadsonderzoek_afgerond:70 VT:afsluiting:14",
        8,
    ),
    (
        "HA:melding_gedaan:0 VT:melding:2 VT:veiligheidsbeoordeling:5 VT:overdracht:8 TT:intake:15 "
        "TT:terugverwijzing:40 VT:melding:2 VT:veiligheidsbeoordeling:4 VT:overdracht:7 TT:intake:9 "
        "TT:huisbezoek:10:loop VT:afsluiting:30",
        5,
    ),
    (
        "JGZ:signalering:0 JGZ:melding_gedaan:4 VT:melding:1 VT:veiligheidsbeoordeling:5 VT:huisbezoek:6:loop "
        "VT:overdracht:10 TT:intake:6 TT:stabiele_veiligheid:45 VT:afsluiting:12",
        6,
    ),
    (
        "SCH:melding_gedaan:0 VT:melding:1 VT:veiligheidsbeoordeling:4 VT:adviesgesprek:3 VT:afsluiting:6",
        4,
    ),
]


def _steps_sql() -> str:
    rows = []
    for rid, (route, weight) in enumerate(ROUTES):
        for i, step in enumerate(route.split()):
            org, act, days, *flag = step.split(":")
            loop = "loop" in flag
            rows.append(
                f"({rid}, {i}, '{org}', '{act}', {float(days)}, {str(loop).lower()}, {weight})"
            )
    return "VALUES " + ", ".join(rows)


def synthesise(con, n_events: int, seed: float = 0.42) -> None:
    """Create table ``synth`` (canonical chain-log columns) with about ``n_events`` events."""
    mean_len = 9.4
    n_cases = max(1, int(n_events / mean_len))
    con.execute(f"SELECT setseed({seed})")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE synth_steps AS SELECT * FROM ({_steps_sql()}) "
        "t(route, step, org, activity, days, loop, weight)"
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE synth_routes AS
        SELECT route, sum(w) OVER (ORDER BY route) / sum(w) OVER () AS hi,
               (sum(w) OVER (ORDER BY route) - w) / sum(w) OVER () AS lo
        FROM (SELECT route, any_value(weight) AS w FROM synth_steps GROUP BY route)
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE synth_cases AS
        SELECT i, sha256('client-' || i::VARCHAR) AS case_id, random() AS pick,
               TIMESTAMPTZ '2023-01-02 08:00:00+00' + to_seconds(CAST(random() * 700 * 86400 AS BIGINT)) AS t0,
               0.5 + random() AS pace
        FROM range({n_cases}) r(i)
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE synth_ev AS
        WITH c AS (
          SELECT c.*, r.route FROM synth_cases c JOIN synth_routes r ON c.pick >= r.lo AND c.pick < r.hi
        ), s AS (
          SELECT c.case_id, c.t0, c.pace, st.step, st.org, st.activity, st.days, st.loop,
                 CASE WHEN st.loop THEN 1 + CAST(floor(pow(random(), 2) * 4) AS INTEGER) ELSE 1 END AS reps,
                 random() AS skip, random() AS swap
          FROM c JOIN synth_steps st ON st.route = c.route
        ), e AS (
          SELECT s.*, u.rep FROM s, unnest(range(s.reps)) u(rep)
          WHERE NOT (s.step > 0 AND s.skip < 0.04)
        )
        SELECT case_id, org, activity, t0, pace, step, rep, days, swap,
               sum(days + 0.01) OVER (PARTITION BY case_id ORDER BY step, rep
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS offset_days
        FROM e
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE synth AS
        SELECT case_id, CAST(1 AS INTEGER) AS episode, org, activity, activity AS activity_raw,
               t0 + to_seconds(CAST((offset_days * pace - CASE WHEN swap < 0.015 THEN (days + 0.01) * pace * 1.5 ELSE 0 END)
                                    * 86400 AS BIGINT)) AS timestamp,
               'complete' AS lifecycle, org AS source,
               row_number() OVER () AS source_row
        FROM synth_ev
        """
    )
    for t in ("synth_ev", "synth_cases", "synth_routes", "synth_steps"):
        con.execute(f"DROP TABLE {t}")


def write_parquet(n_events: int, path: Path) -> Path:
    """Synthesise a log of about ``n_events`` events into the Parquet file ``path``."""
    from ketenmining.engine import connect

    con = connect()
    synthesise(con, n_events)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    con.execute(
        f"COPY (SELECT * FROM synth ORDER BY case_id) TO '{tmp}' (FORMAT parquet, COMPRESSION zstd)"
    )
    tmp.replace(path)
    return path


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"benchmarks/data/chain-{n}.parquet")
    print(write_parquet(n, out))
