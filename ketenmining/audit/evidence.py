"""Evidence per rule, drawn from the conform tables: counts, trend, organisations, seams, cases.

Works on the pyarrow tables of a :class:`~ketenmining.conform.result.ConformResult`
with pyarrow compute (group-bys over the ``rules`` table), so it scales with
the number of judgements, not with Python loops over all of them: only the
violated rows are brought into Python.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ketenmining.audit.criteria import ProtocolInfo, RuleInfo

#: Tolerance when comparing a compliance share with a norm.
EPS = 1e-9

CaseKey = tuple[str, int]


def hash_rank(seed: int, *parts: Any) -> str:
    """SHA-256 of the seed and the parts: a reproducible order that ignores row order."""
    text = "\x1f".join([str(seed), *(str(p) for p in parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cite_cases(keys: Iterable[CaseKey], seed: int, salt: str, n: int) -> list[dict[str, Any]]:
    """``n`` cases out of ``keys``, chosen by hash rank (seeded, reproducible)."""
    ranked = sorted(keys, key=lambda k: hash_rank(seed, salt, k[0], k[1]))
    return [{"case_id": c, "episode": e} for c, e in ranked[:n]]


def split_orgs(orgs: str | None) -> list[str]:
    """``"VT,TT"`` → ``["VT", "TT"]`` (also accepts ``;``, ``→`` and spaces as separators)."""
    if not orgs:
        return []
    for sep in (";", "→", " "):
        orgs = orgs.replace(sep, ",")
    return [o for o in (p.strip() for p in orgs.split(",")) if o]


def rule_evidence(result: Any, protocol: ProtocolInfo) -> dict[str, dict[str, Any]]:
    """Evidence for every rule of the protocol, keyed by rule id.

    Each entry: the rule's criterion fields, ``applicable``, ``satisfied``,
    ``violated``, ``pending``, ``compliance``, ``norm``, ``gap`` (norm minus
    compliance, ≥ 0), ``met`` (None when nothing could be judged), ``trend``
    (per quarter), ``orgs`` and ``seams`` (counts over violated cases),
    ``seams_judged`` (seams of all judged cases) and the private
    ``_violated``: the violated cases, each with the seam (else the
    organisations) of its violation.
    """
    summary = {r["rule_id"]: r for r in _pylist(result.rule_summary)}
    trend = _trend(result.rule_trend)
    violated, orgs, seams = _violations(result.rules)
    seams_judged = _judged_seams(result.rules)
    out: dict[str, dict[str, Any]] = {}
    for rule in protocol.rules:
        s = summary.get(rule.id, {})
        out[rule.id] = _entry(rule, s, trend.get(rule.id, []))
        out[rule.id]["orgs"] = dict(sorted(orgs.get(rule.id, Counter()).items(), key=_by_count))
        out[rule.id]["seams"] = dict(sorted(seams.get(rule.id, Counter()).items(), key=_by_count))
        out[rule.id]["seams_judged"] = sorted(seams_judged.get(rule.id, set()))
        out[rule.id]["_violated"] = violated.get(rule.id, {})
    return out


def public(evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence entry without private fields (those starting with ``_``)."""
    return {k: v for k, v in evidence.items() if not k.startswith("_")}


def _entry(rule: RuleInfo, s: dict[str, Any], trend: list[dict[str, Any]]) -> dict[str, Any]:
    compliance = s.get("compliance")
    compliance = None if compliance is None else float(compliance)
    norm = float(rule.norm)
    met = None if compliance is None else compliance >= norm - EPS
    gap = None if compliance is None else max(0.0, norm - compliance)
    return {
        **rule.as_record(),
        "applicable": int(s.get("applicable") or 0),
        "satisfied": int(s.get("satisfied") or 0),
        "violated": int(s.get("violated") or 0),
        "pending": int(s.get("pending") or 0),
        "compliance": compliance,
        "gap": gap,
        "met": met,
        "trend": trend,
    }


def _by_count(kv: tuple[str, int]) -> tuple[int, str]:
    return (-kv[1], kv[0])


def _pylist(table: Any) -> list[dict[str, Any]]:
    return [] if table is None else table.to_pylist()


def _trend(table: Any) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(_pylist(table), key=lambda r: (r["rule_id"], r["quarter"])):
        comp = r.get("compliance")
        out.setdefault(r["rule_id"], []).append(
            {
                "quarter": r["quarter"],
                "applicable": int(r.get("applicable") or 0),
                "violated": int(r.get("violated") or 0),
                "compliance": None if comp is None else float(comp),
            }
        )
    return out


def _violations(
    rules: Any,
) -> tuple[dict[str, dict[CaseKey, str]], dict[str, Counter[str]], dict[str, Counter[str]]]:
    import pyarrow.compute as pc

    cases: dict[str, dict[CaseKey, str]] = {}
    orgs: dict[str, Counter[str]] = {}
    seams: dict[str, Counter[str]] = {}
    if rules is None or rules.num_rows == 0:
        return cases, orgs, seams
    bad = rules.filter(pc.equal(rules["status"], "violated"))
    cols = bad.select(["rule_id", "case_id", "episode", "orgs", "seam"]).to_pydict()
    for rid, cid, ep, org_text, seam in zip(
        cols["rule_id"], cols["case_id"], cols["episode"], cols["orgs"], cols["seam"], strict=True
    ):
        place = seam or ",".join(split_orgs(org_text)) or "–"
        cases.setdefault(rid, {}).setdefault((cid, int(ep)), place)
        counter = orgs.setdefault(rid, Counter())
        for org in split_orgs(org_text):
            counter[org] += 1
        if seam:
            seams.setdefault(rid, Counter())[seam] += 1
    return cases, orgs, seams


def _judged_seams(rules: Any) -> dict[str, set[str]]:
    import pyarrow.compute as pc

    if rules is None or rules.num_rows == 0:
        return {}
    judged = rules.filter(pc.is_in(rules["status"], value_set=_arr(["satisfied", "violated"])))
    judged = judged.filter(pc.is_valid(judged["seam"]))
    grouped = judged.group_by(["rule_id", "seam"]).aggregate([]).to_pylist()
    out: dict[str, set[str]] = {}
    for r in grouped:
        out.setdefault(r["rule_id"], set()).add(r["seam"])
    return out


def _arr(values: list[str]) -> Any:
    import pyarrow as pa

    return pa.array(values, pa.string())
