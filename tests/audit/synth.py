"""A synthetic ConformResult shaped like the example chain, built in code for the audit tests.

``plan`` gives, per rule, the satisfied / violated / pending counts per
quarter plus the organisations (and seam) of its judgements; the builder
lays them onto cases deterministically and derives ``rule_summary`` and
``rule_trend`` from the ``rules`` table the way conform does (compliance =
satisfied / (satisfied + violated), met = compliance ≥ norm).

Case ids are real pseudonyms (HMAC-SHA256) of fake but valid BSNs, so tests
can check that no raw id reaches any output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from ketenmining.audit.criteria import ProtocolInfo, RuleInfo
from ketenmining.conform.result import ConformResult
from ketenmining.privacy.pseudonym import pseudonym

#: a fixed key that passes the key checks (the SHA-256 of a phrase, as hex)
KEY = hashlib.sha256(b"ketenmining synthetic audit test key").hexdigest().encode("ascii")
QUARTERS = ("2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4")
PATHS = ("HA,VT,TT", "SCH,VT,TT", "POL,VT", "HA,VT,RvdK", "SCH,VT")


def valid_bsns(n: int, start: int = 100_000_000) -> list[str]:
    """``n`` nine-digit numbers that pass the elfproef (fake BSNs)."""
    out = []
    x = start
    while len(out) < n:
        d = f"{x:09d}"
        total = sum(int(c) * w for c, w in zip(d[:8], range(9, 1, -1), strict=True)) - int(d[8])
        if total % 11 == 0:
            out.append(d)
        x += 7
    return out


@dataclass
class RulePlan:
    """Per quarter (satisfied, violated, pending) counts for one rule."""

    counts: dict[str, tuple[int, int, int]]
    orgs: str = "VT"
    seam: str | None = None


def even(satisfied: int, violated: int, pending: int = 0) -> dict[str, tuple[int, int, int]]:
    """The same counts in every quarter."""
    return {q: (satisfied, violated, pending) for q in QUARTERS}


def example_rules() -> tuple[RuleInfo, ...]:
    """The rules of the example protocol (configs/protocols/meldcode-keten.yaml), as the audit sees them."""
    r = RuleInfo
    return (
        r("MELDING-OPGEPAKT", "Iedere melding wordt binnen 3 werkdagen door Veilig Thuis geregistreerd", "Meldcode stap 5; Handelingsprotocol Veilig Thuis 2.1", "major", 1.0, "handover"),
        r("VT-5WD", "Veiligheidsbeoordeling binnen 5 werkdagen na ontvangst melding", "Handelingsprotocol Veilig Thuis 3.2", "major", 0.9, "response", "Safety assessment within 5 working days of the report"),
        r("VT-10W", "Onderzoek afgerond binnen 10 weken", "Handelingsprotocol Veilig Thuis 4.1", "major", 0.8, "duration"),
        r("WARM-10WD", "Warme overdracht - Toegang start de intake binnen 10 werkdagen na overdracht", "Samenwerkingsafspraken VT-Toegang 2.3", "major", 0.9, "handover"),
        r("SLUITENDE-KETEN", "Sluitende keten - iedere overdracht wordt opgepakt", "Samenwerkingsafspraken VT-Toegang 2.1", "major", 1.0, "response"),
        r("RAAD-6W", "De Raad start het onderzoek binnen 6 weken na het verzoek", "Landelijk kader Raad voor de Kinderbescherming 3", "minor", 0.8, "handover"),
        r("GEEN-DUBBELE-INTAKE", "Geen tweede intake door een andere organisatie binnen 3 maanden", "Samenwerkingsafspraken VT-Toegang 2.4", "minor", 0.95, "no_duplicate"),
        r("GEEN-RONDPOMPEN", "Geen terugverwijzing naar de organisatie die de zaak overdroeg binnen 6 maanden", "Samenwerkingsafspraken VT-Toegang 2.5", "minor", 0.95, "no_ping_pong"),
        r("MAX-3-OVERDRACHTEN", "Hoogstens 3 overdrachten per gezin", "Visie Ontschotting Midden-Brabant", "observation", 0.95, "max_handovers"),
        r("VERANTWOORDELIJKE-ORGANISATIE", "Iedere stap wordt uitgevoerd door de organisatie die ervoor verantwoordelijk is", "Ketenprotocol 1.3", "minor", 0.95, "by"),
        r("MONITORING-3M", "Veilig Thuis monitort tussen 10 en 16 weken na de overdracht", "Handelingsprotocol Veilig Thuis 6.1", "minor", 0.8, "response"),
        r("GEEN-RECIDIVE-12M", "Geen nieuwe melding binnen 12 maanden na afsluiting", "Outcome-afspraak Regionale Taskforce", "observation", 0.9, "not_succession"),
    )  # fmt: skip


def example_protocol(rules: tuple[RuleInfo, ...] | None = None) -> ProtocolInfo:
    """ProtocolInfo like the example protocol's."""
    return ProtocolInfo(
        id="meldcode-keten-midden-brabant",
        version="1.0.0",
        title="Route melding huiselijk geweld en kindermishandeling Midden-Brabant",
        file="configs/protocols/meldcode-keten.yaml",
        sha256="ab" * 32,
        calendar="NL: weekenden, nationale feestdagen, Goede Vrijdag dicht, 5 mei in lustrumjaren; "
        "eigen sluitingsdagen 2023-05-19, 2024-05-10; tijdzone Europe/Amsterdam",
        rules=rules if rules is not None else example_rules(),
        organisations={
            "VT": "Veilig Thuis Midden-Brabant",
            "TT": "Toegang Tilburg",
            "RvdK": "Raad voor de Kinderbescherming",
        },
        step_labels={
            "intake": {"nl": "Intake Toegang", "en": "Intake by access team"},
            "huisbezoek": {"nl": "Huisbezoek", "en": "Home visit"},
            "monitoring": {"nl": "Monitoring na 3 maanden", "en": "Monitoring after 3 months"},
        },
    )


def example_plan() -> dict[str, RulePlan]:
    """A plan that exercises every class: majors, an escalated minor, minors, an observation, OFIs."""
    monitoring = {q: (47 - i, 3 + i, 0) for i, q in enumerate(QUARTERS)}  # 94% → 80%, 87% overall
    return {
        "MELDING-OPGEPAKT": RulePlan(even(50, 0), "HA,VT", "MELDER→VT"),
        "VT-5WD": RulePlan(even(42, 8, 1), "VT"),  # 84% < 90%: major
        "VT-10W": RulePlan(even(19, 1), "VT"),  # 95% ≥ 80%, far above: no finding
        "WARM-10WD": RulePlan(even(22, 3, 1), "VT,TT", "VT→TT"),  # 88% < 90%: major
        "SLUITENDE-KETEN": RulePlan(even(24, 1), "VT,TT", "VT→TT"),  # 96% < 100%: major
        "RAAD-6W": RulePlan(even(41, 9), "VT,RvdK", "VT→RvdK"),  # 82% ≥ 80% within 5pp: OFI margin
        "GEEN-DUBBELE-INTAKE": RulePlan(even(23, 2), "VT,TT"),  # 92% < 95%: minor
        "GEEN-RONDPOMPEN": RulePlan(even(7, 3), "TT,VT"),  # 70%, gap 25pp: escalated major
        "MAX-3-OVERDRACHTEN": RulePlan(even(45, 5), "VT"),  # 90% < 95%: observation
        "VERANTWOORDELIJKE-ORGANISATIE": RulePlan(even(47, 3), "TT"),  # 94% < 95%: minor
        "MONITORING-3M": RulePlan(monitoring, "VT"),  # 87% ≥ 80% but 94% → 80%: OFI trend
        "GEEN-RECIDIVE-12M": RulePlan(even(20, 0), "VT"),  # 100%: nothing
    }


@dataclass
class Synth:
    """Knobs for :func:`synth_result`."""

    plan: dict[str, RulePlan] = field(default_factory=example_plan)
    per_quarter: int = 60
    norms: dict[str, float] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=lambda: {"VT→TT": 8, "VT→RvdK": 4})
    route: dict[tuple[str, str], int] = field(
        default_factory=lambda: {("skipped", "monitoring"): 40, ("extra", "huisbezoek"): 3}
    )
    wrong_org: int = 0
    running_share: float = 0.1


def synth_result(
    s: Synth | None = None, rules: tuple[RuleInfo, ...] | None = None
) -> ConformResult:
    """Build the ConformResult described by ``s`` (deterministic)."""
    import pyarrow as pa

    s = s or Synth()
    rules = rules if rules is not None else example_rules()
    norms = {r.id: r.norm for r in rules}
    n = s.per_quarter * len(QUARTERS)
    ids = [pseudonym(KEY, b) for b in valid_bsns(n)]
    cases = []
    for i, cid in enumerate(ids):
        q = i // s.per_quarter
        first = dt.datetime(2023 + q // 4, 3 * (q % 4) + 1, 2 + i % 20, 9, 0, tzinfo=dt.UTC)
        cases.append(
            {
                "case_id": cid,
                "episode": 1 + (i % 11 == 0),
                "variant_id": [0, 0, 0, 1, 1, 2, 3][i % 7],
                "fitness": 1.0 if i % 5 else 0.9,
                "cost": 0 if i % 5 else 2,
                "ended": (i % 100) >= s.running_share * 100,
                "first": first,
                "last": first + dt.timedelta(days=40 + i % 30),
                "orgs": PATHS[i % len(PATHS)],
                "events": 8 + i % 5,
            }
        )
    rule_rows = []
    for rid, plan in s.plan.items():
        for qi, q in enumerate(QUARTERS):
            sat, vio, pen = plan.counts.get(q, (0, 0, 0))
            base = qi * s.per_quarter
            shift = 7 * list(s.plan).index(rid)  # rules violate different cases
            statuses = ["violated"] * vio + ["satisfied"] * sat + ["pending"] * pen
            assert len(statuses) <= s.per_quarter, "plan needs more cases per quarter"
            for j, status in enumerate(statuses):
                c = cases[base + (j + shift) % s.per_quarter]
                rule_rows.append(
                    {
                        "case_id": c["case_id"],
                        "episode": c["episode"],
                        "rule_id": rid,
                        "status": status,
                        "quarter": q,
                        "orgs": plan.orgs,
                        "seam": plan.seam,
                        "detail": '{"note": "synthetic"}',
                    }
                )
    summary, trend = _summaries(rule_rows, norms)
    devs = []
    for seam, k in s.lost.items():
        for j in range(k):
            c = cases[(37 * j + 5) % n]
            devs.append(_dev(c, "lost_handover", "overdracht", seam.split("→")[0], seam))
    for (kind, step), k in s.route.items():
        for j in range(k):
            devs.append(_dev(cases[(11 * j + 3) % n], kind, step, "VT", None))
    for j in range(s.wrong_org):
        devs.append(_dev(cases[(13 * j + 1) % n], "wrong_org", "intake", "VT", None))
    devs.append(_dev(cases[2], "joint", "huisbezoek", "TT", "VT→TT"))
    seams = [
        {"from_org": "VT", "to_org": "TT", "handovers": 200, "picked_up": 200 - s.lost.get("VT→TT", 0), "lost": s.lost.get("VT→TT", 0), "late": 24, "median_days": 6.0, "p90_days": 16.0, "ping_pong": 24, "duplicates": 16, "joint": 30},
        {"from_org": "VT", "to_org": "RvdK", "handovers": 160, "picked_up": 160 - s.lost.get("VT→RvdK", 0), "lost": s.lost.get("VT→RvdK", 0), "late": 20, "median_days": 21.0, "p90_days": 45.0, "ping_pong": 0, "duplicates": 0, "joint": 0},
        {"from_org": "HA", "to_org": "VT", "handovers": 150, "picked_up": 150, "lost": 0, "late": 0, "median_days": 1.0, "p90_days": 2.0, "ping_pong": 0, "duplicates": 0, "joint": 0},
    ]  # fmt: skip
    return ConformResult(
        cases=pa.Table.from_pylist(cases),
        deviations=pa.Table.from_pylist(devs, schema=_DEV_SCHEMA()),
        rules=pa.Table.from_pylist(rule_rows, schema=_RULE_SCHEMA()),
        rule_summary=pa.Table.from_pylist(summary),
        rule_trend=pa.Table.from_pylist(trend),
        seams=pa.Table.from_pylist(seams),
        fitness={
            "overall": 0.981,
            "log_fitness": 0.978,
            "per_org": {"VT": 0.985, "TT": 0.962, "RvdK": 0.99},
            "per_seam": {"VT→TT": 0.95, "VT→RvdK": 0.97},
        },
        variants=4,
        data_end="2024-12-31T23:00:00+00:00",
        meta={"evaluator": "ketenmining.protocol.evaluate (synthetic)"},
    )


def _dev(c: dict[str, Any], kind: str, step: str, org: str, seam: str | None) -> dict[str, Any]:
    return {
        "case_id": c["case_id"],
        "episode": c["episode"],
        "kind": kind,
        "step": step,
        "org": org,
        "seam": seam,
        "position": -1,
        "timestamp": None,
        "detail": "",
    }


def _DEV_SCHEMA() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("case_id", pa.string()),
            ("episode", pa.int64()),
            ("kind", pa.string()),
            ("step", pa.string()),
            ("org", pa.string()),
            ("seam", pa.string()),
            ("position", pa.int64()),
            ("timestamp", pa.timestamp("us", tz="UTC")),
            ("detail", pa.string()),
        ]
    )


def _RULE_SCHEMA() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("case_id", pa.string()),
            ("episode", pa.int64()),
            ("rule_id", pa.string()),
            ("status", pa.string()),
            ("quarter", pa.string()),
            ("orgs", pa.string()),
            ("seam", pa.string()),
            ("detail", pa.string()),
        ]
    )


def _summaries(rows: list[dict[str, Any]], norms: dict[str, float]) -> tuple[list, list]:
    per: dict[str, dict[str, int]] = {}
    per_q: dict[tuple[str, str], dict[str, int]] = {}
    for r in rows:
        for d in (
            per.setdefault(r["rule_id"], {}),
            per_q.setdefault((r["rule_id"], r["quarter"]), {}),
        ):
            d[r["status"]] = d.get(r["status"], 0) + 1

    def comp(d: dict[str, int]) -> float | None:
        judged = d.get("satisfied", 0) + d.get("violated", 0)
        return d.get("satisfied", 0) / judged if judged else None

    summary = []
    for rid, d in per.items():
        c = comp(d)
        summary.append(
            {
                "rule_id": rid,
                "applicable": d.get("satisfied", 0) + d.get("violated", 0) + d.get("pending", 0),
                "satisfied": d.get("satisfied", 0),
                "violated": d.get("violated", 0),
                "pending": d.get("pending", 0),
                "compliance": c,
                "norm": norms.get(rid, 1.0),
                "met": None if c is None else c >= norms.get(rid, 1.0),
            }
        )
    trend = [
        {
            "rule_id": rid,
            "quarter": q,
            "applicable": d.get("satisfied", 0) + d.get("violated", 0) + d.get("pending", 0),
            "violated": d.get("violated", 0),
            "compliance": comp(d),
        }
        for (rid, q), d in sorted(per_q.items())
    ]
    return summary, trend


def quality_record() -> dict[str, Any]:
    """A data-quality record in the shape of ketenmining.stitch.quality.quality_report."""
    return {
        "chain": "Midden-Brabant",
        "created": "2025-01-15T10:00:00+00:00",
        "period": {"from": "2023-01-01", "to": "2024-12-31"},
        "events": 4321,
        "sources": [
            {"id": "vt", "org": "VT", "file": "vt.xes.gz", "format": "xes", "sha256": "1" * 64, "rows_read": 2000, "events": 1990, "clients": 480, "rejected": {"invalid BSN": 10}},
            {"id": "tt", "org": "TT", "file": "tt.csv", "format": "csv", "sha256": "2" * 64, "rows_read": 1500, "events": 1500, "clients": 300, "rejected": {}},
        ],
        "linkage": {"clients": 480, "clients_by_number_of_orgs": {1: 40, 2: 200, 3: 240}, "single_org_clients": 40, "single_org_share": 40 / 480, "per_org": {"VT": {"clients": 480, "linked": 440, "linked_share": 440 / 480}}},
        "seams": [],
        "findings": [
            {"code": "DQ001", "title": "rows set aside", "message": "", "severity": "warning", "hint": "", "data": {"source": "vt", "count": 10, "reasons": "invalid BSN: 10", "rows": "12, 40"}},
            {"code": "DQ006", "title": "", "message": "", "severity": "info", "hint": "", "data": {"single": 40, "clients": 480, "share": "8%"}},
            {"code": "DQ007", "title": "", "message": "", "severity": "warning", "hint": "", "data": {"late": "TT", "early": "VT", "minutes": "60", "pairs": 30, "consistency": "90%", "kind": "constant", "org_a": "TT", "org_b": "VT", "offset_min": 60.0}},
        ],
    }  # fmt: skip
