"""Test scaffolding for discovery: public logs and small logs as canonical chain-log tables.

Each public log is read with pm4py (XES) or pandas (CSV) and converted to the
canonical columns (case_id, episode=1, org, activity, activity_raw, timestamp
UTC, lifecycle, source="log", source_row = file order). This is test code,
not product code: quick-mode ingest is built elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from support import PUBLIC_LOGS as PUBLIC


@dataclass(frozen=True)
class PublicLog:
    """How to read one public log."""

    file: str
    case: str = "case:concept:name"
    activity: str = "concept:name"
    timestamp: str = "time:timestamp"
    org: str | None = None
    lifecycle: str | None = None
    sep: str = ","
    ts_format: str | None = None


LOGS: dict[str, PublicLog] = {
    "running-example.xes": PublicLog("running-example.xes", org="org:resource"),
    "running-example.csv": PublicLog("running-example.csv", org="org:resource"),
    "running_example_broken.csv": PublicLog(
        "running_example_broken.csv", org="org:resource", sep=";"
    ),
    "receipt.xes": PublicLog("receipt.xes", org="org:group", lifecycle="lifecycle:transition"),
    "receipt.csv": PublicLog("receipt.csv", org="org:group", lifecycle="lifecycle:transition"),
    "sepsis.csv": PublicLog(
        "sepsis.csv",
        case="Case ID",
        activity="Activity",
        timestamp="Complete Timestamp",
        org="org:group",
        lifecycle="lifecycle:transition",
        sep=";",
        ts_format="%Y/%m/%d %H:%M:%S.%f",
    ),
    "bpic2012.xes.gz": PublicLog(
        "bpic2012.xes.gz", org="org:resource", lifecycle="lifecycle:transition"
    ),
    "helpdesk.xes.gz": PublicLog("helpdesk.xes.gz", org="org:resource"),
    "roadtraffic100traces.xes": PublicLog(
        "roadtraffic100traces.xes", org="org:resource", lifecycle="lifecycle:transition"
    ),
    "interval_event_log.xes": PublicLog("interval_event_log.xes"),
    "traffic_fines.csv": PublicLog(
        "traffic_fines.csv",
        case="case_id",
        activity="activity",
        timestamp="timestamp",
        org="resource",
        lifecycle="lifecycle",
    ),
    "hospital_billing.csv": PublicLog(
        "hospital_billing.csv",
        case="case_id",
        activity="activity",
        timestamp="timestamp",
        org="resource",
        lifecycle="lifecycle",
    ),
}


def read_public(name: str) -> Any:
    """The public log ``name`` as a pandas DataFrame in file order."""
    import pandas as pd

    spec = LOGS[name]
    path = PUBLIC / spec.file
    if spec.file.endswith((".xes", ".xes.gz")):
        from ketenmining._pm4py import pm4py_quiet

        return pm4py_quiet().read_xes(str(path))
    return pd.read_csv(path, sep=spec.sep, dtype=str, keep_default_na=False)


def to_canonical(name: str, df: Any) -> Any:
    """Convert a public log frame to a canonical chain-log Arrow table (file order kept)."""
    import pandas as pd
    import pyarrow as pa

    from ketenmining.chainlog import arrow_schema

    spec = LOGS[name]
    ts = df[spec.timestamp]
    if not isinstance(ts.dtype, pd.DatetimeTZDtype):
        ts = pd.to_datetime(ts.astype(str), format=spec.ts_format or "ISO8601", utc=True)
    ts = ts.dt.tz_convert("UTC").astype("datetime64[us, UTC]")
    org = (
        df[spec.org].astype(object).fillna("NONE").astype(str).replace({"": "NONE"})
        if spec.org
        else "LOG"
    )
    lifecycle = (
        df[spec.lifecycle].astype(object).fillna("complete").astype(str).str.lower()
        if spec.lifecycle
        else "complete"
    )
    canon = pd.DataFrame(
        {
            "case_id": df[spec.case].astype(str).to_numpy(),
            "episode": 1,
            "org": org if isinstance(org, str) else org.to_numpy(),
            "activity": df[spec.activity].astype(str).to_numpy(),
            "activity_raw": df[spec.activity].astype(str).to_numpy(),
            "timestamp": ts.to_numpy(),
            "lifecycle": lifecycle if isinstance(lifecycle, str) else lifecycle.to_numpy(),
            "source": "log",
            "source_row": range(1, len(df) + 1),
        }
    )
    return pa.Table.from_pandas(canon, schema=arrow_schema(), preserve_index=False)


_CACHE: dict[str, Any] = {}


def canonical_log(name: str) -> Any:
    """The canonical Arrow table of a public log (read once per test session)."""
    if name not in _CACHE:
        _CACHE[name] = to_canonical(name, read_public(name))
    return _CACHE[name]


def events_connection(table: Any, filters: Any = None) -> Any:
    """A DuckDB connection whose ``events`` view holds ``table``."""
    from ketenmining.engine import connect, register_events

    con = connect()
    register_events(con, table, filters)
    return con


def make_table(
    rows: list[tuple[str, str, str, str]], extra_episode: dict[str, int] | None = None
) -> Any:
    """A canonical table from ``(case_id, org, activity, iso timestamp)`` rows."""
    import pandas as pd
    import pyarrow as pa

    from ketenmining.chainlog import arrow_schema

    frame = pd.DataFrame(
        {
            "case_id": [r[0] for r in rows],
            "episode": [r[4] if len(r) > 4 else 1 for r in rows],
            "org": [r[1] for r in rows],
            "activity": [r[2] for r in rows],
            "activity_raw": [r[2] for r in rows],
            "timestamp": pd.to_datetime([r[3] for r in rows], utc=True).astype(
                "datetime64[us, UTC]"
            ),
            "lifecycle": "complete",
            "source": "test",
            "source_row": range(1, len(rows) + 1),
        }
    )
    return pa.Table.from_pandas(frame, schema=arrow_schema(), preserve_index=False)


def routes_table(routes: list[tuple[int, list[tuple[str, str]]]], hours: float = 24.0) -> Any:
    """A canonical table from ``(number of clients, [(org, activity), ...])`` route specs.

    Client ids are ``c0001, c0002, ...`` in the order given; the i-th step of a
    route happens ``i * hours`` after 2024-01-01 plus the client's number in minutes.
    """
    import datetime as dt

    rows = []
    n = 0
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for clients, steps in routes:
        for _ in range(clients):
            n += 1
            for i, (org, act) in enumerate(steps):
                ts = start + dt.timedelta(minutes=n, hours=i * hours)
                rows.append((f"c{n:04d}", org, act, ts.isoformat()))
    return make_table(rows)
