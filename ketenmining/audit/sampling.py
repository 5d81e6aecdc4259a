"""The verification selection for file review (ISO 19011 Annex A.6): sized, stratified, seeded.

The selection is a *targeted verification selection*, not one statistical
estimate over the whole chain: it verifies findings. Only the part drawn for
a major nonconformity is sized so that it supports a stated precision — for
the share of that finding's cases the file review confirms:

* every case of a finding in which the organisation that had to act has no
  event at all (a possible linkage artefact) is selected, all of them;
* each major nonconformity gets ``n`` of its own ``N`` cases, with ``n``
  from the formula below for ``N`` (its cases, not the chain's), spread over
  its strata;
* every other stratum gets ``min_per_stratum`` cases (or all when fewer):
  targeted, no precision is claimed for them.

**Size (per major).** For attribute sampling with confidence ``c``, margin of error ``e``
and expected deviation rate ``p``: ``n0 = z² · p · (1 − p) / e²`` with ``z``
the two-sided normal quantile of ``c`` (1.96 for 95 %), and with the
finite-population correction for a population of ``N`` cases:
``n = n0 / (1 + (n0 − 1) / N)``, rounded up (95 %, 10 %, 50 % → n0 = 96.04;
N = 200 → n = 66).

**Strata.** Every case falls in exactly one stratum: a finding that cites
it together with the organisations involved in that deviation (the seam, or
the organisations of the judgement), or — when no finding cites it — the
control stratum of the case's organisations. A case cited by several
findings goes to the one with the fewest cases (then the worst class), so
that every finding keeps cases of its own; the others are listed with it. The
size is allocated proportionally to the strata (largest remainders), after
every stratum got ``min_per_stratum`` cases (or all of them when smaller).

**Selection.** Within a stratum the cases are taken round-robin over the
variants (largest variant first) and, within a variant, in the order of
``SHA-256(seed, case id, episode)``: the same inputs and seed give the same
sample, whatever the order of the rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from ketenmining.audit.evidence import Ranker, split_orgs
from ketenmining.audit.finding import NONCONFORMITIES, AuditFinding, class_rank
from ketenmining.audit.settings import AuditSettings

Key = tuple[str, int]
CONTROL = "control"
#: Stratum reason of the cases without any event of the organisation that had to act.
ABSENT = "absent"


@dataclass(frozen=True)
class SampleSize:
    """The size of a sample and how it was computed."""

    population: int
    confidence: float
    precision: float
    expected_rate: float
    z: float
    n0: float
    n: int

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready dict, with the formula."""
        return {
            "formula": "n0 = z^2 * p * (1 - p) / e^2; n = ceil(n0 / (1 + (n0 - 1) / N))",
            "population": self.population,
            "confidence": self.confidence,
            "precision": self.precision,
            "expected_rate": self.expected_rate,
            "z": round(self.z, 4),
            "n0": round(self.n0, 2),
            "n": self.n,
        }


def sample_size(
    population: int, confidence: float = 0.95, precision: float = 0.10, expected_rate: float = 0.5
) -> SampleSize:
    """Sample size for an attribute (yes/no) estimate, with finite-population correction."""
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    n0 = z * z * expected_rate * (1 - expected_rate) / (precision * precision)
    if population <= 0:
        n = 0
    else:
        n = math.ceil(n0 / (1 + (n0 - 1) / population) - 1e-9)
        n = max(1, min(population, n))
    return SampleSize(population, confidence, precision, expected_rate, z, n0, n)


def allocate(sizes: dict[str, int], n: int, minimum: int) -> dict[str, int]:
    """Spread ``n`` over strata in proportion to their size, each getting at least ``minimum``.

    A stratum never gets more than its size. When the minimums alone exceed
    ``n`` the total is larger than ``n`` (every stratum is still present).
    """
    alloc = {k: min(minimum, s) for k, s in sizes.items()}
    left = n - sum(alloc.values())
    room = {k: sizes[k] - alloc[k] for k in sizes}
    while left > 0 and any(room.values()):
        total_room = sum(room.values())
        shares = {k: left * r / total_room for k, r in room.items()}
        extra = {k: min(room[k], math.floor(v)) for k, v in shares.items()}
        given = sum(extra.values())
        if given < left:  # largest remainders, ties by name
            order = sorted(room, key=lambda k: (-(shares[k] - math.floor(shares[k])), k))
            for k in order:
                if given >= left:
                    break
                if room[k] - extra[k] > 0:
                    extra[k] += 1
                    given += 1
        for k, v in extra.items():
            alloc[k] += v
            room[k] -= v
        left -= given
    return alloc


def draw_sample(
    cases: Any, findings: list[AuditFinding], settings: AuditSettings, rank: Ranker | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The selection rows and the method as a record (kind, per-major sizes, strata, result).

    A row: nr, label (``A-07``: the number the report cites), case_id,
    episode, stratum, finding, rule_id, orgs, variant_id, reason (the
    finding's class, ``absent`` for a possible linkage artefact, or
    ``control``) and also (other findings citing the case).
    """
    rank = rank or Ranker(settings.seed)
    info = _case_info(cases)
    assign, cited = _assign(info, findings)
    population = len(info)
    nc_cases = {k for f in findings if f.cls in NONCONFORMITIES for k in f.case_keys}
    observed = len(nc_cases & info.keys()) / population if population else 0.0
    rate, rate_source = (
        (settings.expected_rate, "setting")
        if settings.expected_rate is not None
        else (observed, "observed")
    )
    if rate_source == "observed" and not 0.0 < rate < 1.0:
        rate, rate_source = 0.5, "default"
    strata: dict[str, list[Key]] = {}
    for key, (stratum, _) in assign.items():
        strata.setdefault(stratum, []).append(key)
    of_stratum = {assign[ks[0]][0]: assign[ks[0]][1] for ks in strata.values()}
    alloc: dict[str, int] = {}
    majors: list[dict[str, Any]] = []
    for f in findings:
        mine = {
            st: len(ks)
            for st, ks in strata.items()
            if of_stratum[st]["finding"] == f.id and of_stratum[st]["reason"] != ABSENT
        }
        if not mine:
            continue
        if f.cls == "major":
            own = sum(mine.values())
            size = sample_size(own, settings.confidence, settings.precision, rate)
            alloc.update(allocate(mine, size.n, settings.min_per_stratum))
            majors.append({"finding": f.id, **size.as_record()})
    for st, ks in strata.items():
        if of_stratum[st]["reason"] == ABSENT:
            alloc[st] = len(ks)  # every possible linkage artefact is verified
        else:
            alloc.setdefault(st, min(settings.min_per_stratum, len(ks)))
    rows: list[dict[str, Any]] = []
    for stratum in sorted(strata, key=_stratum_order(findings)):
        for key in _pick(strata[stratum], alloc[stratum], info, rank):
            _, why = assign[key]
            rows.append(
                {
                    "case_id": key[0],
                    "episode": key[1],
                    "stratum": stratum,
                    "finding": why["finding"],
                    "rule_id": ";".join(why["rules"]),
                    "orgs": why["orgs"],
                    "case_orgs": ",".join(split_orgs(info[key]["orgs"])),
                    "variant_id": info[key]["variant_id"],
                    "reason": why["reason"],
                    "also": [i for i in cited.get(key, []) if i != why["finding"]],
                }
            )
    width = max(2, len(str(len(rows))))
    for nr, row in enumerate(rows, start=1):
        row["nr"] = nr
        row["label"] = f"A-{nr:0{width}d}"
    method = {
        "standard": "ISO 19011:2018 Annex A.6",
        "kind": "targeted",
        "population": population,
        "majors": majors,
        "absent": sum(alloc[s] for s in strata if of_stratum[s]["reason"] == ABSENT),
        "confidence": settings.confidence,
        "precision": settings.precision,
        "expected_rate": rate,
        "expected_rate_source": rate_source,
        "observed_rate": observed,
        "min_per_stratum": settings.min_per_stratum,
        "seed": settings.seed,
        "selection": "sha256(seed, case_id, episode), round-robin over variants",
        "strata": [
            {"stratum": s, "population": len(strata[s]), "sample": alloc[s]}
            for s in sorted(strata, key=_stratum_order(findings))
        ],
        "total": len(rows),
    }
    return rows, method


def _case_info(cases: Any) -> dict[Key, dict[str, Any]]:
    if cases is None or cases.num_rows == 0:
        return {}
    cols = cases.select(["case_id", "episode", "variant_id", "orgs"]).to_pydict()
    return {
        (c, int(e)): {"variant_id": int(v) if v is not None else -1, "orgs": o or ""}
        for c, e, v, o in zip(
            cols["case_id"], cols["episode"], cols["variant_id"], cols["orgs"], strict=True
        )
    }


def _assign(
    info: dict[Key, dict[str, Any]], findings: list[AuditFinding]
) -> tuple[dict[Key, tuple[str, dict[str, Any]]], dict[Key, list[str]]]:
    """Each case → (stratum, why): its rarest finding, or the control stratum.

    ``why`` is shared between the cases of one stratum (it is only read);
    ``cited`` lists every finding that cites a case.
    """
    cited: dict[Key, list[str]] = {}
    for f in findings:
        for key in f.case_keys:
            cited.setdefault(key, []).append(f.id)
    out: dict[Key, tuple[str, dict[str, Any]]] = {}
    # possible linkage artefacts first: all of them go to the file review
    for f in sorted(findings, key=lambda f: (class_rank(f.cls), f.id)):
        if not f.provisional:
            continue
        for key in f.absent:
            if key in info and key not in out:
                # the organisations that hold files of the case (the owner has none)
                orgs = ",".join(split_orgs(info[key]["orgs"])) or "–"
                out[key] = (
                    f"{f.id} · {ABSENT}",
                    {"finding": f.id, "rules": f.rule_ids, "orgs": orgs, "reason": ABSENT},
                )
    ranked = sorted(findings, key=lambda f: (len(f.case_keys), class_rank(f.cls), f.id))
    for f in ranked:
        rules = f.rule_ids
        shared: dict[str, tuple[str, dict[str, Any]]] = {}
        for key, place in f.case_keys.items():
            if key in out or key not in info:
                continue
            entry = shared.get(place)
            if entry is None:
                entry = shared[place] = (
                    f"{f.id} · {place}",
                    {"finding": f.id, "rules": rules, "orgs": place, "reason": f.cls},
                )
            out[key] = entry
    controls: dict[str, tuple[str, dict[str, Any]]] = {}
    for key, case in info.items():
        if key in out:
            continue
        entry = controls.get(case["orgs"])
        if entry is None:
            orgs = ",".join(split_orgs(case["orgs"])) or "–"
            entry = controls[case["orgs"]] = (
                f"{CONTROL} · {orgs}",
                {"finding": "", "rules": [], "orgs": orgs, "reason": CONTROL},
            )
        out[key] = entry
    return out, cited


def _stratum_order(findings: list[AuditFinding]) -> Any:
    def key(stratum: str) -> tuple[int, str]:
        return (1 if stratum.startswith(CONTROL) else 0, stratum)

    return key


def _pick(keys: list[Key], n: int, info: dict[Key, dict[str, Any]], rank: Ranker) -> list[Key]:
    """``n`` of ``keys``: round-robin over variants (largest first), hash order within each."""
    import heapq

    by_variant: dict[int, list[Key]] = {}
    for k in keys:
        by_variant.setdefault(info[k]["variant_id"], []).append(k)
    order = sorted(by_variant.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    # no variant can give more than n cases: keep only the n lowest ranks of each
    queues = [heapq.nsmallest(n, ks, key=rank) for _, ks in order]
    picked: list[Key] = []
    depth = 0
    while len(picked) < n:
        for q in queues:
            if depth < len(q) and len(picked) < n:
                picked.append(q[depth])
        depth += 1
    return picked
