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
from ketenmining.protocol.spec import CALENDAR, NAME, ORGANISATION, STEP, TOP
from ketenmining.yamldoc import PathKey, YamlDoc, load_yaml_file, load_yaml_text

#: A protocol id and a name (an organisation code, a step id), as the spec declares them.
ID_RE = re.compile(str(TOP.field("protocol").node.pattern))
NAME_RE = re.compile(str(NAME.pattern))


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
    # an empty title or owner is none; the other fields and their defaults as declared
    named = {k: v for k, v in data.items() if v is not None}
    top = r.read_fields((), named, TOP, only=("title", "title_en", "owner"))
    top |= r.read_fields((), data, TOP, only=("language", "case_closed_after"))
    calendar = _read_calendar(r, data.get("calendar"))
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
        title=top.get("title") or "",
        title_en=top.get("title_en"),
        language=top["language"],
        owner=top.get("owner"),
        calendar=calendar,
        case_closed_after=top["case_closed_after"],
        organisations=orgs,
        steps=steps,
        route=route,
        route_source=source,
        rules=tuple(rules),
        tests=tuple(tests),
        where=where,
    )
    return LoadResult(proto, r.findings, doc)


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
    """The calendar as declared (:data:`~ketenmining.protocol.spec.CALENDAR`, with its defaults)."""
    path: PathKey = ("calendar",)
    data = {} if raw is None else r.mapping(path, raw, "calendar")
    if data is None:
        data = {}
    else:
        r.check_keys(path, data, CALENDAR, what="calendar")
    v = r.read_fields(path, data, CALENDAR)
    return CalendarSpec(
        country=v["country"],
        good_friday=v["good_friday"],
        liberation_day=v["liberation_day"],
        closed=tuple(sorted(set(v.get("closed", ())))),
        timezone=v["timezone"],
        where=r.where(path) if isinstance(raw, dict) else None,
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
        v = r.read_fields(path, {"name": code, **body}, ORGANISATION)
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
        v = r.read_fields(path, {"label": sid, **body}, STEP)
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
