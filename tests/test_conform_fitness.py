"""Fitness of ``conform --model`` equals pm4py's alignment fitness on public logs.

pm4py reads each log and computes its own ``fitness_alignments`` (and, for
the small logs, its per-case diagnostics); ketenmining reads the same events
as a chain log and must give the same numbers, bit for bit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import PUBLIC_LOGS


def _pm4py():
    from ketenmining._pm4py import pm4py_quiet

    return pm4py_quiet()


def chain_log_from_frame(frame, path: Path) -> Path:
    """Write a pm4py dataframe (case, activity, timestamp columns) as a chain log."""
    import pandas as pd
    import pyarrow as pa

    from ketenmining.chainlog import arrow_schema, write_chain_log

    n = len(frame)
    timestamps = pd.to_datetime(frame["time:timestamp"], utc=True)
    table = pa.table(
        {
            "case_id": frame["case:concept:name"].astype(str).tolist(),
            "episode": pa.array([1] * n, pa.int32()),
            "org": (
                frame["org:resource"].astype(str).tolist() if "org:resource" in frame else ["X"] * n
            ),
            "activity": frame["concept:name"].astype(str).tolist(),
            "activity_raw": frame["concept:name"].astype(str).tolist(),
            "timestamp": pa.array(timestamps, pa.timestamp("us", tz="UTC")),
            "lifecycle": ["complete"] * n,
            "source": ["test"] * n,
            "source_row": pa.array(range(1, n + 1), pa.int64()),
        },
        schema=arrow_schema(),
    )
    return write_chain_log(table, path, {})


def _conform(chain: Path, model: Path, workers: int = 1):
    from ketenmining.conform.models import load_model
    from ketenmining.conform.route import conform_route
    from ketenmining.engine import connect
    from ketenmining.log import open_log
    from ketenmining.logspec import LogSpec

    con = connect()
    open_log(LogSpec(path=chain), con=con)
    return conform_route(con, load_model(model), workers=workers)


def _assert_same_fitness(ours, theirs: dict) -> None:
    assert ours.summary.average_trace_fitness == theirs["average_trace_fitness"]
    assert ours.summary.log_fitness == theirs["log_fitness"]
    assert ours.summary.percentage_of_fitting_traces == theirs["percentage_of_fitting_traces"]


def _read_broken_csv():
    import pandas as pd

    pm4py = _pm4py()
    frame = pd.read_csv(PUBLIC_LOGS / "running_example_broken.csv", sep=";")
    return pm4py.format_dataframe(
        frame,
        case_id="case:concept:name",
        activity_key="concept:name",
        timestamp_key="time:timestamp",
    )


@pytest.mark.parametrize(
    ("log", "model"),
    [
        pytest.param(log, model, marks=pytest.mark.public_logs(log, model))
        for log, model in [
            ("running-example.xes", "running-example.pnml"),
            ("running_example_broken.csv", "running-example.pnml"),
            ("running-example.xes", "running-example.bpmn"),
            ("running_example_broken.csv", "running-example.bpmn"),
        ]
    ],
)
def test_running_examples_equal_pm4py_per_case(tmp_path: Path, log: str, model: str) -> None:
    pm4py = _pm4py()
    frame = _read_broken_csv() if log.endswith(".csv") else pm4py.read_xes(str(PUBLIC_LOGS / log))
    if model.endswith(".bpmn"):
        net, im, fm = pm4py.convert_to_petri_net(pm4py.read_bpmn(str(PUBLIC_LOGS / model)))
    else:
        net, im, fm = pm4py.read_pnml(str(PUBLIC_LOGS / model))
    theirs = pm4py.fitness_alignments(frame, net, im, fm)
    diagnostics = pm4py.conformance_diagnostics_alignments(frame, net, im, fm)
    case_ids = sorted(frame["case:concept:name"].astype(str).unique())
    expected = dict(zip(case_ids, diagnostics, strict=True))  # pm4py keeps case-id order

    ours = _conform(chain_log_from_frame(frame, tmp_path / "log.parquet"), PUBLIC_LOGS / model)

    _assert_same_fitness(ours, theirs)
    cases = ours.cases.to_pylist()
    assert [c["case_id"] for c in cases] == case_ids
    for case in cases:
        assert case["fitness"] == expected[case["case_id"]]["fitness"], case["case_id"]
        assert case["cost"] == expected[case["case_id"]]["cost"] // 10000, case["case_id"]


@pytest.mark.public_logs("running_example_broken.csv", "running-example.pnml")
def test_broken_example_has_deviations_where_pm4py_has_unfit_cases(tmp_path: Path) -> None:
    pm4py = _pm4py()
    frame = _read_broken_csv()
    net, im, fm = pm4py.read_pnml(str(PUBLIC_LOGS / "running-example.pnml"))
    diagnostics = pm4py.conformance_diagnostics_alignments(frame, net, im, fm)
    case_ids = sorted(frame["case:concept:name"].astype(str).unique())
    unfit = {c for c, d in zip(case_ids, diagnostics, strict=True) if d["fitness"] < 1.0}
    ours = _conform(
        chain_log_from_frame(frame, tmp_path / "log.parquet"), PUBLIC_LOGS / "running-example.pnml"
    )
    with_deviations = set(ours.deviations.column("case_id").to_pylist())
    assert unfit and with_deviations == unfit
    # every deviation row belongs to its case's count
    counts = {c["case_id"]: c["n_deviations"] for c in ours.cases.to_pylist()}
    for case_id in with_deviations:
        rows = [r for r in ours.deviations.to_pylist() if r["case_id"] == case_id]
        assert len(rows) == counts[case_id]
        # deviations about an event carry that event's organisation and time
        for row in rows:
            assert (
                (row["position"] >= 0) == (row["timestamp"] is not None) == (row["org"] is not None)
            )


@pytest.mark.slow
@pytest.mark.public_logs("receipt.xes", "receipt_imf_prom.pnml")
def test_receipt_fitness_equals_pm4py_fitness_alignments(tmp_path: Path) -> None:
    """Receipt against the ProM model: pm4py's own fitness_alignments on a subset.

    pm4py needs ~25-70 s for the whole log on a shared 2-core machine, so the
    suite compares a deterministic subset: every 5th case id, plus the cases
    with an activity the model does not know (about 290 cases, 46 variants);
    ``benchmarks/bench_conform_model.py`` compares the full log.
    """
    pm4py = _pm4py()
    frame = pm4py.read_xes(str(PUBLIC_LOGS / "receipt.xes"))
    net, im, fm = pm4py.read_pnml(str(PUBLIC_LOGS / "receipt_imf_prom.pnml"))
    unknown = set(frame["concept:name"]) - {t.label for t in net.transitions}
    assert unknown, "receipt has activities the ProM model does not know"
    keep = set(sorted(frame["case:concept:name"].unique())[::5])
    keep |= set(frame.loc[frame["concept:name"].isin(unknown), "case:concept:name"])
    frame = frame[frame["case:concept:name"].isin(keep)]
    theirs = pm4py.fitness_alignments(frame, net, im, fm)

    chain = chain_log_from_frame(frame, tmp_path / "receipt.parquet")
    ours = _conform(chain, PUBLIC_LOGS / "receipt_imf_prom.pnml", workers=2)

    _assert_same_fitness(ours, theirs)
    assert ours.summary.cases == len(keep)
    assert ours.summary.variants == len(pm4py.get_variants(frame))
    # the model does not know two of the log's activities: they must show as such
    rows = ours.deviations.select(["kind", "step"]).to_pylist()
    assert {r["step"] for r in rows if r["kind"] == "not_in_protocol"} == unknown
