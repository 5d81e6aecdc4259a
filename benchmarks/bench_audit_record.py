"""Benchmark: classification, sample and audit record on a large synthetic ConformResult.

Builds a ConformResult shaped like the example chain's (12 rules, 5 organisation
paths, a few thousand variants) with numpy/pyarrow, then times
``build_record`` and the HTML/JSON renderers. Run from the repo root:

    PYTHONPATH=. python benchmarks/bench_audit_record.py --cases 100000
"""

from __future__ import annotations

import argparse
import hashlib
import time


def synthetic(cases: int, seed: int = 1):
    import numpy as np
    import pyarrow as pa

    from ketenmining.conform.result import ConformResult

    rng = np.random.default_rng(seed)
    ids = [hashlib.sha256(f"c{i}".encode()).hexdigest() for i in range(cases)]
    paths = np.array(["HA,VT,TT", "SCH,VT,TT", "POL,VT", "HA,VT,RvdK", "SCH,VT"])
    quarters = np.array([f"{2023 + q // 4}-Q{q % 4 + 1}" for q in range(8)])
    q_of_case = rng.integers(0, 8, cases)
    case_tbl = pa.table(
        {
            "case_id": ids,
            "episode": np.ones(cases, dtype="int64"),
            "variant_id": rng.zipf(1.6, cases).clip(max=3000).astype("int64"),
            "fitness": rng.uniform(0.8, 1.0, cases),
            "cost": rng.integers(0, 3, cases),
            "ended": rng.uniform(size=cases) > 0.1,
            "first": pa.array(
                np.full(cases, 1_700_000_000_000_000, dtype="int64"), pa.timestamp("us", tz="UTC")
            ),
            "last": pa.array(
                np.full(cases, 1_730_000_000_000_000, dtype="int64"), pa.timestamp("us", tz="UTC")
            ),
            "orgs": paths[rng.integers(0, 5, cases)],
            "events": rng.integers(6, 14, cases),
        }
    )
    rules = ["MELDING-OPGEPAKT", "VT-5WD", "VT-10W", "WARM-10WD", "SLUITENDE-KETEN", "RAAD-6W",
             "GEEN-DUBBELE-INTAKE", "GEEN-RONDPOMPEN", "MAX-3-OVERDRACHTEN",
             "VERANTWOORDELIJKE-ORGANISATIE", "MONITORING-3M", "GEEN-RECIDIVE-12M"]  # fmt: skip
    rates = [0.0, 0.15, 0.05, 0.12, 0.03, 0.18, 0.06, 0.04, 0.08, 0.06, 0.1, 0.02]
    cols = {
        k: []
        for k in ("case_id", "episode", "rule_id", "status", "quarter", "orgs", "seam", "detail")
    }
    idx = np.arange(cases)
    for rid, rate in zip(rules, rates, strict=True):
        u = rng.uniform(size=cases)
        status = np.where(u < rate, "violated", np.where(u < rate + 0.02, "pending", "satisfied"))
        cols["case_id"].append(pa.array(ids).take(pa.array(idx)))
        cols["episode"].append(pa.array(np.ones(cases, dtype="int64")))
        cols["rule_id"].append(pa.array([rid] * cases))
        cols["status"].append(pa.array(status))
        cols["quarter"].append(pa.array(quarters[q_of_case]))
        cols["orgs"].append(pa.array(["VT,TT"] * cases))
        cols["seam"].append(
            pa.array(["VT→TT" if "WARM" in rid or "SLUIT" in rid else None] * cases, pa.string())
        )
        cols["detail"].append(pa.array(["{}"] * cases))
    rules_tbl = pa.table({k: pa.chunked_array(v) for k, v in cols.items()})
    import pyarrow.compute as pc

    summary = (
        rules_tbl.group_by(["rule_id", "status"]).aggregate([("case_id", "count")]).to_pylist()
    )
    per: dict[str, dict[str, int]] = {}
    for r in summary:
        per.setdefault(r["rule_id"], {})[r["status"]] = r["case_id_count"]
    sum_rows = []
    for rid in rules:
        d = per[rid]
        s, v, p = d.get("satisfied", 0), d.get("violated", 0), d.get("pending", 0)
        sum_rows.append({"rule_id": rid, "applicable": s + v + p, "satisfied": s, "violated": v,
                         "pending": p, "compliance": s / (s + v), "norm": 0.9, "met": s / (s + v) >= 0.9})  # fmt: skip
    trend = rules_tbl.group_by(["rule_id", "quarter", "status"]).aggregate([("case_id", "count")])
    tr: dict[tuple[str, str], dict[str, int]] = {}
    for r in trend.to_pylist():
        tr.setdefault((r["rule_id"], r["quarter"]), {})[r["status"]] = r["case_id_count"]
    trend_rows = [
        {"rule_id": k[0], "quarter": k[1], "applicable": sum(d.values()), "violated": d.get("violated", 0),
         "compliance": d.get("satisfied", 0) / max(1, d.get("satisfied", 0) + d.get("violated", 0))}
        for k, d in tr.items()
    ]  # fmt: skip
    lost = idx[rng.uniform(size=cases) < 0.02]
    skipped = idx[rng.uniform(size=cases) < 0.08]
    dev = pa.table(
        {
            "case_id": pa.array(ids).take(pa.array(np.concatenate([lost, skipped]))),
            "episode": np.ones(len(lost) + len(skipped), dtype="int64"),
            "kind": ["lost_handover"] * len(lost) + ["skipped"] * len(skipped),
            "step": ["overdracht"] * len(lost) + ["monitoring"] * len(skipped),
            "org": ["VT"] * (len(lost) + len(skipped)),
            "seam": ["VT→RvdK"] * len(lost) + [None] * len(skipped),
        }
    )
    seams = pa.Table.from_pylist([
        {"from_org": "VT", "to_org": "TT", "handovers": cases // 2, "picked_up": cases // 2, "lost": 0,
         "late": 10, "median_days": 5.0, "p90_days": 12.0, "ping_pong": 3, "duplicates": 4, "joint": 100},
    ])  # fmt: skip
    del pc
    return ConformResult(case_tbl, dev, rules_tbl, pa.Table.from_pylist(sum_rows),
                         pa.Table.from_pylist(trend_rows), seams, {"overall": 0.97}, 3000,
                         "2024-12-31T23:00:00+00:00"), rules  # fmt: skip


def main() -> None:
    from ketenmining.audit.criteria import ProtocolInfo, RuleInfo
    from ketenmining.audit.record import build_record
    from ketenmining.report.audit import RENDERERS

    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=20_000)
    args = ap.parse_args()
    result, rules = synthetic(args.cases)
    sev = ["major", "major", "major", "major", "major", "minor", "minor", "minor", "observation",
           "minor", "minor", "observation"]  # fmt: skip
    protocol = ProtocolInfo(
        "bench", "1.0.0", "Bench", "bench.yaml", "0" * 64, "NL",
        tuple(RuleInfo(r, r, f"clause {r}", s, 0.9, "response") for r, s in zip(rules, sev, strict=True)),
    )  # fmt: skip
    print(f"cases {result.cases.num_rows:,}, rule judgements {result.rules.num_rows:,}")
    t0 = time.perf_counter()
    record = build_record(result, protocol)
    t1 = time.perf_counter()
    html = RENDERERS["html"](record, "nl")
    t2 = time.perf_counter()
    RENDERERS["json"](record, "nl")
    t3 = time.perf_counter()
    print(
        f"build_record {t1 - t0:.2f} s; html {t2 - t1:.2f} s ({len(html) // 1024} kB); json {t3 - t2:.2f} s"
    )
    print(f"findings {len(record['findings'])}, sample {len(record['sample']['rows'])}")


if __name__ == "__main__":
    main()
