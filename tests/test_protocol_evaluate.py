"""THE evaluator's semantics, one documented example per behaviour (see docs/protocol-semantics.md)."""

from __future__ import annotations

import datetime as dt
import pickle
from zoneinfo import ZoneInfo

import pytest

from ketenmining.protocol.evaluate import Evaluator
from ketenmining.protocol.load import read_protocol_text

AMS = ZoneInfo("Europe/Amsterdam")

PROTOCOL = """
protocol: semantiek
version: 1.0.0
case_closed_after: 3 months
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
  - {id: WD5, text: x, response: {from: melding, to: beoordeling, within: 5 werkdagen}}
  - {id: OPGEPAKT, text: x, response: {from: overdracht, to: intake}}
  - {id: MIN2W, text: x, response: {from: overdracht, to: intake, after: 2 weeks, within: 6 weeks}}
  - {id: H48, text: x, response: {from: melding, to: beoordeling, within: 48 hours}}
  - {id: M1, text: x, response: {from: melding, to: afsluiting, within: 1 month}}
  - {id: PREC, text: x, precedence: {from: melding, to: beoordeling}}
  - {id: CHAIN, text: x, chain_response: {from: melding, to: beoordeling}}
  - {id: NOT12M, text: x, not_succession: {from: afsluiting, to: melding, within: 12 months}}
  - {id: DUR, text: x, duration: {step: onderzoek, within: 10 weeks}}
  - {id: SPAN, text: x, duration: {from: melding, to: afsluiting, within: 8 weeks}}
  - {id: WARM, text: x, handover: {step: overdracht, pickup: intake, within: 10 werkdagen}}
  - {id: PICKUP-ANY, text: x, handover: {step: overdracht, within: 5 dagen}}
  - {id: DUP, text: x, no_duplicate: {step: intake, within: 3 months}}
  - {id: PINGPONG, text: x, no_ping_pong: {within: 6 months}}
  - {id: MAX2, text: x, max_handovers: {count: 2}}
  - {id: BY, text: x, by: {}}
  - {id: ATMOST1, text: x, at_most: {step: intake, count: 1}}
  - {id: EXIST, text: x, existence: onderzoek}
  - {id: INIT, text: x, init: melding_gedaan}
  - {id: END, text: x, end: afsluiting}
  - {id: COEX, text: x, co_existence: {from: overdracht, to: intake}}
"""


@pytest.fixture(scope="module")
def ev() -> Evaluator:
    result = read_protocol_text(PROTOCOL, "semantiek.yaml")
    assert result.errors == [], [f.message for f in result.errors]
    return Evaluator(result.protocol)


def t(day: str, hm: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=AMS).astimezone(dt.UTC)


def run(ev: Evaluator, events: list[tuple], data_end: dt.datetime | None = None) -> dict:
    steps = [e[0] for e in events]
    orgs = [e[1] for e in events]
    times = [t(*e[2]) if isinstance(e[2], tuple) else t(e[2]) for e in events]
    lcs = [e[3] if len(e) > 3 else "complete" for e in events]
    return {r.rule: r for r in ev.evaluate_case(steps, orgs, times, lcs, data_end)}


def test_working_days_exclude_the_day_of_a_and_weekends(ev: Evaluator) -> None:
    # Friday 1 March 2024 -> Friday 8 March: 4, 5, 6, 7, 8 March = 5 working days: on time
    ok = run(ev, [("melding", "VT", "2024-03-01"), ("beoordeling", "VT", "2024-03-08")])
    assert ok["WD5"].status == "satisfied"
    late = run(ev, [("melding", "VT", "2024-03-01"), ("beoordeling", "VT", "2024-03-11")])
    assert late["WD5"].status == "violated"
    assert late["WD5"].evidence["deadline"] == "2024-03-08"
    # a report on a Saturday starts counting on Monday: Sat 2 March -> Fri 8 March = 5
    assert (
        run(ev, [("melding", "VT", "2024-03-02"), ("beoordeling", "VT", "2024-03-08")])[
            "WD5"
        ].status
        == "satisfied"
    )


def test_pending_until_the_deadline_passes(ev: Evaluator) -> None:
    events = [("melding", "VT", "2024-03-01")]
    assert run(ev, events, data_end=t("2024-03-06"))["WD5"].status == "pending"
    assert run(ev, events, data_end=t("2024-03-12"))["WD5"].status == "violated"
    # no data end: the trace is complete, so the deadline has passed
    assert run(ev, events)["WD5"].status == "violated"


def test_requirement_without_deadline_waits_for_the_case_to_end(ev: Evaluator) -> None:
    events = [("overdracht", "VT", "2024-01-15")]
    # one month later the case is still running: pending
    assert run(ev, events, data_end=t("2024-02-15"))["OPGEPAKT"].status == "pending"
    # more than case_closed_after (3 months) of silence: the case has ended
    assert run(ev, events, data_end=t("2024-04-16"))["OPGEPAKT"].status == "violated"
    # ended because its last event is an end step of the route
    ended = [("overdracht", "VT", "2024-01-15"), ("afsluiting", "VT", "2024-01-16")]
    assert run(ev, ended, data_end=t("2024-01-20"))["OPGEPAKT"].status == "violated"


def test_not_applicable_when_never_activated(ev: Evaluator) -> None:
    res = run(ev, [("beoordeling", "VT", "2024-03-01")])
    assert res["WD5"].status == "not_applicable"
    assert res["WD5"].activations == 0


def test_after_and_within_together(ev: Evaluator) -> None:
    too_early = run(ev, [("overdracht", "VT", "2024-01-08"), ("intake", "TT", "2024-01-10")])
    assert too_early["MIN2W"].status == "violated"
    assert too_early["MIN2W"].evidence["earliest"] == "2024-01-22"
    # an early and a later intake: the later one fulfils it (it only has to exist)
    two = run(
        ev,
        [
            ("overdracht", "VT", "2024-01-08"),
            ("intake", "TT", "2024-01-10"),
            ("intake", "TT", "2024-02-01"),
        ],
    )
    assert two["MIN2W"].status == "satisfied"
    # an early intake, data ends within the window: a later intake may still come
    assert (
        run(
            ev,
            [("overdracht", "VT", "2024-01-08"), ("intake", "TT", "2024-01-10")],
            t("2024-01-30"),
        )["MIN2W"].status
        == "pending"
    )


def test_hours_are_exact_elapsed_time(ev: Evaluator) -> None:
    ok = run(
        ev,
        [
            ("melding", "VT", ("2024-03-01", "09:00")),
            ("beoordeling", "VT", ("2024-03-03", "09:00")),
        ],
    )
    assert ok["H48"].status == "satisfied"
    late = run(
        ev,
        [
            ("melding", "VT", ("2024-03-01", "09:00")),
            ("beoordeling", "VT", ("2024-03-03", "09:01")),
        ],
    )
    assert late["H48"].status == "violated"


def test_hours_across_the_dst_change(ev: Evaluator) -> None:
    # 30 March 12:00 CET -> 1 April 12:59 CEST is 47 h 59 min of real time (the clock jumped an hour)
    ok = run(
        ev,
        [
            ("melding", "VT", ("2024-03-30", "12:00")),
            ("beoordeling", "VT", ("2024-04-01", "12:59")),
        ],
    )
    assert ok["H48"].status == "satisfied"


def test_months_are_calendar_months_clamped(ev: Evaluator) -> None:
    # 31 January + 1 month = 29 February 2024
    ok = run(ev, [("melding", "VT", "2024-01-31"), ("afsluiting", "VT", "2024-02-29")])
    assert ok["M1"].status == "satisfied"
    late = run(ev, [("melding", "VT", "2024-01-31"), ("afsluiting", "VT", "2024-03-01")])
    assert late["M1"].status == "violated"


def test_precedence_and_chain_response(ev: Evaluator) -> None:
    res = run(ev, [("beoordeling", "VT", "2024-03-01"), ("melding", "VT", "2024-03-02")])
    assert res["PREC"].status == "violated"
    res = run(
        ev,
        [
            ("melding", "VT", "2024-03-01"),
            ("onderzoek", "VT", "2024-03-02"),
            ("beoordeling", "VT", "2024-03-03"),
        ],
    )
    assert res["PREC"].status == "satisfied"
    assert res["CHAIN"].status == "violated"
    assert res["CHAIN"].evidence["next"]["step"] == "onderzoek"


def test_not_succession_within_a_window(ev: Evaluator) -> None:
    within = run(ev, [("afsluiting", "VT", "2023-06-01"), ("melding", "VT", "2024-05-31")])
    assert within["NOT12M"].status == "violated"
    after = run(ev, [("afsluiting", "VT", "2023-06-01"), ("melding", "VT", "2024-06-02")])
    assert after["NOT12M"].status == "satisfied"


def test_duration_uses_start_and_complete(ev: Evaluator) -> None:
    res = run(
        ev,
        [("onderzoek", "VT", "2024-01-08", "start"), ("onderzoek", "VT", "2024-03-18", "complete")],
    )
    assert res["DUR"].status == "satisfied"  # exactly 10 weeks
    res = run(
        ev,
        [("onderzoek", "VT", "2024-01-08", "start"), ("onderzoek", "VT", "2024-03-19", "complete")],
    )
    assert res["DUR"].status == "violated"
    # no start events: first to last event of the step
    res = run(ev, [("onderzoek", "VT", "2024-01-08"), ("onderzoek", "VT", "2024-04-01")])
    assert res["DUR"].status == "violated"
    # started, not completed, deadline not passed at the data end: pending
    open_ = [("onderzoek", "VT", "2024-01-08", "start")]
    assert run(ev, open_, t("2024-02-01"))["DUR"].status == "pending"
    assert run(ev, open_, t("2024-04-01"))["DUR"].status == "violated"


def test_a_start_and_complete_count_as_one_instance(ev: Evaluator) -> None:
    res = run(
        ev,
        [("intake", "TT", "2024-01-10", "start"), ("intake", "TT", "2024-01-11", "complete")],
    )
    assert res["ATMOST1"].status == "satisfied"
    assert ev.instance_steps(["intake", "intake"], ["start", "complete"]) == ["intake"]


def test_span_duration(ev: Evaluator) -> None:
    res = run(ev, [("melding", "VT", "2024-01-01"), ("afsluiting", "VT", "2024-02-26")])
    assert res["SPAN"].status == "satisfied"
    res = run(ev, [("melding", "VT", "2024-01-01"), ("afsluiting", "VT", "2024-02-27")])
    assert res["SPAN"].status == "violated"


def test_handover_pickup_must_be_by_the_receiving_org(ev: Evaluator) -> None:
    by_vt = run(ev, [("overdracht", "VT", "2024-02-01"), ("intake", "VT", "2024-02-05")])
    assert by_vt["WARM"].status == "violated"
    assert by_vt["WARM"].evidence["to_org"] == "TT"
    by_tt = run(ev, [("overdracht", "VT", "2024-02-01"), ("intake", "TT", "2024-02-05")])
    assert by_tt["WARM"].status == "satisfied"
    # without a pickup step any event of the receiving organisation counts
    any_tt = run(ev, [("overdracht", "VT", "2024-02-01"), ("afsluiting", "TT", "2024-02-05")])
    assert any_tt["PICKUP-ANY"].status == "satisfied"


def test_no_duplicate_needs_different_organisations(ev: Evaluator) -> None:
    dup = run(ev, [("intake", "VT", "2024-01-10"), ("intake", "TT", "2024-01-24")])
    assert dup["DUP"].status == "violated"
    assert dup["BY"].status == "violated"  # VT does not do intakes
    same = run(ev, [("intake", "TT", "2024-01-10"), ("intake", "TT", "2024-01-24")])
    assert same["DUP"].status == "satisfied"
    far = run(ev, [("intake", "VT", "2024-01-10"), ("intake", "TT", "2024-05-24")])
    assert far["DUP"].status == "satisfied"


def test_ping_pong_and_max_handovers(ev: Evaluator) -> None:
    events = [
        ("melding_gedaan", "HA", "2024-01-02"),
        ("overdracht", "VT", "2024-01-10"),
        ("terug", "TT", "2024-02-01"),
        ("overdracht", "VT", "2024-02-20"),
    ]
    res = run(ev, events)
    assert res["PINGPONG"].status == "violated"
    assert res["PINGPONG"].violations == 2  # VT->TT->VT and TT->VT->TT
    assert res["PINGPONG"].activations == 4
    assert res["MAX2"].status == "violated"
    assert res["MAX2"].evidence["found"] == 4
    # a role's member handing over to VT and VT handing over to TT is not ping-pong
    assert run(ev, events[:2])["PINGPONG"].status == "satisfied"


def test_by_expands_roles_and_ignores_unknown_activities(ev: Evaluator) -> None:
    res = run(
        ev, [("melding_gedaan", "SCH", "2024-01-02"), ("overleg zorgteam", "SCH", "2024-01-03")]
    )
    assert res["BY"].status == "satisfied"
    assert res["BY"].activations == 1


def test_unary_templates(ev: Evaluator) -> None:
    events = [("melding_gedaan", "HA", "2024-01-02"), ("melding", "VT", "2024-01-03")]
    running = run(ev, events, data_end=t("2024-01-20"))
    assert running["EXIST"].status == "pending"
    assert running["END"].status == "pending"
    assert running["INIT"].status == "satisfied"
    done = run(ev, events)
    assert done["EXIST"].status == "violated"
    assert done["END"].status == "violated"
    assert run(ev, [("melding", "VT", "2024-01-03")])["INIT"].status == "violated"


def test_co_existence(ev: Evaluator) -> None:
    assert run(ev, [("overdracht", "VT", "2024-01-03")])["COEX"].status == "violated"
    assert (
        run(ev, [("intake", "TT", "2024-01-03"), ("overdracht", "VT", "2024-01-04")])["COEX"].status
        == "satisfied"
    )


def test_columns_api_matches_per_case_api(ev: Evaluator) -> None:
    cases = [
        [("melding", "VT", "2024-03-01"), ("beoordeling", "VT", "2024-03-11")],
        [
            ("overdracht", "VT", "2024-01-10"),
            ("intake", "VT", "2024-01-11"),
            ("afsluiting", "VT", "2024-01-12"),
        ],
        [],
    ]
    offsets, steps, orgs, times = [0], [], [], []
    for case in cases:
        for s, o, d in case:
            steps.append(s)
            orgs.append(o)
            times.append(t(d).timestamp())
        offsets.append(len(steps))
    got = list(ev.evaluate_columns(offsets, steps, orgs, times, None, t("2024-06-01")))
    want = [list(run(ev, c, t("2024-06-01")).values()) for c in cases]
    assert got == want
    assert all(
        r.status == "not_applicable" for r in got[2] if r.rule not in ("MAX2", "EXIST", "ATMOST1")
    )


def test_evaluator_pickles_for_worker_processes(ev: Evaluator) -> None:
    clone = pickle.loads(pickle.dumps(ev))
    events = [("melding", "VT", "2024-03-01"), ("beoordeling", "VT", "2024-03-11")]
    assert run(clone, events) == run(ev, events)


def test_naive_timestamps_are_refused(ev: Evaluator) -> None:
    with pytest.raises(ValueError):
        ev.evaluate_case(["melding"], ["VT"], [dt.datetime(2024, 1, 1)])


def test_handover_is_picked_up_when_the_receiver_starts(ev: Evaluator) -> None:
    started_in_time = [
        ("overdracht", "VT", "2024-02-01"),
        ("intake", "TT", "2024-02-05", "start"),
        ("intake", "TT", "2024-03-20", "complete"),
    ]
    assert run(ev, started_in_time)["WARM"].status == "satisfied"
    started_late = [
        ("overdracht", "VT", "2024-02-01"),
        ("intake", "TT", "2024-02-26", "start"),
        ("intake", "TT", "2024-02-27", "complete"),
    ]
    res = run(ev, started_late)["WARM"]
    assert res.status == "violated"
    assert res.evidence["deadline"] == "2024-02-15"
