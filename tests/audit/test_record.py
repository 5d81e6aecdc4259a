"""The audit record: schema, ISO 19011 structure, provenance without secrets, settings file."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest

from ketenmining.audit.provenance import file_entry, provenance_record, sanitise_argv
from ketenmining.audit.record import build_record, record_schema
from ketenmining.audit.settings import AuditSettings, load_settings
from ketenmining.errors import KetenError

from .synth import Synth, example_protocol, quality_record, synth_result


def _record(**kw):
    return build_record(synth_result(kw.pop("synth", None)), example_protocol(), **kw)


@pytest.mark.parametrize("with_quality", [True, False])
def test_generated_records_validate_against_the_shipped_schema(with_quality):
    record = _record(
        quality=quality_record() if with_quality else None,
        provenance=provenance_record(["ketenmining", "audit"], [file_entry("protocol", None)]),
        maps={"route": "<svg/>", "real": None},
        chain={"name": "Midden-Brabant", "auditor": "A. Auditor"},
    )
    jsonschema.Draft202012Validator(record_schema()).validate(record)


def test_the_schema_rejects_a_record_that_breaks_it():
    record = _record()
    record["findings"][0]["class"] = "catastrophic"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, record_schema())
    record = _record()
    del record["sampling_statement"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, record_schema())


def test_record_follows_iso_19011_and_is_marked_confidential():
    record = _record(quality=quality_record())
    for part in ("objectives", "scope", "criteria", "method", "findings", "conclusions"):
        assert record[part], part
    assert record["confidentiality"]["level"] == "confidential"
    assert "AVG" in record["confidentiality"]["text"]["nl"]
    assert "steekproef" in record["sampling_statement"]["nl"]
    assert "sampling exercise" in record["sampling_statement"]["en"]
    assert record["criteria"]["cite"] == "meldcode-keten-midden-brabant@1.0.0"
    assert record["method"]["sources"][0]["sha256"] == "1" * 64
    assert record["method"]["linkage"]["single_org_clients"] == 40
    assert record["conclusions"]["verdict"] == "not_met"
    assert record["summary"]["major"] >= 1


def test_scope_counts_the_population():
    result = synth_result()
    record = build_record(result, example_protocol())
    pop = record["scope"]["population"]
    ended = sum(result.cases.column("ended").to_pylist())
    assert pop["cases"] == 480
    assert pop["clients"] == 480
    assert pop["ended"] == ended and pop["running"] == 480 - ended
    assert pop["events"] == sum(result.cases.column("events").to_pylist())
    assert [o["code"] for o in record["scope"]["organisations"]] == [
        "HA", "POL", "RvdK", "SCH", "TT", "VT",
    ]  # fmt: skip
    assert record["scope"]["organisations"][-1]["name"] == "Veilig Thuis Midden-Brabant"
    assert record["scope"]["period"]["data_end"] == "2024-12-31T23:00:00+00:00"


def test_degree_overall_per_rule_org_and_seam():
    record = _record()
    d = record["degree"]
    assert d["overall"]["rules"] == 12
    assert (
        d["overall"]["rules_met"] + d["overall"]["rules_not_met"] == d["overall"]["rules_assessed"]
    )
    vt5 = next(r for r in d["rules"] if r["id"] == "VT-5WD")
    assert vt5["met"] is False and vt5["class"] == "major" and vt5["finding"].startswith("F")
    seams = {s["seam"]: s for s in d["per_seam"]}
    assert seams["VT→TT"]["lost"] == 8
    assert seams["VT→TT"]["fitness"] == pytest.approx(0.95)
    orgs = {o["org"]: o for o in d["per_org"]}
    assert orgs["VT"]["fitness"] == pytest.approx(0.985)
    assert orgs["VT"]["cases"] == 480


def test_limitations_name_running_cases_pending_judgements_and_data_quality():
    record = _record(quality=quality_record())
    codes = [lim["code"] for lim in record["limitations"]]
    assert {"recorded", "running", "pending", "DQ001", "DQ006"} <= set(codes)
    assert "DQ007" not in codes  # the clock skew is a finding of its own
    running = next(lim for lim in record["limitations"] if lim["code"] == "running")
    assert "31 december 2024" in running["text"]["nl"]
    assert "no_quality" in [lim["code"] for lim in _record()["limitations"]]


def test_a_rule_without_applicable_cases_is_a_limitation():
    plan = Synth().plan
    del plan["RAAD-6W"]
    record = _record(synth=Synth(plan=plan))
    lim = next(lim for lim in record["limitations"] if lim["code"] == "not_assessed")
    assert "RAAD-6W" in lim["text"]["nl"]


def test_command_line_is_recorded_without_secrets():
    argv = [
        "ketenmining", "audit", "keten.yaml", "--key-file", "/home/q/geheim.key",
        "--ttp-key-file=/srv/ttp.key", "--protocol", "p.yaml", "--case", "123456782",
    ]  # fmt: skip
    clean = sanitise_argv(argv)
    text = " ".join(clean)
    assert "geheim.key" not in text and "ttp.key" not in text
    assert "123456782" not in text  # a valid BSN (elfproef) never goes in the record
    assert clean[:3] == ["ketenmining", "audit", "keten.yaml"]
    assert "--protocol" in clean and "p.yaml" in clean
    assert sanitise_argv(["--seed", "12345678"]) == ["--seed", "12345678"]  # not a valid BSN


def test_provenance_has_hashes_and_time(tmp_path):
    f = tmp_path / "protocol.yaml"
    f.write_text("protocol: x\n")
    now = dt.datetime(2025, 1, 15, 10, 0, tzinfo=dt.UTC)
    prov = provenance_record(["ketenmining"], [file_entry("protocol", f)], "NL", now)
    import hashlib

    assert prov["inputs"][0]["sha256"] == hashlib.sha256(b"protocol: x\n").hexdigest()
    assert prov["created"] == "2025-01-15T10:00:00+00:00"
    assert prov["tool"] == "ketenmining" and prov["version"]


def test_settings_file_with_shares_and_counts(tmp_path):
    path = tmp_path / "audit.yaml"
    path.write_text("escalate_gap: 25%\nminors_to_major: 4\nexpected_rate: observed\nseed: 7\n")
    s = load_settings(path)
    assert s == AuditSettings(escalate_gap=0.25, minors_to_major=4, expected_rate=None, seed=7)
    assert load_settings(None) == AuditSettings()


def test_settings_file_reports_every_problem_with_its_position(tmp_path):
    path = tmp_path / "audit.yaml"
    path.write_text("escalate_gap: lots\nminors_to_major: 1\nconfidence: 100%\nsneaky: 1\n")
    with pytest.raises(KetenError) as err:
        load_settings(path)
    lines = err.value.lines()
    assert len(lines) == 4
    assert f"{path}:1:15" in lines[0] and "escalate_gap" in lines[0]
    assert f"{path}:2:18" in lines[1] and "minimum" in lines[1]
    assert f"{path}:3:13" in lines[2]
    assert "unknown audit setting 'sneaky'" in lines[3] and "known settings" in lines[3]
