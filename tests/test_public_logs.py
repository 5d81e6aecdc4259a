"""Every public event log loads in quick mode with exactly the counts MANIFEST.md gives.

The expected numbers are parsed from the table in MANIFEST.md (written by
whoever collected the logs, not by this code). Variants are the sequences of
``activity`` per case in the canonical order (``CASE_ORDER``), counted by DuckDB.
The logs to test are the event logs in ``tests/public-logs.sha256``, so the
tests are collected (and skipped) even where the logs are absent.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from public_logs import MANIFEST, read_checksums
from support import PUBLIC_LOGS

from ketenmining.engine import connect
from ketenmining.engine.sql import CASE_ORDER
from ketenmining.ingest.quick import quick_chain_table, read_quick
from ketenmining.logspec import LogSpec, QuickMapping

EVENT_LOG = re.compile(r"\.(xes|xes\.gz|csv)$")

#: Mappings for the logs whose columns are not pm4py's or the common names.
MAPPINGS = {
    "sepsis.csv": QuickMapping(
        case="Case ID",
        activity="Activity",
        timestamp="Complete Timestamp",
        timestamp_format="%Y/%m/%d %H:%M:%S.%f",
        delimiter=";",
    ),
}


def _file_names(cell: str) -> list[str]:
    """'running-example.xes, .csv, .pnml' → the full names; '.csv' reuses the first name's stem."""
    names: list[str] = []
    for part in (p.strip() for p in cell.split(",")):
        if part.startswith(".") and names:
            stem = re.sub(r"\.(xes\.gz|[a-z]+)$", "", names[0])
            part = stem + part
        names.append(part)
    return names


@cache
def manifest() -> dict[str, tuple[int, ...]]:
    """file name → (cases, events[, activities, variants]) from MANIFEST.md's table."""
    text = (PUBLIC_LOGS / MANIFEST).read_text(encoding="utf-8")
    expected: dict[str, tuple[int, ...]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not re.fullmatch(r"\d+( / \d+)+", cells[2]):
            continue
        numbers = tuple(int(n) for n in cells[2].split(" / "))
        for name in _file_names(cells[0]):
            if EVENT_LOG.search(name):
                expected[name] = numbers
    return expected


#: The event logs of the collection (from the checksum list kept in the repository).
EVENT_LOGS = sorted(name for name in read_checksums() if EVENT_LOG.search(name))


@pytest.mark.public_logs
def test_manifest_was_parsed() -> None:
    on_disk = sorted(p.name for p in PUBLIC_LOGS.iterdir() if EVENT_LOG.search(p.name))
    assert sorted(manifest()) == on_disk == EVENT_LOGS
    assert manifest()["bpic2012.xes.gz"] == (13087, 262200, 24, 4366)


VARIANT_COUNTS = f"""
SELECT count(DISTINCT case_id), count(*), count(DISTINCT activity),
       (SELECT count(DISTINCT trace) FROM (
            SELECT list(activity ORDER BY {CASE_ORDER}) AS trace FROM ev GROUP BY case_id))
FROM ev
"""


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.public_logs(n, MANIFEST)) for n in EVENT_LOGS]
)
def test_public_log_counts_match_the_manifest(name: str) -> None:
    mapped = read_quick(LogSpec(PUBLIC_LOGS / name, MAPPINGS.get(name, QuickMapping())))
    con = connect()
    table, counts = quick_chain_table(con, mapped)
    assert counts["left_out"] == 0
    con.register("ev", table)
    cases, events, activities, variants = con.execute(VARIANT_COUNTS).fetchone()
    expected = manifest()[name]
    assert (cases, events, activities, variants)[: len(expected)] == expected
    assert mapped.rows_read == events
