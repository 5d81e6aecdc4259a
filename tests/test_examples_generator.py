"""The example chain generator: determinism, formats, ground truth, and the committed bundle.

The ground truth is checked against an independent audit of the raw exports
(``chain_oracle``): every clean case satisfies every rule and the route, and
every deviating case violates exactly the rules its labels promise.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import chain_oracle as oracle
import pytest
from click.testing import CliRunner

from ketenmining.examples.cli import main as cli_main
from ketenmining.examples.generate import generate_chain
from ketenmining.examples.identities import demo_key_text
from ketenmining.examples.scenario import LABEL_BY_NAME, leaves_route
from ketenmining.examples.truth import read_truth
from ketenmining.privacy.pseudonym import elfproef, normalise_bsn, pseudonym, read_key

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "examples" / "midden-brabant"
DATA_END = dt.date(2024, 12, 31)
EXPORTS = (
    "huisartsen.csv",
    "scholen.xlsx",
    "politie.jsonl",
    "veilig-thuis.xes.gz",
    "toegang-tilburg.csv",
    "raad.parquet",
)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("chain") / "small"
    generate_chain(out, children=200, seed=11)
    return out


@pytest.fixture(scope="module")
def small_audit(small: Path):
    return oracle.audit_folder(small, DATA_END)


@pytest.fixture(scope="module")
def bundle_audit():
    return oracle.audit_folder(BUNDLE, DATA_END)


@pytest.fixture(scope="module")
def bundle_episodes():
    return list(_episodes_by_label(BUNDLE))


def _all_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_bytes(small: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate_chain(again, children=200, seed=11)
    first, second = _all_files(small), _all_files(again)
    assert set(first) == {f"data/{n}" for n in EXPORTS} | {
        "truth.csv",
        "truth.json",
        "keten.yaml",
        "meldcode-keten.yaml",
        "demo.key",
    }
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_other_seed_gives_other_data(small: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate_chain(other, children=200, seed=12)
    for name in [f"data/{n}" for n in EXPORTS] + ["truth.csv"]:
        assert (small / name).read_bytes() != (other / name).read_bytes(), name


def test_committed_bundle_is_what_the_generator_writes(tmp_path: Path) -> None:
    """Regenerate the bundle's settings elsewhere and compare contents (library-version proof)."""
    import openpyxl
    import pyarrow.parquet as pq

    summary = json.loads((BUNDLE / "truth.json").read_text(encoding="utf-8"))
    fresh = tmp_path / "fresh"
    generate_chain(fresh, children=summary["children"], seed=summary["seed"])
    for name in (
        "truth.csv",
        "data/huisartsen.csv",
        "data/politie.jsonl",
        "data/toegang-tilburg.csv",
    ):
        assert (fresh / name).read_bytes() == (BUNDLE / name).read_bytes(), name
    xes = "data/veilig-thuis.xes.gz"
    assert gzip.decompress((fresh / xes).read_bytes()) == gzip.decompress(
        (BUNDLE / xes).read_bytes()
    )

    def cells(path: Path) -> list[tuple]:
        wb = openpyxl.load_workbook(path, read_only=True)
        values = list(wb["Zorgsignalen"].iter_rows(values_only=True))
        wb.close()
        return values

    assert cells(fresh / "data/scholen.xlsx") == cells(BUNDLE / "data/scholen.xlsx")
    assert pq.read_table(fresh / "data/raad.parquet").equals(
        pq.read_table(BUNDLE / "data/raad.parquet")
    )
    fresh_summary = json.loads((fresh / "truth.json").read_text(encoding="utf-8"))
    for key in ("counts", "invalid_id_rows", "rows", "events", "labels", "clock_skew"):
        assert fresh_summary[key] == summary[key], key


def test_bundle_size_and_key() -> None:
    total = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file())
    assert total < 5 * 1024 * 1024
    key = (BUNDLE / "demo.key").read_bytes()
    assert re.fullmatch(rb"[0-9a-f]{64}\n", key)
    assert key.decode().strip() == demo_key_text()
    assert "never use a committed key" in (BUNDLE / "README.md").read_text(encoding="utf-8")


def test_generated_key_file_is_private(small: Path) -> None:
    assert (small / "demo.key").stat().st_mode & 0o777 == 0o600


# --------------------------------------------------------------------------- formats


def test_gp_export_is_semicolon_csv_with_bom_and_dutch_dates(small: Path) -> None:
    raw = (small / "data/huisartsen.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Patientnummer", "Naam", "BSN", "Actie", "Datum"]
    assert all(re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", r[4]) for r in rows[1:])
    assert any(re.fullmatch(r"\d{4}\.\d{2}\.\d{3}", r[2]) for r in rows[1:])  # BSN with dots
    assert any(re.fullmatch(r"\d{9}", r[2]) for r in rows[1:])
    dates = [dt.datetime.strptime(r[4], "%d-%m-%Y %H:%M") for r in rows[1:]]
    assert dates == sorted(dates)  # ordered by date, not by case


def test_toegang_export_is_cp1252_with_decimal_comma(small: Path) -> None:
    raw = (small / "data/toegang-tilburg.csv").read_bytes()
    assert b"\x96" in raw  # en dash in Windows-1252
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.DictReader(raw.decode("cp1252").splitlines()))
    assert {"Clientnummer", "BSN", "Activiteit", "Datum en tijd", "Werkwijze", "Uren"} <= set(
        rows[0]
    )
    assert any("–" in r["Team"] for r in rows) and any("ö" in r["Team"] for r in rows)
    assert {r["Werkwijze"] for r in rows} == {"Verbindend Samenwerken", "Regulier"}
    assert "1,5" in {r["Uren"] for r in rows}
    assert all(dt.datetime.strptime(r["Datum en tijd"], "%Y-%m-%d %H:%M:%S") for r in rows)


def test_school_export_is_xlsx_with_excel_datetimes(small: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(small / "data/scholen.xlsx", read_only=True)
    assert "Zorgsignalen" in wb.sheetnames
    rows = list(wb["Zorgsignalen"].iter_rows(values_only=True))
    wb.close()
    header, body = rows[0], rows[1:]
    assert header[:5] == (
        "Leerlingnummer",
        "Leerling",
        "Burgerservicenummer",
        "Gebeurtenis",
        "Tijdstip",
    )
    assert all(isinstance(r[4], dt.datetime) for r in body)
    assert any(isinstance(r[2], int) for r in body) and any(isinstance(r[2], str) for r in body)
    assert any(r[3].startswith("Overleg zorgteam") for r in body)
    assert {r[3] for r in body} >= {"Zorgsignaal geregistreerd", "Melding Veilig Thuis"}


def test_police_export_is_jsonl_in_utc(small: Path) -> None:
    lines = (small / "data/politie.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records and all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["tijdstip"]) for r in records
    )
    assert {r["soort"] for r in records} == {"Zorgmelding opgemaakt", "Incident geregistreerd"}


def test_veilig_thuis_export_is_gzipped_xes(small: Path) -> None:
    raw = (small / "data/veilig-thuis.xes.gz").read_bytes()
    assert raw[:2] == b"\x1f\x8b" and raw[4:8] == b"\x00\x00\x00\x00"  # gzip, mtime 0
    root = ET.fromstring(gzip.decompress(raw))
    ns = "{http://www.xes-standard.org/}"
    assert root.tag == f"{ns}log" and root.get("xes.version") == "1849-2016"
    traces = root.findall(f"{ns}trace")
    assert traces
    lifecycles: dict[str, set[str]] = defaultdict(set)
    for trace in traces:
        keys = {a.get("key") for a in trace.findall(f"{ns}string")}
        assert keys == {"concept:name", "client:bsn"}
        stamps = []
        for event in trace.findall(f"{ns}event"):
            attrs = {a.get("key"): a.get("value") for a in event}
            lifecycles[attrs["concept:name"]].add(attrs["lifecycle:transition"])
            assert re.search(r"\+0[12]:00$", attrs["time:timestamp"])
            stamps.append(dt.datetime.fromisoformat(attrs["time:timestamp"]))
        assert stamps == sorted(stamps)
    assert lifecycles["Onderzoek"] == {"start", "complete"}
    assert all(v == {"complete"} for k, v in lifecycles.items() if k != "Onderzoek")


def test_veilig_thuis_xes_reads_with_pm4py(small: Path) -> None:
    from ketenmining._pm4py import pm4py_quiet

    pm4py = pm4py_quiet()
    df = pm4py.read_xes(str(small / "data/veilig-thuis.xes.gz"))
    assert {"case:concept:name", "case:client:bsn", "concept:name", "time:timestamp"} <= set(
        df.columns
    )
    assert len(df) == json.loads((small / "truth.json").read_text())["rows"]["veilig-thuis"]


def test_raad_export_is_parquet_with_a_date_column(small: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(small / "data/raad.parquet")
    assert table.schema.field("datum").type == pa.date32()
    assert set(table.column("fase").to_pylist()) == {"gestart", "afgerond"}
    assert set(table.column("handeling").to_pylist()) == {"Raadsonderzoek"}


def test_config_maps_every_activity_and_no_row_is_lost(small: Path, small_audit) -> None:
    chain, _ = small_audit
    assert chain.unmapped == []
    summary = json.loads((small / "truth.json").read_text())
    assert chain.rows == summary["rows"]
    assert dict(Counter(e.source for e in chain.events)) == summary["events"]
    assert summary["ignored_rows"]["scholen"] > 0


# --------------------------------------------------------------------------- ids and privacy


def test_invalid_id_rows_fail_the_elfproef_and_are_extra(small: Path, small_audit) -> None:
    chain, _ = small_audit
    summary = json.loads((small / "truth.json").read_text())
    invalid = summary["invalid_id_rows"]
    assert set(invalid) == {"huisartsen", "scholen"}
    assert sum(len(v) for v in invalid.values()) > 0
    for source, rows in chain.invalid_rows.items():
        assert rows == invalid.get(source, []), source
    # Each invalid GP row is a mistyped copy of a valid row, or a dossier with no valid row at all.
    with open(small / "data/huisartsen.csv", encoding="utf-8-sig", newline="") as fh:
        records = list(csv.DictReader(fh, delimiter=";"))
    valid = {
        (r["Patientnummer"], r["Actie"], r["Datum"]) for r in records if normalise_bsn(r["BSN"])
    }
    valid_dossiers = {r["Patientnummer"] for r in records if normalise_bsn(r["BSN"])}
    for n in invalid["huisartsen"]:
        r = records[n - 1]
        digits = r["BSN"].replace(".", "")
        assert digits == "" or not elfproef(digits.zfill(9))
        copy = (r["Patientnummer"], r["Actie"], r["Datum"]) in valid
        assert copy or r["Patientnummer"] not in valid_dossiers


def test_truth_pseudonyms_are_hmacs_of_the_exported_bsns(small: Path, small_audit) -> None:
    chain, _ = small_audit
    key = read_key(small / "demo.key")
    bsns = {e.bsn for e in chain.events}
    truth = read_truth(small / "truth.csv")
    assert {pseudonym(key, b) for b in bsns} == {r["case_id"] for r in truth}
    assert len(bsns) == 200
    # Recompute one by hand, the documented way: HMAC-SHA256(key, normalised BSN).
    import hashlib
    import hmac

    some = sorted(bsns)[0]
    expected = hmac.new(key, some.encode(), hashlib.sha256).hexdigest()
    assert expected in {r["case_id"] for r in truth}


def test_no_raw_identifier_or_name_in_truth_files(small: Path, small_audit) -> None:
    chain, _ = small_audit
    text = (small / "truth.csv").read_text(encoding="utf-8") + (small / "truth.json").read_text(
        encoding="utf-8"
    )
    bsns = {e.bsn for e in chain.events}
    for bsn in bsns:
        assert bsn not in text
        assert f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}" not in text
    with open(small / "data/huisartsen.csv", encoding="utf-8-sig", newline="") as fh:
        gp = list(csv.DictReader(fh, delimiter=";"))
    with open(small / "data/toegang-tilburg.csv", encoding="cp1252", newline="") as fh:
        tt = list(csv.DictReader(fh))
    for word in (
        {r["Naam"] for r in gp} | {r["Patientnummer"] for r in gp} | {r["Clientnummer"] for r in tt}
    ):
        assert word not in text
    for surname in ("Voorbeeld", "Fictief", "Testkind", "Demodata", "Nepnaam"):
        assert surname not in text


# --------------------------------------------------------------------------- the ground truth


def _compare(audit, truth_path: Path) -> list[str]:
    _, verdicts = audit
    truth = {(r["case_id"], r["episode"]): r for r in read_truth(truth_path)}
    problems = []
    if set(truth) != set(verdicts):
        problems.append(f"cases differ: {len(set(truth) ^ set(verdicts))}")
    for key, row in truth.items():
        v = verdicts.get(key)
        if v is None:
            continue
        labels = tuple(row["deviations"])
        if row["pending"]:
            # cut off by the data end: its rules may still be pending, never others violated
            if not v.violated <= set(row["expected_rules"]):
                problems.append(f"{labels} (pending): violated {sorted(v.violated)}")
            if v.cohort != row["cohort"]:
                problems.append(f"{labels}: cohort {v.cohort!r} truth {row['cohort']!r}")
            continue
        if v.violated != set(row["expected_rules"]):
            problems.append(
                f"{labels}: violated {sorted(v.violated)} expected {row['expected_rules']}"
            )
        if v.route_ok == leaves_route(labels):
            problems.append(f"{labels}: route_ok {v.route_ok}")
        if v.ended != row["ended"]:
            problems.append(f"{labels}: ended {v.ended} truth {row['ended']}")
        if v.cohort != row["cohort"]:
            problems.append(f"{labels}: cohort {v.cohort!r} truth {row['cohort']!r}")
    return problems


def test_truth_matches_an_independent_audit_small(small: Path, small_audit) -> None:
    problems = _compare(small_audit, small / "truth.csv")
    assert problems == [], problems[:10]


def test_truth_matches_an_independent_audit_bundle(bundle_audit) -> None:
    problems = _compare(bundle_audit, BUNDLE / "truth.csv")
    assert problems == [], problems[:10]


def test_deviations_are_spread_over_the_whole_period(bundle_episodes) -> None:
    """Every quarter has deviating cases; those not over well before the end are pending."""
    from ketenmining.examples.population import DEVIATION_MARGIN

    end = DATA_END
    quarters: dict[str, int] = defaultdict(int)
    pending = fully = 0
    for row, ep in bundle_episodes:
        if not row["deviations"]:
            assert not row["pending"]
            continue
        first = ep[0].date
        quarters[f"{first.year}-Q{(first.month - 1) // 3 + 1}"] += 1
        late = not row["ended"] or (end - ep[-1].date).days < DEVIATION_MARGIN
        if late:
            # the end of the data cut the case off, or it ended too recently to be judged
            assert row["pending"], row["deviations"]
        pending += row["pending"]
        fully += not row["pending"]
    assert sorted(quarters) == [f"{y}-Q{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)]
    counts = list(quarters.values())
    assert min(counts) >= max(counts) / 3  # no quarter free of deviations by construction
    assert pending > 20 and fully > 300


def test_expected_rules_follow_the_labels() -> None:
    for row in read_truth(BUNDLE / "truth.csv"):
        rules = {r for label in row["deviations"] for r in LABEL_BY_NAME[label].rules}
        assert set(row["expected_rules"]) == rules
        assert bool(row["deviations"]) == bool(row["expected_rules"])


def _pairs(events, a: str, b: str, a_lifecycle: str | None = None, b_lifecycle: str | None = None):
    """(A, first B after A) for every A of step ``a`` (optionally only given lifecycles)."""
    for i, e in enumerate(events):
        if e.step != a or (a_lifecycle and e.lifecycle != a_lifecycle):
            continue
        later = (
            x
            for x in events[i + 1 :]
            if x.step == b and (not b_lifecycle or x.lifecycle == b_lifecycle)
        )
        nxt = next(later, None)
        if nxt is not None:
            yield e, nxt


def _episodes_by_label(folder: Path):
    chain = oracle.read_chain(folder)
    key = read_key(folder / "demo.key", allow_shared=True)  # a git checkout keeps no modes
    truth = {(r["case_id"], r["episode"]): r for r in read_truth(folder / "truth.csv")}
    per_client = defaultdict(list)
    for e in chain.events:
        per_client[e.bsn].append(e)
    for bsn, events in per_client.items():
        events.sort(key=lambda e: (e.utc, oracle.LC_ORDER[e.lifecycle], e.source, e.row))
        for n, episode in enumerate(oracle.split_episodes(events), start=1):
            yield truth[(pseudonym(key, bsn), n)], episode


def test_windows_recomputed_from_raw_exports(bundle_episodes) -> None:
    """Clean cases comfortably inside each window, deviations clearly outside (own working-day count)."""
    import holidays

    closed = set(holidays.NL(years=range(2022, 2027))) | {
        dt.date(2023, 5, 19),
        dt.date(2024, 5, 10),
    }
    closed |= {dt.date(2023, 4, 7), dt.date(2024, 3, 29), dt.date(2025, 4, 18)}  # Good Friday
    closed -= {dt.date(2023, 5, 5), dt.date(2024, 5, 5)}  # Liberation Day only in lustrum years

    def working_days(a: dt.date, b: dt.date) -> int:
        return sum(
            1
            for i in range(1, (b - a).days + 1)
            if (d := a + dt.timedelta(days=i)).weekday() < 5 and d not in closed
        )

    seen: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for row, ep in bundle_episodes:
        labels = set(row["deviations"])
        for i, (a, b) in enumerate(_pairs(ep, "melding", "veiligheidsbeoordeling")):
            # late_assessment is injected at the first report of the episode (reentry has two)
            seen[("VT-5WD", i == 0 and "late_assessment" in labels)].append(
                working_days(a.date, b.date)
            )
        for a, b in _pairs(ep, "melding_gedaan", "melding"):
            seen[("MELDING", False)].append(working_days(a.date, b.date))
        for a, b in _pairs(ep, "overdracht", "intake"):
            seen[("WARM-10WD", "late_pickup" in labels)].append(working_days(a.date, b.date))
        for a, b in _pairs(ep, "onderzoek", "onderzoek", "start", "complete"):
            seen[("VT-10W", "late_investigation" in labels)].append((b.date - a.date).days)
        for a, b in _pairs(ep, "verzoek_raad", "raadsonderzoek", b_lifecycle="start"):
            seen[("RAAD-6W", "late_raad" in labels)].append((b.date - a.date).days)
        for a, b in _pairs(ep, "verzoek_raad", "raadsonderzoek", b_lifecycle="complete"):
            seen[("RAAD-6W complete", "late_raad" in labels)].append((b.date - a.date).days)
        if not labels:
            for a, b in _pairs(ep, "overdracht", "monitoring"):
                seen[("MONITORING", False)].append((b.date - a.date).days)
    clean, late = {}, {}
    for (rule, is_late), values in seen.items():
        (late if is_late else clean)[rule] = (min(values), max(values))
    assert clean["MELDING"][1] <= 2  # window 3 working days
    assert clean["VT-5WD"][1] <= 4 and late["VT-5WD"][0] >= 8  # window 5 working days
    assert clean["WARM-10WD"][1] <= 7 and late["WARM-10WD"][0] >= 15  # window 10 working days
    assert clean["VT-10W"][1] <= 42 and late["VT-10W"][0] >= 84  # window 70 days
    assert clean["RAAD-6W"][1] <= 25 and late["RAAD-6W"][0] >= 56  # window 42 days
    # ... also when the pickup is measured at the Raad's complete event
    assert clean["RAAD-6W complete"][1] <= 30 and late["RAAD-6W complete"][0] >= 56
    assert clean["MONITORING"][0] >= 80 and clean["MONITORING"][1] <= 105  # window 70..112 days
    assert all(len(v) >= 10 for v in seen.values()), {k: len(v) for k, v in seen.items()}


def test_events_on_working_days_within_office_hours(bundle_audit) -> None:
    chain, _ = bundle_audit
    for e in chain.events:
        assert oracle.is_working(e.date), (e.source, e.row)
        if e.org != "RvdK":
            minutes = e.local.hour * 60 + e.local.minute
            assert 8 * 60 + 30 <= minutes <= 17 * 60 + 30, (e.source, e.row)


def test_toegang_clock_runs_one_hour_late_at_joint_visits(bundle_audit) -> None:
    chain, _ = bundle_audit
    summary = json.loads((BUNDLE / "truth.json").read_text())
    assert summary["clock_skew"]["org"] == "TT" and summary["clock_skew"]["offset_minutes"] == 60
    vt = {
        (e.bsn, e.date): e.local for e in chain.events if e.step == "huisbezoek" and e.org == "VT"
    }
    tt = {
        (e.bsn, e.date): e.local for e in chain.events if e.step == "huisbezoek" and e.org == "TT"
    }
    joint = [(tt[k] - vt[k]) for k in vt if k in tt]
    assert len(joint) == len(vt) >= 50
    assert set(joint) == {dt.timedelta(minutes=60)}


def test_bundle_covers_every_branch_and_label(bundle_episodes) -> None:
    summary = json.loads((BUNDLE / "truth.json").read_text())
    assert summary["children"] >= 2000
    shapes: Counter[str] = Counter()
    for row, ep in bundle_episodes:
        if row["deviations"]:
            continue
        steps = [e.step for e in ep if e.lifecycle == "complete"]
        if not row["ended"]:
            shapes["running"] += 1
            continue
        shapes["signalering" if steps[0] == "signalering" else "no signalering"] += 1
        shapes["onderzoek" if "onderzoek" in steps else "no onderzoek"] += 1
        if "verzoek_raad" in steps:
            shapes["raad"] += 1
        elif "overdracht" in steps:
            visits = len({e.date for e in ep if e.step == "huisbezoek"})
            shapes[f"visits {visits}"] += 1
            first = (
                "monitoring"
                if steps.index("monitoring") < steps.index("stabiele_veiligheid")
                else "stable"
            )
            shapes[f"{first} first"] += 1
            if any(e.step == "huisbezoek" and e.org == "VT" for e in ep):
                shapes["joint"] += 1
        else:
            shapes["closed after assessment"] += 1
        if row["episode"] == 2:
            shapes["second episode"] += 1
    for shape in (
        "running", "signalering", "no signalering", "onderzoek", "no onderzoek", "raad",
        "visits 1", "visits 2", "visits 3", "visits 4", "monitoring first", "stable first",
        "joint", "closed after assessment", "second episode",
    ):  # fmt: skip
        assert shapes[shape] >= 5, (shape, shapes)
    for label in LABEL_BY_NAME:
        assert summary["counts"][label] >= 20, label


# --------------------------------------------------------------------------- command line


def test_cli_writes_a_chain_with_its_config(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    result = CliRunner().invoke(cli_main, ["-n", "30", "--seed", "3", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "data").iterdir()) == sorted(EXPORTS)
    config = (out / "keten.yaml").read_text(encoding="utf-8")
    protocol = re.search(r"^protocol: (.+)$", config, flags=re.MULTILINE).group(1)
    assert protocol == "meldcode-keten.yaml"  # a copy beside the config: the folder stands alone
    assert (out / protocol).read_bytes() == (
        REPO / "configs/protocols/meldcode-keten.yaml"
    ).read_bytes()
    bundled = (BUNDLE / "keten.yaml").read_text(encoding="utf-8")
    assert re.sub(r"^protocol: .+$", "", config, flags=re.M) == re.sub(
        r"^protocol: .+$", "", bundled, flags=re.M
    )
    summary = json.loads((out / "truth.json").read_text())
    assert summary["seed"] == 3 and summary["children"] == 30


def test_cli_other_period_is_written_into_the_config(tmp_path: Path) -> None:
    out = tmp_path / "period"
    args = ["-n", "40", "--start", "2022-01-01", "--end", "2023-12-31", "-o", str(out), "-q"]
    result = CliRunner().invoke(cli_main, args)
    assert result.exit_code == 0, result.output
    assert "period: {from: 2022-01-01, to: 2023-12-31}" in (out / "keten.yaml").read_text()
    chain, verdicts = oracle.audit_folder(out, dt.date(2023, 12, 31))
    assert max(e.date for e in chain.events) <= dt.date(2023, 12, 31)
    assert min(e.date for e in chain.events) >= dt.date(2022, 1, 1)
    assert _compare((chain, verdicts), out / "truth.csv") == []


def test_cli_refuses_a_short_period_and_a_foreign_key(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli_main, ["--start", "2024-01-01", "--end", "2024-06-30", "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 2
    assert "too short" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x" / "data").exists()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "demo.key").write_text("f" * 64 + "\n")
    result = CliRunner().invoke(cli_main, ["-n", "5", "-o", str(foreign)])
    assert result.exit_code == 2
    assert "demo.key" in result.output
    assert not (foreign / "data").exists() and (foreign / "demo.key").read_text() == "f" * 64 + "\n"


def test_cli_help_has_an_example() -> None:
    result = CliRunner().invoke(cli_main, ["--help"])
    assert result.exit_code == 0, result.output
    assert "python -m ketenmining.examples" in result.output and "--children" in result.output


def test_generator_cli_is_light_and_stays_outside_the_main_cli() -> None:
    import ast
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from ketenmining.examples.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pandas', 'pm4py', 'duckdb', 'pyarrow', 'numpy', 'openpyxl') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
    for path in (REPO / "ketenmining" / "examples").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(
            m == "ketenmining.cli" or m.startswith("ketenmining.cli.") for m in modules
        ), path.name
