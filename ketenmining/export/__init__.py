"""Export the chain log for other process-mining tools: XES (IEEE 1849) and OCEL 2.0 (JSON).

The events come from the ``events`` view (a chain log, a config stitched on
the fly, or a quick-mode file, with the shared filters), in the canonical
order. The exports hold pseudonymised, event-level data: they are for use
inside the chain (ProM, Disco, Celonis, pm4py), not for publication.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from ketenmining.chainlog import CANONICAL_COLUMNS
from ketenmining.version import __version__

XES_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
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
    <string key="org:group" value="__INVALID__"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and lifecycle" keys="concept:name lifecycle:transition"/>
  <string key="concept:name" value={name}/>
  <string key="ketenmining:version" value="{version}"/>
"""

#: Columns of the chain log that are not copied as plain attributes.
_CORE = frozenset(CANONICAL_COLUMNS)
_BATCH = 50_000


def _batches(con: Any) -> Iterator[list[dict[str, Any]]]:
    from ketenmining.engine.sql import CANONICAL_ORDER

    reader = con.sql(f"SELECT * FROM events ORDER BY {CANONICAL_ORDER}").to_arrow_reader(_BATCH)
    for batch in reader:
        yield batch.to_pylist()


def _iso(ts: Any) -> str:
    text = ts.isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z") if text.endswith("+00:00") else text


def _xes_attr(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return f'<boolean key={quoteattr(key)} value="{str(value).lower()}"/>'
    if isinstance(value, int):
        return f'<int key={quoteattr(key)} value="{value}"/>'
    if isinstance(value, float):
        return f'<float key={quoteattr(key)} value="{value!r}"/>'
    return f"<string key={quoteattr(key)} value={quoteattr(str(value))}/>"


def write_xes(con: Any, out: IO[str], name: str) -> int:
    """Write the ``events`` view as XES: one trace per client episode. Returns the events written."""
    out.write(XES_HEAD.format(name=quoteattr(name), version=__version__))
    current: tuple[str, int] | None = None
    n = 0
    for rows in _batches(con):
        parts: list[str] = []
        for r in rows:
            trace = (r["case_id"], r["episode"])
            if trace != current:
                if current is not None:
                    parts.append("  </trace>\n")
                parts.append(
                    "  <trace>\n"
                    f'    <string key="concept:name" value={quoteattr(f"{trace[0]}#{trace[1]}")}/>\n'
                    f'    <string key="client" value={quoteattr(trace[0])}/>\n'
                    f'    <int key="episode" value="{trace[1]}"/>\n'
                )
                current = trace
            attrs = "".join(
                f"      {_xes_attr(k.removeprefix('attr_'), v)}\n"
                for k, v in r.items()
                if k not in _CORE and v is not None
            )
            parts.append(
                "    <event>\n"
                f'      <string key="concept:name" value={quoteattr(r["activity"])}/>\n'
                f'      <date key="time:timestamp" value="{r["timestamp"].isoformat(timespec="milliseconds")}"/>\n'
                f'      <string key="lifecycle:transition" value={quoteattr(r["lifecycle"])}/>\n'
                f'      <string key="org:group" value={quoteattr(r["org"])}/>\n'
                f'      <string key="activity_raw" value={quoteattr(r["activity_raw"])}/>\n'
                f'      <string key="source" value={quoteattr(r["source"])}/>\n'
                f"{attrs}    </event>\n"
            )
            n += 1
        out.write("".join(parts))
    if current is not None:
        out.write("  </trace>\n")
    out.write("</log>\n")
    return n


def write_ocel(con: Any, out: IO[str], name: str) -> int:
    """Write the ``events`` view as OCEL 2.0 JSON.

    Object types: ``client`` (the pseudonym), ``case`` (one episode of a
    client, related to its client) and ``organisation``. Every event relates
    to its case (qualifier ``case``), its client and the organisation that
    performed it (``performed by``). Returns the events written.
    """
    events: list[dict[str, Any]] = []
    clients: set[str] = set()
    cases: set[tuple[str, int]] = set()
    orgs: set[str] = set()
    event_types: dict[str, set[str]] = {}
    for rows in _batches(con):
        for r in rows:
            case = f"{r['case_id']}#{r['episode']}"
            clients.add(r["case_id"])
            cases.add((r["case_id"], r["episode"]))
            orgs.add(r["org"])
            extra = {
                k.removeprefix("attr_"): v for k, v in r.items() if k not in _CORE and v is not None
            }
            attrs = {
                "lifecycle": r["lifecycle"],
                "activity_raw": r["activity_raw"],
                "source": r["source"],
                **extra,
            }
            event_types.setdefault(r["activity"], set()).update(attrs)
            events.append(
                {
                    "id": f"e{len(events) + 1}",
                    "type": r["activity"],
                    "time": _iso(r["timestamp"]),
                    "attributes": [{"name": k, "value": v} for k, v in attrs.items()],
                    "relationships": [
                        {"objectId": f"case:{case}", "qualifier": "case"},
                        {"objectId": f"client:{r['case_id']}", "qualifier": "client"},
                        {"objectId": f"org:{r['org']}", "qualifier": "performed by"},
                    ],
                }
            )
    doc = {
        "objectTypes": [
            {"name": "client", "attributes": []},
            {"name": "case", "attributes": [{"name": "episode", "type": "integer"}]},
            {"name": "organisation", "attributes": []},
        ],
        "eventTypes": [
            {"name": t, "attributes": [{"name": a, "type": "string"} for a in sorted(names)]}
            for t, names in sorted(event_types.items())
        ],
        "objects": [{"id": f"client:{c}", "type": "client"} for c in sorted(clients)]
        + [
            {
                "id": f"case:{c}#{e}",
                "type": "case",
                "attributes": [{"name": "episode", "time": "1970-01-01T00:00:00Z", "value": e}],
                "relationships": [{"objectId": f"client:{c}", "qualifier": "episode of"}],
            }
            for c, e in sorted(cases)
        ]
        + [{"id": f"org:{o}", "type": "organisation"} for o in sorted(orgs)],
        "events": events,
    }
    json.dump(doc, out, ensure_ascii=False, default=str)
    out.write("\n")
    return len(events)


#: Export formats: name -> (file suffixes, writer).
WRITERS: dict[str, tuple[tuple[str, ...], Callable[[Any, IO[str], str], int]]] = {
    "xes": ((".xes", ".xes.gz"), write_xes),
    "ocel": ((".jsonocel", ".json"), write_ocel),
}


def export_log(con: Any, path: str | Path, fmt: str, name: str) -> int:
    """Write the ``events`` view to ``path`` in ``fmt`` (gzip when the name ends in .gz), atomically."""
    from ketenmining.errors import KetenError
    from ketenmining.fsutil import atomic_path

    if fmt not in WRITERS:
        raise KetenError(f"unknown export format '{fmt}'", hint="use " + " or ".join(WRITERS))
    target = Path(path)
    _, write = WRITERS[fmt]
    with atomic_path(target) as tmp:
        if target.name.endswith(".gz"):
            with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as fh:
                return write(con, fh, name)
        with open(tmp, "w", encoding="utf-8") as fh:
            return write(con, fh, name)


from ketenmining.export.api import export as export  # noqa: E402  (the entry point)
