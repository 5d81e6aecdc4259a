"""Benchmark THE evaluator: all rules of the example protocol on N synthetic cases (one core).

Cases are random walks through the route automaton (≈10 events each) with
timestamps spread over 2023-2024, deviations at audit-like rates (about 8 %
of steps late, 5 % of intakes by VT, investigations of 3–11 weeks with
start/complete pairs), handed to
``Evaluator.evaluate_columns`` as flat columns with case offsets, the way the
conformance stage will. Target: 100,000 cases in ≤ 10 s on one core.

    python benchmarks/bench_evaluator.py [--cases 100000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_columns(
    n_cases: int, seed: int
) -> tuple[list[int], list[str], list[str], list[float], list[str]]:
    from ketenmining.protocol import load_protocol
    from ketenmining.protocol.route import build_automaton

    proto = load_protocol(ROOT / "configs" / "protocols" / "meldcode-keten.yaml")
    auto = build_automaton(proto.route)
    rng = random.Random(seed)
    start = 1672560000.0  # 2023-01-01 08:00 UTC
    offsets, steps, orgs, times, lcs = [0], [], [], [], []
    for _ in range(n_cases):
        q, t = 0, start + rng.random() * 650 * 86400
        while True:
            moves = auto.trans[q]
            if not moves or (q in auto.finals and rng.random() < 0.5):
                break
            step, q = rng.choice(moves)
            late = rng.random() < 0.08  # about 8 % of steps are late: the audit's usual picture
            t += (rng.choice((10, 15, 30)) if late else rng.choice((0.1, 1, 1, 2, 3))) * 86400
            if step == "monitoring":
                t += 75 * 86400
            org = proto.default_org(step) or "VT"
            if step == "intake" and rng.random() < 0.05:
                org = "VT"
            if step in ("onderzoek", "raadsonderzoek"):
                steps += [step, step]
                orgs += [org, org]
                times += [t, t + rng.choice((20, 35, 50, 60, 80)) * 86400]
                lcs += ["start", "complete"]
                t = times[-1]
                continue
            steps.append(step)
            orgs.append(org)
            times.append(t)
            lcs.append("complete")
        offsets.append(len(steps))
    return offsets, steps, orgs, times, lcs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from ketenmining.protocol import load_protocol
    from ketenmining.protocol.evaluate import Evaluator

    t0 = time.perf_counter()
    offsets, steps, orgs, times, lcs = make_columns(args.cases, args.seed)
    t1 = time.perf_counter()
    proto = load_protocol(ROOT / "configs" / "protocols" / "meldcode-keten.yaml")
    ev = Evaluator(proto)
    ev.cal.ensure(
        __import__("datetime").date(2022, 1, 1), __import__("datetime").date(2026, 12, 31)
    )
    t2 = time.perf_counter()
    c2 = time.process_time()
    statuses: Counter[tuple[str, str]] = Counter()
    data_end = 1735689599.0  # 2024-12-31 23:59:59 UTC
    for results in ev.evaluate_columns(offsets, steps, orgs, times, lcs, data_end):
        for r in results:
            statuses[(r.rule, r.status)] += 1
    t3 = time.perf_counter()
    cpu = time.process_time() - c2
    n_events = len(steps)
    print(
        f"cases {args.cases:,}, events {n_events:,} ({n_events / args.cases:.1f} per case), rules {len(ev.checkers)}"
    )
    print(
        f"generate {t1 - t0:.2f} s; compile protocol {t2 - t1:.2f} s; evaluate {t3 - t2:.2f} s "
        f"({args.cases / (t3 - t2):,.0f} cases/s, {(t3 - t2) / args.cases * 1e6:.1f} µs per case); "
        f"evaluate CPU time {cpu:.2f} s (the figure for one dedicated core on a shared machine)"
    )
    for rid in ev.rule_ids:
        row = {
            s: statuses[(rid, s)] for s in ("satisfied", "violated", "pending", "not_applicable")
        }
        print(f"  {rid:32} " + "  ".join(f"{k} {v:>7,}" for k, v in row.items()))


if __name__ == "__main__":
    main()
