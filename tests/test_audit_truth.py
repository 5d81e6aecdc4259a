"""The audit of the example chain against the generator's ground truth.

Every injected deviation must be found (recall 100 %): each rule the truth
says a deviating case breaks is violated for that case in the audit's
per-case tables. Nothing may be reported on a case generated without
deviations: no violated rule, no route deviation (fitness 1), no seam
deviation — joint work is good practice and allowed.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import EXAMPLE, PROTOCOL, find_identifiers, private_copy

from ketenmining.cli import main


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("audit")
    key = folder / "demo.key"
    private_copy(EXAMPLE / "demo.key", key)
    key.chmod(0o600)
    runner = CliRunner()
    chain = folder / "keten.parquet"
    done = runner.invoke(
        main,
        [
            "stitch",
            "--internal",
            str(EXAMPLE / "keten.yaml"),
            "--key-file",
            str(key),
            "-o",
            str(chain),
            "-q",
        ],
    )
    assert done.exit_code == 0, done.output
    report = folder / "rapport"
    done = runner.invoke(
        main,
        [
            "audit",
            str(chain),
            "--protocol",
            str(PROTOCOL),
            "-o",
            str(report),
            "--format",
            "html,md,json,junit",
        ],
    )
    assert done.exit_code == 0, done.output
    return report, done.output


def _truth() -> dict[tuple[str, int], dict[str, str]]:
    with open(EXAMPLE / "truth.csv", encoding="utf-8") as fh:
        return {(r["case_id"], int(r["episode"])): r for r in csv.DictReader(fh)}


def test_every_injected_deviation_is_found(audited: tuple[Path, str]) -> None:
    report, _ = audited
    rules = pq.read_table(report / "data" / "rules.parquet").to_pylist()
    violated: dict[tuple[str, int], set[str]] = defaultdict(set)
    for r in rules:
        if r["status"] == "violated":
            violated[(r["case_id"], r["episode"])].add(r["rule_id"])
    truth = _truth()
    # deviating cases cut off by the data end may still be pending: never other rules violated
    cut_off = {k: t for k, t in truth.items() if t["deviations"] and t.get("pending") == "true"}
    assert cut_off
    for k, t in cut_off.items():
        assert violated[k] <= set(t["expected_rules"].split(";")), t["deviations"]
    deviating = {k: t for k, t in truth.items() if t["deviations"] and k not in cut_off}
    assert len(deviating) > 300
    missed = {
        k: set(t["expected_rules"].split(";")) - violated[k]
        for k, t in deviating.items()
        if not set(t["expected_rules"].split(";")) <= violated[k]
    }
    assert missed == {}, f"{len(missed)} deviating cases not found"
    # the labels that leave the route also show as route deviations of that case
    route = pq.read_table(report / "data" / "deviations.parquet").to_pylist()
    off_route = {
        (d["case_id"], d["episode"])
        for d in route
        if d["kind"] in ("skipped", "extra", "not_in_protocol", "wrong_order", "wrong_org")
    }
    leaves = {
        label
        for label, info in json.loads((EXAMPLE / "truth.json").read_text())["labels"].items()
        if info["route_deviation"]
    }
    for k, t in deviating.items():
        if set(t["deviations"].split(";")) & leaves:
            assert k in off_route, f"case {k[0][:8]} left the route but shows no route deviation"


def test_nothing_is_reported_on_clean_cases(audited: tuple[Path, str]) -> None:
    report, _ = audited
    truth = _truth()
    clean = {k for k, t in truth.items() if not t["deviations"]}
    assert len(clean) > 1400
    running = {k for k in clean if truth[k]["ended"] == "false"}
    assert (
        len(running) > 50
    )  # clean cases still running at the data end are judged on what they did
    rules = pq.read_table(report / "data" / "rules.parquet").to_pylist()
    flagged = {(r["case_id"], r["episode"]) for r in rules if r["status"] == "violated"}
    assert flagged & clean == set()
    deviations = pq.read_table(report / "data" / "deviations.parquet").to_pylist()
    off = {(d["case_id"], d["episode"]) for d in deviations if d["kind"] != "joint"}
    assert off & clean == set()
    cases = pq.read_table(report / "data" / "cases.parquet").to_pylist()
    assert all(c["fitness"] == 1.0 for c in cases if (c["case_id"], c["episode"]) in clean)
    joint = {(d["case_id"], d["episode"]) for d in deviations if d["kind"] == "joint"}
    assert (
        joint & clean
    )  # joint home visits of the pilot families are seen, and not held against them


def test_report_findings_cite_the_injected_problems(audited: tuple[Path, str]) -> None:
    report, output = audited
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    cited = {rid for f in record["findings"] for rid in f["criterion"]["rules"]}
    truth_rules = {r for t in _truth().values() for r in t["expected_rules"].split(";") if r}
    degree = {r["id"]: r for r in record["degree"]["rules"]}
    for rid in truth_rules:
        assert degree[rid]["violated"] > 0, rid
    assert {
        "MELDING-OPGEPAKT",
        "SLUITENDE-KETEN",
    } <= cited  # lost reports and lost handovers are majors
    assert any(
        f["class"] == "observation" and "TT" in json.dumps(f) and "klok" in json.dumps(f).lower()
        for f in record["findings"]
    )
    assert "audit.html" in output


def test_report_holds_no_raw_identifier(audited: tuple[Path, str]) -> None:
    from test_stitch_example import _raw_identifiers

    report, output = audited
    raw = _raw_identifiers()
    for path in sorted(report.rglob("*")):
        if path.is_file():
            if path.suffix == ".parquet":
                text = json.dumps(pq.read_table(path).to_pylist(), default=str)
            else:
                text = path.read_text(encoding="utf-8", errors="replace")
            assert find_identifiers(text, raw) == [], path.name
    assert find_identifiers(output, raw) == []


def test_junit_has_one_valid_case_per_rule(audited: tuple[Path, str]) -> None:
    import xml.etree.ElementTree as ET

    from junit_xsd import validate_junit

    report, _ = audited
    text = (report / "audit-junit.xml").read_text(encoding="utf-8")
    validate_junit(text)
    names = [tc.get("name", "").split(":")[0] for tc in ET.fromstring(text).iter("testcase")]
    from ketenmining.protocol import load_protocol

    assert names == [r.id for r in load_protocol(PROTOCOL).rules]
    failed = {
        tc.get("name", "").split(":")[0]
        for tc in ET.fromstring(text).iter("testcase")
        if tc.find("failure") is not None
    }
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    nonconformities = {
        r
        for f in record["findings"]
        if f["class"] in ("major", "minor")
        for r in f["criterion"]["rules"]
    }
    assert failed == nonconformities


def test_lookup_gives_each_organisation_its_own_dossiers(
    audited: tuple[Path, str], tmp_path: Path, runner
) -> None:
    """VT finds its own dossier numbers for the sampled cases, and they belong to those clients."""
    from ketenmining.config.load import load_config
    from ketenmining.ingest.readers import read_table
    from ketenmining.privacy.pseudonym import normalise_bsn, pseudonym, read_key

    report, _ = audited
    key = tmp_path / "demo.key"
    private_copy(EXAMPLE / "demo.key", key)
    key.chmod(0o600)
    out = tmp_path / "te-trekken.csv"
    result = runner.invoke(
        main,
        [
            "lookup",
            str(report / "sample.csv"),
            str(EXAMPLE / "keten.yaml"),
            "--source",
            "VT",
            "--key-file",
            str(key),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    with open(report / "sample.csv", encoding="utf-8") as fh:
        sample = list(csv.DictReader(fh))
    with open(out, encoding="utf-8") as fh:
        found = list(csv.DictReader(fh))
    assert found and {"case_id", "dossier", "first", "last", "activities"} <= set(found[0])
    # recompute independently: VT's dossier number -> pseudonym of the client's BSN
    source = load_config(EXAMPLE / "keten.yaml").source("veilig-thuis")
    raw = read_table(source.path, "xes", source.options, ["case:client:bsn", "case:concept:name"])
    k = read_key(key)
    owner = {
        d: pseudonym(k, normalise_bsn(b))
        for b, d in zip(
            raw.column("case:client:bsn").to_pylist(),
            raw.column("case:concept:name").to_pylist(),
            strict=True,
        )
        if normalise_bsn(b)
    }
    assert all(owner[row["dossier"]] == row["case_id"] for row in found)
    sampled_at_vt = {r["case_id"] for r in sample if "VT" in r["orgs"].split(",")}
    assert sampled_at_vt and sampled_at_vt <= {r["case_id"] for r in found}
    assert "alleen voor intern gebruik" in result.output  # Dutch by default, like every command


def test_the_record_of_the_example_validates_against_the_shipped_schema(
    audited: tuple[Path, str],
) -> None:
    import jsonschema

    from ketenmining.audit.record import record_schema

    report, _ = audited
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    jsonschema.validate(record, record_schema())
    for drawing in (record["maps"]["route"], record["maps"]["real"]):
        assert "<svg" in drawing and drawing.rstrip().endswith("</svg>")
    assert record["provenance"]["inputs"] and all(
        len(i["sha256"]) == 64 for i in record["provenance"]["inputs"]
    )


#: The defined order of every per-case table (docs/conform.md), None sorting last.
TABLE_ORDER = {
    "cases": ["case_id", "episode"],
    "deviations": ["case_id", "episode", "position", "kind", "step", "org", "seam"],
    "rules": ["case_id", "episode", "rule_id"],
    "rule_trend": ["rule_id", "quarter"],
    "seams": ["from_org", "to_org"],
}


def test_every_table_has_its_defined_order(audited: tuple[Path, str]) -> None:
    report, _ = audited
    for name, keys in TABLE_ORDER.items():
        rows = pq.read_table(report / "data" / f"{name}.parquet").select(keys).to_pylist()
        got = [tuple((v is None, v) for v in r.values()) for r in rows]
        assert got == sorted(got), name
    protocol_order = [
        r["rule_id"] for r in pq.read_table(report / "data" / "rule_summary.parquet").to_pylist()
    ]
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    assert protocol_order == [r["id"] for r in record["criteria"]["rules"]]
    sample = list(csv.DictReader((report / "sample.csv").open(encoding="utf-8")))
    assert [int(r["nr"]) for r in sample] == list(range(1, len(sample) + 1))


def test_not_applicable_judgements_are_kept(audited: tuple[Path, str]) -> None:
    """Every (case, rule) pair has a row: a rule that never applied to a case says so."""
    report, _ = audited
    rules = pq.read_table(report / "data" / "rules.parquet")
    cases = pq.read_table(report / "data" / "cases.parquet").num_rows
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    assert rules.num_rows == cases * len(record["criteria"]["rules"])
    assert "not_applicable" in set(rules.column("status").to_pylist())


def test_the_output_folder_records_data_end_and_protocol(audited: tuple[Path, str]) -> None:
    report, _ = audited
    run = json.loads((report / "data" / "run.json").read_text(encoding="utf-8"))
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    assert run["data_end"] == "2024-12-31T23:00:00+00:00"
    assert run["protocol"] == record["criteria"]["cite"]
    assert (
        run["protocol_sha256"] == record["criteria"]["sha256"] and len(run["protocol_sha256"]) == 64
    )
    assert run["times"].startswith("UTC")


def test_every_total_agrees_when_counted_two_ways(audited: tuple[Path, str]) -> None:
    """Each total of the record, recounted from the per-case tables and the chain log, and
    found again in the Markdown, the HTML and the console."""
    from ketenmining.audit import fmt

    report, console = audited
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    pop, period = record["scope"]["population"], record["scope"]["period"]
    cases = pq.read_table(report / "data" / "cases.parquet").to_pylist()
    rules = pq.read_table(report / "data" / "rules.parquet").to_pylist()
    devs = pq.read_table(report / "data" / "deviations.parquet").to_pylist()
    seams = pq.read_table(report / "data" / "seams.parquet").to_pylist()
    chain = pq.read_table(report.parent / "keten.parquet")
    # population: cases, clients, events, running — from the cases table and the chain log
    assert pop["cases"] == len(cases) >= record["sample"]["method"]["population"]
    assert pop["clients"] == len({c["case_id"] for c in cases})
    assert pop["running"] == sum(not c["ended"] for c in cases) == pop["cases"] - pop["ended"]
    left = period["left_out"]
    assert pop["route_events"] == sum(c["events"] for c in cases) <= pop["events"]
    assert pop["events"] + left["before"] + left["after"] == chain.num_rows
    # judgements: overall = per rule = rows of the rules table
    overall = record["degree"]["overall"]
    for status in ("satisfied", "violated", "pending"):
        rows = sum(r["status"] == status for r in rules)
        assert overall[status] == rows == sum(r[status] for r in record["degree"]["rules"])
    assert overall["judgements"] == overall["satisfied"] + overall["violated"]
    # seams: the table's counts are the deviation rows at that seam
    for s in seams:
        name = f"{s['from_org']}→{s['to_org']}"
        assert s["lost"] == sum(d["kind"] == "lost_handover" and d["seam"] == name for d in devs)
    # findings per class: summary = findings = console rows
    for cls, n in record["summary"].items():
        assert n == sum(f["class"] == cls for f in record["findings"])
    assert sum(line.startswith("F") for line in console.splitlines()) == len(record["findings"])
    # the renderings state the same numbers
    md = (report / "audit.md").read_text(encoding="utf-8")
    html = (report / "audit.html").read_text(encoding="utf-8")
    for value in (pop["cases"], pop["clients"], pop["events"]):
        assert fmt.num(value, "nl") in md and fmt.num(value, "nl") in html, value


def _reconcile_html(html: str) -> list[tuple[str, int]]:
    import re

    (body,) = re.findall(r'<table class="facts reconcile">.*?<tbody>(.*?)</tbody>', html, re.S)
    return [
        (label.strip(), int(num.replace(".", "")))
        for label, num in re.findall(r"<tr><td[^>]*>(.*?)</td><td[^>]*>([\d.]+)</td></tr>", body)
    ]


def _reconcile_md(md: str) -> list[tuple[str, int]]:
    part = md.split("### Aansluiting: van gelezen rijen naar zaken\n", 1)[1].split("\n### ", 1)[0]
    rows = [line.strip("|").split("|") for line in part.splitlines() if line.startswith("| ")]
    return [(label.strip(), int(num.strip().replace(".", ""))) for label, num in rows[1:]]


def test_the_reconciliation_adds_up_from_rows_read_to_cases(audited: tuple[Path, str]) -> None:
    """Rows read → set aside → ignored → other → events → cases, from the stitch's own record."""
    report, _ = audited
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    quality = json.loads((report.parent / "keten.quality.json").read_text(encoding="utf-8"))
    counts = record["method"]["counts"]
    sources = quality["sources"]
    assert counts["rows_read"] == sum(s["rows_read"] for s in sources)
    assert counts["rejected"] == sum(sum(s["rejected"].values()) for s in sources)
    assert counts["ignored"] == sum(s["ignored_rows"] for s in sources) > 0  # the schools'
    assert counts["chain_events"] == quality["events"]
    chain = pq.read_table(report.parent / "keten.parquet")
    assert counts["chain_events"] == chain.num_rows
    assert (
        counts["rows_read"] - counts["rejected"] - counts["ignored"] - counts["other"]
        == counts["chain_events"]
    )
    assert counts["chain_events"] - counts["left_out"] == counts["events"]
    assert counts["ended"] + counts["running"] == counts["cases"]
    # each source's row adds up too (the schools' ignored rows are no longer unexplained)
    for s in record["method"]["sources"]:
        assert s["rows_read"] - s["rejected"] - s["ignored"] - s["other"] == s["events"]
    # the HTML and the Markdown show that table, and every number in it is the tally's
    keys = ["rows_read", "rejected", "ignored", "other", "chain_events", "left_out", "events"]
    keys += ["clients", "cases", "ended", "running"]
    html = (report / "audit.html").read_text(encoding="utf-8")
    md = (report / "audit.md").read_text(encoding="utf-8")
    for rows in (_reconcile_html(html), _reconcile_md(md)):
        assert [n for _, n in rows] == [counts[k] for k in keys]


def test_every_count_of_events_clients_and_cases_in_the_report_is_the_tallys(
    audited: tuple[Path, str],
) -> None:
    """Wherever HTML, Markdown or a map names events, clients or cases of the chain, the
    number is the tally's (and the name is the same: no "stappen", no "trajecten")."""
    import html as htmllib
    import re

    from ketenmining.audit import fmt

    report, _ = audited
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    counts = record["method"]["counts"]
    html = (report / "audit.html").read_text(encoding="utf-8")
    md = (report / "audit.md").read_text(encoding="utf-8")
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", html))
    n = {k: fmt.num(counts[k], "nl") for k in counts if counts[k] is not None}
    population = f"{n['clients']} cliënten, {n['cases']} zaken ({n['ended']} afgerond, "
    population += f"{n['running']} lopend), {n['events']} gebeurtenissen"
    real_map = f"{n['clients']} cliënten · {n['cases']} zaken · {n['events']} gebeurtenissen"
    for rendering in (text, md):
        assert population in rendering
        # every "N gebeurtenissen" is the number of events audited or of the chain log
        found = re.findall(r"([\d.]+) gebeurtenissen", rendering)
        assert found
        assert {int(x.replace(".", "")) for x in found} <= {
            counts["events"],
            counts["chain_events"],
        }
        assert "uitgevoerde stappen" not in rendering
        assert "traject" not in rendering
    assert real_map in text
    # the route map marks the missing report as often as the finding and the seam table
    (rule,) = [r for r in record["degree"]["rules"] if r["id"] == "MELDING-OPGEPAKT"]
    lost = rule["violated"]
    assert f"ontbreekt in {fmt.num(lost, 'nl')} zaken" in text
    assert f"{fmt.num(lost, 'nl')} nooit opgepakt" in text


def test_the_markdown_report_has_the_content_of_the_html(audited: tuple[Path, str]) -> None:
    """Same sections (every HTML heading but the finding titles) and the same key content:
    classification, linkage, strata, sign-off, maps, reconciliation, per-rule numbers."""
    import html as htmllib
    import re

    from ketenmining.audit import fmt

    report, _ = audited
    record = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    html = (report / "audit.html").read_text(encoding="utf-8")
    md = (report / "audit.md").read_text(encoding="utf-8")
    titles = {f["title"]["nl"] for f in record["findings"]}
    headings = [
        htmllib.unescape(h).strip()
        for h in re.findall(r"<h[23][^>]*>([^<]+)", html)
        if htmllib.unescape(h).strip() not in titles
    ]
    md_headings = {
        line.lstrip("#").strip() for line in md.splitlines() if re.match(r"#{2,3} ", line)
    }
    assert len(headings) > 30
    assert [h for h in headings if h not in md_headings] == []
    # every finding, every stratum of the selection, and each rule's counts as in the HTML
    for f in record["findings"]:
        assert f"### {f['id']} ·" in md
    for stratum in record["sample"]["method"]["strata"]:
        label = stratum["stratum"].split(" · ")[0]
        assert label in md
    for r in record["degree"]["rules"]:
        row = [r["id"], fmt.num(r["satisfied"] + r["violated"], "nl"), fmt.num(r["violated"], "nl")]
        assert any(all(f"| {c} |" in line for c in row) for line in md.splitlines()), r["id"]
    for words in ("Classificatie", "Koppeling van cliënten", "Handtekening", "Kaarten"):
        assert words in md and words in html


def test_the_report_speaks_as_auditors_write_and_is_laid_out_for_signing(
    audited: tuple[Path, str],
) -> None:
    """ISO 19011 wording and layout bullets of issue 16, on the example chain's report."""
    report, _ = audited
    html = (report / "audit.html").read_text(encoding="utf-8")
    md = (report / "audit.md").read_text(encoding="utf-8")
    for text in (html, md):
        assert "geen certificatie (ISO 9001 certificeert organisaties, geen ketenroute)" in text
        assert "Norm: in alle zaken (100 %)" in text
        assert "Eigenaar van de eis" in text
        assert "op een moment dat de route niet voorziet" in text
        assert "Buiten de reikwijdte (geen gegevens aangeleverd): JGZ" in text
        assert "binnen 6 weken een oorzaakanalyse" in text and "na 3 maanden getoetst" in text
        assert "volgende audit" in text
        for word in ("verloren", "optimale alignments", "met als norm dat ten minste"):
            assert word not in text, word
    # layout: summary first, maps before the sign-off, the sign-off on a page of its own,
    # no page break per finding, a glossary with the report's terms
    order = [html.index(h) for h in ("Managementsamenvatting", "10. Kaarten", "Vaststelling")]
    assert order == sorted(order)
    assert 'class="sigpage' in html
    findings = html[html.index("1. Bevindingen") : html.index("2. Resultaten dossieronderzoek")]
    assert "newpage" not in findings
    glossary = md.split("## Begrippen", 1)[1]
    for term in ("Zaak", "Episode", "Variant", "Naad", "Pseudoniem", "Lopend"):
        assert term in glossary, term
