"""The file-review sample: size formula, allocation, determinism, order independence, strata."""

from __future__ import annotations

import io

import pytest

from ketenmining.audit.classify import classify
from ketenmining.audit.sampling import allocate, draw_sample, sample_size
from ketenmining.audit.settings import AuditSettings
from ketenmining.report.audit_common import SAMPLE_COLUMNS, sample_csv

from .synth import example_protocol, quality_record, synth_result


@pytest.mark.parametrize(
    ("confidence", "precision", "rate", "population", "n0", "n"),
    [
        # 1.959964² · 0.25 / 0.01 = 96.04 → 97 without correction
        (0.95, 0.10, 0.5, 10**9, 96.04, 97),
        # 96.04 / (1 + 95.04 / 200) = 65.10 → 66
        (0.95, 0.10, 0.5, 200, 96.04, 66),
        # 2.575829² · 0.25 / 0.0025 = 663.49 → 664
        (0.99, 0.05, 0.5, 10**9, 663.49, 664),
        # 1.644854² · 0.16 / 0.01 = 43.29; 43.29 / (1 + 42.29 / 1000) = 41.53 → 42
        (0.90, 0.10, 0.2, 1000, 43.29, 42),
    ],
)
def test_sample_size_against_hand_computed_values(confidence, precision, rate, population, n0, n):
    size = sample_size(population, confidence, precision, rate)
    assert size.n0 == pytest.approx(n0, abs=0.01)
    assert size.n == n


def test_sample_size_never_exceeds_the_population():
    assert sample_size(5).n == 5
    assert sample_size(0).n == 0


def test_allocation_is_proportional_with_a_minimum_and_never_above_a_stratum():
    alloc = allocate({"a": 600, "b": 300, "c": 100, "d": 1}, 50, 2)
    assert alloc["d"] == 1  # the whole small stratum
    assert sum(alloc.values()) == 50
    assert alloc["a"] > alloc["b"] > alloc["c"] >= 2
    assert abs(alloc["a"] / alloc["b"] - 2) < 0.3
    many = allocate({f"s{i}": 3 for i in range(30)}, 20, 2)
    assert all(v == 2 for v in many.values())  # minimums win over n: every stratum present
    assert allocate({"a": 4}, 10, 2) == {"a": 4}


def _sample(result, settings=None, quality=None):
    settings = settings or AuditSettings()
    findings, _ = classify(result, example_protocol(), settings, quality)
    rows, method = draw_sample(result.cases, findings, settings)
    return rows, method, findings


def test_the_sample_is_reproducible_and_independent_of_row_order():
    result = synth_result()
    rows, _method, _ = _sample(result)
    again, _, _ = _sample(synth_result())
    assert rows == again
    shuffled = synth_result()
    for name in ("cases", "rules", "deviations"):
        table = getattr(shuffled, name)
        n = table.num_rows
        order = [
            (i * 7919) % n for i in range(n)
        ]  # a permutation (7919 is prime, n is not a multiple)
        assert len(set(order)) == n
        setattr(shuffled, name, table.take(order))
    rows_shuffled, _, _ = _sample(shuffled)
    assert rows_shuffled == rows
    other_seed, _, _ = _sample(result, AuditSettings(seed=12345))
    assert [r["case_id"] for r in other_seed] != [r["case_id"] for r in rows]


def test_the_selection_is_targeted_and_sized_per_major():
    result = synth_result()
    rows, method, findings = _sample(result)
    assert method["kind"] == "targeted"
    assert method["population"] == result.cases.num_rows
    assert method["total"] == len(rows)
    assert sum(s["sample"] for s in method["strata"]) == len(rows)
    assert method["expected_rate_source"] == "setting"
    for m in method["majors"]:
        f = next(f for f in findings if f.id == m["finding"])
        assert f.cls == "major"
        assert m["n"] == sample_size(m["population"], 0.95, 0.10, 0.5).n
        assert "n0 = z^2" in m["formula"]
        assert sum(r["finding"] == f.id and r["reason"] == "major" for r in rows) == m["n"]


def test_observed_rate_can_replace_the_default():
    result = synth_result()
    _, method, findings = _sample(result, AuditSettings(expected_rate=None))
    nc = {k for f in findings if f.cls in ("major", "minor") for k in f.case_keys}
    assert method["expected_rate_source"] == "observed"
    assert method["expected_rate"] == pytest.approx(len(nc) / result.cases.num_rows)


def test_every_stratum_is_present_and_every_finding_with_cases_is_sampled():
    result = synth_result()
    rows, method, findings = _sample(result, quality=quality_record())
    strata = {s["stratum"] for s in method["strata"]}
    assert strata == {r["stratum"] for r in rows}
    assert all(s["sample"] >= min(2, s["population"]) for s in method["strata"])
    sampled = {r["finding"] for r in rows}
    for f in findings:
        if f.case_keys:
            assert f.id in sampled, f.id
    assert any(r["reason"] == "control" for r in rows)
    controls = {r["orgs"] for r in rows if r["reason"] == "control"}
    assert controls == {"HA,VT,TT", "SCH,VT,TT", "POL,VT", "HA,VT,RvdK", "SCH,VT"}
    variants = {r["variant_id"] for r in rows if r["stratum"] == rows[0]["stratum"]}
    assert len(variants) > 1  # spread over variants within a stratum


def test_each_sampled_case_belongs_to_its_stratum_and_appears_once():
    result = synth_result()
    rows, _, findings = _sample(result)
    by_id = {f.id: f for f in findings}
    keys = [(r["case_id"], r["episode"]) for r in rows]
    assert len(keys) == len(set(keys))
    for r in rows:
        if r["finding"]:
            assert (r["case_id"], r["episode"]) in by_id[r["finding"]].case_keys
    assert [r["nr"] for r in rows] == list(range(1, len(rows) + 1))


def test_sample_csv_is_a_list_lookup_can_read():
    import pyarrow.csv as pacsv

    from ketenmining.audit.record import build_record

    record = build_record(synth_result(), example_protocol())
    text = sample_csv(record, "nl")
    table = pacsv.read_csv(io.BytesIO(text.encode("utf-8")))
    assert tuple(table.column_names) == SAMPLE_COLUMNS
    ids = set(synth_result().cases.column("case_id").to_pylist())
    assert set(table.column("case_id").to_pylist()) <= ids
    assert table.num_rows == len(record["sample"]["rows"])
    assert "controle" in text and "Tekortkoming (major)" in text
