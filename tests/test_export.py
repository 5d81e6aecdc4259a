"""Export to XES and OCEL 2.0: other tools (pm4py, our own reader) read back the same log."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import EXAMPLE, private_copy

from ketenmining.cli import main


@pytest.fixture(scope="module")
def chain_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("export")
    key = folder / "demo.key"
    private_copy(EXAMPLE / "demo.key", key)
    key.chmod(0o600)
    out = folder / "keten.parquet"
    done = CliRunner().invoke(
        main,
        [
            "stitch",
            "--internal",
            str(EXAMPLE / "keten.yaml"),
            "--key-file",
            str(key),
            "-o",
            str(out),
            "-q",
        ],
    )
    assert done.exit_code == 0, done.output
    return out


@pytest.mark.parametrize("name", ["keten.xes", "keten.xes.gz"])
def test_xes_reads_back_in_pm4py_with_the_same_traces(
    chain_log: Path, tmp_path: Path, runner, name: str
) -> None:
    from ketenmining._pm4py import pm4py_quiet

    out = tmp_path / name
    result = runner.invoke(main, ["export", str(chain_log), "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(chain_log)
    pm4py = pm4py_quiet()
    log = pm4py.read_xes(str(out), return_legacy_log_object=True)
    assert sum(len(t) for t in log) == table.num_rows
    pairs = {
        f"{c}#{e}"
        for c, e in zip(
            table.column("case_id").to_pylist(), table.column("episode").to_pylist(), strict=True
        )
    }
    assert {t.attributes["concept:name"] for t in log} == pairs
    # the trace of every case is its activities in the canonical order
    rows = table.select(["case_id", "episode", "activity"]).to_pylist()
    expected: dict[str, list[str]] = {}
    for r in rows:
        expected.setdefault(f"{r['case_id']}#{r['episode']}", []).append(r["activity"])
    assert {t.attributes["concept:name"]: [e["concept:name"] for e in t] for t in log} == expected
    assert {e["org:group"] for t in log for e in t} == set(table.column("org").to_pylist())


def test_ocel_reads_back_in_pm4py(chain_log: Path, tmp_path: Path, runner) -> None:
    from ketenmining._pm4py import pm4py_quiet

    out = tmp_path / "keten.jsonocel"
    result = runner.invoke(main, ["export", str(chain_log), "-o", str(out), "--orgs", "VT,TT"])
    assert result.exit_code == 0, result.output
    pm4py = pm4py_quiet()
    ocel = pm4py.read_ocel2_json(str(out))
    table = pq.read_table(chain_log)
    kept = sum(1 for org in table.column("org").to_pylist() if org in ("VT", "TT"))
    assert len(ocel.events) == kept
    types = ocel.objects["ocel:type"].value_counts().to_dict()
    assert types["organisation"] == 2
    assert types["client"] == len(
        {
            c
            for c, o in zip(
                table.column("case_id").to_pylist(), table.column("org").to_pylist(), strict=True
            )
            if o in ("VT", "TT")
        }
    )
    # every event relates to exactly one case, one client and one organisation
    per_event = ocel.relations.groupby("ocel:eid")["ocel:type"].value_counts().unstack(fill_value=0)
    assert (per_event[["case", "client", "organisation"]] == 1).all().all()


def test_unknown_export_name_is_refused(chain_log: Path, tmp_path: Path, runner) -> None:
    out = tmp_path / "keten.txt"
    result = runner.invoke(main, ["export", str(chain_log), "-o", str(out)])
    assert result.exit_code == 2 and "cannot tell the export format" in result.output
    assert not out.exists()
