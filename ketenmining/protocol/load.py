"""Load a protocol YAML file into the typed model, reporting every schema problem at once.

``read_protocol`` never stops at the first problem: it returns a
:class:`LoadResult` with the model (invalid parts left out, so later checks
do not trip over them) and a list of findings with file:line:column, codes
P000 (the YAML itself cannot be read), P001 (schema) and P014 (a reference
between rules or subroutes that is missing or circular). The strict form for
commands that need a correct protocol (test, show, diff) is
:func:`ketenmining.protocol.load_protocol`: it runs the structural lint rules
too and raises one :class:`~ketenmining.errors.KetenError` listing every problem.

Only safe YAML is read (:mod:`ketenmining.yamldoc`): no tags, no duplicate
keys, no tabs, no alias bombs, at most 2 MB.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenmining.errors import Finding, KetenError
from ketenmining.protocol.load_route import read_route
from ketenmining.protocol.load_rules import read_rules
from ketenmining.protocol.load_tests import read_tests
from ketenmining.protocol.model import (
    CalendarSpec,
    Organisation,
    Protocol,
    Step,
)
from ketenmining.protocol.reader import Reader
from ketenmining.protocol.spec import CALENDAR, ORGANISATION, STEP, TOP
from ketenmining.timeunits import Duration
from ketenmining.yamldoc import PathKey, YamlDoc, load_yaml_file, load_yaml_text
from ketenmining.yamlspec.nodes import Record

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


@dataclass
class LoadResult:
    """A protocol as far as it could be read, plus everything wrong with it."""

    protocol: Protocol | None
    findings: list[Finding] = field(default_factory=list)
    doc: YamlDoc | None = None

    @property
    def errors(self) -> list[Finding]:
        """Findings of severity error."""
        return [f for f in self.findings if f.severity == "error"]


def read_protocol(path: str | Path, lang: str = "en") -> LoadResult:
    """Read a protocol file; YAML and schema problems become findings.

    Raises KetenError only when the file cannot be read at all (missing, not
    a file, larger than the limit).
    """
    p = Path(path)
    try:
        doc = load_yaml_file(p, what="protocol file")
    except KetenError as exc:
        return _yaml_problems(exc, str(p))
    sha = hashlib.sha256(p.read_bytes()).hexdigest()
    return build_protocol(doc, lang, sha)


def read_protocol_text(text: str, file: str = "<string>", lang: str = "en") -> LoadResult:
    """Like :func:`read_protocol`, for YAML text (tests, editors)."""
    try:
        doc = load_yaml_text(text, file)
    except KetenError as exc:
        return _yaml_problems(exc, file)
    return build_protocol(doc, lang, hashlib.sha256(text.encode("utf-8")).hexdigest())


def _yaml_problems(exc: KetenError, file: str) -> LoadResult:
    """YAML-level problems with a position are findings (P000); others stop the tool."""
    if not all(p.where is not None and p.where.line is not None for p in exc.problems):
        raise exc
    findings = [Finding("P000", "yaml", p.message, "error", p.where, p.hint) for p in exc.problems]
    return LoadResult(None, findings, None)


def build_protocol(doc: YamlDoc, lang: str = "en", sha256: str = "") -> LoadResult:
    """Turn a loaded YamlDoc into a :class:`Protocol` plus schema findings."""
    r = Reader(doc, lang)
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        r.wrong_type((), "a protocol file", "mapping", data)
        return LoadResult(None, r.findings, doc)
    r.check_keys((), data, TOP, what=r.t("protocol.load.protocol"))
    pid = _read_id(r, data)
    version = (
        r.text(("version",), data["version"], "version", allow_number=True)
        if "version" in data
        else None
    )
    title = _opt_text(r, data, "title")
    title_en = _opt_text(r, data, "title_en")
    language = (
        r.choice(("language",), data["language"], "language", TOP.options("language"))
        if "language" in data
        else "nl"
    )
    calendar = _read_calendar(r, data.get("calendar"))
    closed_after = Duration(3, "months")
    if "case_closed_after" in data:
        closed_after = (
            r.duration(("case_closed_after",), data["case_closed_after"], "case_closed_after")
            or closed_after
        )
    orgs = _read_orgs(r, data.get("organisations"))
    steps = _read_steps(r, data.get("steps"))
    route, source = read_route(r, data)
    rules = read_rules(r, data.get("rules"))
    tests = read_tests(r, data.get("tests"), calendar.timezone)
    where = {k: doc.where((k,), key=True) for k in data if isinstance(k, str)}
    proto = Protocol(
        id=pid or "",
        version=version or "",
        file=doc.file,
        sha256=sha256,
        title=title or "",
        title_en=title_en,
        language=language or "nl",
        owner=_opt_text(r, data, "owner"),
        calendar=calendar,
        case_closed_after=closed_after,
        organisations=orgs,
        steps=steps,
        route=route,
        route_source=source,
        rules=tuple(rules),
        tests=tuple(tests),
        where=where,
    )
    return LoadResult(proto, r.findings, doc)


def _read_fields(r: Reader, path: PathKey, body: dict[str, Any], record: Record) -> dict[str, Any]:
    """Every declared field present in ``body``, read as declared (in declared order)."""
    return {
        f.name: r.value((*path, f.name), body[f.name], f.node, f.name)
        for f in record.fields
        if f.name in body
    }


def _opt_text(r: Reader, data: dict[str, Any], key: str) -> str | None:
    return r.text((key,), data[key], key) if key in data and data[key] is not None else None


def _read_id(r: Reader, data: dict[str, Any]) -> str | None:
    if "protocol" not in data:
        return None
    pid = r.text(("protocol",), data["protocol"], "protocol")
    if pid is not None and not ID_RE.match(pid):
        r.problem(
            ("protocol",),
            "protocol.load.protocol_id_must_kebab",
            "protocol.load.protocol_id_must_kebab.hint",
            pid=pid,
        )
    return pid


def _read_calendar(r: Reader, raw: Any) -> CalendarSpec:
    if raw is None:
        return CalendarSpec()
    path: PathKey = ("calendar",)
    data = r.mapping(path, raw, "calendar")
    if data is None:
        return CalendarSpec()
    r.check_keys(path, data, CALENDAR, what="calendar")
    country = r.text((*path, "country"), data.get("country", "NL"), "country") or "NL"
    gf = data.get("good_friday", "closed")
    good_friday = (
        r.choice((*path, "good_friday"), gf, "good_friday", CALENDAR.options("good_friday"))
        or "closed"
    )
    ld = data.get("liberation_day", "lustrum")
    liberation = r.choice(
        (*path, "liberation_day"), ld, "liberation_day", CALENDAR.options("liberation_day")
    )
    closed: list[Any] = []
    raw_closed = data.get("closed", [])
    if isinstance(raw_closed, list):
        for i, item in enumerate(raw_closed):
            d = r.date((*path, "closed", i), item, "closed day")
            if d is not None:
                closed.append(d)
    else:
        r.wrong_type((*path, "closed"), "closed", "list", raw_closed)
    tz = r.text((*path, "timezone"), data.get("timezone", "Europe/Amsterdam"), "timezone")
    return CalendarSpec(
        country=country,
        good_friday=good_friday,
        liberation_day=liberation or "lustrum",
        closed=tuple(sorted(set(closed))),
        timezone=tz or "Europe/Amsterdam",
        where=r.where(path),
    )


def _read_orgs(r: Reader, raw: Any) -> dict[str, Organisation]:
    out: dict[str, Organisation] = {}
    if raw is None:
        return out
    data = r.mapping(("organisations",), raw, "organisations")
    for code, value in (data or {}).items():
        path: PathKey = ("organisations", code)
        if not isinstance(code, str) or not NAME_RE.match(code):
            r.problem(
                path,
                "protocol.load.organisation_code_must_short",
                "protocol.load.organisation_code_must_short.hint",
                at_key=True,
                code=code,
            )
            continue
        where = r.where(path, key=True)
        if isinstance(value, str):
            out[code] = Organisation(code, value, where=where)
            continue
        body = r.mapping(path, value, f"organisation {code}")
        if body is None:
            continue
        r.check_keys(path, body, ORGANISATION, what=f"organisation {code}")
        v = _read_fields(r, path, {"name": code, **body}, ORGANISATION)
        out[code] = Organisation(
            code, v.get("name") or code, v.get("name_en"), v.get("members") or (), where
        )
    return out


def _read_steps(r: Reader, raw: Any) -> dict[str, Step]:
    out: dict[str, Step] = {}
    if raw is None:
        return out
    data = r.mapping(("steps",), raw, "steps")
    for sid, value in (data or {}).items():
        path: PathKey = ("steps", sid)
        if not isinstance(sid, str) or not NAME_RE.match(sid):
            r.problem(
                path,
                "protocol.load.step_id_must_start",
                "protocol.load.step_id_must_start.hint",
                at_key=True,
                sid=sid,
            )
            continue
        body = r.mapping(path, value, f"step {sid}")
        if body is None:
            continue
        r.check_keys(path, body, STEP, what=f"step {sid}")
        v = _read_fields(r, path, {"label": sid, **body}, STEP)
        out[sid] = Step(
            id=sid,
            label=v.get("label") or sid,
            by=v.get("by") or (),
            label_en=v.get("label_en"),
            handover_to=v.get("handover_to"),
            joint=bool(v.get("joint") or False),
            milestone=bool(v.get("milestone") or False),
            in_route=v.get("in_route") is not False,
            description=v.get("description"),
            where=r.where(path, key=True),
        )
    return out
