"""Findings in ISO classes: the classification rule of ``docs/audit-method.md``.

A rule is *met* when its compliance ≥ its norm. A rule that is not met is a
finding of the class its severity says (``major`` → major nonconformity,
``minor`` → minor nonconformity, ``observation`` → observation); a minor
nonconformity is raised to major when the norm is missed by ``escalate_gap``
or more, and ``minors_to_major`` minor nonconformities on the same clause add
up to one major nonconformity. A rule that is met but was violated in some
cases is an opportunity for improvement when its compliance dropped from the
first to the last quarter by ``trend_drop`` or more, or when it stays less
than ``margin`` above its norm. Seam, route and data-quality findings come
from :mod:`ketenmining.audit.other`.
"""

from __future__ import annotations

from typing import Any

from ketenmining.audit.criteria import ProtocolInfo
from ketenmining.audit.evidence import EPS, Ranker, cite_cases, public, rule_evidence
from ketenmining.audit.finding import SOURCES, AuditFinding, class_rank
from ketenmining.audit.grouping import group_findings
from ketenmining.audit.other import data_findings, route_findings, seam_findings
from ketenmining.audit.settings import AuditSettings
from ketenmining.audit.statements import describe, describe_group
from ketenmining.progress import SILENT, Progress

Key = tuple[str, int]


def classify(
    result: Any,
    protocol: ProtocolInfo,
    settings: AuditSettings | None = None,
    quality: dict[str, Any] | None = None,
    progress: Progress = SILENT,
    rank: Ranker | None = None,
    groups: list[dict[str, Any]] | None = None,
) -> tuple[list[AuditFinding], dict[str, dict[str, Any]]]:
    """All findings of the audit, worst first, numbered F01, F02, …; and the evidence per rule.

    ``result`` is a :class:`~ketenmining.conform.result.ConformResult`;
    ``quality`` the data-quality record of the chain log, when there is one;
    ``rank`` and ``groups`` may be shared with the sample and the degree.
    """
    settings = settings or AuditSettings()
    rank = rank or Ranker(settings.seed)
    step = progress.step("findings", total=4)
    evidence = rule_evidence(result, protocol, groups)
    step.advance()
    findings = rule_findings(evidence, protocol, settings)
    findings = accumulate(findings, settings)
    step.advance()
    findings += seam_findings(result, evidence, findings, settings)
    findings += route_findings(result, settings)
    step.advance()
    findings += data_findings(quality)
    case_orgs = _case_orgs(result)
    for f in findings:
        assign_owners(f, protocol)
        f.absent = absent_at_actor(f, protocol, case_orgs)
        describe(f, protocol, settings)
    findings = number(group_findings(findings, settings.group_overlap))
    for f in findings:
        if f.members:
            f.orgs = _orgs_of(f.case_keys, case_orgs)
        if not f.sample and f.case_keys:
            f.sample = cite_cases(f.case_keys, rank, settings.finding_sample)
    for f in findings:
        describe_group(f, protocol, settings, findings)
    step.advance()
    step.done()
    return findings, evidence


def rule_findings(
    evidence: dict[str, dict[str, Any]], protocol: ProtocolInfo, settings: AuditSettings
) -> list[AuditFinding]:
    """One finding per rule that is not met, or met with a reason to improve; none otherwise."""
    out: list[AuditFinding] = []
    for rule in protocol.rules:
        ev = evidence[rule.id]
        if ev["met"] is None:
            continue  # nothing could be judged: a limitation, not a finding
        basis: list[str] = []
        values: dict[str, Any] = {}
        if not ev["met"]:
            cls = {"major": "major", "minor": "minor"}.get(rule.severity, "observation")
            basis.append("not_met")
            if cls == "minor" and ev["gap"] >= settings.escalate_gap - EPS:
                cls = "major"
                basis.append("escalated_gap")
        elif ev["violated"] > 0:
            cls = "ofi"
            drop = worsening(ev["trend"], settings)
            if drop is not None:
                basis.append("trend")
                values.update(drop)
            if ev["compliance"] < ev["norm"] + settings.margin - EPS:
                basis.append("margin")
            if not basis:
                continue
        else:
            continue
        out.append(_rule_finding(cls, basis, ev, values))
    return out


def worsening(trend: list[dict[str, Any]], settings: AuditSettings) -> dict[str, Any] | None:
    """The first and last quarter with enough judged cases, when compliance fell by ``trend_drop``."""
    usable = [
        t
        for t in trend
        if t["compliance"] is not None and t["applicable"] >= settings.trend_min_cases
    ]
    if len(usable) < 2:
        return None
    first, last = usable[0], usable[-1]
    drop = first["compliance"] - last["compliance"]
    if drop < settings.trend_drop - EPS:
        return None
    return {
        "trend_q1": first["quarter"],
        "trend_q2": last["quarter"],
        "trend_first": first["compliance"],
        "trend_last": last["compliance"],
        "trend_drop": drop,
    }


def _rule_finding(
    cls: str, basis: list[str], ev: dict[str, Any], values: dict[str, Any]
) -> AuditFinding:
    judged = ev["satisfied"] + ev["violated"]
    return AuditFinding(
        cls=cls,
        source="rule",
        basis=basis,
        key=ev["id"],
        clause=ev["clause"],
        rules=[public(ev)],
        cases=ev["violated"],
        share=ev["violated"] / judged if judged else None,
        orgs=dict(ev["orgs"]),
        seams=dict(ev["seams"]),
        values=values,
        case_keys=dict(ev["_violated"]),
    )


def accumulate(findings: list[AuditFinding], settings: AuditSettings) -> list[AuditFinding]:
    """Replace ``minors_to_major`` or more minor nonconformities on one clause by one major."""
    by_clause: dict[str, list[AuditFinding]] = {}
    for f in findings:
        if f.cls == "minor" and f.clause:
            by_clause.setdefault(f.clause, []).append(f)
    groups = {c: fs for c, fs in by_clause.items() if len(fs) >= settings.minors_to_major}
    if not groups:
        return findings
    out: list[AuditFinding] = []
    done: set[str] = set()
    for f in findings:
        group = groups.get(f.clause or "") if f.cls == "minor" else None
        if group is None:
            out.append(f)
        elif f.clause not in done:
            done.add(f.clause or "")
            out.append(_merge(f.clause or "", group))
    return out


def _merge(clause: str, parts: list[AuditFinding]) -> AuditFinding:
    keys: dict[tuple[str, int], str] = {}
    for p in parts:
        for k, place in p.case_keys.items():
            keys.setdefault(k, place)
    orgs: dict[str, int] = {}
    seams: dict[str, int] = {}
    for p in parts:
        for k, v in p.orgs.items():
            orgs[k] = orgs.get(k, 0) + v
        for k, v in p.seams.items():
            seams[k] = seams.get(k, 0) + v
    return AuditFinding(
        cls="major",
        source="rule",
        basis=["not_met", "accumulated"],
        key=f"clause:{clause}",
        clause=clause,
        rules=[r for p in parts for r in p.rules],
        cases=len(keys),
        share=None,
        orgs=dict(sorted(orgs.items(), key=lambda kv: (-kv[1], kv[0]))),
        seams=dict(sorted(seams.items(), key=lambda kv: (-kv[1], kv[0]))),
        values={"parts": [p.key for p in parts]},
        case_keys=keys,
    )


def number(findings: list[AuditFinding]) -> list[AuditFinding]:
    """Order worst first (then rules, seams, route, data; then as found) and number F01, F02, …"""
    order = sorted(
        range(len(findings)),
        key=lambda i: (class_rank(findings[i].cls), SOURCES.index(findings[i].source), i),
    )
    out = [findings[i] for i in order]
    for n, f in enumerate(out, start=1):
        f.id = f"F{n:02d}"
    return out


def _case_orgs(result: Any) -> dict[Key, frozenset[str]]:
    """(case_id, episode) → the organisations with an event in that case."""
    from ketenmining.audit.evidence import split_orgs

    cases = result.cases
    if cases is None or cases.num_rows == 0:
        return {}
    cols = cases.select(["case_id", "episode", "orgs"]).to_pydict()
    sets: dict[str | None, frozenset[str]] = {}  # a few distinct organisation lists
    for o in set(cols["orgs"]):
        sets[o] = frozenset(split_orgs(o))
    return {
        (c, int(e)): sets[o]
        for c, e, o in zip(cols["case_id"], cols["episode"], cols["orgs"], strict=True)
    }


def _orgs_of(keys: Any, case_orgs: dict[Key, frozenset[str]]) -> dict[str, int]:
    from collections import Counter

    count: Counter[str] = Counter()
    for k in keys:
        count.update(case_orgs.get(k, ()))
    return dict(sorted(count.items(), key=lambda kv: (-kv[1], kv[0])))


def assign_owners(f: AuditFinding, protocol: ProtocolInfo) -> None:
    """The owners of a finding's requirement: its rules' owners, the seam's two sides, the step's ``by``."""
    owners: list[str] = []
    if f.source == "rule":
        for r in f.rules:
            rule = protocol.rule(r["id"])
            if r.get("step_owners"):  # a `by` rule: the owners of the steps done by another
                owners += list(r["step_owners"])
            else:
                owners += list(rule.owners) if rule else []
    elif f.source == "seam":
        for seam in f.seams or {f.values.get("place", ""): 0}:
            owners += [o for o in seam.replace("–", "→").split("→") if o]
        owners += list(f.orgs) if not f.seams else []
    elif f.source == "route":
        owners += list(protocol.step_owners.get(f.values.get("step") or "", ()))
    elif f.source == "data":
        owners += [o for o in (f.values.get("org_a"), f.values.get("org_b")) if o]
    f.owners = list(dict.fromkeys(owners))


def absent_at_actor(
    f: AuditFinding, protocol: ProtocolInfo, case_orgs: dict[Key, frozenset[str]]
) -> dict[Key, str]:
    """The finding's cases without a single event of the organisation(s) that had to act.

    Such a deviation consists of the absence of every event at the owner: the
    audit cannot tell "not received", "not recorded" and "not linkable" apart.
    """
    actors: set[str] = set()
    for r in f.rules:
        rule = protocol.rule(r["id"])
        actors.update(rule.actors if rule else ())
    if f.source == "seam" and "lost_handover" in f.basis and f.values.get("dst"):
        actors.add(f.values["dst"])
    if not actors:
        return {}
    return {k: p for k, p in f.case_keys.items() if not (case_orgs.get(k, frozenset()) & actors)}
