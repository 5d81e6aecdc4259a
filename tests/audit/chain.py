"""Small chains built in code and audited end to end (conform + audit), for the audit tests.

A chain is a list of events ``(case, org, step, "YYYY-MM-DD")`` (optionally a
fifth item, the lifecycle); every case gets a pseudonym-like id, episode 1.
:func:`audit_chain` runs the real conformance check and the audit record
builder against the example protocol (or another one), without maps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[2]
PROTOCOL = REPO / "configs" / "protocols" / "meldcode-keten.yaml"
TZ = ZoneInfo("Europe/Amsterdam")


def case_id(name: str) -> str:
    """A 64-hex id for a readable case name (the shape of a real pseudonym)."""
    return hashlib.sha256(name.encode()).hexdigest()


def events_table(events: list[tuple[Any, ...]]) -> Any:
    """The chain-log table of ``events``; times are local 10:00 plus one minute per event."""
    import pyarrow as pa

    from ketenmining.chainlog import arrow_schema

    rows = []
    for n, ev in enumerate(events):
        case, org, step, day = ev[:4]
        lifecycle = ev[4] if len(ev) > 4 else "complete"
        local = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10, 0), TZ)
        local += dt.timedelta(minutes=n % 300)
        rows.append(
            {
                "case_id": case_id(case),
                "episode": 1,
                "org": org,
                "activity": step,
                "activity_raw": step,
                "timestamp": local.astimezone(dt.UTC),
                "lifecycle": lifecycle,
                "source": org.lower(),
                "source_row": n + 1,
            }
        )
    return pa.Table.from_pylist(rows, schema=arrow_schema())


def audit_chain(
    events: list[tuple[Any, ...]],
    data_end: str,
    protocol: Path = PROTOCOL,
    settings: Any = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """The audit record of a small chain; ``data_end`` is the last day of the data."""
    return audit_run(events, data_end, protocol, settings, **kwargs).record


def audit_run(
    events: list[tuple[Any, ...]],
    data_end: str,
    protocol: Path = PROTOCOL,
    settings: Any = None,
    **kwargs: Any,
) -> Any:
    """The :class:`~ketenmining.audit.run.AuditRun` (record and conformance result) of a chain."""
    from ketenmining.audit.run import run_audit
    from ketenmining.engine import connect, register_events
    from ketenmining.log import parse_data_end
    from ketenmining.protocol import load_protocol

    proto = load_protocol(protocol)
    con = connect(threads=1)
    register_events(con, events_table(events))
    end = parse_data_end(data_end, proto.calendar.timezone)
    run = run_audit(
        con,
        proto,
        end,
        settings=settings,
        maps=False,
        workers=0,
        provenance={"created": "2025-01-06T09:00:00+00:00"},
        **kwargs,
    )
    return run


def regular(name: str, start: str, org: str = "HA") -> list[tuple[str, str, str, str]]:
    """A clean case via Toegang that closes well inside every window (start: a Monday)."""
    d = dt.date.fromisoformat(start)

    def day(n: int) -> str:
        return (d + dt.timedelta(days=n)).isoformat()

    return [
        (name, org, "melding_gedaan", day(0)),
        (name, "VT", "melding", day(0)),
        (name, "VT", "veiligheidsbeoordeling", day(1)),
        (name, "VT", "overdracht", day(2)),
        (name, "TT", "intake", day(3)),
        (name, "TT", "huisbezoek", day(7)),
        (name, "TT", "stabiele_veiligheid", day(42)),
        (name, "VT", "monitoring", day(84)),
        (name, "VT", "afsluiting", day(86)),
    ]


def closed_early(name: str, start: str, org: str = "HA") -> list[tuple[str, str, str, str]]:
    """A clean case closed after the safety assessment (start: a Monday)."""
    d = dt.date.fromisoformat(start)
    return [
        (name, org, "melding_gedaan", d.isoformat()),
        (name, "VT", "melding", d.isoformat()),
        (name, "VT", "veiligheidsbeoordeling", (d + dt.timedelta(days=1)).isoformat()),
        (name, "VT", "afsluiting", (d + dt.timedelta(days=3)).isoformat()),
    ]


def mondays(first: str, n: int, step_days: int = 7) -> list[str]:
    """``n`` Mondays from ``first`` (a Monday), ``step_days`` apart."""
    d = dt.date.fromisoformat(first)
    return [(d + dt.timedelta(days=i * step_days)).isoformat() for i in range(n)]
