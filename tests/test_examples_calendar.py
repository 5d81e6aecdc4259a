"""Building blocks of the example generator: working-day calendar, synthetic ids, the scenario."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ketenmining.examples.calendar import WorkCalendar, date_of, day_of
from ketenmining.examples.identities import check_digit, dossier, invalid_bsn, mistype, new_bsns
from ketenmining.examples.scenario import LABELS, RULE_ORDER, draw_labels, draw_plan, expected_rules
from ketenmining.privacy.pseudonym import elfproef, normalise_bsn


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar(dt.date(2023, 1, 1), dt.date(2026, 12, 31))


def d(text: str) -> int:
    return day_of(dt.date.fromisoformat(text))


def test_protocol_easter_examples(cal: WorkCalendar) -> None:
    # The protocol's own tests: 2024-03-28 -> 04-05 is on time, -> 04-09 is late (window 5).
    # Good Friday 03-29 and Easter Monday 04-01 are closed: 04-02..04-05 are 4 working days.
    assert cal.working_days_between(d("2024-03-28"), d("2024-04-05")) == 4
    assert cal.working_days_between(d("2024-03-28"), d("2024-04-09")) == 6
    assert cal.working_days_between(d("2024-02-01"), d("2024-02-19")) == 12


def test_closed_days(cal: WorkCalendar) -> None:
    for closed in (
        "2024-03-29",
        "2024-04-01",
        "2023-05-19",
        "2024-05-10",
        "2025-05-05",
        "2024-12-26",
    ):
        assert not cal.is_working(d(closed)), closed
    for open_day in ("2024-05-06", "2023-05-05", "2024-12-27"):
        assert cal.is_working(d(open_day)), open_day
    assert cal.is_working(d("2024-05-03")) and not cal.is_working(
        d("2024-05-04")
    )  # Friday, Saturday


def test_fifth_of_may_counts_but_is_never_scheduled(cal: WorkCalendar) -> None:
    assert cal.is_working(d("2023-05-05")) and not cal.is_schedulable(d("2023-05-05"))
    assert cal.on_or_after(d("2023-05-05")) == d("2023-05-08")
    assert cal.add_working_days(d("2023-05-04"), 1) == d("2023-05-08")  # one more, never on 5 May


def test_add_working_days_matches_the_count(cal: WorkCalendar) -> None:
    rng = random.Random(1)
    for _ in range(500):
        start = cal.on_or_after(d("2023-01-02") + rng.randrange(900))
        n = rng.randrange(0, 30)
        end = cal.add_working_days(start, n)
        assert cal.is_schedulable(end)
        before = (
            max(x for x in range(start, end + 1) if x < end and cal.is_working(x)) if n else start
        )
        fifth = date_of(before).month == 5 and date_of(before).day == 5
        skipped_fifth_of_may = n > 0 and fifth and cal.working_days_between(start, before) == n
        assert cal.working_days_between(start, end) == n + (1 if skipped_fifth_of_may else 0)


def test_bsns_are_valid_unique_and_sometimes_start_with_zero() -> None:
    bsns = new_bsns(random.Random(3), 5000)
    texts = [f"{b:09d}" for b in bsns]
    assert len(set(texts)) == 5000
    assert all(normalise_bsn(t) == t for t in texts)
    assert sum(t.startswith("0") for t in texts) > 200
    assert all(
        normalise_bsn(str(int(t))) == t for t in texts[:500]
    )  # a lost leading zero is padded back


def test_mistyped_and_invalid_bsns_always_fail() -> None:
    rng = random.Random(4)
    for b in new_bsns(rng, 3000):
        bad = mistype(f"{b:09d}", rng.randrange(100))
        assert len(bad) == 9 and not elfproef(bad) and normalise_bsn(bad) is None
    for _ in range(3000):
        assert normalise_bsn(invalid_bsn(rng)) is None
    assert check_digit(0) is None


def test_dossier_numbers_are_unique_per_organisation() -> None:
    for org in ("HA", "SCH", "POL", "VT", "TT", "RvdK"):
        numbers = {dossier(org, i) for i in range(20000)}
        assert len(numbers) == 20000, org


def test_labels_and_plans() -> None:
    rng = random.Random(5)
    drawn = [draw_labels(rng) for _ in range(20000)]
    share = sum(1 for x in drawn if x) / len(drawn)
    assert abs(share - sum(label.rate for label in LABELS)) < 0.02
    for labels in drawn:
        plan = draw_plan(rng, labels)
        if "late_raad" in labels:
            assert plan.branch == "raad"
        if {"ping_pong", "lost_handover", "late_pickup", "duplicate_intake"} & set(labels):
            assert plan.branch == "toegang"
        if "late_investigation" in labels:
            assert plan.onderzoek
        if plan.pilot:
            assert plan.branch == "toegang"
    assert expected_rules(("ping_pong", "late_assessment")) == (
        "VT-5WD",
        "GEEN-RONDPOMPEN",
        "MAX-3-OVERDRACHTEN",
        "MONITORING-3M",
    )


def test_every_rule_of_the_protocol_is_known_and_every_label_rule_exists() -> None:
    import yaml

    from ketenmining.examples.bundle import bundled_dir

    protocol = yaml.safe_load(
        (bundled_dir().parents[1] / "configs/protocols/meldcode-keten.yaml").read_text()
    )
    ids = [r["id"] for r in protocol["rules"]]
    assert tuple(ids) == RULE_ORDER
    for label in LABELS:
        assert set(label.rules) <= set(ids)
