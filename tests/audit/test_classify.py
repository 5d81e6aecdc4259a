"""The classification rule: every branch, escalation by gap and by accumulation, OFIs, other findings."""

from __future__ import annotations

import pytest

from ketenmining.audit.classify import classify
from ketenmining.audit.criteria import RuleInfo
from ketenmining.audit.settings import AuditSettings

from .synth import QUARTERS, RulePlan, Synth, even, example_protocol, quality_record, synth_result


def run(rules, plan, settings=None, quality=None, **synth):
    """Classify a synthetic result with only the given rules; return {key: finding}."""
    s = Synth(plan=plan, lost=synth.pop("lost", {}), route=synth.pop("route", {}), **synth)
    result = synth_result(s, rules=tuple(rules))
    findings, _ = classify(result, example_protocol(tuple(rules)), settings, quality)
    return {f.key: f for f in findings}, findings


def rule(rid, severity="minor", norm=0.9, clause=None, kind="response"):
    return RuleInfo(rid, f"tekst van {rid}", clause or f"artikel {rid}", severity, norm, kind)


def test_major_rule_not_met_is_a_major_nonconformity():
    # 8 of 50 violated per quarter: 84% against a norm of 90%
    by_key, _ = run([rule("R", "major", 0.9)], {"R": RulePlan(even(42, 8))})
    f = by_key["R"]
    assert f.cls == "major"
    assert f.basis == ["not_met"]
    assert f.rules[0]["compliance"] == pytest.approx(0.84)
    assert f.rules[0]["gap"] == pytest.approx(0.06)
    assert f.cases == 64


def test_minor_rule_not_met_by_a_small_gap_stays_minor():
    by_key, _ = run([rule("R", "minor", 0.9)], {"R": RulePlan(even(42, 8))})
    assert by_key["R"].cls == "minor"
    assert "escalated_gap" not in by_key["R"].basis


def test_minor_rule_missed_by_the_escalation_gap_or_more_is_major():
    # 35/50 = 70% against 90%: gap 0.20 exactly, which escalates (>=)
    by_key, _ = run([rule("R", "minor", 0.9)], {"R": RulePlan(even(35, 15))})
    assert by_key["R"].cls == "major"
    assert by_key["R"].basis == ["not_met", "escalated_gap"]
    nl = by_key["R"].statement["nl"]["conclusion"]
    assert "opgeschaald naar major" in nl


def test_escalation_gap_is_a_setting():
    settings = AuditSettings(escalate_gap=0.5)
    by_key, _ = run([rule("R", "minor", 0.9)], {"R": RulePlan(even(35, 15))}, settings)
    assert by_key["R"].cls == "minor"


def test_observation_rule_not_met_is_an_observation():
    by_key, _ = run([rule("R", "observation", 0.95)], {"R": RulePlan(even(45, 5))})
    assert by_key["R"].cls == "observation"
    assert "observatie" in by_key["R"].statement["nl"]["conclusion"]


def test_met_rule_without_violations_gives_no_finding():
    _by_key, findings = run([rule("R", "major", 0.9)], {"R": RulePlan(even(50, 0))})
    assert findings == []


def test_met_rule_close_to_the_norm_with_violations_is_an_improvement_point():
    # 41/50 = 82% against 80%: less than 5 points above the norm
    by_key, _ = run([rule("R", "minor", 0.8)], {"R": RulePlan(even(41, 9))})
    assert by_key["R"].cls == "ofi"
    assert by_key["R"].basis == ["margin"]


def test_met_rule_comfortably_above_the_norm_and_stable_gives_no_finding():
    _by_key, findings = run([rule("R", "minor", 0.8)], {"R": RulePlan(even(46, 4))})  # 92%
    assert findings == []


def test_margin_is_a_setting():
    settings = AuditSettings(margin=0.15)
    by_key, _ = run([rule("R", "minor", 0.8)], {"R": RulePlan(even(46, 4))}, settings)
    assert by_key["R"].cls == "ofi"


def test_worsening_trend_makes_a_met_rule_an_improvement_point():
    # 96% in the first quarter, 82% in the last; 89% overall against 80%
    counts = {q: (48 - 1 * i * 1, 2 + i, 0) for i, q in enumerate(QUARTERS)}
    by_key, _ = run([rule("R", "minor", 0.8)], {"R": RulePlan(counts)})
    f = by_key["R"]
    assert f.cls == "ofi"
    assert f.basis == ["trend"]
    assert f.values["trend_q1"] == "2023-Q1" and f.values["trend_q2"] == "2024-Q4"
    assert f.values["trend_drop"] == pytest.approx(0.96 - 0.82)
    assert "2023-K1" in f.statement["nl"]["conclusion"]


def test_small_drop_is_no_trend():
    counts = {q: (47 - (i > 3), 3 + (i > 3), 0) for i, q in enumerate(QUARTERS)}  # 94% → 92%
    _by_key, findings = run([rule("R", "minor", 0.8)], {"R": RulePlan(counts)})
    assert findings == []


def test_quarters_with_too_few_cases_do_not_make_a_trend():
    counts = {q: (48, 2, 0) for q in QUARTERS}
    counts[QUARTERS[-1]] = (3, 2, 0)  # 60% but only 5 cases
    by_key, findings = run([rule("R", "minor", 0.8)], {"R": RulePlan(counts)})
    assert findings == []
    settings = AuditSettings(trend_min_cases=5)
    by_key, _ = run([rule("R", "minor", 0.8)], {"R": RulePlan(counts)}, settings)
    assert by_key["R"].basis == ["trend"]


def test_three_minors_on_one_clause_add_up_to_one_major():
    rules = [rule(r, "minor", 0.95, clause="Samenwerkingsafspraken 2") for r in ("A", "B", "C")]
    rules.append(rule("D", "minor", 0.95, clause="Ander artikel"))
    plan = {r.id: RulePlan(even(46, 4)) for r in rules}  # 92% < 95%: each a minor
    by_key, findings = run(rules, plan)
    merged = by_key["clause:Samenwerkingsafspraken 2"]
    assert merged.cls == "major"
    assert merged.basis == ["not_met", "accumulated"]
    assert merged.rule_ids == ["A", "B", "C"]
    assert "A" not in by_key and "B" not in by_key  # absorbed, not counted twice
    assert by_key["D"].cls == "minor"
    assert "Vanaf 3 minor tekortkomingen" in merged.statement["nl"]["conclusion"]
    assert "add up to one major" in merged.statement["en"]["conclusion"]
    assert [f.cls for f in findings] == ["major", "minor"]


def test_two_minors_on_one_clause_stay_minor_unless_the_setting_says_two():
    rules = [rule(r, "minor", 0.95, clause="Art 2") for r in ("A", "B")]
    plan = {r.id: RulePlan(even(46, 4)) for r in rules}
    by_key, _ = run(rules, plan)
    assert {by_key["A"].cls, by_key["B"].cls} == {"minor"}
    by_key, _ = run(rules, plan, AuditSettings(minors_to_major=2))
    assert by_key["clause:Art 2"].cls == "major"


def test_a_rule_nothing_applied_to_gives_no_finding():
    _by_key, findings = run([rule("R", "major"), rule("S", "major")], {"R": RulePlan(even(50, 0))})
    assert findings == []


def test_lost_handovers_at_an_unguarded_seam_are_an_observation():
    rules = [rule("W", "major", 0.9, kind="handover")]
    plan = {"W": RulePlan(even(48, 2), "VT,TT", "VT→TT")}  # 96%: met, so nothing guards the seam
    by_key, _ = run(rules, plan, lost={"VT→TT": 3})
    f = by_key["lost_handover:VT→TT"]
    assert f.cls == "observation" and f.source == "seam"
    assert f.values["lost"] == 3
    assert "uit beeld" in f.statement["nl"]["conclusion"]


def test_lost_handovers_at_a_seam_with_a_nonconformity_are_not_repeated():
    rules = [rule("W", "major", 1.0, kind="response")]
    plan = {"W": RulePlan(even(48, 2), "VT,TT", "VT→TT")}  # 96% < 100%: major at VT→TT
    by_key, _ = run(rules, plan, lost={"VT→TT": 3})
    assert by_key["W"].cls == "major"
    assert "lost_handover:VT→TT" not in by_key


def test_deviations_no_rule_covers_are_observations():
    by_key, _ = run([rule("R", "major")], {"R": RulePlan(even(50, 0))}, wrong_org=4)
    f = by_key["wrong_org:VT:intake"]
    assert f.cls == "observation" and f.basis == ["uncovered"]
    assert f.cases == 4
    covered = [rule("R", "major"), rule("BY", "minor", 0.5, kind="by")]
    plan = {"R": RulePlan(even(50, 0)), "BY": RulePlan(even(50, 0))}
    by_key, _ = run(covered, plan, wrong_org=4)
    assert "wrong_org:VT:intake" not in by_key


def test_route_deviations_above_the_share_are_observations():
    plan = {"R": RulePlan(even(50, 0))}
    route = {("skipped", "monitoring"): 30, ("extra", "huisbezoek"): 5}  # of 480 cases
    by_key, _ = run([rule("R")], plan, route=route)
    assert by_key["skipped:monitoring"].cls == "observation"
    assert by_key["skipped:monitoring"].share == pytest.approx(30 / 480)
    assert "extra:huisbezoek" not in by_key  # 1% < 5%
    by_key, _ = run([rule("R")], plan, AuditSettings(route_share=0.01), route=route)
    assert "extra:huisbezoek" in by_key


def test_suspected_clock_skew_is_an_observation_about_data_quality():
    by_key, _ = run([rule("R")], {"R": RulePlan(even(50, 0))}, quality=quality_record())
    f = by_key["clock_skew:TT:VT"]
    assert f.cls == "observation" and f.source == "data"
    assert "60 minuten later" in f.statement["nl"]["evidence"]
    assert "datakwaliteit" in f.statement["nl"]["conclusion"]


def test_findings_are_numbered_worst_first_with_iso_statements_in_both_languages():
    result = synth_result()
    findings, _ = classify(result, example_protocol(), quality=quality_record())
    classes = [f.cls for f in findings]
    order = {"major": 0, "minor": 1, "observation": 2, "ofi": 3}
    assert classes == sorted(classes, key=order.get)
    assert [f.id for f in findings] == [f"F{i:02d}" for i in range(1, len(findings) + 1)]
    assert {"major", "minor", "observation", "ofi"} <= set(classes)
    for f in findings:
        for lang in ("nl", "en"):
            st = f.statement[lang]
            assert st["requirement"] and st["evidence"] and st["conclusion"], (f.key, lang)
            assert f.title[lang]
    by_rule = {f.key: f for f in findings}
    assert (
        by_rule["VT-5WD"]
        .statement["en"]["requirement"]
        .startswith("Handelingsprotocol Veilig Thuis 3.2 (VT-5WD): “Safety assessment")
    )
    assert "procentpunt onder de norm van 90%" in by_rule["VT-5WD"].statement["nl"]["conclusion"]


def test_cited_cases_are_violations_of_the_rule_and_reproducible():
    result = synth_result()
    findings, evidence = classify(result, example_protocol())
    again, _ = classify(result, example_protocol())
    f = next(f for f in findings if f.key == "VT-5WD")
    violated = evidence["VT-5WD"]["_violated"]
    assert len(f.sample) == 5
    assert all((s["case_id"], s["episode"]) in violated for s in f.sample)
    assert f.sample == next(g for g in again if g.key == "VT-5WD").sample
    other, _ = classify(result, example_protocol(), AuditSettings(seed=7))
    assert next(g for g in other if g.key == "VT-5WD").sample != f.sample
