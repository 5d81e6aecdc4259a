"""THE audit record: one JSON-ready dict that every renderer (html, md, json, junit) draws from.

Structured after ISO 19011:2018 §6.5.1: objectives, scope, criteria, method,
findings, conclusions, the degree to which the criteria are met,
limitations, the statement that an audit is a sampling exercise, the sample
for file review, maps and provenance. Free text is stored in Dutch and
English (``{"nl": …, "en": …}``) so one record serves both languages. The
record is marked confidential: pseudonymised data is still personal data.
Its shape is fixed by ``audit-record.schema.json`` beside this module.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ketenmining.audit import fmt
from ketenmining.audit.classify import classify
from ketenmining.audit.criteria import ProtocolInfo
from ketenmining.audit.degree import degree
from ketenmining.audit.evidence import Ranker, judgement_groups, split_orgs
from ketenmining.audit.finding import CLASSES
from ketenmining.audit.sampling import draw_sample
from ketenmining.audit.settings import AuditSettings
from ketenmining.audit.status import (
    ReportInfo,
    build_status,
    documents_record,
    programme,
    read_review,
    review_results,
)
from ketenmining.i18n import LANGS
from ketenmining.progress import SILENT, Progress
from ketenmining.runclock import run_time
from ketenmining.texts import both, tr

SCHEMA_ID = "ketenmining-audit-record/1"
SCHEMA_FILE = "audit-record.schema.json"


def record_schema() -> dict[str, Any]:
    """The JSON Schema of the audit record (shipped beside this module)."""
    import json
    from importlib.resources import files

    return json.loads(files("ketenmining.audit").joinpath(SCHEMA_FILE).read_text("utf-8"))


def build_record(
    result: Any,
    protocol: ProtocolInfo,
    *,
    settings: AuditSettings | None = None,
    quality: dict[str, Any] | None = None,
    provenance: dict[str, Any] | None = None,
    chain: dict[str, Any] | None = None,
    maps: dict[str, str | None] | None = None,
    progress: Progress = SILENT,
    info: ReportInfo | None = None,
    review_file: Any = None,
    final: bool = False,
    timezone: str = "Europe/Amsterdam",
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Classify, sample and assemble the audit record of a ConformResult against a protocol.

    ``chain`` may hold ``name`` (the chain's name), ``organisations`` (code →
    name), ``auditor`` and ``client`` (who ordered the audit); ``maps`` the
    inline SVG text of ``route`` and ``real`` (filled in by the caller).
    """
    settings = settings or AuditSettings()
    chain = chain or {}
    rank = Ranker(settings.seed)
    groups = judgement_groups(result.rules)
    findings, evidence = classify(result, protocol, settings, quality, progress, rank, groups)
    step = progress.step("sample", total=1)
    rows, method = draw_sample(result.cases, findings, settings, rank)
    step.done()
    deg = degree(result, evidence, findings, groups)
    scope = _scope(result, protocol, chain)
    info = info or ReportInfo(auditor=chain.get("auditor"), client=chain.get("client"))
    scope["auditor"], scope["client"] = info.auditor, info.client
    records = [f.as_record() for f in findings]
    review = None
    if review_file is not None:
        review = review_results(read_review(review_file, rows), rows, records)
    created = (provenance or {}).get("created")
    when = dt.datetime.fromisoformat(created) if created else run_time()
    status = build_status(info, records, review, when, timezone, final)
    partners = [o["code"] for o in scope["organisations"]] + list(scope["excluded"])
    status["documents"] = documents_record(info, partners)
    counted = [f for f in records if f.get("confirmed") is not False]
    counts = {c: sum(f["class"] == c for f in counted) for c in CLASSES}
    return {
        "status": status,
        "review": review,
        "programme": programme(previous, records, deg["rules"], status["date"]),
        "schema": SCHEMA_ID,
        "confidentiality": {"level": "confidential", "text": both("audit.record.confidential")},
        "title": both("audit.record.title", chain=chain.get("name") or protocol.title),
        "objectives": both("audit.record.objectives", cite=protocol.cite),
        "scope": scope,
        "criteria": protocol.as_record(),
        "method": {
            "sources": _sources(quality),
            "counts": tally(quality, scope),
            "linkage": (quality or {}).get("linkage"),
            "conformance": _conformance(result),
            "sampling": method,
        },
        "findings": records,
        "summary": counts,
        "conclusions": _conclusions(
            counts, deg["overall"], deg["rules"], status["state"] != "final"
        ),
        "degree": deg,
        "limitations": _limitations(result, quality, deg, scope),
        "sampling_statement": both("audit.record.sampling_statement"),
        "sample": {"method": method, "rows": rows},
        "maps": {"route": (maps or {}).get("route"), "real": (maps or {}).get("real")},
        "settings": settings.as_record(),
        "provenance": provenance or {},
    }


def _scope(result: Any, protocol: ProtocolInfo, chain: dict[str, Any]) -> dict[str, Any]:
    import pyarrow.compute as pc

    cases = result.cases
    n = 0 if cases is None else cases.num_rows
    orgs: list[str] = []
    first = last = None
    ended = clients = route_events = 0
    if n:
        for text in pc.unique(cases["orgs"]).to_pylist():
            orgs.extend(o for o in split_orgs(text) if o not in orgs)
        first, last = pc.min(cases["first"]).as_py(), pc.max(cases["last"]).as_py()
        ended = int(pc.sum(pc.cast(cases["ended"], "int64")).as_py() or 0)
        clients = len(pc.unique(cases["case_id"]))
        route_events = int(pc.sum(cases["events"]).as_py() or 0)
    names = {**protocol.organisations, **(chain.get("organisations") or {})}
    # organisations of the protocol (role members included) of which the data hold nothing
    expected = [c for c in protocol.organisations if c not in protocol.roles]
    expected += [m for members in protocol.roles.values() for m in members]
    excluded = [o for o in dict.fromkeys(expected) if o not in orgs]
    return {
        "chain": chain.get("name"),
        "excluded": excluded,
        "auditor": chain.get("auditor"),
        "client": chain.get("client"),
        "organisations": [{"code": o, "name": names.get(o)} for o in sorted(orgs)],
        "period": _period(chain.get("period") or {}, first, last, result.data_end),
        "population": {
            "clients": clients,
            "cases": n,
            "ended": ended,
            "running": n - ended,
            # every event audited; the route is checked on those on protocol steps
            "events": int((result.meta or {}).get("events", route_events)),
            "route_events": route_events,
            "variants": int(result.variants or 0),
        },
    }


def _period(configured: dict[str, Any], first: Any, last: Any, data_end: Any) -> dict[str, Any]:
    """The audit period: the configured one when there is one, else first to last event."""
    left = configured.get("left_out") or {"before": 0, "after": 0}
    return {
        "from": configured.get("from") or _iso(first),
        "to": configured.get("to") or _iso(last),
        "data_end": _iso(data_end),
        "configured": bool(configured.get("from") or configured.get("to")),
        "first_event": _iso(first),
        "last_event": _iso(last),
        "left_out": {"before": int(left.get("before", 0)), "after": int(left.get("after", 0))},
    }


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _sources(quality: dict[str, Any] | None) -> list[dict[str, Any]]:
    keep = ("id", "org", "file", "format", "sha256", "rows_read", "events", "clients")
    out = []
    for s in (quality or {}).get("sources", []):
        rec = {k: s.get(k) for k in keep}
        rec["rejected"] = sum((s.get("rejected") or {}).values())
        rec["ignored"] = int(s.get("ignored_rows") or 0)
        # rows that are neither set aside nor ignored nor an event: duplicates, outside the period
        rest = (s.get("rows_read") or 0) - rec["rejected"] - rec["ignored"] - (s.get("events") or 0)
        rec["other"] = max(0, int(rest)) if s.get("rows_read") is not None else 0
        out.append(rec)
    return out


def tally(quality: dict[str, Any] | None, scope: dict[str, Any]) -> dict[str, Any]:
    """THE count of the report: every number of rows, events, clients and cases is taken from here.

    The reconciliation runs rows read → set aside (invalid or missing id) →
    ignored (rows the mapping leaves out) → other (duplicates, outside the
    stitch period) → events of the chain log → left out of the audit period →
    events audited → clients → cases (ended + running). Each step adds up.
    """
    sources = _sources(quality)
    pop = scope["population"]
    left = scope["period"]["left_out"]

    def total(key: str) -> int | None:
        values = [s.get(key) for s in sources]
        return None if not sources or None in values else int(sum(values))

    return {
        "rows_read": total("rows_read"),
        "rejected": total("rejected"),
        "ignored": total("ignored"),
        "other": total("other"),
        "chain_events": total("events"),
        "left_out": int(left["before"]) + int(left["after"]),
        "events": int(pop["events"]),
        "route_events": int(pop["route_events"]),
        "clients": int(pop["clients"]),
        "cases": int(pop["cases"]),
        "ended": int(pop["ended"]),
        "running": int(pop["running"]),
        "variants": int(pop["variants"]),
    }


def _conformance(result: Any) -> dict[str, Any]:
    meta = dict(result.meta or {})
    return {
        "variants": int(result.variants or 0),
        "alignments": meta.get("alignments", "optimal alignments, computed once per variant"),
        "evaluator": meta.get("evaluator", "ketenmining protocol evaluator"),
        "fitness": {
            k: v for k, v in (result.fitness or {}).items() if k in ("overall", "log_fitness")
        },
        "meta": {k: v for k, v in meta.items() if k not in ("alignments", "evaluator")},
    }


def _conclusions(
    counts: dict[str, int],
    overall: dict[str, Any],
    rules: list[dict[str, Any]],
    provisional: bool = True,
) -> dict[str, Any]:
    """The verdict and its text (no pooled compliance or fitness: they mix different norms).

    When a criterion had no evidence the conclusion says the route could only be partly judged.
    """
    verdict = "not_met" if counts["major"] else "met_with_minors" if counts["minor"] else "met"
    unassessed = sorted(r["id"] for r in rules if r["met"] is None)
    majors = sum(r["severity"] == "major" for r in rules if r["met"] is None)
    text = {}
    for lang in LANGS:
        n = counts["major"] if verdict == "not_met" else counts["minor"]
        number = "one" if n == 1 else "many"
        words = {
            "verb": tr(f"audit.record.verb.{number}", lang),
            "noun": tr(f"audit.record.nonconformity.{number}", lang),
        }
        key = f"verdict.{verdict}" + ("_partly" if unassessed and verdict == "met" else "")
        parts = [tr(f"audit.record.{key}", lang, major=n, minor=n, **words)]
        if unassessed:
            parts.append(
                tr(
                    "audit.record.conclusion.partial",
                    lang,
                    n=len(unassessed),
                    rules=len(rules),
                    ids=", ".join(unassessed),
                    majors=majors,
                )
            )
        if overall["rules_assessed"]:
            parts.append(
                tr(
                    "audit.record.conclusion.counts",
                    lang,
                    assessed=overall["rules_assessed"],
                    met=overall["rules_met"],
                    verb=tr(
                        "audit.record.verb." + ("one" if overall["rules_met"] == 1 else "many"),
                        lang,
                    ),
                    not_met=overall["rules_not_met"],
                    observation=_plural("observation", counts["observation"], lang),
                    ofi=_plural("ofi", counts["ofi"], lang),
                )
            )
        if verdict != "met":
            parts.append(tr("audit.record.conclusion.action", lang, weeks=6, months=3))
        if provisional:
            parts.append(tr("audit.record.conclusion.provisional", lang))
        text[lang] = "".join(parts)
    return {
        "verdict": verdict,
        "assessment": "partial" if unassessed else "full",
        "not_assessed": unassessed,
        "provisional": provisional,
        "text": text,
    }


def _plural(word: str, n: int, lang: str) -> str:
    return tr(f"audit.record.{word}." + ("one" if n == 1 else "many"), lang, n=n)


def _limitations(
    result: Any, quality: dict[str, Any] | None, deg: dict[str, Any], scope: dict[str, Any]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"code": "recorded", "text": both("audit.record.lim.recorded")}]
    limited = (result.meta or {}).get("data_limited") or {}
    limited_rules = set(limited.get("rules") or [])
    if limited.get("steps"):
        out.append(
            {
                "code": "data_limited",
                "text": both(
                    "audit.record.lim.data_limited",
                    steps=", ".join(limited["steps"]),
                    rules=", ".join(limited.get("rules") or []) or "—",
                ),
            }
        )
    if quality is None:
        out.append({"code": "no_quality", "text": both("audit.record.lim.no_quality")})
    else:
        from ketenmining.stitch.quality import finding_text

        for f in quality.get("findings", []):
            if f.get("code") == "DQ007":
                continue  # a finding of its own
            if f.get("code") == "DQ010" and limited.get("steps"):
                continue  # stated above, with the rules it leaves unassessed
            data = f.get("data") or {}
            text = {
                lang: finding_text(f["code"], "message", lang, data)
                + " — "
                + finding_text(f["code"], "hint", lang, data)
                for lang in LANGS
            }
            out.append({"code": f["code"], "text": text})
    period = scope["period"]
    left = period["left_out"]
    if left["before"] or left["after"]:
        out.append(
            {
                "code": "period",
                "text": {
                    lang: tr(
                        "audit.record.lim.period",
                        lang,
                        before=fmt.num(left["before"], lang),
                        after=fmt.num(left["after"], lang),
                        start=fmt.date(period["from"], lang),
                        end=fmt.date(period["to"], lang),
                    )
                    for lang in LANGS
                },
            }
        )
    pop = scope["population"]
    if pop["running"]:
        out.append(
            {
                "code": "running",
                "text": {
                    lang: tr(
                        "audit.record.lim.running",
                        lang,
                        running=fmt.num(pop["running"], lang),
                        cases=fmt.num(pop["cases"], lang),
                        share=fmt.pct(pop["running"] / pop["cases"], lang),
                        data_end=fmt.end_date(scope["period"]["data_end"], lang),
                    )
                    for lang in LANGS
                },
            }
        )
    pending = deg["overall"]["pending"]
    if pending:
        out.append(
            {
                "code": "pending",
                "text": {
                    lang: tr("audit.record.lim.pending", lang, pending=fmt.num(pending, lang))
                    for lang in LANGS
                },
            }
        )
    unassessed = [
        r["id"] for r in deg["rules"] if r["met"] is None and r["id"] not in limited_rules
    ]
    if unassessed:
        out.append(
            {
                "code": "not_assessed",
                "text": both("audit.record.lim.not_assessed", rules=", ".join(unassessed)),
            }
        )
    return out
