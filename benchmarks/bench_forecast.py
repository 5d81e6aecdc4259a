"""Benchmark: ``ketenmining analyse forecast`` with its backtest, on a generated example chain.

The log is the example chain's generator at about ``--events`` events
(``children = events / 9.42``, seed 7, stitched once and cached under
``benchmarks/data/``), so open cases, routing and delays are those of a real
chain shape. Each run is a fresh process, as a user runs it:
``analyse forecast LOG --weeks 8 --format json -q`` — reading the events,
the forecast (1,000 paths) and the backtest (33 cut-offs × 200 paths).
Prints the median wall time, the peak memory and the machine, as a
Markdown row for docs/benchmarks.md ("Analyse: forecast"). No pm4py
counterpart: pm4py has no forecast of inflow from the open cases.

    python benchmarks/bench_forecast.py --events 1000000 --runs 3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import events_in, ketenmining, machine, median_runs, stitched_chain

EVENTS_PER_CHILD = 9.42


def main() -> None:
    """Run the benchmark and print the Markdown table rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="1000000", help="comma-separated sizes")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    print(
        "| events | cases open at the data end | median wall (s) | runs (s) | peak memory (MiB) |"
    )
    print("|---:|---:|---:|---|---:|")
    for size in (int(s) for s in args.events.split(",")):
        log = stitched_chain(round(size / EVENTS_PER_CHILD))
        cmd = ketenmining("analyse", "forecast", str(log), "--weeks", "8", "--format", "json", "-q")
        wall, peak, walls = median_runs(cmd, args.runs)
        print(
            f"| {events_in(log):,} | {_open_cases(log):,} | {wall:.1f} | "
            f"{', '.join(f'{w:.1f}' for w in walls)} | {peak:.0f} |"
        )


def _open_cases(log: Path) -> int:
    """Episodes with an event in the 13 weeks before the log's last week (the simulated ones)."""
    import duckdb

    return (
        duckdb.connect()
        .execute(
            f"WITH e AS (SELECT case_id, episode, max(timestamp) AS last FROM '{log}' GROUP BY ALL) "
            "SELECT count(*) FROM e WHERE last >= (SELECT max(last) FROM e) - INTERVAL 98 DAY"
        )
        .fetchone()[0]
    )


if __name__ == "__main__":
    main()
