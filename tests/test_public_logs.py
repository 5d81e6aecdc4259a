"""Every public event log loads in quick mode with exactly the counts MANIFEST.md gives.

The expected numbers are parsed from the table in MANIFEST.md (written by
whoever collected the logs, not by this code). Variants are the sequences of
``activity`` per case in the canonical order (``CASE_ORDER``), counted by DuckDB.
The logs to test are the event logs in ``tests/public-logs.sha256``, so the
tests are collected (and skipped) even where the logs are absent.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
from public_logs import MANIFEST, read_checksums
from support import PUBLIC_LOGS, log_param

from ketenmining.cli import main
from ketenmining.engine import connect
from ketenmining.engine.sql import CASE_ORDER
from ketenmining.ingest.quick import QUICK_EVENTS, choice_line, open_quick
from ketenmining.logspec import LogSpec

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


@pytest.mark.parametrize("name", [log_param(n, n, MANIFEST) for n in EVENT_LOGS])
def test_public_log_counts_match_the_manifest(name: str) -> None:
    con = connect()
    quick = open_quick(con, LogSpec(PUBLIC_LOGS / name))  # no column options at all
    assert quick.meta["left_out"] == 0
    con.execute(f"CREATE VIEW ev AS SELECT * FROM {QUICK_EVENTS}")
    cases, events, activities, variants = con.execute(VARIANT_COUNTS).fetchone()
    expected = manifest()[name]
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


@pytest.mark.parametrize("name", [log_param(n) for n in EVENT_LOGS])
def test_discover_on_every_public_log_prints_its_choice(name: str, tmp_path, runner) -> None:
    """The consultant's first minute: one file, no column options, one line saying what was used."""
    out = tmp_path / "out"
    args = ["discover", str(PUBLIC_LOGS / name), "-o", str(out), "--format", "json", "--lang", "en"]
    result = runner.invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    case, activity, timestamp, fmt = DETECTED.get(name, XES_NAMES)
    said = [line for line in result.stderr.splitlines() if line.startswith("quick mode: ")]
    assert len(said) == 1
    assert f"case = '{case}'; activity = '{activity}'; timestamp = '{timestamp}'" in said[0]
    assert f"format detected: {fmt}" in said[0] and "override with --case" in said[0]
    record = json.loads((out / "discover.json").read_text(encoding="utf-8"))
    assert record["total_cases"] == manifest()[name][0]
    if result.exit_code == 1:  # only a log so small that k hides it all or mostly may say so
        assert "for data that is not about people use --k 1" in result.stderr
        assert record["total_cases"] < 100
