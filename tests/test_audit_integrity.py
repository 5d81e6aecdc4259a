"""Audit integrity on small hand-made chains and public logs in quick mode (issue 10).

Every judgement the audit, conform and protocol commands make must be true,
complete and stated with its limits. These tests run the commands the way a
new user does: one CSV, no ``--data-end``, no stitched chain log.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import PUBLIC_LOGS, REPO

from ketenmining.cli import main

BASE = REPO / "tests" / "fixtures" / "protocols" / "base.yaml"
QUICK = ["--case", "zaak", "--activity", "stap", "--timestamp", "tijd", "--org", "org"]

#: A small chain on the steps of the base protocol: A conforms, B is late, C is still running.
MINI = """zaak,stap,tijd,org
A,melding_gedaan,2024-03-01T09:00:00+01:00,HA
A,melding,2024-03-04T09:00:00+01:00,VT
A,beoordeling,2024-03-06T09:00:00+01:00,VT
A,afsluiting,2024-03-20T09:00:00+01:00,VT
B,melding_gedaan,2024-05-01T09:00:00+02:00,SCH
B,melding,2024-05-02T09:00:00+02:00,VT
B,beoordeling,2024-05-20T09:00:00+02:00,VT
B,afsluiting,2024-05-30T09:00:00+02:00,VT
C,melding_gedaan,2024-12-30T09:00:00+01:00,HA
"""


def _csv(tmp_path: Path, text: str = MINI, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(args: list[object]):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def test_quick_mode_conform_without_data_end(tmp_path: Path) -> None:
    """A CSV, a protocol and no --data-end: the data end is the last event (DuckDB 2 safe)."""
    out = tmp_path / "c"
    result = _run(["conform", _csv(tmp_path), *QUICK, "--protocol", BASE, "-o", f"{out}/"])
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    cases = pq.read_table(out / "cases.parquet").to_pylist()
    assert [c["case_id"] for c in cases] == ["A", "B", "C"]
    assert [c["ended"] for c in cases] == [True, True, False]  # C is running at the data end


def test_quick_mode_audit_without_data_end(tmp_path: Path) -> None:
    out = tmp_path / "a"
    result = _run(["audit", _csv(tmp_path), *QUICK, "--protocol", BASE, "-o", out, "--lang", "en"])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert record["scope"]["period"]["data_end"].startswith("2024-12-30")
    assert [f["criterion"]["rules"] for f in record["findings"]] == [["VT-5WD"]]


@pytest.mark.public_logs("running-example.csv", "running-example.pnml")
def test_quick_mode_conform_of_a_public_log_without_data_end(tmp_path: Path) -> None:
    """running-example.csv against its own PNML in quick mode: every case fits."""
    log = PUBLIC_LOGS / "running-example.csv"
    args = ["--case", "case:concept:name", "--activity", "concept:name"]
    args += ["--timestamp", "time:timestamp"]
    out = tmp_path / "c.json"
    model = PUBLIC_LOGS / "running-example.pnml"
    result = _run(["conform", log, *args, "--model", model, "-o", out, "--lang", "en"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["cases"]) == 6 and all(c["fitness"] == 1.0 for c in doc["cases"])


def test_no_result_is_left_unfinished_on_a_connection() -> None:
    """DuckDB 2 keeps a connection busy until a result from execute() is fetched to the end."""
    from ketenmining.engine import connect, scalar

    con = connect()
    con.execute("CREATE TABLE t AS SELECT * FROM range(5) r(x)")
    assert scalar(con, "SELECT max(x) FROM t") == 4
    assert con.sql("SELECT count(*) FROM t").fetchall() == [(5,)]  # the connection is free
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "ketenmining").rglob("*.py")
        if ".fetchone(" in p.read_text(encoding="utf-8")
        or ".fetchmany(" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_a_running_case_with_only_a_report_is_not_an_extra_report(tmp_path: Path) -> None:
    """The prefix alignment of a running case explains its events, not away (no 'extra melding').

    With pm4py's silent-move cost of 1, skipping the optional first step costs one more
    than calling the report itself a stray event, so the cheapest explanation of a case
    whose only event is the report was "extra melding". The case may still run: only
    what has become due counts — here the report that should have come before it.
    """
    from support import PROTOCOL

    text = """zaak,stap,tijd,org
A,melding_gedaan,2024-03-01T09:00:00+01:00,HA
A,melding,2024-03-04T09:00:00+01:00,VT
A,veiligheidsbeoordeling,2024-03-06T09:00:00+01:00,VT
A,afsluiting,2024-03-20T09:00:00+01:00,VT
C,melding_gedaan,2024-12-30T09:00:00+01:00,HA
D,melding,2024-12-30T10:00:00+01:00,VT
"""
    out = tmp_path / "c"
    result = _run(
        ["conform", _csv(tmp_path, text), *QUICK, "--protocol", PROTOCOL, "-o", f"{out}/"]
    )
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    deviations = pq.read_table(out / "deviations.parquet").to_pylist()
    assert [(d["case_id"], d["kind"], d["step"]) for d in deviations] == [
        ("D", "skipped", "melding_gedaan")
    ]
    cases = {c["case_id"]: c for c in pq.read_table(out / "cases.parquet").to_pylist()}
    assert cases["C"]["n_deviations"] == 0 and cases["C"]["fitness"] == 1.0


# --- keten.yaml against its protocol ------------------------------------------------------

KETEN = """keten: mini
protocol: {protocol}
organisations: {{HA: Huisarts, VT: Veilig Thuis}}
sources:
  - id: ha
    org: HA
    path: ha.csv
    client_id: {{column: zaak, kind: opaque}}
    columns: {{activity: stap, timestamp: tijd}}
    activities:
      Melding gedaan: melding_gedaan
  - id: vt
    org: VT
    path: vt.csv
    client_id: {{column: zaak, kind: opaque}}
    columns: {{activity: stap, timestamp: tijd}}
    activities:
      Melding ontvangen: melding
      Beoordeling: {beoordeling}
      Afsluiting: afsluiting
"""


def _chain(tmp_path: Path, protocol: str = "proto.yaml", beoordeling: str = "beoordeling") -> Path:
    (tmp_path / "proto.yaml").write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    p1, p2 = "Z1", "Z2"
    key = tmp_path / "keten.key"
    assert _run(["key", "new", key]).exit_code == 0
    (tmp_path / "ha.csv").write_text(
        f"zaak,stap,tijd\n{p1},Melding gedaan,2024-03-01T09:00:00+01:00\n"
        f"{p2},Melding gedaan,2024-05-01T09:00:00+02:00\n",
        encoding="utf-8",
    )
    (tmp_path / "vt.csv").write_text(
        f"zaak,stap,tijd\n{p1},Melding ontvangen,2024-03-04T09:00:00+01:00\n"
        f"{p1},Beoordeling,2024-03-06T09:00:00+01:00\n{p1},Afsluiting,2024-03-20T09:00:00+01:00\n"
        f"{p2},Melding ontvangen,2024-05-02T09:00:00+02:00\n"
        f"{p2},Beoordeling,2024-05-20T09:00:00+02:00\n{p2},Afsluiting,2024-05-30T09:00:00+02:00\n",
        encoding="utf-8",
    )
    path = tmp_path / "keten.yaml"
    path.write_text(KETEN.format(protocol=protocol, beoordeling=beoordeling), encoding="utf-8")
    return path


def _one_line_error(result, *texts: str) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("error"), result.stderr
    for text in texts:
        assert text in result.stderr, result.stderr
    return result.stderr


def test_a_mapped_step_the_protocol_lacks_is_an_error_with_position(tmp_path: Path) -> None:
    config = _chain(tmp_path, beoordeling="beoordelling")
    out = tmp_path / "keten.parquet"
    result = _run(["stitch", "--internal", config, "--key-file", tmp_path / "keten.key", "-o", out])
    err = _one_line_error(result, "beoordelling", "did you mean 'beoordeling'?")
    assert "keten.yaml:19:20" in err  # the step id's line:column in keten.yaml
    assert not out.exists()
    key = ["--key-file", tmp_path / "keten.key"]
    result = _run(["audit", config, *key, "--protocol", BASE, "-o", tmp_path / "a"])
    _one_line_error(result, "beoordelling")


def test_a_wrong_protocol_path_in_the_config_is_an_error(tmp_path: Path) -> None:
    config = _chain(tmp_path, protocol="protocols/meldcode.yaml")
    result = _run(["stitch", "--internal", config, "-o", tmp_path / "keten.parquet"])
    _one_line_error(result, "protocol file not found: protocols/meldcode.yaml", "keten.yaml:2:")


def test_a_protocol_step_no_source_maps_is_named_by_stitch_and_audit(tmp_path: Path) -> None:
    """onderzoek, overdracht, intake, terugverwijzing: no source exports them."""
    config = _chain(tmp_path)
    out = tmp_path / "keten.parquet"
    key = ["--key-file", tmp_path / "keten.key"]
    result = _run(["stitch", "--internal", config, *key, "-o", out, "--lang", "en"])
    assert result.exit_code == 0, result.output
    missing = "intake, onderzoek, overdracht, terugverwijzing"
    assert missing in result.output
    quality = json.loads((tmp_path / "keten.quality.json").read_text(encoding="utf-8"))
    assert [f["data"]["steps"] for f in quality["findings"] if f["code"] == "DQ010"] == [missing]
    audit = tmp_path / "a"
    result = _run(["audit", out, "--protocol", BASE, "-o", audit, "--lang", "en"])
    assert result.exit_code == 0, result.output
    record = json.loads((audit / "audit.json").read_text(encoding="utf-8"))
    limits = {lim["code"]: lim["text"]["en"] for lim in record["limitations"]}
    # the rules on those steps are a limitation of the data, not a nonconformity
    assert missing in limits["data_limited"]
    assert "ONDERZOEK-10W, WARM" in limits["data_limited"]
    assert record["conclusions"]["assessment"] == "partial"
    rules = {r["id"]: r for r in record["degree"]["rules"]}
    assert rules["WARM"]["met"] is None and rules["ONDERZOEK-10W"]["met"] is None
    import pyarrow.parquet as pq

    devs = pq.read_table(audit / "data" / "deviations.parquet").to_pylist()
    assert not [d for d in devs if d["kind"] == "skipped" and d["step"] in missing.split(", ")]


# --- criteria without evidence ----------------------------------------------------------


def test_a_criterion_without_evidence_makes_the_conclusion_partial(tmp_path: Path) -> None:
    """No case reached the intake: the major rule WARM is not assessed, so the route is only
    partly judged — the conclusion may not say that the route meets the criteria."""
    proto = tmp_path / "p.yaml"
    text = BASE.read_text(encoding="utf-8").replace(
        "    text: Intake binnen 10 werkdagen na overdracht\n",
        "    text: Intake binnen 10 werkdagen na overdracht\n    severity: major\n",
    )
    proto.write_text(text, encoding="utf-8")
    log = _csv(tmp_path, "\n".join(line for line in MINI.splitlines() if not line.startswith("B,")))
    out = tmp_path / "a"
    result = _run(["audit", log, *QUICK, "--protocol", proto, "-o", out, "--lang", "en"])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    concl = record["conclusions"]
    assert record["findings"] == [] and concl["verdict"] == "met"
    assert concl["assessment"] == "partial"
    assert concl["not_assessed"] == ["ONDERZOEK-10W", "WARM"]
    for lang, partly, wrong in (
        ("en", "could only be partly judged", "The route meets the audit criteria"),
        ("nl", "kon maar gedeeltelijk worden beoordeeld", "De route voldoet aan de auditcriteria"),
    ):
        assert partly in concl["text"][lang] and "WARM" in concl["text"][lang]
        assert not concl["text"][lang].startswith(wrong), concl["text"][lang]
    assert "1 major" in concl["text"]["en"]
    limits = {lim["code"]: lim["text"]["en"] for lim in record["limitations"]}
    assert "ONDERZOEK-10W, WARM" in limits["not_assessed"]
    md = (out / "audit.md").read_text(encoding="utf-8")
    assert "kon maar gedeeltelijk worden beoordeeld" in md or "partly judged" in md


def test_a_rule_on_a_step_no_source_exports_is_not_a_nonconformity(tmp_path: Path) -> None:
    """No source exports the assessment: VT-5WD (major) cannot be judged, not "violated"."""
    config = _chain(tmp_path)
    text = config.read_text(encoding="utf-8").replace("      Beoordeling: beoordeling\n", "")
    config.write_text(text, encoding="utf-8")
    vt = tmp_path / "vt.csv"
    rows = vt.read_text(encoding="utf-8").splitlines()
    vt.write_text("\n".join(r for r in rows if ",Beoordeling," not in r) + "\n", encoding="utf-8")
    key = ["--key-file", tmp_path / "keten.key"]
    out = tmp_path / "a"
    result = _run(["audit", config, *key, "--protocol", BASE, "-o", out, "--lang", "en"])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert record["findings"] == []
    rules = {r["id"]: r for r in record["degree"]["rules"]}
    assert rules["VT-5WD"]["met"] is None and rules["VT-5WD"]["violated"] == 0
    limits = {lim["code"]: lim["text"]["en"] for lim in record["limitations"]}
    assert "beoordeling" in limits["data_limited"] and "VT-5WD" in limits["data_limited"]
    assert "VT-5WD" not in limits.get("not_assessed", "")  # another reason than "no case"
    assert "VT-5WD" in record["conclusions"]["not_assessed"]
    import pyarrow.parquet as pq

    cases = pq.read_table(out / "data" / "cases.parquet").to_pylist()
    assert [c["n_deviations"] for c in cases] == [0, 0]  # the missing step is no skip
    statuses = {
        r["status"]
        for r in pq.read_table(out / "data" / "rules.parquet").to_pylist()
        if r["rule_id"] == "VT-5WD"
    }
    assert statuses == {"not_assessed"}


# --- the audit period ---------------------------------------------------------------------


def test_the_configured_period_is_the_audit_scope(tmp_path: Path) -> None:
    """period: March–April 2024 — client Z2 (May, 4 events) is outside: left out, and the report says so."""
    config = _chain(tmp_path)
    text = config.read_text(encoding="utf-8").replace(
        "protocol: proto.yaml\n",
        "protocol: proto.yaml\nperiod: {from: 2024-02-01, to: 2024-04-30}\n",
    )
    config.write_text(text, encoding="utf-8")
    key = ["--key-file", tmp_path / "keten.key"]
    out = tmp_path / "keten.parquet"
    assert _run(["stitch", "--internal", config, *key, "-o", out]).exit_code == 0
    for log in (out, config):
        audit = tmp_path / f"a-{log.suffix[1:]}"
        args = ["audit", log, *key, "--protocol", BASE, "-o", audit, "--lang", "en"]
        result = _run(args)
        assert result.exit_code == 0, result.output
        record = json.loads((audit / "audit.json").read_text(encoding="utf-8"))
        period = record["scope"]["period"]
        assert (period["from"], period["to"]) == ("2024-02-01", "2024-04-30")
        assert period["left_out"] == {"before": 0, "after": 4}
        assert record["scope"]["population"]["cases"] == 1
        assert record["scope"]["population"]["events"] == 4
        limits = {lim["code"]: lim["text"]["en"] for lim in record["limitations"]}
        assert "4 events after" in limits["period"]
        md = (audit / "audit.md").read_text(encoding="utf-8")
        assert "1 February 2024" in md and "30 April 2024" in md


def test_cohort_uses_the_attribute_names_of_the_config(tmp_path: Path) -> None:
    """keten.yaml names the attribute 'werkwijze': that is what --cohort takes and suggests."""
    config = _chain(tmp_path)
    text = config.read_text(encoding="utf-8").replace(
        "    columns: {activity: stap, timestamp: tijd}\n    activities:\n      Melding ontvangen",
        "    columns: {activity: stap, timestamp: tijd, attributes: {werkwijze: wijze}}\n"
        "    activities:\n      Melding ontvangen",
    )
    config.write_text(text, encoding="utf-8")
    vt = tmp_path / "vt.csv"
    rows = vt.read_text(encoding="utf-8").splitlines()
    vt.write_text(
        "\n".join(
            [rows[0] + ",wijze"] + [r + (",nieuw" if "Z1" in r else ",oud") for r in rows[1:]]
        )
        + "\n",
        encoding="utf-8",
    )
    key = ["--key-file", tmp_path / "keten.key"]
    out = tmp_path / "keten.parquet"
    assert _run(["stitch", "--internal", config, *key, "-o", out]).exit_code == 0, "stitch"
    audit = tmp_path / "a"
    args = ["audit", out, "--protocol", BASE, "-o", audit, "--cohort", "werkwijze=nieuw"]
    result = _run(args)
    assert result.exit_code == 0, result.output
    record = json.loads((audit / "audit.json").read_text(encoding="utf-8"))
    assert record["scope"]["population"]["cases"] == 1
    result = _run(["audit", out, "--protocol", BASE, "-o", audit, "--cohort", "wijze=nieuw"])
    err = _one_line_error(result, "cohort attribute 'wijze' is not in the log", "werkwijze")
    assert "attr_" not in err


# --- one definition of "a deviation of this case" ------------------------------------------

#: The base protocol plus a response rule across the VT→TT seam (tighter than WARM).
SEAM_RULE = """  - id: INTAKE-5WD
    text: Intake binnen 5 werkdagen na overdracht
    response: {from: overdracht, to: intake, within: 5 werkdagen}
"""

DEVIANT = """zaak,stap,tijd,org
L,melding_gedaan,2024-03-01T09:00:00+01:00,HA
L,melding,2024-03-04T09:00:00+01:00,VT
L,beoordeling,2024-03-06T09:00:00+01:00,VT
L,overdracht,2024-03-08T09:00:00+01:00,VT
L,intake,2024-03-19T09:00:00+01:00,TT
L,terugverwijzing,2024-03-25T09:00:00+01:00,TT
L,afsluiting,2024-03-29T09:00:00+01:00,TT
W,melding_gedaan,2024-04-01T09:00:00+02:00,HA
W,melding,2024-04-02T09:00:00+02:00,VT
W,beoordeling,2024-04-03T09:00:00+02:00,TT
W,afsluiting,2024-04-10T09:00:00+02:00,VT
K,melding_gedaan,2024-05-01T09:00:00+02:00,HA
K,melding,2024-05-02T09:00:00+02:00,VT
K,beoordeling,2024-05-03T09:00:00+02:00,VT
K,afsluiting,2024-05-10T09:00:00+02:00,VT
Z,melding_gedaan,2024-11-01T09:00:00+01:00,SCH
"""


def test_one_definition_of_a_deviation_feeds_every_count(tmp_path: Path) -> None:
    """L: intake 7 working days after the handover (INTAKE-5WD missed, WARM met) and a
    referral back to VT that VT never picked up (no handover rule on that step);
    W: the assessment done by TT (not responsible). Every table, total and summary agrees."""
    proto = tmp_path / "p.yaml"
    proto.write_text(
        BASE.read_text(encoding="utf-8").replace("  - id: WARM\n", SEAM_RULE + "  - id: WARM\n"),
        encoding="utf-8",
    )
    out = tmp_path / "c"
    args = ["conform", _csv(tmp_path, DEVIANT), *QUICK, "--protocol", proto, "-o", f"{out}/"]
    result = _run([*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    devs = pq.read_table(out / "deviations.parquet").to_pylist()
    kinds = {(d["case_id"], d["kind"], d["step"]) for d in devs}
    assert ("L", "lost_handover", "terugverwijzing") in kinds  # named per case without a rule
    assert ("L", "late_pickup", "overdracht") in kinds  # the missed response deadline
    assert ("W", "wrong_org", "beoordeling") in kinds
    cases = {c["case_id"]: c for c in pq.read_table(out / "cases.parquet").to_pylist()}
    for cid, case in cases.items():
        mine = [d for d in devs if d["case_id"] == cid and d["kind"] != "joint"]
        assert case["n_deviations"] == len(mine), cid
    assert cases["K"]["n_deviations"] == 0 and cases["W"]["n_deviations"] >= 1
    seams = {
        (s["from_org"], s["to_org"]): s for s in pq.read_table(out / "seams.parquet").to_pylist()
    }
    assert seams[("VT", "TT")]["late"] == 1
    assert seams[("TT", "VT")]["lost"] == 1
    for key, seam in seams.items():
        name = "→".join(key)
        assert seam["lost"] == sum(d["kind"] == "lost_handover" and d["seam"] == name for d in devs)
        assert seam["late"] == sum(d["kind"] == "late_pickup" and d["seam"] == name for d in devs)
    # the console names every kind of deviation, the route ones included
    deviating = sum(1 for c in cases.values() if c["n_deviations"])
    rules = pq.read_table(out / "rules.parquet").to_pylist()
    violated = len({(r["case_id"], r["episode"]) for r in rules if r["status"] == "violated"})
    assert (
        f"Cases with a deviation (route, organisation or seam): {deviating} of {len(cases)}; "
        f"with a violated rule: {violated}"
    ) in result.output
    for kind in ("lost handover", "late pickup", "wrong organisation"):
        assert kind in result.output, result.output
    assert "1 late" in result.output and "1 never picked up" in result.output


def test_a_skipped_role_step_is_not_charged_to_an_uninvolved_member(tmp_path: Path) -> None:
    """No reporter in the case: the skipped report belongs to no one in particular (MELDER is a
    role), so no organisation's fitness pays for it — the fitness record says so."""
    text = """zaak,stap,tijd,org
A,melding_gedaan,2024-03-01T09:00:00+01:00,SCH
A,melding,2024-03-04T09:00:00+01:00,VT
A,beoordeling,2024-03-06T09:00:00+01:00,VT
A,afsluiting,2024-03-20T09:00:00+01:00,VT
N,melding,2024-04-02T09:00:00+02:00,VT
N,beoordeling,2024-04-03T09:00:00+02:00,VT
N,afsluiting,2024-04-10T09:00:00+02:00,VT
Z,melding_gedaan,2024-11-01T09:00:00+01:00,SCH
"""
    out = tmp_path / "c"
    result = _run(["conform", _csv(tmp_path, text), *QUICK, "--protocol", BASE, "-o", f"{out}/"])
    assert result.exit_code == 0, result.output
    fitness = json.loads((out / "fitness.json").read_text(encoding="utf-8"))
    assert "HA" not in fitness["per_org"]  # the first member of MELDER took no part
    assert fitness["per_org"]["SCH"] == 1.0 and fitness["per_org"]["VT"] == 1.0
    assert fitness["uncharged"] == {"melding_gedaan": 1}


@pytest.mark.public_logs("sepsis.csv")
def test_a_quick_mode_model_is_mined_from_every_route_inside_the_chain(tmp_path: Path) -> None:
    """sepsis.csv: the model is mined from every route (inside the chain); only activities
    of fewer than k cases, and moves between activities of fewer than k cases, are kept
    out of what is shown. The releases of 56 and 24 cases sit on rare routes but on
    shared moves, so the model keeps them, whatever the noise filter. Mined from the k-suppressed
    variants it lost 'Admission IC' (110 cases) and 'Release B' (56)."""
    import csv as csvmod
    import re

    log = PUBLIC_LOGS / "sepsis.csv"
    cases: dict[str, set[str]] = {}
    with log.open(encoding="utf-8") as fh:
        for row in csvmod.DictReader(fh, delimiter=";"):
            cases.setdefault(row["Activity"], set()).add(row["Case ID"])
    frequent = {a for a, c in cases.items() if len(c) >= 10}
    rare = {a for a, c in cases.items() if len(c) < 10}
    assert {"Admission IC", "Release B"} <= frequent and rare
    out = tmp_path / "d"
    args = ["discover", log, "--case", "Case ID", "--activity", "Activity"]
    args += ["--timestamp", "Complete Timestamp", "--timestamp-format", "%Y/%m/%d %H:%M:%S.%f"]
    for noise, expected in (
        ("0", {"Admission IC", "Release B", "Release D"}),
        ("0.2", {"Release B", "Release D"}),
    ):
        result = _run([*args, "-o", out, "--format", "pnml", "-q", "--noise", noise])
        assert result.exit_code == 0, result.output
        tree = (out / "process-tree.txt").read_text(encoding="utf-8")
        labels = set(re.findall(r"'([^']+)'", tree))
        assert expected <= labels <= frequent, (noise, expected - labels, labels - frequent)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "1 major nonconformity (F01: VT-5WD)"), ("nl", "1 major tekortkoming (F01: VT-5WD)")],
)
def test_fail_on_quiet_prints_the_one_line_why(tmp_path: Path, lang: str, words: str) -> None:
    out = tmp_path / "a"
    args = ["audit", _csv(tmp_path), *QUICK, "--protocol", BASE, "-o", out, "--lang", lang]
    result = _run([*args, "--fail-on", "major", "-q"])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.output
    assert _run([*args, "--fail-on", "never", "-q"]).output == ""


# --- languages -----------------------------------------------------------------------------


def _commands(group, prefix=()):
    import click

    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name), cmd


def test_every_command_that_writes_text_takes_lang() -> None:
    """Only 'protocol schema' writes no text for people (a JSON Schema for editors)."""
    machine_only = {("protocol", "schema")}
    missing = [
        " ".join(path)
        for path, cmd in _commands(main)
        if path not in machine_only and "lang" not in {p.name for p in cmd.params}
    ]
    assert missing == []


def test_key_and_init_speak_the_chosen_language(tmp_path: Path) -> None:
    key = tmp_path / "k.key"
    assert "nieuwe sleutel geschreven" in _run(["key", "new", key, "--lang", "nl"]).output
    assert "vingerafdruk" in _run(["key", "check", key, "--lang", "nl"]).output
    assert "fingerprint" in _run(["key", "check", key, "--lang", "en"]).output
    out = _run(["init", tmp_path / "p", "--lang", "nl"]).output
    assert "ketenproject" in out and "volgende stap" in out and "next:" not in out


# --- one time form for people ----------------------------------------------------------------


def test_people_read_local_time_with_offset_to_the_minute() -> None:
    from ketenmining.audit import fmt

    assert fmt.datetime_text("2026-12-07T01:29:41.123456+00:00", "nl") == "2026-12-07T02:29+01:00"
    assert fmt.datetime_text("2024-07-01T12:00:00+00:00", "en") == "2024-07-01T14:00+02:00"
    # a date is the local date of the instant, not its UTC date
    assert fmt.date("2024-03-31T22:30:00+00:00", "en") == "1 April 2024"
    assert fmt.date("2024-12-31", "nl") == "31 december 2024"
    assert fmt.end_date("2024-12-31T23:00:00+00:00", "en") == "31 December 2024"  # exclusive end


def test_a_response_rule_by_the_sender_is_no_seam_rule() -> None:
    """Monitoring by VT after its own handover to TT is VT's deadline, not a pickup at VT→TT."""
    from support import PROTOCOL

    from ketenmining.conform.seams import seam_response_rules
    from ketenmining.protocol import load_protocol

    guarded = seam_response_rules(load_protocol(PROTOCOL))
    assert "MONITORING-3M" not in guarded
    assert guarded == {"SLUITENDE-KETEN": "TT"}
