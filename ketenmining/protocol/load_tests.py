"""Read the embedded ``tests:`` of a protocol: traces with dates and what they should give.

A trace item is ``step[/ORG][:lifecycle]@YYYY-MM-DD[THH:MM]``, e.g.
``melding@2024-03-04``, ``intake/VT@2024-01-10`` or
``onderzoek:start@2024-01-08T09:30``. Without an organisation the step's
first responsible organisation is assumed (the evaluator fills it in);
without a time, 12:00 local time in the calendar's timezone. ``expect`` is
``conforms`` (the trace follows the route and breaks no rule), ``deviates``
(it does not), or a mapping with ``conforms: true|false`` and lists of rule
ids under ``violates``, ``satisfies``, ``pending`` and ``not_applicable``.
An optional ``data_end`` (a date) says when the data ends; without it the
trace is complete.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ketenmining.protocol.model import Expectation, ProtocolTest, TraceEvent
from ketenmining.protocol.reader import Reader
from ketenmining.protocol.spec import EXPECT, STATUS_KEYS, TEST
from ketenmining.yamldoc import PathKey

TRACE_RE = re.compile(
    r"^(?P<step>[A-Za-z_][A-Za-z0-9_.-]*)"
    r"(?:/(?P<org>[A-Za-z_][A-Za-z0-9_.-]*))?"
    r"(?::(?P<lc>[a-z_]+))?"
    r"@(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?))?$"
)
NOON = dt.time(12, 0)


def zone(name: str) -> dt.tzinfo:
    """The zoneinfo timezone ``name``, or UTC when it is unknown (lint reports that)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def parse_trace_item(text: str, tz: dt.tzinfo) -> tuple[str, str | None, str, dt.datetime] | None:
    """Parse one trace item into (step, org, lifecycle, aware datetime), or None."""
    m = TRACE_RE.match(text.strip())
    if not m:
        return None
    try:
        day = dt.date.fromisoformat(m.group("date"))
        clock = dt.time.fromisoformat(m.group("time")) if m.group("time") else NOON
    except ValueError:
        return None
    when = dt.datetime.combine(day, clock, tzinfo=tz)
    return m.group("step"), m.group("org"), m.group("lc") or "complete", when


def read_tests(r: Reader, raw: Any, timezone: str) -> list[ProtocolTest]:
    """Parse the tests list; every problem becomes a finding on ``r``."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        r.wrong_type(("tests",), "tests", "list", raw)
        return []
    tz = zone(timezone)
    out = []
    for i, item in enumerate(raw):
        path: PathKey = ("tests", i)
        body = r.mapping(path, item, "a test")
        if body is None:
            continue
        before = len(r.findings)
        r.check_keys(path, body, TEST, what=r.t("protocol.load.test"))
        name = r.text((*path, "name"), body.get("name", f"test {i + 1}"), "name", allow_number=True)
        events = _read_trace(r, (*path, "trace"), body.get("trace", []), tz)
        expect = _read_expect(r, (*path, "expect"), body.get("expect"))
        data_end = None
        if "data_end" in body:
            day = r.date((*path, "data_end"), body["data_end"], "data_end")
            if day is not None:
                data_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
        if len(r.findings) > before or expect is None:
            continue
        out.append(
            ProtocolTest(name or f"test {i + 1}", tuple(events), expect, data_end, r.where(path))
        )
    return out


def _read_trace(r: Reader, path: PathKey, raw: Any, tz: dt.tzinfo) -> list[TraceEvent]:
    if not isinstance(raw, list):
        r.wrong_type(path, "trace", "list", raw)
        return []
    events = []
    for j, item in enumerate(raw):
        ipath = (*path, j)
        parsed = parse_trace_item(item, tz) if isinstance(item, str) else None
        if parsed is None:
            r.problem(
                ipath,
                "protocol.load.trace_item_not_step",
                "protocol.load.trace_item_not_step.hint",
                item=item,
            )
            continue
        step, org, lifecycle, when = parsed
        events.append(TraceEvent(step, when, org, lifecycle, r.where(ipath)))
    return events


def _read_expect(r: Reader, path: PathKey, raw: Any) -> Expectation | None:
    if raw in ("conforms", "deviates"):
        return Expectation(conforms=raw == "conforms")
    if not isinstance(raw, dict):
        r.problem(
            path,
            "protocol.load.expect_must_conforms_deviates",
            "protocol.load.expect_must_conforms_deviates.hint",
        )
        return None
    r.check_keys(path, raw, EXPECT, what="expect")
    conforms = (
        r.flag((*path, "conforms"), raw["conforms"], "conforms") if "conforms" in raw else None
    )
    statuses = []
    for key, status in STATUS_KEYS.items():
        if key not in raw:
            continue
        ids = r.names((*path, key), raw[key], key)
        for j, rid in enumerate(ids):
            where = (
                r.where((*path, key, j)) if isinstance(raw[key], list) else r.where((*path, key))
            )
            statuses.append((rid, status, where))
    if conforms is None and not statuses:
        r.problem(
            path,
            "protocol.load.expect_says_nothing_check",
            "protocol.load.expect_says_nothing_check.hint",
        )
    return Expectation(conforms, tuple(statuses))
