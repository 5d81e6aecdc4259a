"""Property-based fuzzing of every parser (issue 13, item 1), bounded for ``make test``.

Each parser gets generated and mutated inputs (tests/fuzzing.py); the only
acceptable outcomes are a checked result or a KetenError with one line per
problem and its location. The examples are derandomised, so a run in CI tries
the same inputs as a run here; ``benchmarks/fuzz.py`` runs the same targets for
longer with random seeds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import fuzzing
import pytest
from hypothesis import HealthCheck, given, settings

#: examples per parser in make test (2,900 in all: about half a minute on the idle 2-core machine, 2–3 minutes under full load)
EXAMPLES = {
    "csv": 600,
    "xlsx": 150,
    "jsonl": 600,
    "xes": 500,
    "config": 600,
    "protocol": 250,
    "chainlog": 200,
}
SETTINGS = dict(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _fuzz(name: str) -> None:
    strategy, target = fuzzing.TARGETS[name]
    seen: dict[str, int] = {}

    @settings(max_examples=EXAMPLES[name], **SETTINGS)
    @given(strategy())
    def check(data: bytes) -> None:
        with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
            outcome = target(data, Path(folder))
        seen[outcome] = seen.get(outcome, 0) + 1

    check()
    print(name, seen)
    assert sum(seen.values()) >= EXAMPLES[name] // 2, seen
    assert seen.get(fuzzing.Outcome.REFUSED), f"{name}: no input was refused: {seen}"
    assert seen.get(fuzzing.Outcome.OK), f"{name}: no input was accepted: {seen}"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_parser_gives_a_result_or_one_line(name: str) -> None:
    _fuzz(name)
