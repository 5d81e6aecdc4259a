"""Renderers of the audit record: self-contained HTML, Markdown, JSON, JUnit; summary; --fail-on."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pytest
from rich.console import Console

from ketenmining.audit.fail_on import fail_exit_code
from ketenmining.audit.record import build_record
from ketenmining.errors import ExitCode, KetenError
from ketenmining.report.audit import FILE_NAMES, RENDERERS, write_audit
from ketenmining.report.audit_common import sample_csv
from ketenmining.report.audit_summary import summary_table, summary_text

from .synth import KEY, example_protocol, quality_record, synth_result, valid_bsns

EVIL_SVG = (
    '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)"><script>alert(2)</script>'
    '<a xlink:href="https://example.org/x"><text>melding</text></a>'
    '<image href="http://example.org/i.png"/></svg>'
)


@pytest.fixture(scope="module")
def record():
    from ketenmining.audit.provenance import provenance_record

    return build_record(
        synth_result(),
        example_protocol(),
        quality=quality_record(),
        maps={"route": EVIL_SVG, "real": '<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>'},
        provenance=provenance_record(["ketenmining", "audit", "--key-file", "/k/sleutel.key"]),
        chain={"name": "Midden-Brabant"},
    )


def test_renderers_are_a_dict_by_format():
    assert set(RENDERERS) == {"html", "md", "json", "junit"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_is_one_self_contained_file(record, lang):
    page = RENDERERS["html"](record, lang)
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.I)
    assert "@import" not in page and "url(" not in page
    assert "<link" not in page.lower()
    assert not re.search(r"\son[a-z]+\s*=", page)  # no event handlers from the SVG
    assert "<!DOCTYPE svg" not in page and "<?xml" not in page
    assert page.count("<svg") >= 2  # both maps inline (plus trend charts)
    assert "@page" in page and "counter(page)" in page  # A4 print layout with page numbers
    assert "break-before: page" in page and "break-inside: avoid" in page


def test_html_marks_every_page_confidential_and_puts_the_summary_first(record):
    page = RENDERERS["html"](record, "nl")
    assert '@top-right { content: "VERTROUWELIJK"' in page
    assert "gepseudonimiseerde persoonsgegevens" in page
    summary = page.index("Managementsamenvatting")
    assert summary < page.index("Naleving per criterium") < page.index("1. Bevindingen")
    assert page.index("1. Bevindingen") < page.index("4. Auditdoelstellingen")
    assert page.index("10. Kaarten") < page.index("Handtekening") < page.index("Bijlage A")
    for f in record["findings"]:
        assert f'id="{f["id"]}"' in page
    for heading in ("Reikwijdte", "Auditcriteria", "Auditmethode", "Conclusies", "Beperkingen",
                    "Verificatieselectie voor dossieronderzoek", "Herleidbaarheid", "Handtekening"):  # fmt: skip
        assert heading in page, heading
    en = RENDERERS["html"](record, "en")
    assert "Management summary" in en and "CONFIDENTIAL" in en and "Major nonconformity" in en


def test_markdown_has_every_section_and_finding(record):
    md = RENDERERS["md"](record, "nl")
    assert md.startswith("> **VERTROUWELIJK**")
    for f in record["findings"]:
        assert f"### {f['id']} ·" in md
    for part in ("## Managementsamenvatting", "## 1. Bevindingen", "## 4. Auditdoelstellingen",
                 "## 9. Beperkingen", "## 10. Kaarten", "Handtekening", "Bijlage A", "Bijlage B",
                 "Classificatie", "Koppeling", "**Eis:**", "**Objectief bewijs:**"):  # fmt: skip
        assert part in md, part
    # the body cites selection numbers; the pseudonyms are only in sample.csv
    for row in record["sample"]["rows"]:
        assert f"| {row['label']} |" in md
        assert row["case_id"] not in md


def test_json_is_the_record(record):
    assert json.loads(RENDERERS["json"](record, "nl")) == json.loads(json.dumps(record))


def test_junit_has_one_testcase_per_rule_failing_on_nonconformities(record):
    xml = RENDERERS["junit"](record, "nl")
    root = ET.fromstring(xml.encode("utf-8"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(record["criteria"]["rules"]) == 12
    failing = {c.get("name").split(":")[0] for c in cases if c.find("failure") is not None}
    expected = {
        rid
        for f in record["findings"]
        if f["class"] in ("major", "minor")
        for rid in f["criterion"]["rules"]
    }
    assert failing == expected and failing
    assert root.get("failures") == str(len(expected))
    passing_with_ofi = next(c for c in cases if c.get("name").startswith("MONITORING-3M"))
    assert passing_with_ofi.find("failure") is None
    assert "Verbeterpunt" in passing_with_ofi.findtext("system-out")


def test_junit_skips_rules_nothing_applied_to():
    from .synth import Synth

    plan = Synth().plan
    del plan["RAAD-6W"]
    record = build_record(synth_result(Synth(plan=plan)), example_protocol())
    root = ET.fromstring(RENDERERS["junit"](record, "en").encode("utf-8"))
    raad = next(c for c in root.iter("testcase") if c.get("name").startswith("RAAD-6W"))
    assert raad.find("skipped") is not None


def test_no_raw_identifier_in_any_output(record):
    from ketenmining.privacy.pseudonym import pseudonym

    bsns = valid_bsns(480)
    outputs = [RENDERERS[f](record, lang) for f in RENDERERS for lang in ("nl", "en")]
    outputs += [sample_csv(record, "nl"), summary_text(record, "nl")]
    for text in outputs:
        for bsn in bsns:
            assert bsn not in text
        assert "sleutel.key" not in text
    # the ids that do appear are the pseudonyms of those BSNs
    pseudonyms = {pseudonym(KEY, b) for b in bsns}
    assert {r["case_id"] for r in record["sample"]["rows"]} <= pseudonyms
    assert {s["case_id"] for f in record["findings"] for s in f["sample"]} <= pseudonyms


def test_write_audit_writes_all_formats_and_the_sample(record, tmp_path):
    paths = write_audit(record, tmp_path / "rapport", ["html", "md", "json", "junit"], "nl")
    names = sorted(p.name for p in paths)
    per_org = [f"sample-{o['code']}.csv" for o in record["scope"]["organisations"]]
    assert per_org
    assert names == sorted([*FILE_NAMES.values(), "sample.csv", *per_org])
    assert all(p.stat().st_size > 0 for p in paths)
    with pytest.raises(KetenError):
        write_audit(record, tmp_path / "niets", ["pdf"], "nl")
    assert not (tmp_path / "niets" / "sample.csv").exists()


def test_summary_table_and_text(record):
    text = summary_text(record, "nl")
    for f in record["findings"]:
        assert f["id"] in text
    assert "observatie" in text and "naad" in text
    table = summary_table(record, "en")
    assert table.row_count == len(record["findings"])
    console = Console(width=140, record=True, color_system=None)
    console.print(table)
    assert "Major nonconformity" in console.export_text()


def _with_classes(*classes):
    return {"findings": [{"class": c} for c in classes]}


@pytest.mark.parametrize(
    ("classes", "fail_on", "code"),
    [
        (("major", "ofi"), "major", ExitCode.FINDINGS),
        (("minor", "observation"), "major", ExitCode.OK),
        (("minor",), "minor", ExitCode.FINDINGS),
        (("major",), "minor", ExitCode.FINDINGS),
        (("observation", "ofi"), "minor", ExitCode.OK),
        (("major",), "never", ExitCode.OK),
        ((), "major", ExitCode.OK),
    ],
)
def test_fail_on_decides_the_exit_code(classes, fail_on, code):
    assert fail_exit_code(_with_classes(*classes), fail_on) == code


def test_fail_on_rejects_an_unknown_class():
    with pytest.raises(KetenError):
        fail_exit_code(_with_classes("major"), "observation")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_hostile_title_stays_text_in_the_html_and_its_style_sheet(record, lang):
    import copy

    evil = copy.deepcopy(record)
    evil["title"][lang] = "</style><script>alert(1)</script> O'Neil"
    page = RENDERERS["html"](evil, lang)
    assert "<script" not in page.lower()
    assert page.count("</style>") == page.count("<style>")  # the header text closes nothing
    escaped = "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt; O"
    assert f"<title>{escaped}&#x27;Neil – " in page  # html.escape, as the body always was
    assert f"<h1>{escaped}&#39;Neil</h1>" in page  # the front pages' template (markupsafe)
