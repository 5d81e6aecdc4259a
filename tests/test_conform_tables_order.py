"""``ordered`` returns a table already in order as it is, and sorts one that is not."""

from __future__ import annotations

import pyarrow as pa

from ketenmining.conform.tables import _in_order, ordered


def _rules(case_ids, episodes, rule_ids):
    return pa.table(
        {
            "case_id": case_ids,
            "episode": episodes,
            "rule_id": rule_ids,
            "n": list(range(len(case_ids))),
        }
    )


def test_a_table_in_order_is_returned_unchanged():
    t = _rules(["a", "a", "a", "b"], [1, 1, 2, 1], ["R1", "R2", "R1", "R1"])
    assert _in_order(t, ["case_id", "episode", "rule_id"])
    assert ordered("rules", t) is t


def test_each_key_decides_only_on_ties_of_the_earlier_ones():
    later_key_wrong = _rules(["a", "a", "b"], [2, 1, 1], ["R1", "R1", "R1"])
    assert not _in_order(later_key_wrong, ["case_id", "episode", "rule_id"])
    earlier_key_decides = _rules(["a", "b", "b"], [9, 1, 2], ["R9", "R1", "R1"])
    assert _in_order(earlier_key_decides, ["case_id", "episode", "rule_id"])
    fixed = ordered("rules", later_key_wrong)
    assert fixed.column("episode").to_pylist() == [1, 2, 1]
    assert fixed.column("n").to_pylist() == [1, 0, 2]


def test_equal_keys_count_as_in_order_and_nulls_are_sorted():
    ties = _rules(["a", "a"], [1, 1], ["R1", "R1"])
    assert _in_order(ties, ["case_id", "episode", "rule_id"])
    with_null = _rules([None, "a"], [1, 1], ["R1", "R1"])
    assert not _in_order(with_null, ["case_id", "episode", "rule_id"])
    assert ordered("rules", with_null).column("case_id").to_pylist() == ["a", None]
