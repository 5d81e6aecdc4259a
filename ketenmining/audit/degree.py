"""The degree to which the audit criteria are met: overall, per rule, per organisation, per seam."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ketenmining.audit.evidence import judgement_groups, public, split_orgs
from ketenmining.audit.finding import CLASSES, AuditFinding


def degree(
    result: Any,
    evidence: dict[str, dict[str, Any]],
    findings: list[AuditFinding],
    groups: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Compliance and fitness overall, per rule, per organisation and per seam.

    ``groups`` are the judgement counts of :func:`~ketenmining.audit.evidence.judgement_groups`.
    """
    groups = judgement_groups(result.rules) if groups is None else groups
    by_rule = _finding_per_rule(findings)
    all_by_rule: dict[str, list[str]] = {}
    for fd in findings:
        for rid in fd.rule_ids:
            all_by_rule.setdefault(rid, []).append(fd.id)
    rules = []
    for rid, ev in evidence.items():
        e = public(ev)
        f = by_rule.get(rid)
        rules.append(
            {
                k: e[k]
                for k in (
                    "id",
                    "text",
                    "text_en",
                    "clause",
                    "severity",
                    "norm",
                    "applicable",
                    "satisfied",
                    "violated",
                    "pending",
                    "compliance",
                    "met",
                    "owners",
                )
            }
            | {
                "finding": f.id if f else None,
                "findings": all_by_rule.get(rid, []),
                "class": f.cls if f else None,
            }
        )
    satisfied = sum(r["satisfied"] for r in rules)
    violated = sum(r["violated"] for r in rules)
    fitness = result.fitness or {}
    overall = {
        "rules": len(rules),
        "rules_assessed": sum(r["met"] is not None for r in rules),
        "rules_met": sum(r["met"] is True for r in rules),
        "rules_not_met": sum(r["met"] is False for r in rules),
        "judgements": satisfied + violated,
        "satisfied": satisfied,
        "violated": violated,
        "pending": sum(r["pending"] for r in rules),
        "compliance": satisfied / (satisfied + violated) if satisfied + violated else None,
        "fitness": _float(fitness.get("overall")),
        "log_fitness": _float(fitness.get("log_fitness")),
        "findings": {c: sum(f.cls == c for f in findings) for c in CLASSES},
    }
    return {
        "overall": overall,
        "rules": rules,
        "per_org": _per_org(result, groups, fitness.get("per_org") or {}, evidence),
        "per_seam": _per_seam(result, groups, fitness.get("per_seam") or {}),
    }


def _finding_per_rule(findings: list[AuditFinding]) -> dict[str, AuditFinding]:
    out: dict[str, AuditFinding] = {}
    for f in findings:
        for rid in f.rule_ids:
            out.setdefault(rid, f)
    return out


def _float(x: Any) -> float | None:
    return None if x is None else float(x)


def _status_counts(groups: list[dict[str, Any]], column: str) -> dict[str, Counter[str]]:
    """``{organisation or seam: Counter(status)}`` from the judgement groups."""
    out: dict[str, Counter[str]] = {}
    for r in groups:
        if r[column] is None:
            continue
        names = split_orgs(r[column]) if column == "orgs" else [r[column].replace("->", "→")]
        for name in names:
            out.setdefault(name, Counter())[r["status"]] += r["n"]
    return out


def _compliance(c: Counter[str]) -> float | None:
    judged = c["satisfied"] + c["violated"]
    return c["satisfied"] / judged if judged else None


def _owned_status(
    groups: list[dict[str, Any]], evidence: dict[str, dict[str, Any]]
) -> tuple[dict[str, Counter[str]], dict[str, set[str]]]:
    """Judgements per owner organisation, counting only the rules it owns.

    A judgement goes to the rule's actors (the organisations whose event it
    requires: they answer for it even when they have no event in the case)
    and to its other owners that take part in the case; when neither applies,
    to every owner.
    """
    out: dict[str, Counter[str]] = {}
    owned: dict[str, set[str]] = {}
    for r in groups:
        ev = evidence.get(r["rule_id"]) or {}
        members = list(ev.get("owner_members") or [])
        for m in members:
            owned.setdefault(m, set()).add(r["rule_id"])
        actors = list(ev.get("actors") or [])
        present = [m for m in members if m in split_orgs(r["orgs"]) and m not in actors]
        for org in (actors + present) or members:
            out.setdefault(org, Counter())[r["status"]] += r["n"]
    return out, owned


def _per_org(
    result: Any,
    groups: list[dict[str, Any]],
    fitness: dict[str, Any],
    evidence: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    status, owned = _owned_status(groups, evidence or {})
    cases: Counter[str] = Counter()
    if result.cases is not None and result.cases.num_rows:
        for r in result.cases.group_by("orgs").aggregate([("case_id", "count")]).to_pylist():
            for org in set(split_orgs(r["orgs"])):
                cases[org] += r["case_id_count"]
    names = sorted(set(status) | set(cases) | set(fitness))
    return [
        {
            "org": org,
            "cases": cases.get(org, 0),
            "judgements": status.get(org, Counter())["satisfied"]
            + status.get(org, Counter())["violated"],
            "violated": status.get(org, Counter())["violated"],
            "pending": status.get(org, Counter())["pending"],
            "compliance": _compliance(status.get(org, Counter())),
            "rules_owned": sorted(owned.get(org, set())),
            "fitness": _float(fitness.get(org)),
        }
        for org in names
    ]


def _per_seam(
    result: Any, groups: list[dict[str, Any]], fitness: dict[str, Any]
) -> list[dict[str, Any]]:
    status = _status_counts(groups, "seam")
    rows = {}
    for r in [] if result.seams is None else result.seams.to_pylist():
        rows[f"{r['from_org']}→{r['to_org']}"] = r
    names = sorted(set(rows) | set(status) | set(fitness))
    out = []
    for seam in names:
        r = rows.get(seam, {})
        out.append(
            {
                "seam": seam,
                "handovers": int(r.get("handovers") or 0),
                "picked_up": int(r.get("picked_up") or 0),
                "lost": int(r.get("lost") or 0),
                "late": int(r.get("late") or 0),
                "median_days": _float(r.get("median_days")),
                "p90_days": _float(r.get("p90_days")),
                "ping_pong": int(r.get("ping_pong") or 0),
                "duplicates": int(r.get("duplicates") or 0),
                "joint": int(r.get("joint") or 0),
                "judgements": status.get(seam, Counter())["satisfied"]
                + status.get(seam, Counter())["violated"],
                "compliance": _compliance(status.get(seam, Counter())),
                "fitness": _float(fitness.get(seam)),
            }
        )
    return out
