"""The rules compiled to SQL give what THE evaluator gives: verdict, times and evidence.

The evaluator (``protocol/evaluate.py``) is the reference ``protocol test``
runs; the audit judges with the SQL of ``conform/rules_sql.py``. They must
agree on every (case, rule): the status, which cases have ended, and the
evidence text of every violation (which names the activation, its time, the
deadline, the partner event). Checked on

* every case of the example chain (every rule of its protocol);
* the embedded test traces of the example protocol and of a protocol with
  every rule kind, each with its own data end;
* a few thousand random cases over a protocol with every rule kind and
  window unit, with starts and completes that pair or dangle, other
  lifecycles, organisations outside the protocol, missing organisations,
  equal timestamps, a data end inside the data (pending verdicts) and none.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from ketenmining.conform.rules import STATUS_CODES, start_rules
from ketenmining.conform.rules_sql import compiled, evaluate_sql
from ketenmining.engine import connect, register_events
from ketenmining.protocol import load_protocol
from ketenmining.protocol.evaluate import Evaluator
from ketenmining.protocol.load import read_protocol_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PROTOCOL = ROOT / "configs" / "protocols" / "meldcode-keten.yaml"

#: Every rule kind, every window unit, windows with both bounds.
ALL_KINDS = """
protocol: alle-soorten
version: 1.0.0
case_closed_after: 2 months
calendar: {country: NL, closed: [2024-05-10]}
organisations:
  VT: Veilig Thuis
  TT: Toegang
  MELDER: {name: Melder, members: [HA, SCH]}
steps:
  melding_gedaan: {label: Melding gedaan, by: MELDER, handover_to: VT}
  melding: {label: Melding, by: VT}
  beoordeling: {label: Beoordeling, by: VT}
  onderzoek: {label: Onderzoek, by: VT}
  overdracht: {label: Overdracht, by: VT, handover_to: TT}
  intake: {label: Intake, by: TT}
  terug: {label: Terugverwijzing, by: TT, handover_to: VT, in_route: false}
  afsluiting: {label: Afsluiting, by: [VT, TT]}
route:
  sequence: [melding_gedaan, melding, beoordeling, {optional: onderzoek},
             {choice: [afsluiting, {sequence: [overdracht, intake, afsluiting]}]}]
rules:
  - {id: WD5, text: x, response: {from: melding, to: beoordeling, within: 5 working days}}
  - {id: WD-AFTER, text: x, response: {from: melding, to: beoordeling, after: 1 working days, within: 8 working days}}
  - {id: OPGEPAKT, text: x, response: {from: overdracht, to: intake}}
  - {id: MIN2W, text: x, response: {from: overdracht, to: intake, after: 2 weeks, within: 6 weeks}}
  - {id: H48, text: x, response: {from: melding, to: beoordeling, within: 48 hours}}
  - {id: MIN90, text: x, response: {from: beoordeling, to: onderzoek, after: 90 minutes}}
  - {id: M1, text: x, response: {from: melding, to: afsluiting, within: 1 months}}
  - {id: D3, text: x, response: {from: intake, to: afsluiting, within: 3 days}}
  - {id: PREC, text: x, precedence: {from: melding, to: beoordeling}}
  - {id: SUCC, text: x, succession: {from: overdracht, to: intake, within: 30 days}}
  - {id: CHAIN, text: x, chain_response: {from: melding, to: beoordeling}}
  - {id: NOT12M, text: x, not_succession: {from: afsluiting, to: melding, within: 12 months}}
  - {id: NOTSUCC, text: x, not_succession: {from: intake, to: overdracht}}
  - {id: DUR, text: x, duration: {step: onderzoek, within: 10 weeks}}
  - {id: DUR-AFTER, text: x, duration: {step: onderzoek, after: 1 weeks}}
  - {id: DUR-NOWIN, text: x, duration: {step: intake, within: 2 working days}}
  - {id: SPAN, text: x, duration: {from: melding, to: afsluiting, within: 8 weeks}}
  - {id: WARM, text: x, handover: {step: overdracht, pickup: intake, within: 10 working days}}
  - {id: PICKUP-ANY, text: x, handover: {step: overdracht, within: 5 days}}
  - {id: PICKUP-NOWIN, text: x, handover: {step: melding_gedaan, pickup: melding}}
  - {id: DUP, text: x, no_duplicate: {step: intake, within: 3 months}}
  - {id: DUP-SPAN, text: x, no_duplicate: {steps: [melding, beoordeling], within: 10 days}}
  - {id: DUP-NOWIN, text: x, no_duplicate: {step: afsluiting}}
  - {id: PINGPONG, text: x, no_ping_pong: {within: 6 months}}
  - {id: PINGPONG-NOWIN, text: x, no_ping_pong: {}}
  - {id: MAX2, text: x, max_handovers: {count: 2}}
  - {id: BY, text: x, by: {}}
  - {id: BY-SOME, text: x, by: {steps: [intake, melding]}}
  - {id: ATMOST1, text: x, at_most: {step: intake, count: 1}}
  - {id: ABSENT, text: x, absence: terug}
  - {id: EXACT2, text: x, exactly: {step: melding, count: 2}}
  - {id: EXIST, text: x, existence: onderzoek}
  - {id: EXIST2, text: x, existence: {step: intake, count: 2}}
  - {id: INIT, text: x, init: melding_gedaan}
  - {id: END, text: x, end: afsluiting}
  - {id: COEX, text: x, co_existence: {from: overdracht, to: intake}}
  - {id: NOCOEX, text: x, not_co_existence: {from: terug, to: afsluiting, within: 20 days}}
tests:
  - name: regulier
    trace: [melding_gedaan@2024-03-01, melding@2024-03-04, beoordeling@2024-03-06,
            overdracht@2024-03-12, intake@2024-03-19, afsluiting@2024-04-20]
    expect: conforms
  - name: lopend onderzoek
    trace: [melding@2024-03-28, onderzoek:start@2024-04-02]
    data_end: 2024-04-20
    expect: {pending: [DUR]}
  - name: onderzoek zonder start en dubbele starts
    trace: [onderzoek:start@2024-01-08, onderzoek:start@2024-01-09, onderzoek:complete@2024-03-25,
            onderzoek@2024-03-26]
    expect: {violates: [DUR]}
  - name: terugverwijzing
    trace: [overdracht@2024-01-10, intake@2024-01-15, terug@2024-02-01, overdracht@2024-02-20]
    data_end: 2024-03-01
    expect: {violates: [PINGPONG]}
"""


def _compare(con: Any, protocol: Any, data_end: dt.datetime | None) -> tuple[Any, Any]:
    """The reference (the evaluator, in this process) and the SQL run on the same events."""
    ref = start_rules(con, protocol, data_end, workers=1).result()
    got = evaluate_sql(con, protocol, data_end)
    assert got.rule_ids == ref.rule_ids
    assert got.cases.equals(ref.cases)
    assert got.ended.tolist() == ref.ended.tolist()
    n = len(ref.rule_ids)
    diff = np.flatnonzero(ref.status != got.status)
    assert diff.size == 0, [
        (
            ref.cases.column("case_id")[int(k) // n].as_py(),
            ref.rule_ids[k % n],
            int(ref.status[k]),
            int(got.status[k]),
        )
        for k in diff[:10]
    ]
    assert got.evidence.keys() == ref.evidence.keys()
    wrong = [k for k in ref.evidence if ref.evidence[k] != got.evidence[k]]
    assert not wrong, [(ref.rule_ids[k % n], ref.evidence[k], got.evidence[k]) for k in wrong[:3]]
    return ref, got


def _events_table(rows: list[tuple[str, str, str | None, dt.datetime, str | None]]) -> Any:
    return pa.table(
        {
            "case_id": [r[0] for r in rows],
            "episode": pa.array([1] * len(rows), pa.int32()),
            "activity": [r[1] for r in rows],
            "org": pa.array([r[2] for r in rows], pa.string()),
            "timestamp": pa.array([r[3] for r in rows], pa.timestamp("us", tz="UTC")),
            "lifecycle": pa.array([r[4] for r in rows], pa.string()),
            "source": ["s"] * len(rows),
            "source_row": pa.array(range(len(rows)), pa.int64()),
        }
    )


def _con(rows: list[Any]) -> Any:
    con = connect(threads=2)
    register_events(con, _events_table(rows))
    return con


def _all_kinds() -> Any:
    result = read_protocol_text(ALL_KINDS, "alle-soorten.yaml")
    assert result.errors == [], [f.message for f in result.errors]
    return result.protocol


def test_example_chain_every_case_and_rule(example_chain_log: Path) -> None:
    """Every case of the example chain, every rule of its protocol: same verdict and evidence."""
    from ketenmining.log import as_log
    from ketenmining.progress import SILENT
    from ketenmining.protocol.compile import resolve_route

    protocol = resolve_route(load_protocol(EXAMPLE_PROTOCOL))
    assert all(compiled(r) for r in protocol.rules)  # the audit needs no evaluator fallback
    opened = as_log(example_chain_log, None, SILENT).within_period()
    ref, _ = _compare(opened.con, protocol, opened.data_end(None))
    # the comparison covers what matters: violations with evidence, pending and n/a verdicts
    counts = np.bincount(ref.status, minlength=4)
    assert counts[STATUS_CODES["violated"]] > 100
    assert counts[STATUS_CODES["pending"]] > 10
    assert counts[STATUS_CODES["not_applicable"]] > 100
    assert len(ref.evidence) == counts[STATUS_CODES["violated"]]
    assert not ref.ended.all()


@pytest.mark.parametrize("which", ["example", "all-kinds"])
def test_protocol_test_traces(which: str) -> None:
    """The embedded tests of a protocol, each trace a case, judged per data end."""
    protocol = load_protocol(EXAMPLE_PROTOCOL) if which == "example" else _all_kinds()
    evaluator = Evaluator(protocol)
    by_end: dict[Any, list[Any]] = {}
    for test in protocol.tests:
        by_end.setdefault(test.data_end, []).append(test)
    assert len(by_end) >= 2  # with and without a data end
    for end, tests in by_end.items():
        rows = [
            (f"t{n:03d}", e.step, e.org or protocol.default_org(e.step), e.timestamp, e.lifecycle)
            for n, test in enumerate(tests)
            for e in test.events
        ]
        _, got = _compare(_con(rows), protocol, end)
        # and the run equals protocol test's own call, case by case
        n_rules = len(protocol.rules)
        for n, test in enumerate(tests):
            results = evaluator.evaluate_events(list(test.events), end)
            want = [STATUS_CODES[r.status] for r in results]
            assert got.status[n * n_rules : (n + 1) * n_rules].tolist() == want, test.name


def _random_rows(seed: int, cases: int) -> list[Any]:
    rng = random.Random(seed)
    steps = [
        "melding_gedaan",
        "melding",
        "beoordeling",
        "onderzoek",
        "overdracht",
        "intake",
        "terug",
        "afsluiting",
        "not_a_step",
    ]
    orgs = ["VT", "TT", "HA", "SCH", "RvdK", None]
    lifecycles = ["complete"] * 6 + ["start"] * 3 + ["schedule", None, ""]
    rows = []
    for c in range(cases):
        t = dt.datetime(2023, 1, 1, 7, tzinfo=dt.UTC) + dt.timedelta(days=rng.random() * 600)
        for _ in range(rng.randint(1, 14)):
            step = rng.choice(steps)
            gap = rng.choice([0, 0, 0.01, 0.06, 0.5, 1, 2, 3, 5, 8, 13, 20, 40, 70, 100, 400])
            t += dt.timedelta(days=gap * rng.random() if rng.random() < 0.5 else gap)
            rows.append((f"c{c:05d}", step, rng.choice(orgs), t, rng.choice(lifecycles)))
    return rows


@pytest.mark.parametrize(
    "data_end", [None, dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)], ids=["complete", "data-end"]
)
def test_random_cases_every_kind(data_end: dt.datetime | None) -> None:
    """Random cases over every rule kind and window unit: the same verdicts and evidence."""
    protocol = _all_kinds()
    assert {r.id for r in protocol.rules if not compiled(r)} == {
        "PREC",
        "SUCC",
        "CHAIN",
        "SPAN",
        "COEX",
        "NOCOEX",
    }  # these run in the evaluator (the fallback), the rest in SQL
    ref, _ = _compare(_con(_random_rows(13, 3000)), protocol, data_end)
    n = len(ref.rule_ids)
    per_rule = ref.status.reshape(-1, n)
    for r, rule_id in enumerate(ref.rule_ids):
        seen = set(per_rule[:, r].tolist())
        # every rule is seen violated, and judged otherwise too
        assert STATUS_CODES["violated"] in seen and len(seen) >= 2, (rule_id, seen)
    if data_end is not None:
        assert (ref.status == STATUS_CODES["pending"]).sum() > 100


@pytest.mark.parametrize("data_end", [None, dt.datetime(2024, 1, 5, 9, tzinfo=dt.UTC)])
def test_edge_logs(data_end: dt.datetime | None) -> None:
    """No protocol step at all, one lone start, starts without an organisation, other lifecycles."""
    protocol = _all_kinds()
    t = dt.datetime(2024, 1, 2, 9, tzinfo=dt.UTC)
    nothing = [("a", "not_a_step", "VT", t, None)]
    ref, got = _compare(_con(nothing), protocol, data_end)
    assert got.cases.num_rows == 0 and got.status.size == 0
    lone = [("a", "melding", "VT", t, "start")]
    ref, got = _compare(_con(lone), protocol, data_end)
    assert STATUS_CODES["violated"] in got.status.tolist()
    odd = [
        ("a", "onderzoek", None, t, "start"),
        ("a", "onderzoek", None, t, "complete"),
        ("b", "terug", "TT", t, "suspend"),
    ]
    ref, got = _compare(_con(odd), protocol, data_end)
    assert got.cases.num_rows == 2 and len(got.evidence) == len(ref.evidence) > 0
