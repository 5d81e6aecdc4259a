"""An independent reference audit of a generated example chain, for tests only.

It reads the six raw exports the way the chain config describes them (its own
small readers: csv, openpyxl, json, ElementTree, pyarrow), maps activities with
the config's tables, links events by normalised BSN, splits episodes after
more than 12 months of silence, and evaluates every rule of the example
protocol and its route with the semantics the protocol helper implements:

* working days: weekends, ``holidays.NL``, Good Friday, 5 May in lustrum
  years only, and the protocol's own closed days (read from the protocol);
* ``within N working days``: ``wd(date B) - wd(date A) <= N``; ``within N
  days/weeks/months``: ``date B <= date A + N``; dates are local dates;
* a deadline not passed at the data end is never a violation; a requirement
  without deadline is violated only when the case has ended (last event
  ``afsluiting``, or the data end at least 3 months after the last event);
* route: a case's sequence of steps (complete events; a step with start and
  complete counts once) must be a trace of the route; a running case must be
  a prefix of one.

It shares no code with the generator (only the privacy module's
normalisation and pseudonym, which define what a case id is).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from ketenmining.privacy.pseudonym import normalise_bsn, pseudonym, read_key

TZ = ZoneInfo("Europe/Amsterdam")
REPO = Path(__file__).resolve().parents[1]
PROTOCOL = REPO / "configs" / "protocols" / "meldcode-keten.yaml"
XES_NS = "{http://www.xes-standard.org/}"
LC_ORDER = {"start": 0, "complete": 1}


@dataclass(frozen=True)
class Ev:
    """One event as a chain audit sees it."""

    bsn: str
    org: str
    step: str
    lifecycle: str
    local: dt.datetime  # naive local time
    source: str
    row: int
    attrs: tuple = ()

    @property
    def utc(self) -> dt.datetime:
        return self.local.replace(tzinfo=TZ).astimezone(dt.UTC)

    @property
    def date(self) -> dt.date:
        return self.local.date()


@dataclass
class Chain:
    """Everything read from a generated folder."""

    events: list[Ev]
    invalid_rows: dict[str, list[int]]
    rows: dict[str, int]
    unmapped: list[tuple[str, str]] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def _mapper(source: dict):
    table = {k: v for k, v in (source.get("activities") or {}).items() if k != "patterns"}
    patterns = [
        (re.compile(p["match"]), p["step"])
        for p in (source.get("activities") or {}).get("patterns", [])
    ]
    ignore = [re.compile(p["match"]) for p in source.get("ignore", [])]

    def step_of(name: str) -> str | None:
        """Step id, '' when ignored, None when unmapped."""
        if name in table:
            return table[name]
        for rx, step in patterns:
            if rx.search(name):
                return step
        if any(rx.search(name) for rx in ignore):
            return ""
        return None

    return step_of


def read_chain(folder: Path) -> Chain:
    """Read all sources of the chain config in ``folder``."""
    config = yaml.safe_load((folder / "keten.yaml").read_text(encoding="utf-8"))
    events: list[Ev] = []
    invalid: dict[str, list[int]] = {}
    rows: dict[str, int] = {}
    unmapped: list[tuple[str, str]] = []
    for src in config["sources"]:
        sid, org, fmt = src["id"], src["org"], src["format"]
        step_of = _mapper(src)
        idcol = src["client_id"]["column"]
        cols = src["columns"]
        lifemap = src.get("lifecycle") or {}
        path = folder / src["path"]
        records = list(READERS[fmt](path, src))
        rows[sid] = len(records)
        bad = []
        for n, rec in enumerate(records, start=1):
            bsn = normalise_bsn(rec.get(idcol))
            if bsn is None:
                bad.append(n)
                continue
            name = rec[cols["activity"]]
            step = step_of(name)
            if step is None:
                unmapped.append((sid, name))
                continue
            if step == "":
                continue
            lc = "complete"
            if cols.get("lifecycle"):
                raw = rec[cols["lifecycle"]]
                lc = lifemap.get(raw, raw)
            attrs = tuple((k, rec[c]) for k, c in (cols.get("attributes") or {}).items())
            events.append(
                Ev(bsn, org, step, lc, _local(rec[cols["timestamp"]], src), sid, n, attrs)
            )
        invalid[sid] = bad
    return Chain(events, invalid, rows, unmapped)


def _local(value, src: dict) -> dt.datetime:
    """Naive local datetime of a raw timestamp value."""
    spec = src.get("timestamp") or {}
    if isinstance(value, dt.datetime):
        return (
            value.replace(tzinfo=None)
            if value.tzinfo is None
            else value.astimezone(TZ).replace(tzinfo=None)
        )
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    fmt = spec.get("format")
    if fmt and fmt != "iso8601":
        return dt.datetime.strptime(value, fmt)
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.astimezone(TZ).replace(tzinfo=None) if parsed.tzinfo else parsed


def _read_csv(path: Path, src: dict):
    opts = src.get("options") or {}
    with open(path, encoding=opts.get("encoding", "utf-8"), newline="") as fh:
        yield from csv.DictReader(fh, delimiter=opts.get("delimiter", ","))


def _read_xlsx(path: Path, src: dict):
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb[(src.get("options") or {}).get("sheet")]
    it = ws.iter_rows(values_only=True)
    header = next(it)
    for values in it:
        yield dict(zip(header, values, strict=True))
    wb.close()


def _read_jsonl(path: Path, src: dict):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _read_xes(path: Path, src: dict):
    with gzip.open(path, "rb") as fh:
        root = ET.parse(fh).getroot()
    for trace in root.iter(f"{XES_NS}trace"):
        tattrs = {
            f"case:{a.get('key')}": a.get("value") for a in trace if a.tag != f"{XES_NS}event"
        }
        for event in trace.iter(f"{XES_NS}event"):
            rec = dict(tattrs)
            for a in event:
                value = a.get("value")
                if a.tag == f"{XES_NS}date":
                    value = dt.datetime.fromisoformat(value)
                rec[a.get("key")] = value
            yield rec


def _read_parquet(path: Path, src: dict):
    import pyarrow.parquet as pq

    yield from pq.read_table(path).to_pylist()


READERS = {
    "csv": _read_csv,
    "xlsx": _read_xlsx,
    "jsonl": _read_jsonl,
    "xes": _read_xes,
    "parquet": _read_parquet,
}


# --------------------------------------------------------------------------- calendar


def add_months(d: dt.date, n: int) -> dt.date:
    """Calendar months later, clamped to the month's last day."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@cache
def _closed() -> frozenset[dt.date]:
    import holidays
    from dateutil.easter import easter

    protocol = yaml.safe_load(PROTOCOL.read_text(encoding="utf-8"))
    years = range(2020, 2030)
    closed = set(holidays.NL(years=years))
    for y in years:
        closed.add(easter(y) - dt.timedelta(days=2))
        closed.discard(dt.date(y, 5, 5))
        if y % 5 == 0:
            closed.add(dt.date(y, 5, 5))
    closed.update(dt.date.fromisoformat(str(d)) for d in protocol["calendar"]["closed"])
    return frozenset(closed)


@cache
def _wd_table() -> dict[dt.date, int]:
    closed = _closed()
    out, count, d = {}, 0, dt.date(2020, 1, 1)
    while d <= dt.date(2029, 12, 31):
        if d.weekday() < 5 and d not in closed:
            count += 1
        out[d] = count
        d += dt.timedelta(days=1)
    return out


def wd(d: dt.date) -> int:
    """Working days up to and including ``d``."""
    return _wd_table()[d]


def is_working(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in _closed()


# --------------------------------------------------------------------------- protocol


@cache
def protocol() -> dict:
    return yaml.safe_load(PROTOCOL.read_text(encoding="utf-8"))


def _window(spec: str) -> tuple[int, str]:
    amount, unit = spec.split(" ", 1)
    return int(amount), unit.strip()


def in_window(a: dt.date, b: dt.date, spec: str) -> bool:
    """``b`` within ``spec`` of ``a`` (b >= a assumed)."""
    n, unit = _window(spec)
    if unit == "working days":
        return wd(b) - wd(a) <= n
    if unit == "days":
        return b <= a + dt.timedelta(days=n)
    if unit == "weeks":
        return b <= a + dt.timedelta(weeks=n)
    if unit == "months":
        return b <= add_months(a, n)
    raise AssertionError(unit)


def at_least(a: dt.date, b: dt.date, spec: str) -> bool:
    """``b`` at least ``spec`` after ``a``."""
    n, unit = _window(spec)
    if unit == "weeks":
        return b >= a + dt.timedelta(weeks=n)
    if unit == "days":
        return b >= a + dt.timedelta(days=n)
    if unit == "months":
        return b >= add_months(a, n)
    raise AssertionError(unit)


def members(org_ref) -> set[str]:
    orgs = protocol()["organisations"]
    refs = [org_ref] if isinstance(org_ref, str) else list(org_ref)
    out: set[str] = set()
    for ref in refs:
        value = orgs.get(ref)
        if isinstance(value, dict) and "members" in value:
            out.update(value["members"])
        else:
            out.add(ref)
    return out


# Route automaton of the example protocol (states: what has been done so far).
ROUTE = {
    ("S0", "signalering"): "S1",
    ("S0", "melding_gedaan"): "S2",
    ("S1", "melding_gedaan"): "S2",
    ("S2", "melding"): "S3",
    ("S3", "veiligheidsbeoordeling"): "S4",
    ("S4", "afsluiting"): "END",
    ("S4", "onderzoek"): "S5",
    ("S4", "verzoek_raad"): "R1",
    ("S4", "overdracht"): "T1",
    ("S5", "verzoek_raad"): "R1",
    ("S5", "overdracht"): "T1",
    ("R1", "raadsonderzoek"): "R2",
    ("R2", "afsluiting"): "END",
    ("T1", "intake"): "T2",
    ("T2", "huisbezoek"): "T3",
    ("T3", "huisbezoek"): "T3",
    ("T3", "monitoring"): "M1",
    ("T3", "stabiele_veiligheid"): "V1",
    ("M1", "stabiele_veiligheid"): "P",
    ("V1", "monitoring"): "P",
    ("P", "afsluiting"): "END",
}


def route_state(steps: list[str]) -> str | None:
    """State after ``steps``, or None when they leave the route."""
    state = "S0"
    for s in steps:
        state = ROUTE.get((state, s))
        if state is None:
            return None
    return state


# --------------------------------------------------------------------------- audit


@dataclass
class Verdict:
    violated: set[str]
    route_ok: bool
    ended: bool
    cohort: str


def split_episodes(events: list[Ev], gap_months: int = 12) -> list[list[Ev]]:
    """Split a client's ordered events where the silence exceeds ``gap_months``."""
    episodes: list[list[Ev]] = []
    for e in events:
        if episodes and e.local <= _add_months_dt(episodes[-1][-1].local, gap_months):
            episodes[-1].append(e)
        else:
            episodes.append([e])
    return episodes


def _add_months_dt(t: dt.datetime, n: int) -> dt.datetime:
    d = add_months(t.date(), n)
    return dt.datetime.combine(d, t.time())


def audit(events: list[Ev], data_end: dt.date) -> Verdict:
    """Evaluate every rule and the route for one episode (events in canonical order)."""
    p = protocol()
    steps_def = p["steps"]
    end_instant = dt.datetime.combine(data_end + dt.timedelta(days=1), dt.time())
    last = events[-1]
    ended = last.step == "afsluiting" or end_instant >= _add_months_dt(last.local, 3)
    by_step: dict[str, list[Ev]] = defaultdict(list)
    for e in events:
        by_step[e.step].append(e)
    violated: set[str] = set()

    def deadline_passed(a: Ev, spec: str) -> bool:
        return not in_window(a.date, data_end, spec)

    for rule in p["rules"]:
        rid = rule["id"]
        if "handover" in rule or "response" in rule:
            spec = rule.get("handover") or rule.get("response")
            frm = spec.get("step") or spec.get("from")
            to = spec.get("pickup") or spec.get("to")
            within, after = spec.get("within"), spec.get("after")
            receivers = None
            if "handover" in rule:
                receivers = members(steps_def[frm]["handover_to"])
            for a in by_step.get(frm, []):
                cands = [
                    b
                    for b in by_step.get(to, [])
                    if b.utc >= a.utc and (receivers is None or b.org in receivers)
                ]
                if to in ("raadsonderzoek", "onderzoek"):
                    cands = [b for b in cands if b.lifecycle == "start"] or cands
                ok = any(
                    (within is None or in_window(a.date, b.date, within))
                    and (after is None or at_least(a.date, b.date, after))
                    for b in cands
                )
                if ok:
                    continue
                if within is None:
                    if ended:
                        violated.add(rid)
                elif deadline_passed(a, within):
                    violated.add(rid)
        elif "duration" in rule:
            spec = rule["duration"]
            evs = by_step.get(spec["step"], [])
            for i, a in enumerate(evs):
                if a.lifecycle != "start":
                    continue
                done = next((b for b in evs[i + 1 :] if b.lifecycle == "complete"), None)
                if done is not None:
                    if not in_window(a.date, done.date, spec["within"]):
                        violated.add(rid)
                elif deadline_passed(a, spec["within"]):
                    violated.add(rid)
        elif "no_duplicate" in rule:
            spec = rule["no_duplicate"]
            evs = by_step.get(spec["step"], [])
            for i, a in enumerate(evs):
                for b in evs[i + 1 :]:
                    if b.org != a.org and in_window(a.date, b.date, spec["within"]):
                        violated.add(rid)
        elif "no_ping_pong" in rule:
            hands = _handovers(events)
            for i, (ta, fa, toa) in enumerate(hands):
                for tb, fb, tob in hands[i + 1 :]:
                    if (
                        fb in toa
                        and fa in tob
                        and in_window(ta.date, tb.date, rule["no_ping_pong"]["within"])
                    ):
                        violated.add(rid)
        elif "max_handovers" in rule:
            if len(_handovers(events)) > rule["max_handovers"]["count"]:
                violated.add(rid)
        elif "by" in rule:
            for e in events:
                if e.org not in members(steps_def[e.step]["by"]):
                    violated.add(rid)
        elif "not_succession" in rule:
            spec = rule["not_succession"]
            for a in by_step.get(spec["from"], []):
                for b in by_step.get(spec["to"], []):
                    if b.utc > a.utc and in_window(a.date, b.date, spec["within"]):
                        violated.add(rid)
        else:
            raise AssertionError(f"rule kind of {rid} not known to the oracle")

    seq = _step_sequence(events)
    state = route_state(seq)
    route_ok = state is not None and (state == "END" if ended else True)
    cohorts = {dict(e.attrs).get("werkwijze") for e in events if e.org == "TT"}
    cohort = cohorts.pop() if len(cohorts) == 1 else ("" if not cohorts else "MIXED")
    return Verdict(violated, route_ok, ended, cohort or "")


def _handovers(events: list[Ev]) -> list[tuple[Ev, str, set[str]]]:
    steps = protocol()["steps"]
    return [
        (e, e.org, members(steps[e.step]["handover_to"]))
        for e in events
        if "handover_to" in steps[e.step]
    ]


def _step_sequence(events: list[Ev]) -> list[str]:
    """Steps in order; a start followed later by its complete counts once (at the start)."""
    seq: list[str] = []
    open_steps: dict[str, int] = defaultdict(int)
    for e in events:
        if e.lifecycle == "start":
            seq.append(e.step)
            open_steps[e.step] += 1
        elif open_steps[e.step]:
            open_steps[e.step] -= 1
        else:
            seq.append(e.step)
    return seq


def audit_folder(
    folder: Path, data_end: dt.date = dt.date(2024, 12, 31)
) -> tuple[Chain, dict[tuple[str, int], Verdict]]:
    """Read a generated folder and audit every (case pseudonym, episode)."""
    chain = read_chain(folder)
    key = read_key(folder / "demo.key", allow_shared=True)  # a git checkout keeps no modes
    by_client: dict[str, list[Ev]] = defaultdict(list)
    for e in chain.events:
        by_client[e.bsn].append(e)
    verdicts: dict[tuple[str, int], Verdict] = {}
    for bsn, evs in by_client.items():
        evs.sort(key=lambda e: (e.utc, LC_ORDER.get(e.lifecycle, 9), e.source, e.row))
        case_id = pseudonym(key, bsn)
        for n, episode in enumerate(split_episodes(evs), start=1):
            verdicts[(case_id, n)] = audit(episode, data_end)
    return chain, verdicts
