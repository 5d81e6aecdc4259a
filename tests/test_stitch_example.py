"""Stitch the bundled example chain end to end and check it against the generator's ground truth.

Also: the organisation-side route (pseudonymise per source, then stitch the
pseudonymised files) gives the same chain log, and no raw identifier from
the exports appears in any output byte, log line or message.
"""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import EXAMPLE, find_identifiers, private_copy

from ketenmining.cli import main
from ketenmining.config.load import load_config
from ketenmining.privacy.pseudonym import normalise_bsn

TRUTH = json.loads((EXAMPLE / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    key = tmp_path_factory.mktemp("key") / "demo.key"
    private_copy(EXAMPLE / "demo.key", key)
    key.chmod(0o600)
    return key


@pytest.fixture(scope="module")
def stitched(tmp_path_factory: pytest.TempPathFactory, demo_key: Path) -> tuple[Path, str]:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("stitch") / "keten.parquet"
    result = CliRunner().invoke(
        main,
        [
            "stitch",
            "--internal",
            str(EXAMPLE / "keten.yaml"),
            "--key-file",
            str(demo_key),
            "-o",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    return out, result.output


def test_chain_log_has_exactly_the_truth_cases(stitched: tuple[Path, str]) -> None:
    out, _ = stitched
    table = pq.read_table(out)
    pairs = set(
        zip(table.column("case_id").to_pylist(), table.column("episode").to_pylist(), strict=True)
    )
    with open(EXAMPLE / "truth.csv", encoding="utf-8") as fh:
        truth = {(r["case_id"], int(r["episode"])) for r in csv.DictReader(fh)}
    assert pairs == truth
    assert table.num_rows == sum(TRUTH["events"].values())
    per_source = dict(
        zip(
            *[
                table.group_by("source").aggregate([("source_row", "count")]).column(c).to_pylist()
                for c in ("source", "source_row_count")
            ],
            strict=True,
        )
    )
    assert per_source == TRUTH["events"]


def test_chain_log_is_in_canonical_order_with_provenance(stitched: tuple[Path, str]) -> None:
    out, _ = stitched
    table = pq.read_table(out)
    keys = list(
        zip(table.column("case_id").to_pylist(), table.column("timestamp").to_pylist(), strict=True)
    )
    assert keys == sorted(keys)
    meta = json.loads(table.schema.metadata[b"ketenmining"])
    config = load_config(EXAMPLE / "keten.yaml")
    assert meta["config"]["sha256"] == config.sha256
    assert {s["id"]: s["sha256"] for s in meta["sources"]} == {
        sid: TRUTH["files"][info["file"]] for sid, info in TRUTH["sources"].items()
    }
    assert (
        meta["protocol"]["file"] == "meldcode-keten.yaml" and len(meta["protocol"]["sha256"]) == 64
    )
    assert meta["tool_version"] and meta["data_end"].startswith("2024-12-31T23:00")


def test_quality_report_finds_the_injected_skew_and_invalid_ids(stitched: tuple[Path, str]) -> None:
    out, output = stitched
    quality = json.loads(out.with_name("keten.quality.json").read_text(encoding="utf-8"))
    skew = TRUTH["clock_skew"]
    suspected = [s for s in quality["seams"] if s["suspected"]]
    assert len(suspected) == 1
    seam = suspected[0]
    assert skew["org"] in (seam["org_a"], seam["org_b"])
    other = seam["org_a"] if seam["org_b"] == skew["org"] else seam["org_b"]
    assert other == "VT"
    late_is_b = seam["org_b"] == skew["org"]
    assert seam["median_offset_min"] == pytest.approx(
        skew["offset_minutes"] * (1 if late_is_b else -1), abs=1
    )
    assert "TT records the same joint activities about 60 minutes later than VT" in output
    rejected = {s["id"]: s for s in quality["sources"]}
    for source, rows in TRUTH["invalid_id_rows"].items():
        assert sum(rejected[source]["rejected"].values()) == len(rows)
    with open(out.with_name("keten.rejects.csv"), encoding="utf-8") as fh:
        found: dict[str, set[int]] = {}
        for r in csv.DictReader(fh):
            found.setdefault(r["source"], set()).add(int(r["source_row"]))
    assert found == {s: set(rows) for s, rows in TRUTH["invalid_id_rows"].items() if rows}


def _raw_identifiers() -> set[str]:
    """Every BSN (as written and normalised), name and dossier number in the example exports."""
    import pyarrow.compute as pc

    from ketenmining.ingest.readers import read_table

    values: set[str] = set()
    config = load_config(EXAMPLE / "keten.yaml")
    extra = {"huisartsen": ["Naam"], "scholen": ["Leerling"]}
    for s in config.sources:
        cols = [
            s.id_column,
            *([s.dossier_column] if s.dossier_column else []),
            *extra.get(s.id, []),
        ]
        table = read_table(s.path, s.format, s.options, cols)
        for col in cols:
            for v in pc.unique(table.column(col)).to_pylist():
                if v is None or str(v).strip() == "":
                    continue
                text = str(v)
                values.add(text)
                norm = normalise_bsn(v) if col == s.id_column else None
                if norm:
                    values.add(norm)
    return {v for v in values if len(v) >= 6}


def _scan_texts(path: Path) -> str:
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        parts = [json.dumps(table.to_pylist(), default=str)]
        parts += [k.decode() + v.decode() for k, v in (table.schema.metadata or {}).items()]
        return "\n".join(parts)
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def test_no_raw_identifier_in_any_output(stitched: tuple[Path, str]) -> None:
    out, output = stitched
    raw = _raw_identifiers()
    assert len(raw) > 4000  # BSNs, names and dossier numbers of ~2,000 children
    for path in sorted(out.parent.iterdir()):
        leaked = find_identifiers(_scan_texts(path), raw)
        assert leaked == [], f"{path.name} contains raw identifiers ({len(leaked)})"
    assert find_identifiers(output, raw) == []


def test_the_privacy_scan_does_find_identifiers() -> None:
    raw = {"123456782", "Sem Proefpersoon", "VT-517780508"}
    assert find_identifiers("x Sem Proefpersoon; VT-517780508 BSN0123456782z", raw) == sorted(raw)
    assert find_identifiers("Sem and Proefpersoon 12345678", raw) == []


def test_pseudonymise_per_source_then_stitch_gives_the_same_chain_log(
    tmp_path: Path, demo_key: Path, stitched: tuple[Path, str], runner
) -> None:
    config = load_config(EXAMPLE / "keten.yaml")
    folder = tmp_path / "partner"
    folder.mkdir()
    for s in config.sources:
        result = runner.invoke(
            main,
            [
                "pseudonymise",
                str(EXAMPLE / "keten.yaml"),
                "--source",
                s.id,
                "--key-file",
                str(demo_key),
                "-o",
                str(folder / f"{s.id}.parquet"),
            ],
        )
        assert result.exit_code == 0, result.output
    # the analyst's config points at the pseudonymised files
    text = (EXAMPLE / "keten.yaml").read_text(encoding="utf-8")
    for s in config.sources:
        text = text.replace(
            f"path: {s.path.relative_to(EXAMPLE).as_posix()}", f"path: partner/{s.id}.parquet"
        )
    text = text.replace("protocol: ../../configs/protocols/meldcode-keten.yaml", "")
    (tmp_path / "keten.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(
        main,
        ["stitch", "--internal", str(tmp_path / "keten.yaml"), "-o", str(tmp_path / "k.parquet")],
    )
    assert result.exit_code == 0, result.output  # no key needed: every source is pseudonymised
    ours = pq.read_table(tmp_path / "k.parquet")
    direct = pq.read_table(stitched[0])
    assert ours.drop_columns([]).to_pylist() == direct.to_pylist()


def test_raw_source_without_key_is_refused(tmp_path: Path, runner) -> None:
    out = tmp_path / "k.parquet"
    result = runner.invoke(
        main,
        ["stitch", "--internal", str(EXAMPLE / "keten.yaml"), "-o", str(out)],
        env={"KETENMINING_KEY_FILE": ""},
    )
    assert result.exit_code == 2
    assert "no key was given" in result.output and "--key-file" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_reading_in_parallel_parts_gives_the_same_sources(
    demo_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two worker processes, with the XES export cut in parts, read exactly what one process reads."""
    from ketenmining.privacy.pseudonym import read_key
    from ketenmining.stitch import sources

    config = load_config(EXAMPLE / "keten.yaml")
    key = read_key(demo_key)
    monkeypatch.setattr(sources, "SPLIT_BYTES", 0)
    units = sources.plan_units(config, 2)
    assert sum(1 for s, part in units if s.id == "veilig-thuis" and part is not None) == 2
    parallel = sources.load_sources(config, key, workers=2)
    serial = sources.load_sources(config, key, workers=1)
    for a, b in zip(parallel, serial, strict=True):
        assert a.source.id == b.source.id
        assert a.data.table.equals(b.data.table), a.source.id
        assert a.data.rejects.equals(b.data.rejects), a.source.id
        assert a.data.rows_read == b.data.rows_read and a.file_sha256 == b.file_sha256
