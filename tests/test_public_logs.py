"""Every public event log loads in quick mode with exactly the counts MANIFEST.md gives.

The expected numbers are parsed from the table in MANIFEST.md (written by
whoever collected the logs, not by this code). Variants are the sequences of
``activity`` per case in the canonical order (``CASE_ORDER``), counted by DuckDB.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ketenmining.engine import connect
from ketenmining.engine.sql import CASE_ORDER
from ketenmining.ingest.quick import QUICK_EVENTS, choice_line, open_quick
from ketenmining.logspec import LogSpec

PUBLIC_LOGS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "public-logs"
EVENT_LOG = re.compile(r"\.(xes|xes\.gz|csv)$")

#: The columns quick mode must find by itself (no column options), per log.
DETECTED = {
    "sepsis.csv": ("Case ID", "Activity", "Complete Timestamp", "'%Y/%m/%d %H:%M:%S.%f'"),
    "hospital_billing.csv": ("case_id", "activity", "timestamp", "ISO 8601"),
    "traffic_fines.csv": ("case_id", "activity", "timestamp", "ISO 8601"),
}
XES_NAMES = ("case:concept:name", "concept:name", "time:timestamp", "ISO 8601")


def _file_names(cell: str) -> list[str]:
    """'running-example.xes, .csv, .pnml' → the full names; '.csv' reuses the first name's stem."""
    names: list[str] = []
    for part in (p.strip() for p in cell.split(",")):
        if part.startswith(".") and names:
            stem = re.sub(r"\.(xes\.gz|[a-z]+)$", "", names[0])
            part = stem + part
        names.append(part)
    return names


def manifest() -> dict[str, tuple[int, ...]]:
    """file name → (cases, events[, activities, variants]) from MANIFEST.md's table."""
    text = (PUBLIC_LOGS / "MANIFEST.md").read_text(encoding="utf-8")
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


EXPECTED = manifest()


def test_manifest_was_parsed() -> None:
    on_disk = sorted(p.name for p in PUBLIC_LOGS.iterdir() if EVENT_LOG.search(p.name))
    assert sorted(EXPECTED) == on_disk
    assert EXPECTED["bpic2012.xes.gz"] == (13087, 262200, 24, 4366)


VARIANT_COUNTS = f"""
SELECT count(DISTINCT case_id), count(*), count(DISTINCT activity),
       (SELECT count(DISTINCT trace) FROM (
            SELECT list(activity ORDER BY {CASE_ORDER}) AS trace FROM ev GROUP BY case_id))
FROM ev
"""


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_public_log_counts_match_the_manifest(name: str) -> None:
    con = connect()
    quick = open_quick(con, LogSpec(PUBLIC_LOGS / name))  # no column options at all
    assert quick.meta["left_out"] == 0
    con.execute(f"CREATE VIEW ev AS SELECT * FROM {QUICK_EVENTS}")
    cases, events, activities, variants = con.execute(VARIANT_COUNTS).fetchone()
    expected = EXPECTED[name]
    assert (cases, events, activities, variants)[: len(expected)] == expected
    assert quick.meta["rows_read"] == events
    record = quick.meta["quick"]
    columns = record["columns"]
    found = (columns["case"], columns["activity"], columns["timestamp"], record["timestamp_format"])
    assert found == DETECTED.get(name, XES_NAMES)
    assert set(record["how"].values()) == {"name"}
    line = choice_line(record, "en")
    assert line.startswith("quick mode: case = ") and "override with --case" in line
    assert choice_line(record, "nl").startswith("snelle modus: zaak = ")
