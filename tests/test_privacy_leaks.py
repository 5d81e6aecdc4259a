"""Leak scans (issue 13, item 2): every output of every command, every byte, for raw ids.

Two chains go through every command that writes or prints something: the example chain
Midden-Brabant, and a hostile chain whose raw ids look like other things (a BSN in a source's
file name, ids in free-text columns that are not mapped, the source's own ids inside activity
names and a mapped note, client numbers that equal activity names, an id in a date cell).
Commands: pseudonymise, stitch (with the TTP step and --internal), discover (every format and
map), conform, audit (html, md, json, junit, sample CSV), export (XES, OCEL, BPMN, PNML via
discover), protocol test/show, analyse seams/compare, the data-quality report, quick mode,
lookup (its stdout; its file holds dossier numbers by design and stays inside) and error paths
given bad input on purpose. Every file under the output folder (recursively, with Parquet rows
and metadata, gzip and zip members and PNG text chunks) and the captured stdout/stderr are
scanned for every raw id, every BSN-shaped number that passes the elfproef and the key texts:
zero hits. The numbers scanned are written to ``leakscan.json`` in pytest's temporary folder
for docs/reliability.md.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from leakscan import Scan, bsn_shaped, texts_of
from support import EXAMPLE, PROTOCOL, private_copy, write_key_file

from ketenmining.cli import main
from ketenmining.config.load import load_config
from ketenmining.examples.identities import dotted, new_bsns
from ketenmining.ingest.readers import read_table
from ketenmining.privacy.pseudonym import normalise_bsn

#: Formats and maps of discover: every one except PDF (its streams are compressed).
DISCOVER_FORMATS = "svg,png,dot,json,html,bpmn,pnml"


class Runs:
    """Runs commands in-process and keeps what they printed, for the scan."""

    def __init__(self, runner, root: Path) -> None:
        self.runner, self.root, self.printed, self.codes = runner, root, [], []

    def __call__(self, *args: object, code: int = 0) -> str:
        argv = [str(a) for a in args]
        result = self.runner.invoke(main, argv, catch_exceptions=False)
        text = result.output + (result.stderr if result.stderr_bytes is not None else "")
        self.printed.append((" ".join(argv[:2]), text))
        self.codes.append(result.exit_code)
        assert result.exit_code == code, f"{argv}\n{text}"
        assert "Traceback" not in text and "internal error" not in text, text
        return text


def _raw_ids(config_path: Path, extra: dict[str, list[str]]) -> set[str]:
    """Every id value (as written and normalised, and dotted for BSNs) in a chain's exports."""
    values: set[str] = set()
    config = load_config(config_path)
    for s in config.sources:
        cols = [
            s.id_column,
            *([s.dossier_column] if s.dossier_column else []),
            *extra.get(s.id, []),
        ]
        table = read_table(s.path, s.format, s.options, cols)
        for col in cols:
            for v in pc.unique(table.column(col)).to_pylist():
                if v is None or not str(v).strip():
                    continue
                values.add(str(v).strip())
                norm = normalise_bsn(v) if s.id_kind == "bsn" and col == s.id_column else None
                if norm:
                    values.update((norm, dotted(norm)))
    return {v for v in values if len(v) >= 6}


def _pipeline(run: Runs, config: Path, key: Path, ttp: Path, out: Path, cohorts: bool) -> None:
    """Every command that writes outputs, on one chain, into ``out``."""
    for source in load_config(config).sources:
        run("pseudonymise", config, "--source", source.id, "--key-file", key, "-o",
            out / "gepseudonimiseerd" / f"{source.id}.parquet")  # fmt: skip
    chain = out / "keten" / "keten.parquet"
    run("stitch", config, "--key-file", key, "--ttp-key-file", ttp, "-o", chain, "--lang", "en")
    run("stitch", config, "--key-file", key, "--internal", "-o", out / "intern" / "keten.parquet")
    run("discover", chain, "-o", out / "kaarten", "--format", DISCOVER_FORMATS,
        "--protocol", PROTOCOL, "--view", "both", "-q")  # fmt: skip
    run("discover", chain, "-o", out / "kaarten-en", "--format", "svg,json", "--lang", "en", "-q")
    run("conform", chain, "--protocol", PROTOCOL, "-o", out / "conform", "--table-format",
        "csv", "--workers", "1", "-q")  # fmt: skip
    run("conform", chain, "--protocol", PROTOCOL, "-o", out / "conform-json", "--table-format",
        "json", "--workers", "1", "-q", "--summary-format", "markdown")  # fmt: skip
    run("audit", chain, "--protocol", PROTOCOL, "-o", out / "rapport", "--format",
        "html,md,json,junit", "-q")  # fmt: skip
    run("audit", chain, "--protocol", PROTOCOL, "-o", out / "report", "--format", "html,md,json",
        "--lang", "en", "-q", "--summary-format", "csv")  # fmt: skip
    run("export", chain, "-o", out / "export" / "keten.xes.gz", "-q")
    run("export", chain, "-o", out / "export" / "keten.jsonocel", "-q")
    run("protocol", "test", PROTOCOL, "--format", "junit", "-o", out / "protocol" / "tests.xml")
    run("protocol", "show", PROTOCOL, "-o", out / "protocol" / "route.svg")
    run("protocol", "show", PROTOCOL, "-o", out / "protocol" / "route.png")
    run("analyse", "seams", chain, "--protocol", PROTOCOL, "--format", "csv",
        "-o", out / "naden", "-q")  # fmt: skip
    run("analyse", "seams", chain, "--protocol", PROTOCOL, "--format", "json", "-q")
    if cohorts:
        run("analyse", "compare", chain, "--protocol", PROTOCOL, "--start", "overdracht",
            "--a", "werkwijze=Regulier", "--b", "werkwijze=Verbindend Samenwerken",
            "--format", "csv", "-o", out / "vergelijking", "-q")  # fmt: skip
    else:
        run("analyse", "compare", chain, "--protocol", PROTOCOL, "--before", "2023-07-01",
            "--after", "2023-07-01", "--format", "csv", "-o", out / "vergelijking", "-q")  # fmt: skip
    # each organisation looks up its sampled dossiers: the file holds dossier numbers by design
    # and stays inside the organisation (written outside the scanned folder); stdout is scanned
    first = load_config(config).sources[0]
    run("lookup", out / "rapport" / "sample.csv", config, "--source", first.id, "--key-file",
        key, "--ttp-key-file", ttp, "-o", out.parent / "binnen" / "te-trekken.csv", "-q")  # fmt: skip


def _scan(run: Runs, out: Path, raw: set[str], keys: tuple[Path, ...], name: str) -> Scan:
    secrets = tuple(k.read_text().strip() for k in keys)
    scan = Scan()
    scan.folder(out, raw, secrets)
    for label, text in run.printed:
        scan.add(f"printed by {label}", text, raw, secrets)
    record = Path(str(out.parent.parent)) / "leakscan.json"
    done = json.loads(record.read_text()) if record.is_file() else {}
    done[name] = {"files": scan.files, "bytes": scan.bytes, "commands": len(run.codes),
                  "printed": len(run.printed), "raw_ids": len(raw), "hits": len(scan.hits)}  # fmt: skip
    record.write_text(json.dumps(done, indent=2))
    return scan


@pytest.fixture(scope="module")
def example_scan(tmp_path_factory: pytest.TempPathFactory) -> Scan:
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("leak-example")
    key = private_copy(EXAMPLE / "demo.key", root / "keys" / "demo.key")
    ttp = write_key_file(root / "keys" / "ttp.key", seed="ttp")
    run = Runs(CliRunner(), root)
    out = root / "uit"
    _pipeline(run, EXAMPLE / "keten.yaml", key, ttp, out, cohorts=True)
    raw = _raw_ids(EXAMPLE / "keten.yaml", {"huisartsen": ["Naam"], "scholen": ["Leerling"]})
    assert len(raw) > 4000
    return _scan(run, out, raw, (key, ttp), "example")


def test_no_raw_id_in_any_output_of_the_example_chain(example_scan: Scan) -> None:
    assert example_scan.files > 60 and example_scan.bytes > 5_000_000
    assert example_scan.hits == {}, json.dumps(example_scan.hits, indent=1)


# --- the hostile chain -------------------------------------------------------------------------

CHILDREN = 40
#: Activity names of the protocol's steps, used as client numbers by the school.
WORD_IDS = ["Onderzoek", "Huisbezoek", "Monitoring", "Intake gezin", "Melding ontvangen"]

HOSTILE_CONFIG = """\
keten: vijandig
title: Keten met id's die op iets anders lijken
timezone: Europe/Amsterdam
protocol: {protocol}
period: {{from: 2023-01-01, to: 2024-12-31}}
organisations: {{HA: Huisartsen, VT: Veilig Thuis, TT: Toegang, SCH: School}}
sources:
  - id: huisartsen
    org: HA
    path: {ha_file}
    format: csv
    client_id: {{column: BSN, kind: bsn}}
    dossier: Patientnummer
    columns: {{activity: Actie, timestamp: Datum}}
    activities:
      Melding gedaan bij Veilig Thuis: melding_gedaan
      patterns:
        - {{match: "^Melding gedaan bij Veilig Thuis", step: melding_gedaan}}
  - id: veilig-thuis
    org: VT
    path: vt-C48213077.csv
    format: csv
    client_id: {{column: BSN, kind: bsn}}
    columns: {{activity: Activiteit, timestamp: Datum, attributes: {{toelichting: Toelichting}}}}
    activities:
      Melding ontvangen: melding
      Veiligheidsbeoordeling: veiligheidsbeoordeling
      Overdracht aan Toegang: overdracht
      Monitoring: monitoring
      Afsluiting dossier: afsluiting
  - id: toegang
    org: TT
    path: toegang.csv
    format: csv
    client_id: {{column: Clientnummer, kind: opaque}}
    columns: {{activity: Activiteit, timestamp: Datum, attributes: {{notitie: Notitie}}}}
    activities:
      Intake gezin: intake
      Huisbezoek: huisbezoek
      Stabiele veiligheid vastgesteld: stabiele_veiligheid
  - id: school
    org: SCH
    path: school.csv
    format: csv
    client_id: {{column: Leerlingcode, kind: opaque}}
    columns: {{activity: Gebeurtenis, timestamp: Tijdstip}}
    activities:
      Melding Veilig Thuis: melding_gedaan
"""


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _hostile_chain(folder: Path) -> tuple[Path, set[str], str]:
    """Write the hostile chain; return its config, its raw ids and the BSN in a file name."""
    rng = random.Random(13)
    bsns = [f"{b:09d}" for b in new_bsns(rng, CHILDREN)]
    ha_file = f"huisartsen-{bsns[0]}.csv"
    folder.mkdir(parents=True, exist_ok=True)
    ha, vt, tt, sch = [], [], [], []
    for i, bsn in enumerate(bsns):
        month, day = 1 + i % 12, 1 + i % 27
        date = f"2023-{month:02d}-{day:02d}"
        patient, client = f"P{rng.randrange(10**6, 10**7)}", f"TT-{rng.randrange(10**5, 10**6)}"
        written = dotted(bsn) if i % 3 == 0 else bsn
        action = "Melding gedaan bij Veilig Thuis"
        if i % 5 == 0:  # the GP typed the BSN into the activity name
            action += f" (bsn {dotted(bsn)})"
        note = f"Naam Kind{i}; BSN {bsn}; moeder {dotted(bsns[-1 - i])}"  # not mapped
        ha.append([patient, f"Kind{i} Achternaam", written, action, f"{date} 09:00", note])
        for hour, activity in enumerate(
            ["Melding ontvangen", "Veiligheidsbeoordeling", "Overdracht aan Toegang"], start=10
        ):
            vt.append([bsn, activity, f"{date} {hour}:00", f"zie BSN {bsn}" if i % 4 == 0 else ""])
        vt.append([bsn, "Monitoring", f"2024-{month:02d}-{day:02d} 10:00", ""])
        own = f"client {client} thuis gezien" if i % 2 == 0 else "gesprek"
        tt.append([client, "Intake gezin", f"{date} 15:00", own])
        tt.append([client, "Huisbezoek", f"{date} 16:00", ""])
        tt.append(
            [client, "Stabiele veiligheid vastgesteld", f"2024-{month:02d}-{day:02d} 11:00", ""]
        )
        if i == 7:  # a client number where the activity name belongs (an unmapped activity)
            tt.append([client, client, f"{date} 17:00", ""])
    for i, word in enumerate(WORD_IDS * 3):
        sch.append([word, "Melding Veilig Thuis", f"2023-03-{1 + i:02d} 08:30"])
    _write_csv(folder / ha_file, ["Patientnummer", "Naam", "BSN", "Actie", "Datum", "Notitie"], ha)
    _write_csv(folder / "vt-C48213077.csv", ["BSN", "Activiteit", "Datum", "Toelichting"], vt)
    _write_csv(folder / "toegang.csv", ["Clientnummer", "Activiteit", "Datum", "Notitie"], tt)
    _write_csv(folder / "school.csv", ["Leerlingcode", "Gebeurtenis", "Tijdstip"], sch)
    config = folder / "keten.yaml"
    config.write_text(HOSTILE_CONFIG.format(protocol=PROTOCOL, ha_file=ha_file), encoding="utf-8")
    # client numbers that equal activity names are words the outputs hold as activity names:
    # they cannot be told apart there, so they are checked where ids go (case ids), not scanned
    raw = (_raw_ids(config, {"huisartsen": ["Naam"]}) - set(WORD_IDS)) | {"C48213077", "48213077"}
    return config, raw, bsns[0]


def _error_paths(run: Runs, folder: Path, config: Path, key: Path, out: Path) -> None:
    """Bad input on purpose: each must be one line without a data value, exit 2 (lint: 1)."""
    text = config.read_text(encoding="utf-8")
    ha_file = next(p.name for p in folder.glob("huisartsen-*.csv"))
    lines = (folder / ha_file).read_text(encoding="utf-8").splitlines()
    variants = {
        # a config whose protocol is a data file: its first line must not be echoed
        "protocol-is-data": text.replace(f"protocol: {PROTOCOL}", f"protocol: {ha_file}"),
        # a headerless export: its first row (a name, a BSN) is not a list of columns
        "zonder-kop": text.replace(f"path: {ha_file}", "path: zonder-kop.csv"),
        # an id in a date cell
        "datum": text.replace(f"path: {ha_file}", "path: datum.csv"),
        # an id column that is not there
        "kolom": text.replace("{column: BSN, kind: bsn}\n    dossier", "{column: Bsn, kind: bsn}\n    dossier"),
        # a source file that is not there, named after a client
        "ontbreekt": text.replace(f"path: {ha_file}", "path: dossier-C99912345.csv"),
    }  # fmt: skip
    (folder / "zonder-kop.csv").write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    first = lines[1].split(",")
    dated = ",".join([*first[:4], first[2], *first[5:]])
    (folder / "datum.csv").write_text("\n".join([lines[0], dated]) + "\n", encoding="utf-8")
    for name, variant in variants.items():
        cfg = folder / f"{name}.yaml"
        cfg.write_text(variant, encoding="utf-8")
        run("stitch", cfg, "--key-file", key, "--internal", "-o", out / "x" / "k.parquet", code=2)
    run("pseudonymise", folder / "kolom.yaml", "--source", "huisartsen", "--key-file", key,
        "-o", out / "x" / "ha.parquet", code=2)  # fmt: skip
    # quick mode on a raw export whose case ids hold BSNs, without a key: refused
    run("discover", folder / "vt-C48213077.csv", "-o", out / "x" / "kaarten", "-q", code=2)
    # a protocol or a model that is a data file
    chain = out / "keten" / "keten.parquet"
    run("audit", chain, "--protocol", folder / ha_file, "-o", out / "x" / "rapport", "-q", code=2)
    run("conform", chain, "--model", folder / "toegang.csv", "-o", out / "x" / "c.json", code=2)
    run("protocol", "lint", folder / "vt-C48213077.csv", code=1)
    run("protocol", "lint", folder / ha_file, "--format", "json", code=1)
    run("protocol", "lint", folder / ha_file, "--format", "junit", code=1)
    run("protocol", "lint", folder / ha_file, "--format", "github", code=1)
    # a sample that is not a sample (the raw export itself)
    run("lookup", folder / "toegang.csv", config, "--source", "toegang", "--key-file", key,
        "-o", out / "x" / "t.csv", code=2)  # fmt: skip
    assert not (out / "x").exists()  # nothing half-written by any of them


@pytest.fixture(scope="module")
def hostile_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scan, Path, set[str]]:
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("leak-hostile")
    config, raw, _ = _hostile_chain(root / "ketenmap")
    key = write_key_file(root / "keys" / "keten.key", seed="keten")
    ttp = write_key_file(root / "keys" / "ttp.key", seed="ttp")
    run = Runs(CliRunner(), root)
    out = root / "uit"
    _pipeline(run, config, key, ttp, out, cohorts=False)
    # quick mode with a key on a raw export: pseudonyms in, every output scanned
    run("discover", root / "ketenmap" / "vt-C48213077.csv", "--case", "BSN", "--key-file", key,
        "-o", out / "snel", "--format", DISCOVER_FORMATS, "--k", "1", "-q")  # fmt: skip
    _error_paths(run, root / "ketenmap", config, key, out)
    return _scan(run, out, raw, (key, ttp), "hostile"), out, raw


def test_no_raw_id_in_any_output_of_the_hostile_chain(hostile_scan) -> None:
    scan, _, raw = hostile_scan
    assert len(raw) > 4 * CHILDREN and scan.files > 60
    assert scan.hits == {}, json.dumps(scan.hits, indent=1)


def test_the_hostile_chain_masked_what_it_could_not_drop(hostile_scan) -> None:
    _, out, _ = hostile_scan
    quality = json.loads((out / "keten" / "keten.quality.json").read_text(encoding="utf-8"))
    codes = {f["code"]: f for f in quality["findings"]}
    assert codes["DQ011"]["data"]["source"] in ("huisartsen", "veilig-thuis")
    assert codes["DQ013"]["data"]["source"] == "toegang"
    table = pq.read_table(out / "keten" / "keten.parquet")
    notes = set(table.column("attr_notitie").to_pylist())
    assert "client [ID] thuis gezien" in notes
    meta = json.loads(table.schema.metadata[b"ketenmining"])
    assert {s["file"] for s in meta["sources"]} >= {"huisartsen-#.csv", "vt-C#.csv"}
    # client numbers that equal activity names are not masked (they are words) and not case ids
    ids = set(table.column("case_id").to_pylist())
    assert not ids & set(WORD_IDS) and all(len(i) == 64 for i in ids)
    assert "Huisbezoek" in set(table.column("activity_raw").to_pylist())


def test_the_scanner_finds_ids_wherever_they_hide(tmp_path: Path) -> None:
    import gzip
    import struct
    import zipfile
    import zlib

    import pyarrow as pa

    bsn = "123456782"
    raw = {bsn, "P1234567"}
    table = pa.table({"x": ["a"]}).replace_schema_metadata({"ketenmining": f'{{"f": "{bsn}"}}'})
    pq.write_table(table, tmp_path / "meta.parquet", compression="zstd")
    pq.write_table(pa.table({"x": ["P1234567"] * 1000}), tmp_path / "rows.parquet")
    (tmp_path / "a.gz").write_bytes(gzip.compress(f"id {bsn}".encode()))
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sheet1.xml", "<c>1234.56.782</c>")

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + b"\0\0\0\0"

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"P1234567"))
    (tmp_path / "c.png").write_bytes(png)
    scan = Scan()
    scan.folder(tmp_path, raw)
    assert scan.files == 5
    assert set(scan.hits) == {
        "meta.parquet (parquet metadata)",
        "meta.parquet (parquet schema)",
        "rows.parquet (parquet rows)",
        "a.gz (gzip)",
        "b.xlsx (zip:xl/sheet1.xml)",
        "c.png (png zTXt)",
    } | {k for k in scan.hits if k.endswith("(bytes)")}
    # BSN-shaped numbers pass the elfproef; pseudonyms, longer numbers and decimals do not count
    assert bsn_shaped("bsn 1234.56.782 en 123 456 782 en 123456782") == [
        "1234.56.782", "123 456 782", "123456782",
    ]  # fmt: skip
    assert bsn_shaped("9f123456782ab0cd1234 1234567820 0.123456782 123456789") == []
    assert [p for p, _ in texts_of(tmp_path / "a.gz")] == ["bytes", "gzip"]
    svg = tmp_path / "m.svg"
    svg.write_text('<path d="M 353 922 353 L 1 2"/><!-- 123 456 782 --><text>P1234567</text>')
    (_part, text), *_ = texts_of(svg)
    assert "353 922" not in text and bsn_shaped(text) == ["123 456 782"] and "P1234567" in text


def _counts(record: object, path: str = "") -> list[tuple[str, int]]:
    """Every ``...cases`` count in a JSON record, with its path."""
    found: list[tuple[str, int]] = []
    if isinstance(record, dict):
        for key, value in record.items():
            if isinstance(value, int) and not isinstance(value, bool) and key.endswith("cases"):
                found.append((f"{path}.{key}", value))
            else:
                found += _counts(value, f"{path}.{key}")
    elif isinstance(record, list):
        for i, value in enumerate(record):
            found += _counts(value, f"{path}[{i}]")
    return found


def test_no_cell_below_k_in_the_maps_and_tables_meant_to_leave_the_chain(hostile_scan) -> None:
    """The hostile chain has groups of 1 to 5 clients (the school's, one odd activity): none of
    them reaches discover's maps and variant tables or the audit's map of the real chain."""
    import re

    _, out, _ = hostile_scan
    k = 10
    for folder in ("kaarten", "kaarten-en"):
        record = json.loads((out / folder / "discover.json").read_text(encoding="utf-8"))
        assert record["k"] == k and record["suppressed"]["cells"] > 0  # there was something to hide
        small = [(p, n) for p, n in _counts(record) if 0 < n < k]
        assert small == [], small
        variants = json.loads((out / folder / "variants.json").read_text(encoding="utf-8"))
        assert all(v["cases"] >= k for v in variants["variants"])
    with (out / "kaarten" / "variants.csv").open(encoding="utf-8") as fh:
        assert all(int(r["cases"]) >= k for r in csv.DictReader(fh))
    audit = json.loads((out / "rapport" / "audit.json").read_text(encoding="utf-8"))
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", audit["maps"]["real"])
    numbers = [int(m.group(1)) for t in labels if (m := re.match(r"^(\d+)(?: cliënten\b.*)?$", t))]
    assert numbers and min(numbers) >= k, labels


def test_digit_runs_inside_pseudonyms_are_not_ids() -> None:
    scan = Scan()
    scan.add("x", "case 3f5285461a0c9e1b 5285461 P5285461", {"5285461", "P5285461"})
    assert scan.hits == {"x": ["5285461", "P5285461"]}
    clean = Scan()
    clean.add("y", "case " + "3f5285461a0c9e1b" * 4, {"5285461"})
    assert clean.hits == {}
