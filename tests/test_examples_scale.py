"""The scale form of the example chain: chunks, determinism, exact ground truth, same statistics.

The scale form (``python -m ketenmining.examples --scale``) generates the chain
in chunks of children in worker processes and writes every export as CSV or
Parquet. Here it runs with small chunks so that a few thousand children make
several chunks: its output must not depend on the number of workers, its
ground truth must be exact (the independent audit of ``chain_oracle`` on the
raw exports), ``ketenmining stitch`` must read every event of it, and its
population must have the statistics of the small form.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import chain_oracle as oracle
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner
from test_examples_generator import _compare

from ketenmining.errors import KetenError
from ketenmining.examples.bundle import bundled_dir
from ketenmining.examples.generate import generate_chain
from ketenmining.examples.scale import SCALE_FILES, chunk_bsns, generate_scale
from ketenmining.examples.truth import read_truth
from ketenmining.privacy.pseudonym import elfproef, normalise_bsn

CHILDREN, CHUNK, SEED = 2_400, 500, 5  # five chunks, the last one smaller
DATA_END = dt.date(2024, 12, 31)


@pytest.fixture(scope="module")
def scale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "chain"
    generate_scale(out, children=CHILDREN, seed=SEED, chunk_children=CHUNK, workers=2)
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small") / "chain"
    generate_chain(out, children=CHILDREN, seed=SEED)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_output_does_not_depend_on_the_number_of_workers(scale: Path, tmp_path: Path) -> None:
    again = tmp_path / "one-worker"
    generate_scale(again, children=CHILDREN, seed=SEED, chunk_children=CHUNK, workers=1)
    first, second = _files(scale), _files(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_another_seed_gives_other_data(scale: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate_scale(other, children=CHILDREN, seed=SEED + 1, chunk_children=CHUNK, workers=1)
    for name in SCALE_FILES:
        assert (other / "data" / name).read_bytes() != (scale / "data" / name).read_bytes()


def test_every_export_is_csv_or_parquet_and_the_config_reads_them(scale: Path) -> None:
    config = yaml.safe_load((scale / "keten.yaml").read_text(encoding="utf-8"))
    formats = {s["id"]: s["format"] for s in config["sources"]}
    assert set(formats.values()) == {"csv", "parquet"}
    paths = sorted(s["path"] for s in config["sources"])
    assert paths == sorted(f"data/{name}" for name in SCALE_FILES)
    assert sorted(p.name for p in (scale / "data").iterdir()) == sorted(SCALE_FILES)
    summary = json.loads((scale / "truth.json").read_text(encoding="utf-8"))
    assert {s["id"]: s["path"] for s in config["sources"]} == {
        sid: entry["file"] for sid, entry in summary["sources"].items()
    }
    assert (scale / "meldcode-keten.yaml").is_file()
    assert config["protocol"] == "meldcode-keten.yaml"
    assert (scale / "demo.key").stat().st_mode & 0o077 == 0
    # one header line, at the top: the chunks are appended without theirs
    text = (scale / "data" / "huisartsen.csv").read_text(encoding="utf-8-sig")
    assert text.count("Patientnummer") == 1 and text.startswith('"Patientnummer"')


def test_bsns_are_valid_and_unique_over_chunks() -> None:
    bsns = [b for chunk in range(8) for b in chunk_bsns(SEED, chunk, 500, 500)]
    assert len(set(bsns)) == len(bsns) == 4000
    assert all(elfproef(f"{b:09d}") for b in bsns)
    # about one in ten starts with a zero (an export that drops it is exercised)
    assert 0.05 < sum(b < 100_000_000 for b in bsns) / len(bsns) < 0.15
    assert chunk_bsns(SEED, 3, 500, 500) != chunk_bsns(SEED + 1, 3, 500, 500)


def test_truth_matches_an_independent_audit(scale: Path) -> None:
    audit = oracle.audit_folder(scale, DATA_END)
    problems = _compare(audit, scale / "truth.csv")
    assert problems == [], problems[:10]
    chain, _ = audit
    summary = json.loads((scale / "truth.json").read_text(encoding="utf-8"))
    assert summary["invalid_id_row_counts"] == {
        sid: len(chain.invalid_rows[sid]) for sid in ("huisartsen", "scholen")
    }
    assert summary["rows"] == chain.rows
    assert chain.unmapped == []
    # every child is in the chain once: as many distinct pseudonyms as children
    assert len({r["case_id"] for r in read_truth(scale / "truth.csv")}) == CHILDREN


def test_stitch_reads_every_event(scale: Path, tmp_path: Path) -> None:
    from ketenmining.cli import main

    log = tmp_path / "keten.parquet"
    done = CliRunner().invoke(
        main,
        [
            "stitch",
            "--internal",
            str(scale / "keten.yaml"),
            "--key-file",
            str(scale / "demo.key"),
            "-o",
            str(log),
            "-q",
        ],
    )
    assert done.exit_code == 0, done.output
    summary = json.loads((scale / "truth.json").read_text(encoding="utf-8"))
    table = pq.read_table(log, columns=["case_id"])
    assert table.num_rows == sum(summary["events"].values())
    assert len(set(table.column("case_id").to_pylist())) == CHILDREN


def _shares(folder: Path) -> tuple[dict[str, int], dict[str, float]]:
    summary = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    labels: dict[str, int] = {"clean": 0}
    for row in read_truth(folder / "truth.csv"):
        for name in row["deviations"] or ["clean"]:
            labels[name] = labels.get(name, 0) + 1
    per_child = {sid: n / summary["children"] for sid, n in summary["events"].items()}
    return labels, per_child


def test_population_has_the_statistics_of_the_small_form(scale: Path, small: Path) -> None:
    from scipy.stats import chi2_contingency

    scale_labels, scale_rows = _shares(scale)
    small_labels, small_rows = _shares(small)
    names = sorted(set(scale_labels) | set(small_labels))
    table = [[scale_labels.get(n, 0) for n in names], [small_labels.get(n, 0) for n in names]]
    assert min(min(row) for row in table) > 0, table  # every label occurs in both
    # the labels of the episodes: drawn from the same distribution (chi-square, p > 0.001)
    assert chi2_contingency(table).pvalue > 0.001, table
    # events per child and source: within 8 % (the sources' shares of the same route)
    for sid, value in small_rows.items():
        assert abs(scale_rows[sid] - value) / value < 0.08, (sid, scale_rows[sid], value)


def test_invalid_id_rows_fail_the_elfproef(scale: Path) -> None:
    import csv

    with open(scale / "data" / "scholen.csv", encoding="utf-8", newline="") as fh:
        cells = [r["Burgerservicenummer"] for r in csv.DictReader(fh, delimiter=";")]
    bad = [c for c in cells if normalise_bsn(c) is None]
    summary = json.loads((scale / "truth.json").read_text(encoding="utf-8"))
    assert len(bad) == summary["invalid_id_row_counts"]["scholen"] > 0
    # about 40 % of the school's BSNs are written as a number: the leading zero is lost
    assert any(len(c) == 8 and normalise_bsn(c) for c in cells)


def test_bundled_folder_is_refused() -> None:
    folder = bundled_dir()
    assert folder is not None
    with pytest.raises(KetenError, match="small form"):
        generate_scale(folder, children=10, seed=1)


def test_cli_writes_the_scale_form(tmp_path: Path) -> None:
    from ketenmining.examples.cli import main

    out = tmp_path / "cli"
    done = CliRunner().invoke(
        main, ["-n", "300", "--seed", "3", "-o", str(out), "--scale", "--workers", "1", "-q"]
    )
    assert done.exit_code == 0, done.output
    summary = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert summary["form"]["name"] == "scale" and summary["children"] == 300
    assert sorted(p.name for p in (out / "data").iterdir()) == sorted(SCALE_FILES)
