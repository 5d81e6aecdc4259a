"""Gzipped XES (IEEE 1849-2016) export of Veilig Thuis: one trace per VT dossier.

Trace attributes ``concept:name`` (the VT dossier number) and ``client:bsn``
(readers expose them as ``case:concept:name`` and ``case:client:bsn``); event
attributes ``concept:name``, ``org:group`` (not mapped), ``time:timestamp``
(local time with its UTC offset) and ``lifecycle:transition`` (``start`` and
``complete`` for Onderzoek, ``complete`` otherwise). Traces are ordered by
their first event, events by time. The gzip header carries a fixed name and
mtime 0, so the bytes depend only on the content.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ketenmining.examples.rows import ExportContext, Rows, strftime
from ketenmining.examples.sources import (
    ACTIVITIES,
    START,
    VT,
    VT_BEOORDELING,
    VT_MELDING,
    VT_ONDERZOEK,
    VT_TEAMS,
    VT_VERZOEK_RAAD,
)

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
    <string key="lifecycle:transition" value="complete"/>
  </global>
  <classifier name="Activiteit" keys="concept:name"/>
  <classifier name="Activiteit en levenscyclus" keys="concept:name lifecycle:transition"/>
  <string key="concept:name" value="Veilig Thuis Midden-Brabant - export dossiers (synthetisch)"/>
"""
TAIL = "</log>\n"


def _team(act: int) -> str:
    if act in (VT_MELDING, VT_BEOORDELING):
        return VT_TEAMS[0]
    if act in (VT_ONDERZOEK, VT_VERZOEK_RAAD):
        return VT_TEAMS[1]
    return VT_TEAMS[2]


def _offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def write_veilig_thuis(
    path: Path, rows: Rows, ctx: ExportContext, traces_per_chunk: int = 20_000
) -> None:
    """Write the Veilig Thuis export (gzipped XES), formatting a chunk of traces at a time."""
    import numpy as np

    n = len(rows)
    key = rows.child.astype(np.int64) * 8 + rows.aux.astype(np.int64)
    by_trace = np.lexsort((np.arange(n), rows.ts, key))  # rows are time-sorted already
    key_sorted = key[by_trace]
    starts = (
        np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1]])
        if n
        else np.zeros(0, np.int64)
    )
    lengths = np.diff(np.r_[starts, n])
    ts_sorted = rows.ts[by_trace]
    trace_order = np.lexsort(
        (key_sorted[starts], ts_sorted[starts])
    )  # by first event, then dossier
    act_sorted, lc_sorted = rows.act[by_trace], rows.lc[by_trace]

    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="veilig-thuis.xes", mode="wb", fileobj=raw, mtime=0) as gz,
    ):
        out = io.TextIOWrapper(gz, encoding="utf-8", newline="\n")
        out.write(HEAD)
        for c in range(0, len(trace_order), traces_per_chunk):
            chunk = trace_order[c : c + traces_per_chunk]
            # Row positions of the chunk's traces, trace after trace.
            lens = lengths[chunk]
            first = np.repeat(starts[chunk] - np.r_[0, np.cumsum(lens)[:-1]], lens)
            idx = first + np.arange(int(lens.sum()))
            out.write(_traces(ctx, chunk_keys=key_sorted[starts[chunk]].tolist(), lens=lens.tolist(),
                              ts=ts_sorted[idx], acts=act_sorted[idx].tolist(),
                              lcs=lc_sorted[idx].tolist()))  # fmt: skip
        out.write(TAIL)
        out.flush()
        out.detach()


def _traces(
    ctx: ExportContext, chunk_keys: list[int], lens: list[int], ts, acts: list[int], lcs: list[int]
) -> str:
    """XML text of consecutive traces; ``ts``/``acts``/``lcs`` hold their events in order."""
    names = [quoteattr(n) for n in ACTIVITIES[VT]]
    teams = [quoteattr(_team(a)) for a in range(len(ACTIVITIES[VT]))]
    offsets = ctx.offset_minutes(ts).tolist()
    suffix = {o: _offset_text(o) for o in set(offsets)}
    stamps = strftime(ts, "%Y-%m-%dT%H:%M:%S.000")
    parts: list[str] = []
    i = 0
    for trace_key, length in zip(chunk_keys, lens, strict=True):
        child = trace_key // 8
        parts.append(
            "  <trace>\n"
            f'    <string key="concept:name" value={quoteattr(ctx.dossier("VT", trace_key))}/>\n'
            f'    <string key="client:bsn" value="{ctx.bsn(child, 0)}"/>\n'
        )
        for j in range(i, i + length):
            act = acts[j]
            parts.append(
                "    <event>\n"
                f'      <string key="concept:name" value={names[act]}/>\n'
                f'      <string key="org:group" value={teams[act]}/>\n'
                f'      <date key="time:timestamp" value="{stamps[j]}{suffix[offsets[j]]}"/>\n'
                f'      <string key="lifecycle:transition" value="{"start" if lcs[j] == START else "complete"}"/>\n'
                "    </event>\n"
            )
        parts.append("  </trace>\n")
        i += length
    return "".join(parts)
