"""A large XES is parsed in two processes: same result as one pass, same refusals and errors."""

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


@pytest.mark.parametrize("gz", [False, True], ids=["xes", "xes.gz"])
def test_two_processes_give_the_scan_of_one(tmp_path: Path, gz: bool) -> None:
    text = _log(301).encode("utf-8")
    path = tmp_path / ("log.xes.gz" if gz else "log.xes")
    path.write_bytes(gzip.compress(text) if gz else text)
    one = _padded(xes._scan(path, EVENT_KEYS, TRACE_KEYS))
    two = _padded(xes.scan_parallel(path, EVENT_KEYS, TRACE_KEYS))
    assert two == one
    events, traces, event_cols, trace_cols, trace_of = two
    assert traces == 301 and events == sum(1 + t % 4 for t in range(301))
    assert trace_of[-1] == 300 and event_cols["concept:name"][0] == "act 0 & more"
    assert trace_cols["kind"][:4] == [None, "k1", None, "k3"]


def test_a_damaged_second_half_is_reported_at_its_place_in_the_file(tmp_path: Path) -> None:
    lines = _log(200).splitlines(keepends=True)
    broken_line = len(lines) - 10  # a trace in the second half loses its closing tag
    lines[broken_line - 1] = lines[broken_line - 1].replace("</trace>", "</trac>")
    path = tmp_path / "broken.xes"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(KetenError) as sequential:
        xes._scan(path, EVENT_KEYS, TRACE_KEYS)
    with pytest.raises(KetenError) as parallel:
        xes.scan_parallel(path, EVENT_KEYS, TRACE_KEYS)
    assert parallel.value.message == sequential.value.message
    assert parallel.value.where.line == sequential.value.where.line == broken_line


def test_a_dtd_is_refused_before_either_half_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "dtd.xes"
    body = _log(50).split("\n", 1)[1]
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY e "x">]>\n' + body, encoding="utf-8"
    )
    with pytest.raises(KetenError, match="DTD"):
        xes.scan_parallel(path, EVENT_KEYS, TRACE_KEYS)
