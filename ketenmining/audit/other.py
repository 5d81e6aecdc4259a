"""Findings that do not come from one rule: seams, the route and data quality.

* **Lost handovers** (a handover never picked up: the child lost between two
  organisations) at a seam are an *observation*, unless a rule guarding that
  seam is already a nonconformity.
* **Ping-pong, duplicate work, a step by the wrong organisation, a late
  pick-up** are an *observation* when no rule of the protocol covers them.
* **Route deviations** (a step skipped, out of place, in the wrong order, or
  no protocol step at all) are an *observation* when they occur in at least
  ``route_share`` of the cases.
* **Suspected clock skew** at a seam (from the data-quality record) is an
  *observation* about data quality.
"""

from __future__ import annotations

from typing import Any

from ketenmining.audit.finding import NONCONFORMITIES, AuditFinding
from ketenmining.audit.settings import AuditSettings

#: Deviation kinds and the rule kinds that cover them.
COVERED_BY = {
    "lost_handover": {"handover", "response"},
    "late_pickup": {"handover"},
    "ping_pong": {"no_ping_pong"},
    "duplicate": {"no_duplicate"},
    "wrong_org": {"by"},
}
SEAM_KINDS = ("ping_pong", "duplicate", "wrong_org", "late_pickup")
ROUTE_KINDS = ("skipped", "extra", "wrong_order", "not_in_protocol")

Key = tuple[str, int]


def seam_key(src: str, dst: str) -> str:
    """``VT``, ``TT`` → ``VT→TT``, the way seams are named everywhere."""
    return f"{src}→{dst}"


def norm_seam(seam: str | None) -> str | None:
    """Write a seam the one way: ``VT->TT`` / ``VT → TT`` → ``VT→TT``."""
    if not seam:
        return None
    return seam.replace("->", "→").replace(" ", "")


def seam_findings(
    result: Any,
    evidence: dict[str, dict[str, Any]],
    findings: list[AuditFinding],
    settings: AuditSettings,
) -> list[AuditFinding]:
    """Observations on lost handovers, and on seam deviations that no rule covers."""
    devs = _deviations(result.deviations, ("lost_handover", *SEAM_KINDS))
    total = _total_cases(result)
    out = _lost(result.seams, devs.get("lost_handover", {}), evidence, findings)
    for kind in SEAM_KINDS:
        for (place, step), keys in sorted(devs.get(kind, {}).items()):
            if _covered(kind, place, evidence):
                continue
            out.append(
                AuditFinding(
                    cls="observation",
                    source="seam",
                    basis=["uncovered"],
                    key=f"{kind}:{place}:{step}",
                    cases=len(keys),
                    share=len(keys) / total if total else None,
                    seams={place: len(keys)} if "→" in place else {},
                    orgs={} if "→" in place else {place: len(keys)},
                    values={"kind": kind, "place": place, "step": step or None},
                    case_keys=keys,
                )
            )
    return out


def route_findings(result: Any, settings: AuditSettings) -> list[AuditFinding]:
    """Observations on route deviations (kind, step) found in at least ``route_share`` of the cases."""
    devs = _deviations(result.deviations, ROUTE_KINDS)
    total = _total_cases(result)
    out = []
    for kind in ROUTE_KINDS:
        for (_, step), keys in sorted(devs.get(kind, {}).items()):
            share = len(keys) / total if total else 0.0
            if share < settings.route_share:
                continue
            out.append(
                AuditFinding(
                    cls="observation",
                    source="route",
                    basis=["route_deviation"],
                    key=f"{kind}:{step}",
                    cases=len(keys),
                    share=share,
                    values={"kind": kind, "step": step},
                    case_keys=keys,
                )
            )
    return out


def data_findings(quality: dict[str, Any] | None) -> list[AuditFinding]:
    """An observation about data quality for every suspected clock skew."""
    out = []
    for f in (quality or {}).get("findings", []):
        if f.get("code") != "DQ007":
            continue
        dq = dict(f.get("data") or {})
        out.append(
            AuditFinding(
                cls="observation",
                source="data",
                basis=["clock_skew"],
                key=f"clock_skew:{dq.get('org_a')}:{dq.get('org_b')}",
                orgs={dq.get("late", "?"): 0},
                seams={f"{dq.get('org_a')}–{dq.get('org_b')}": dq.get("pairs", 0)},
                values={
                    "late": dq.get("late"),
                    "org_a": dq.get("org_a"),
                    "org_b": dq.get("org_b"),
                    "dq": dq,
                },
            )
        )
    return out


def _lost(
    seams: Any,
    lost: dict[tuple[str, str], dict[Key, str]],
    evidence: dict[str, dict[str, Any]],
    findings: list[AuditFinding],
) -> list[AuditFinding]:
    rows = {seam_key(r["from_org"], r["to_org"]): r for r in _pylist(seams)}
    guarded = {
        seam
        for f in findings
        if f.cls in NONCONFORMITIES
        for r in f.rules
        if r.get("kind") in COVERED_BY["lost_handover"]
        for seam in r.get("seams", {})
    }
    places = {place: keys for (place, _), keys in lost.items()}
    for name, r in rows.items():
        if (r.get("lost") or 0) > 0:
            places.setdefault(name, {})
    out = []
    for place in sorted(places):
        if place in guarded:
            continue
        row = rows.get(place, {})
        keys = places[place]
        n_lost = max(int(row.get("lost") or 0), len(keys))
        src, _, dst = place.partition("→")
        out.append(
            AuditFinding(
                cls="observation",
                source="seam",
                basis=["lost_handover"],
                key=f"lost_handover:{place}",
                cases=len(keys) or n_lost,
                share=n_lost / row["handovers"] if row.get("handovers") else None,
                seams={place: n_lost},
                orgs={dst: n_lost},
                values={
                    "kind": "lost_handover",
                    "src": src,
                    "dst": dst,
                    "lost": n_lost,
                    "handovers": int(row.get("handovers") or n_lost),
                    "late": int(row.get("late") or 0),
                    "median_days": row.get("median_days"),
                },
                case_keys=keys,
            )
        )
    return out


def _covered(kind: str, place: str, evidence: dict[str, dict[str, Any]]) -> bool:
    kinds = COVERED_BY[kind]
    for ev in evidence.values():
        if ev.get("kind") not in kinds or ev["met"] is None:
            continue
        if kind == "late_pickup" and place not in ev["seams_judged"]:
            continue
        return True
    return False


def _deviations(
    table: Any, kinds: tuple[str, ...]
) -> dict[str, dict[tuple[str, str], dict[Key, str]]]:
    """``{kind: {(place, step): {(case_id, episode)}}}``; place is the seam, else the org."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out: dict[str, dict[tuple[str, str], dict[Key, str]]] = {}
    if table is None or table.num_rows == 0:
        return out
    sel = table.filter(pc.is_in(table["kind"], value_set=pa.array(list(kinds), pa.string())))
    cols = sel.select(["case_id", "episode", "kind", "step", "org", "seam"]).to_pydict()
    for cid, ep, kind, step, org, seam in zip(
        cols["case_id"],
        cols["episode"],
        cols["kind"],
        cols["step"],
        cols["org"],
        cols["seam"],
        strict=True,
    ):
        place = norm_seam(seam) or org or ""
        if kind in ROUTE_KINDS:
            place = ""
        if kind in ("ping_pong", "lost_handover", "late_pickup"):
            step = ""
        where = norm_seam(seam) or org or "–"
        out.setdefault(kind, {}).setdefault((place, step or ""), {}).setdefault(
            (cid, int(ep)), where
        )
    return out


def _total_cases(result: Any) -> int:
    return 0 if result.cases is None else int(result.cases.num_rows)


def _pylist(table: Any) -> list[dict[str, Any]]:
    return [] if table is None else table.to_pylist()
