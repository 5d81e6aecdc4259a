"""A large XES is parsed in two processes (by expat): same result as one lxml pass, same refusals
and errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from ketenmining.errors import KetenError
from ketenmining.ingest.readers import xes

EVENT_KEYS = {"concept:name", "time:timestamp", "org:group"}
TRACE_KEYS = {"concept:name", "kind"}


def _log(traces: int) -> str:
    """An XES document: trace attributes on every other trace, an org only on some events."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n']
    for t in range(traces):
        parts.append(f'<trace><string key="concept:name" value="c{t}"/>')
        if t % 2:
            parts.append(f'<string key="kind" value="k{t % 5}"/>')
        for e in range(1 + t % 4):
            org = f'<string key="org:group" value="team {e}"/>' if (t + e) % 3 else ""
            parts.append(
                f'<event><string key="concept:name" value="act {e} &amp; more"/>'
                f'<date key="time:timestamp" value="2024-01-{1 + t % 28:02d}T0{e}:00:00+01:00"/>'
                f"{org}</event>"
            )
        parts.append("</trace>\n")
    parts.append("</log>\n")
    return "".join(parts)


def _padded(scan: xes._Scan) -> tuple:
    for cols, n in ((scan.event_cols, scan.events), (scan.trace_cols, scan.traces)):
        for values in cols.values():
            values.extend([None] * (n - len(values)))
    return scan.events, scan.traces, scan.event_cols, scan.trace_cols, scan.trace_of


@pytest.fixture(autouse=True)
def _always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xes, "PARALLEL_BYTES", 0)


WANTED = sorted(EVENT_KEYS) + sorted(xes.CASE_PREFIX + k for k in TRACE_KEYS)


def _values(packed: xes.Packed, name: str) -> list[str | None]:
    return [None if v == xes.NULL else v for v in packed.columns[name].split(xes.SEP)]


@pytest.mark.parametrize("gz", [False, True], ids=["xes", "xes.gz"])
def test_two_processes_give_the_scan_of_one(tmp_path: Path, gz: bool) -> None:
    text = _log(301).encode("utf-8")
    path = tmp_path / ("log.xes.gz" if gz else "log.xes")
    path.write_bytes(gzip.compress(text) if gz else text)
    one = xes._pack(xes._scan(path, EVENT_KEYS, TRACE_KEYS), WANTED)
    two = xes.scan_packed(path, EVENT_KEYS, TRACE_KEYS)
    assert two == one
    events = sum(1 + t % 4 for t in range(301))
    assert two.events == events and set(two.columns) == set(WANTED)
    assert _values(two, "concept:name")[0] == "act 0 & more"
    kinds = _values(two, "case:kind")  # trace attributes repeated on the trace's events
    assert kinds[: 1 + 2] == [None, "k1", "k1"] and len(kinds) == events
    orgs = _values(two, "org:group")
    assert orgs[:3] == [None, "team 0", "team 1"]  # trace 0: 1 event, no org; trace 1: 2 events


def test_expat_gives_the_scan_of_lxml(tmp_path: Path) -> None:
    """Same values, keys, padding and trace numbers, also with nested and repeated attributes."""
    doc = _log(97).replace(
        '<event><string key="concept:name" value="act 1 &amp; more"/>',
        '<event><list key="nested"><string key="concept:name" value="inner"/></list>'
        '<string key="concept:name" value="first"/><string key="concept:name" value="act 1 &amp; more"/>',
    )
    path = tmp_path / "log.xes"
    path.write_text(doc, encoding="utf-8")
    lxml_scan = _padded(xes._scan(path, None, None))
    expat_scan = _padded(xes._scan_expat([doc.encode("utf-8")], None, None))
    assert expat_scan == lxml_scan
    assert "inner" not in expat_scan[2]["concept:name"] and expat_scan[2]["nested"][1] is None


_PUBLIC_XES = [
    "helpdesk.xes.gz",
    "receipt.xes",
    "running-example.xes",
    "interval_event_log.xes",
    "roadtraffic100traces.xes",
]


@pytest.mark.public_logs(*_PUBLIC_XES)
@pytest.mark.parametrize("name", _PUBLIC_XES)
def test_expat_gives_the_scan_of_lxml_on_public_logs(name: str) -> None:
    from public_logs import locate

    path = locate() / name
    lxml_scan = xes._scan(path, None, None)
    expat_scan = xes._scan_expat([xes._whole(path)], None, None)
    assert lxml_scan.events > 0
    keys = (expat_scan.event_keys, expat_scan.trace_keys)
    assert _padded(expat_scan) == _padded(lxml_scan)
    assert keys == (lxml_scan.event_keys, lxml_scan.trace_keys)


@pytest.mark.parametrize(
    "doc",
    [
        '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY e "x">]>\n<log><trace/></log>',
        '<log><trace><event><string key="a" value="&e;"/></event></trace></log>',
        '<x:log xmlns:x="http://www.xes-standard.org/"><x:trace/></x:log>',
        "<log><trace><event></trace></log>",
    ],
    ids=["dtd", "undeclared-entity", "prefixed", "malformed"],
)
def test_expat_leaves_anything_unusual_to_lxml(doc: str) -> None:
    with pytest.raises(xes._Unparsed):
        xes._scan_expat([doc.encode("utf-8")], None, None)


def test_a_damaged_second_half_is_reported_at_its_place_in_the_file(tmp_path: Path) -> None:
    lines = _log(200).splitlines(keepends=True)
    broken_line = len(lines) - 10  # a trace in the second half loses its closing tag
    lines[broken_line - 1] = lines[broken_line - 1].replace("</trace>", "</trac>")
    path = tmp_path / "broken.xes"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(KetenError) as sequential:
        xes._scan(path, EVENT_KEYS, TRACE_KEYS)
    with pytest.raises(KetenError) as parallel:
        xes.scan_packed(path, EVENT_KEYS, TRACE_KEYS)
    assert parallel.value.message == sequential.value.message
    assert parallel.value.where.line == sequential.value.where.line == broken_line


def test_a_dtd_is_refused_before_either_half_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "dtd.xes"
    body = _log(50).split("\n", 1)[1]
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY e "x">]>\n' + body, encoding="utf-8"
    )
    with pytest.raises(KetenError, match="DTD"):
        xes.scan_packed(path, EVENT_KEYS, TRACE_KEYS)


def test_a_parent_stopped_mid_scan_does_not_wait_for_ever_on_its_child(tmp_path: Path) -> None:
    """Ctrl-C (or any failure) in the parent's half: the child, whose packed half is larger than
    a pipe holds, is ended instead of both waiting on each other, and the stop comes through."""
    import subprocess
    import sys

    path = tmp_path / "big.xes"
    path.write_text(_log(3000), encoding="utf-8")
    code = f"""
import os, time
from pathlib import Path
from ketenmining.ingest.readers import xes
xes.PARALLEL_BYTES = 0
parent, real = os.getpid(), xes._scan_expat
def scan(parts, ew, tw):
    if os.getpid() == parent:
        time.sleep(1)  # the child has parsed its half and is sending it
        raise KeyboardInterrupt
    return real(parts, ew, tw)
xes._scan_expat = scan
try:
    xes.scan_packed(Path({str(path)!r}), {sorted(EVENT_KEYS)!r}, {sorted(TRACE_KEYS)!r})
except KeyboardInterrupt:
    print("stopped")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "stopped", done.stderr
    assert "Traceback" not in done.stderr
