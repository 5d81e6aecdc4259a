"""Evidence per rule, drawn from the conform tables: counts, trend, organisations, seams, cases.

Works on the pyarrow tables of a :class:`~ketenmining.conform.result.ConformResult`
with pyarrow compute (group-bys over the ``rules`` table), so it scales with
the number of judgements, not with Python loops over all of them: only the
violated rows are brought into Python.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ketenmining.audit.criteria import ProtocolInfo, RuleInfo

#: Tolerance when comparing a compliance share with a norm.
EPS = 1e-9

CaseKey = tuple[str, int]


def hash_rank(seed: int, case_id: str, episode: int) -> str:
    """SHA-256 of seed, case id and episode: a reproducible order that ignores row order."""
    return hashlib.sha256(f"{seed}\x1f{case_id}\x1f{episode}".encode()).hexdigest()


class Ranker:
    """The hash rank of cases under one seed, computed once per case."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._cache: dict[CaseKey, str] = {}

    def __call__(self, key: CaseKey) -> str:
        rank = self._cache.get(key)
        if rank is None:
            rank = self._cache[key] = hash_rank(self.seed, key[0], key[1])
        return rank


def cite_cases(keys: Iterable[CaseKey], rank: Ranker, n: int) -> list[dict[str, Any]]:
    """The ``n`` cases of ``keys`` with the lowest hash rank (seeded, reproducible)."""
    import heapq

    return [{"case_id": c, "episode": e} for c, e in heapq.nsmallest(n, keys, key=rank)]


@functools.lru_cache(maxsize=4096)
def _split(orgs: str) -> tuple[str, ...]:
    for sep in (";", "→", " "):
        orgs = orgs.replace(sep, ",")
    return tuple(o for o in (p.strip() for p in orgs.split(",")) if o)


def split_orgs(orgs: str | None) -> list[str]:
    """``"VT,TT"`` → ``["VT", "TT"]`` (also accepts ``;``, ``→`` and spaces as separators)."""
    return list(_split(orgs)) if orgs else []


def judgement_groups(rules: Any) -> list[dict[str, Any]]:
    """Counts of the ``rules`` table per (rule_id, orgs, seam, status): one group-by, reused."""
    if rules is None or rules.num_rows == 0:
        return []
    import pyarrow.compute as pc

    keys = ["rule_id", "orgs", "seam", "status"]
    rules = rules.select(keys)  # filter only the four columns grouped on (case_id is never null)
    rules = rules.filter(pc.not_equal(rules["status"], "not_applicable"))
    grouped = rules.group_by(keys).aggregate([([], "count_all")])
    return [
        {"rule_id": r["rule_id"], "orgs": r["orgs"], "seam": r["seam"], "status": r["status"],
         "n": int(r["count_all"])}
        for r in grouped.to_pylist()
    ]  # fmt: skip


def rule_evidence(
    result: Any, protocol: ProtocolInfo, groups: list[dict[str, Any]] | None = None
) -> dict[str, dict[str, Any]]:
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
    groups = judgement_groups(result.rules) if groups is None else groups
    violated = _violations(result.rules)
    orgs: dict[str, Counter[str]] = {}
    seams: dict[str, Counter[str]] = {}
    seams_judged: dict[str, set[str]] = {}
    for g in groups:
        if g["status"] == "violated":
            for org in split_orgs(g["orgs"]):
                orgs.setdefault(g["rule_id"], Counter())[org] += g["n"]
            if g["seam"]:
                seams.setdefault(g["rule_id"], Counter())[g["seam"]] += g["n"]
        if g["seam"] and g["status"] in ("satisfied", "violated"):
            seams_judged.setdefault(g["rule_id"], set()).add(g["seam"])
    out: dict[str, dict[str, Any]] = {}
    for rule in protocol.rules:
        s = summary.get(rule.id, {})
        out[rule.id] = _entry(rule, s, trend.get(rule.id, []))
        out[rule.id]["orgs"] = dict(sorted(orgs.get(rule.id, Counter()).items(), key=_by_count))
        out[rule.id]["seams"] = dict(sorted(seams.get(rule.id, Counter()).items(), key=_by_count))
        out[rule.id]["seams_judged"] = sorted(seams_judged.get(rule.id, set()))
        out[rule.id]["_violated"] = violated.get(rule.id, {})
        if rule.kind == "by":
            out[rule.id]["step_owners"] = _step_owners(result.rules, rule.id)
    return out


def _step_owners(rules: Any, rule_id: str) -> dict[str, int]:
    """For a ``by`` rule: the organisations responsible for the steps done by another one.

    Read from the evidence of each violation (the step's allowed organisations),
    so that the finding names the owner of the step, not every organisation.
    """
    import json

    import pyarrow.compute as pc

    if rules is None or rules.num_rows == 0:
        return {}
    bad = rules.filter(
        pc.and_(pc.equal(rules["rule_id"], rule_id), pc.equal(rules["status"], "violated"))
    )
    count: Counter[str] = Counter()
    for text in bad.column("detail").to_pylist():
        try:
            allowed = (json.loads(text) if text else {}).get("allowed") or []
        except (ValueError, AttributeError):
            allowed = []
        count.update(allowed)
    return dict(sorted(count.items(), key=_by_count))


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


def _violations(rules: Any) -> dict[str, dict[CaseKey, str]]:
    """Per rule the violated cases, each with the seam (else the organisations) of its violation."""
    import pyarrow.compute as pc

    cases: dict[str, dict[CaseKey, str]] = {}
    if rules is None or rules.num_rows == 0:
        return cases
    bad = rules.filter(pc.equal(rules["status"], "violated"))
    cols = bad.select(["rule_id", "case_id", "episode", "orgs", "seam"]).to_pydict()
    for rid, cid, ep, org_text, seam in zip(
        cols["rule_id"], cols["case_id"], cols["episode"], cols["orgs"], cols["seam"], strict=True
    ):
        place = seam or ",".join(split_orgs(org_text)) or "–"
        cases.setdefault(rid, {}).setdefault((cid, int(ep)), place)
    return cases
