"""Concept or final: the report's identity, the file-review results and hoor en wederhoor.

An audit report is a *concept* with a *voorlopig oordeel* (provisional
verdict) until the file review of the verification selection and the
auditees' responses are recorded. The cycle:

1. ``audit … -o rapport/`` writes the concept and ``sample.csv`` with empty
   review columns (``bevestigd``, ``niet bevestigd``, ``registratiefout``,
   ``toelichting``, ``beoordelaar``, ``datum``).
2. The organisations review their files and fill in the columns: one mark
   (``x``) in exactly one of the first three, who reviewed and when.
3. ``audit … --review sample.csv --report-info rapport.yaml --final`` reads
   them back, writes the section "Resultaten dossieronderzoek" and, when
   every selected case is reviewed, every nonconformity has the owner's
   response and the auditor's position, and the identity fields are filled
   in, the final report. ``--final`` refuses (exit 2) and says what is
   missing otherwise.

``rapport.yaml`` holds the identity (ISO 19011 §6.5.1) and the responses::

    auditor: A. de Vries (lead auditor)
    client: Regionale Taskforce Kindermishandeling
    team: [B. Jansen]
    version: "1.0"
    distribution: [Taskforce, VT, TT, RvdK, HA, SCH, POL]
    documents:
      - {title: Ketenprotocol meldcode, version: "1.0.0", date: 2024-11-01,
         agreed_by: [VT, TT, RvdK, HA, SCH, POL]}
      - {title: Visie ketenaanpak, version: "2", date: 2022-05-01, role: context}
    responses:
      F01: {response: "…", position: "…", diverging: "…"}
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError

#: The review columns of sample.csv, in order: three outcomes (one marked), then the rest.
OUTCOMES = ("bevestigd", "niet bevestigd", "registratiefout")
REVIEW_COLUMNS = (*OUTCOMES, "toelichting", "beoordelaar", "datum")
#: Outcome codes in the record.
OUTCOME_CODES = {"bevestigd": "confirmed", "niet bevestigd": "not_confirmed",
                 "registratiefout": "recording_error"}  # fmt: skip
INFO_KEYS = (
    "auditor",
    "client",
    "team",
    "version",
    "distribution",
    "responses",
    "activities",
    "documents",
)
#: The keys of one entry of ``documents``; ``role`` is ``criterion`` (a requirement) or
#: ``context`` (e.g. a vision document: read for understanding, never audited against).
DOCUMENT_KEYS = ("title", "version", "date", "role", "agreed_by")
DOCUMENT_ROLES = ("criterion", "context")


@dataclass
class ReportInfo:
    """Who wrote the report for whom, its version, its distribution and the responses per finding."""

    auditor: str | None = None
    client: str | None = None
    team: list[str] = field(default_factory=list)
    version: str | None = None
    distribution: list[str] = field(default_factory=list)
    responses: dict[str, dict[str, str]] = field(default_factory=dict)
    activities: str | None = None
    documents: list[dict[str, Any]] = field(default_factory=list)


def load_report_info(path: Path | None, **given: Any) -> ReportInfo:
    """Read ``rapport.yaml`` (optional); options given on the command line win."""
    data: dict[str, Any] = {}
    if path is not None:
        from ketenmining.yamldoc import load_yaml_file

        doc = load_yaml_file(path, what="report information file")
        data = doc.data or {}
        if not isinstance(data, dict):
            raise KetenError(f"{path}: must be a mapping", hint="write 'auditor: …' etc.")
        unknown = [k for k in data if k not in INFO_KEYS]
        if unknown:
            raise KetenError(
                f"unknown key '{unknown[0]}' in report information",
                where=doc.where((unknown[0],)),
                hint="known keys: " + ", ".join(INFO_KEYS),
            )
    for k, v in given.items():
        if v:
            data[k] = v
    responses = data.get("responses") or {}
    if not isinstance(responses, dict):
        raise KetenError("'responses' must map finding ids to fields", hint="F01: {response: …}")
    return ReportInfo(
        auditor=_text(data.get("auditor")),
        client=_text(data.get("client")),
        team=[str(t) for t in (data.get("team") or [])],
        version=_text(data.get("version")),
        distribution=[str(t) for t in (data.get("distribution") or [])],
        responses={
            str(k): {kk: str(vv) for kk, vv in (v or {}).items()} for k, v in responses.items()
        },
        activities=_text(data.get("activities")),
        documents=_documents(data.get("documents"), doc if path is not None else None),
    )


def _documents(value: Any, doc: Any) -> list[dict[str, Any]]:
    """The ``documents`` section: each with title, version, date, role and who agreed."""

    def where(*path: Any) -> Any:
        return doc.where(("documents", *path)) if doc is not None else None

    if value is None:
        return []
    if not isinstance(value, list):
        raise KetenError(
            "'documents' must be a list of documents",
            where=where(),
            hint="- {title: Ketenprotocol, version: '1.0', date: 2024-11-01, agreed_by: [VT, TT]}",
        )
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not _text(item.get("title")):
            raise KetenError(
                f"document {i + 1} needs a title",
                where=where(i),
                hint="give each document at least 'title:' (and version, date, agreed_by)",
            )
        unknown = [k for k in item if k not in DOCUMENT_KEYS]
        if unknown:
            raise KetenError(
                f"unknown key '{unknown[0]}' in document {i + 1}",
                where=where(i, unknown[0]),
                hint="known keys: " + ", ".join(DOCUMENT_KEYS),
            )
        role = str(item.get("role") or "criterion")
        if role not in DOCUMENT_ROLES:
            raise KetenError(
                f"document {i + 1}: role '{role}' is not known",
                where=where(i, "role"),
                hint="role is 'criterion' (a requirement) or 'context' (e.g. a vision document)",
            )
        date = item.get("date")
        if date is not None:
            try:
                date = dt.date.fromisoformat(str(date)).isoformat()
            except ValueError:
                raise KetenError(
                    f"document {i + 1}: date '{date}' is not a date",
                    where=where(i, "date"),
                    hint="write the date as YYYY-MM-DD",
                ) from None
        agreed = item.get("agreed_by") or []
        if not isinstance(agreed, list):
            raise KetenError(
                f"document {i + 1}: 'agreed_by' must be a list of organisation codes",
                where=where(i, "agreed_by"),
                hint="agreed_by: [VT, TT, RvdK]",
            )
        out.append(
            {
                "title": str(item["title"]).strip(),
                "version": _text(item.get("version")),
                "date": date,
                "role": role,
                "agreed_by": [str(a) for a in agreed],
            }
        )
    return out


def documents_record(info: ReportInfo, partners: list[str]) -> list[dict[str, Any]]:
    """The documents with, per criteria document, the partners that have not (yet) agreed."""
    return [
        {
            **d,
            "not_agreed": [p for p in partners if p not in d["agreed_by"]]
            if d["role"] == "criterion"
            else [],
        }
        for d in info.documents
    ]


def _text(v: Any) -> str | None:
    return None if v is None or str(v).strip() == "" else str(v).strip()


def read_review(path: Path, rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """The filled-in review columns of ``sample.csv``, checked against the selection drawn now.

    Returns ``{nr: {"outcome", "note", "reviewer", "date"}}`` for the reviewed
    rows. Raises KetenError (with file and row) for a row that does not match
    the selection, more than one outcome, a bad date or a missing reviewer.
    """
    by_nr = {r["nr"]: r for r in rows}
    out: dict[int, dict[str, Any]] = {}
    try:
        fh = open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise KetenError(
            f"cannot read {path}: {exc.strerror}", hint="give the filled-in sample.csv"
        ) from None
    with fh:
        reader = csv.DictReader(fh)
        missing = [
            c for c in ("nr", "case_id", *REVIEW_COLUMNS) if c not in (reader.fieldnames or [])
        ]
        if missing:
            raise KetenError(
                f"{path}: column '{missing[0]}' is missing",
                hint="use the sample.csv the audit wrote and fill in its review columns",
            )
        for line, row in enumerate(reader, start=2):
            where = f"{path}, row {line}"
            try:
                nr = int(row["nr"])
            except ValueError:
                raise KetenError(
                    f"{where}: nr '{row['nr']}' is not a number", hint="do not edit nr"
                ) from None
            drawn = by_nr.get(nr)
            if drawn is None or drawn["case_id"] != row["case_id"]:
                raise KetenError(
                    f"{where}: case {nr} is not in the selection drawn from this data",
                    hint="review the sample.csv written by an audit of the same data, protocol and seed",
                )
            marks = [o for o in OUTCOMES if (row.get(o) or "").strip()]
            if not marks:
                continue
            if len(marks) > 1:
                raise KetenError(
                    f"{where}: more than one outcome marked ({', '.join(marks)})",
                    hint="mark exactly one of: " + ", ".join(OUTCOMES),
                )
            reviewer = (row.get("beoordelaar") or "").strip()
            if not reviewer:
                raise KetenError(
                    f"{where}: 'beoordelaar' is empty", hint="write who reviewed the file"
                )
            try:
                date = dt.date.fromisoformat((row.get("datum") or "").strip()).isoformat()
            except ValueError:
                raise KetenError(
                    f"{where}: datum '{row.get('datum')}' is not a date", hint="write YYYY-MM-DD"
                ) from None
            out[nr] = {
                "outcome": OUTCOME_CODES[marks[0]],
                "note": (row.get("toelichting") or "").strip(),
                "reviewer": reviewer,
                "date": date,
            }
    return out


def review_results(
    review: dict[int, dict[str, Any]] | None,
    rows: list[dict[str, Any]],
    findings: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """Per finding: selected, reviewed, confirmed, not confirmed, recording errors; and overall."""
    if review is None:
        return None
    per: dict[str, dict[str, int]] = {}
    for r in rows:
        for fid in [r["finding"], *r.get("also", [])]:
            if not fid:
                continue
            c = per.setdefault(
                fid,
                dict.fromkeys(
                    ("selected", "reviewed", "confirmed", "not_confirmed", "recording_error"), 0
                ),
            )
            c["selected"] += 1
            got = review.get(r["nr"])
            if got:
                c["reviewed"] += 1
                c[got["outcome"]] += 1
        if r["nr"] in review:
            r["review"] = review[r["nr"]]
    for f in findings:
        c = per.get(f["id"])
        f["review"] = c
        if c and c["reviewed"]:
            f["confirmed"] = c["confirmed"] * 2 >= c["reviewed"]
    return {
        "selected": len(rows),
        "reviewed": len(review),
        "outcomes": {code: sum(v["outcome"] == code for v in review.values())
                     for code in OUTCOME_CODES.values()},
        "per_finding": per,
    }  # fmt: skip


def build_status(
    info: ReportInfo,
    findings: list[dict[str, Any]],
    review: dict[str, Any] | None,
    created: dt.datetime,
    tz: str,
    final: bool,
    response_weeks: int = 6,
) -> dict[str, Any]:
    """The status block; raises KetenError when ``final`` is asked for and something is missing."""
    from zoneinfo import ZoneInfo

    local = created.astimezone(ZoneInfo(tz)).date()
    missing: list[str] = []
    if not info.auditor:
        missing.append("auditor")
    if not info.client:
        missing.append("client")
    if review is None:
        missing.append("review")
    elif review["reviewed"] < review["selected"]:
        missing.append(f"review:{review['selected'] - review['reviewed']}")
    for f in findings:
        if f["class"] in ("major", "minor"):
            got = info.responses.get(f["id"]) or {}
            if not got.get("response") or not got.get("position"):
                missing.append(f"response:{f['id']}")
    for f in findings:
        f["response"] = dict(info.responses.get(f["id"]) or {})
    if final and missing:
        raise KetenError(
            "the report cannot be final yet: missing " + ", ".join(missing),
            hint="fill in the review columns of sample.csv (--review), the auditor and client "
            "(--auditor, --client or --report-info) and, per nonconformity, the owner's response "
            "and the auditor's position (responses: in --report-info); or leave out --final",
        )
    return {
        "state": "final" if final else "concept",
        "version": info.version or ("1.0" if final else "0.1"),
        "date": local.isoformat(),
        "auditor": info.auditor,
        "client": info.client,
        "team": list(info.team),
        "activities": info.activities,
        "distribution": list(info.distribution),
        "response_deadline": (local + dt.timedelta(weeks=2)).isoformat(),
        "follow_up": {"plan_weeks": response_weeks, "effectiveness_months": 3},
        "missing": missing,
    }


def programme(
    previous: dict[str, Any] | None,
    findings: list[dict[str, Any]],
    degree_rules: list[dict[str, Any]],
    date: str,
    months: int = 12,
) -> dict[str, Any]:
    """The audit programme: periodicity, next audit, and the status of the previous findings.

    A previous finding is *open* when a finding with the same key is found
    again, *effective* when it is gone and every rule it was about is met
    now, and *closed* when it is gone otherwise (its rules not assessed, or
    a seam or route finding that no longer occurs).
    """
    from ketenmining.protocol.calendar import add_months

    nxt = add_months(dt.date.fromisoformat(date), months).isoformat()
    out: dict[str, Any] = {"periodicity_months": months, "next_audit": nxt, "previous": None}
    if not previous:
        return out
    keys = {f["key"]: f["id"] for f in findings}
    for f in findings:
        for m in f.get("members") or []:
            keys.setdefault(m["key"], f["id"])
    met = {r["id"]: r["met"] for r in degree_rules}
    rows = []
    for f in previous.get("findings", []):
        rules = f.get("criterion", {}).get("rules", [])
        if f["key"] in keys:
            state, now = "open", keys[f["key"]]
        elif rules and all(met.get(r) is True for r in rules):
            state, now = "effective", None
        else:
            state, now = "closed", None
        rows.append(
            {"id": f["id"], "key": f["key"], "class": f["class"], "title": f["title"],
             "status": state, "now": now}
        )  # fmt: skip
    out["previous"] = {
        "date": (previous.get("status") or {}).get("date")
        or (previous.get("provenance") or {}).get("created", "")[:10],
        "findings": rows,
    }
    return out


def read_previous(path: Path | None) -> dict[str, Any] | None:
    """The previous audit record (``audit.json``), or None."""
    if path is None:
        return None
    import json

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise KetenError(
            f"cannot read {path}: {exc.strerror}", hint="give the previous audit.json"
        ) from None
    except ValueError as exc:
        raise KetenError(f"{path}: not JSON ({exc})", hint="give the previous audit.json") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise KetenError(
            f"{path}: not an audit record", hint="give the audit.json of the previous audit"
        )
    return data
