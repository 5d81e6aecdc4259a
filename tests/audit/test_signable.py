"""The report a lead auditor can sign (issue 16): each point tested on a small chain built for it.

Chain A (one audit, shared): 40 clean cases via Toegang, 3 reports that
Veilig Thuis never registered (only the reporter's event: a possible linkage
artefact), 4 handovers never picked up (closed without intake), 5 late
pickups and 12 late safety assessments. Chain B: windows still open at the
data end. The review cycle runs through the CLI on chain A.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ketenmining.audit.sampling import sample_size

from .chain import (
    PROTOCOL,
    audit_chain,
    case_id,
    closed_early,
    events_table,
    mondays,
    regular,
)

ORGS = ("HA", "SCH", "POL")


def _day(start: str, n: int) -> str:
    return (dt.date.fromisoformat(start) + dt.timedelta(days=n)).isoformat()


def chain_a() -> list[tuple[str, str, str, str]]:
    ev: list[tuple[str, str, str, str]] = []
    for i, d in enumerate(mondays("2024-01-08", 40)):
        ev += regular(f"clean{i}", d, ORGS[i % 3])
    for i, d in enumerate(mondays("2024-02-05", 3, 21)):
        ev.append((f"lostreport{i}", ORGS[i % 3], "melding_gedaan", d))
    for i, d in enumerate(mondays("2024-03-04", 4, 14)):
        ev += [
            (f"losthandover{i}", "HA", "melding_gedaan", d),
            (f"losthandover{i}", "VT", "melding", d),
            (f"losthandover{i}", "VT", "veiligheidsbeoordeling", _day(d, 1)),
            (f"losthandover{i}", "VT", "overdracht", _day(d, 2)),
            (f"losthandover{i}", "VT", "afsluiting", _day(d, 60)),
        ]
    for i, d in enumerate(mondays("2024-04-01", 5, 14)):
        case = regular(f"latepickup{i}", d, "SCH")
        case[4] = (f"latepickup{i}", "TT", "intake", _day(d, 30))  # 4 weeks: > 10 working days
        case[5] = (f"latepickup{i}", "TT", "huisbezoek", _day(d, 32))
        ev += case
    for i, d in enumerate(mondays("2024-01-15", 12, 14)):
        case = closed_early(f"lateassess{i}", d, "POL")
        case[2] = (f"lateassess{i}", "VT", "veiligheidsbeoordeling", _day(d, 14))
        case[3] = (f"lateassess{i}", "VT", "afsluiting", _day(d, 15))
        ev += case
    return ev


@pytest.fixture(scope="module")
def rec_a() -> dict:
    return audit_chain(chain_a(), "2026-06-30")


def _by_rule(record: dict, rule_id: str) -> list[dict]:
    return [f for f in record["findings"] if rule_id in f["criterion"]["rules"]]


def _core(f: dict) -> list[str]:
    return [m["key"] for m in f["members"] if m["role"] == "core"]


# -- 1. a major that may be a linkage artefact ----------------------------------------------
def test_absence_of_every_owner_event_makes_the_finding_provisional(rec_a: dict) -> None:
    (f,) = [f for f in rec_a["findings"] if "MELDING-OPGEPAKT" in _core(f)]
    assert f["class"] == "major"
    assert f["absent_at_owner"] == 3 and f["evidence"]["cases"] == 3
    assert f["provisional"] is True
    text = f["statement"]["nl"]["evidence"]
    assert "niet is ontvangen, niet is geregistreerd of niet te koppelen" in text
    assert "koppeling" in text
    assert "Voorlopig" in f["statement"]["nl"]["conclusion"]
    # all such cases go to the file review, not a stratum sample
    absent = [
        r for r in rec_a["sample"]["rows"] if r["reason"] == "absent" and r["finding"] == f["id"]
    ]
    assert {r["case_id"] for r in absent} == {case_id(f"lostreport{i}") for i in range(3)}


def test_late_assessments_with_owner_events_are_not_provisional(rec_a: dict) -> None:
    (f,) = [f for f in rec_a["findings"] if "VT-5WD" in _core(f)]
    assert f["absent_at_owner"] == 0 and f["provisional"] is False


# -- 2. the owner of a requirement ------------------------------------------------------------
def test_each_finding_names_the_owner_from_the_protocol_not_the_cases(rec_a: dict) -> None:
    (f5,) = [f for f in rec_a["findings"] if "VT-5WD" in _core(f)]
    assert f5["owners"] == ["VT"]
    assert "POL" in f5["evidence"]["orgs"]  # the reporter is in the cases, for information only
    (fm,) = [f for f in rec_a["findings"] if "MELDING-OPGEPAKT" in _core(f)]
    assert fm["owners"] == ["MELDER", "VT"]  # both sides of the handover
    crit = {r["id"]: r for r in rec_a["criteria"]["rules"]}
    assert crit["SLUITENDE-KETEN"]["owners"] == ["VT", "TT"]
    assert crit["GEEN-RONDPOMPEN"]["owners"] == ["VT", "TT"]


def test_per_organisation_scores_count_only_owned_rules(rec_a: dict) -> None:
    per = {o["org"]: o for o in rec_a["degree"]["per_org"]}
    assert per["POL"]["rules_owned"] == ["MELDING-OPGEPAKT", "VERANTWOORDELIJKE-ORGANISATIE"]
    # the 12 late assessments happened in police cases but are Veilig Thuis's requirement
    assert per["POL"]["violated"] == 1  # only its own unregistered report (lostreport2)
    rules = {r["id"]: r for r in rec_a["degree"]["rules"]}
    assert (
        per["VT"]["violated"] >= rules["VT-5WD"]["violated"] + rules["MELDING-OPGEPAKT"]["violated"]
    )


# -- 3. one finding per phenomenon ------------------------------------------------------------
def test_rules_violated_by_the_same_cases_are_one_finding(rec_a: dict) -> None:
    (lost,) = [f for f in rec_a["findings"] if "SLUITENDE-KETEN" in _core(f)]
    assert {"SLUITENDE-KETEN", "WARM-10WD"} <= set(lost["criterion"]["rules"])
    assert lost["evidence"]["cases"] == 4  # every case once, not once per rule
    # WARM-10WD's own finding is about the 5 late pickups only; its 4 lost cases count with F(lost)
    (late,) = [f for f in rec_a["findings"] if "WARM-10WD" in _core(f)]
    assert late["evidence"]["cases"] == 5
    (m,) = [m for m in late["members"] if m["key"] == "WARM-10WD"]
    assert (m["cases"], m["counted_here"], m["counted_elsewhere"]) == (9, 5, 4)
    assert lost["id"] in late["statement"]["nl"]["evidence"]
    # no case counts twice for the same rule across findings
    keys = [f["key"] for f in rec_a["findings"]]
    assert len(keys) == len(set(keys))


def test_the_report_states_how_groups_were_formed(rec_a: dict, tmp_path: Path) -> None:
    from ketenmining.report.audit import write_audit

    write_audit(rec_a, tmp_path, ["html", "md"], "nl")
    for name in ("audit.html", "audit.md"):
        text = (tmp_path / name).read_text("utf-8")
        assert "Eén bevinding per verschijnsel" in text
        assert "80%" in text


# -- 4. windows that have not closed ----------------------------------------------------------
@pytest.fixture(scope="module")
def rec_b() -> dict:
    ev = []
    ev += closed_early("closed_recently", "2024-10-07")  # afsluiting 10 Oct, data end 31 Dec
    ev += closed_early("closed_long_ago", "2023-06-05")  # window of 12 months closed
    ev += [("returned", "HA", "melding_gedaan", "2023-09-04"), ("returned", "VT", "melding", "2023-09-04"),
           ("returned", "VT", "veiligheidsbeoordeling", "2023-09-05"), ("returned", "VT", "afsluiting", "2023-09-07"),
           ("returned", "SCH", "melding_gedaan", "2024-02-05"), ("returned", "VT", "melding", "2024-02-05"),
           ("returned", "VT", "veiligheidsbeoordeling", "2024-02-06"), ("returned", "VT", "afsluiting", "2024-02-08")]  # fmt: skip
    running = regular("running", "2024-12-02")[:6]  # intake 5 Dec, still with Toegang
    ev += running
    ev += regular("done", "2023-03-06")
    return audit_chain(ev, "2024-12-31")


def _rule(record: dict, rule_id: str) -> dict:
    return next(r for r in record["degree"]["rules"] if r["id"] == rule_id)


def test_recidive_window_still_open_is_pending_never_met(rec_b: dict) -> None:
    r = _rule(rec_b, "GEEN-RECIDIVE-12M")
    # judged per case: closed_recently is open (pending); closed_long_ago and done are
    # satisfied; the returned case is violated (its first closing was followed by a report)
    assert (r["satisfied"], r["violated"], r["pending"]) == (2, 1, 1)


@pytest.mark.parametrize(
    "rule_id", ["GEEN-RONDPOMPEN", "GEEN-DUBBELE-INTAKE", "MAX-3-OVERDRACHTEN"]
)
def test_open_windows_of_running_cases_are_pending(rec_b: dict, rule_id: str) -> None:
    r = _rule(rec_b, rule_id)
    assert r["pending"] >= 1, r
    assert r["violated"] == 0


def test_pending_is_shown_and_counted(rec_b: dict, tmp_path: Path) -> None:
    from ketenmining.report.audit import write_audit

    assert rec_b["degree"]["overall"]["pending"] == sum(
        r["pending"] for r in rec_b["degree"]["rules"]
    )
    write_audit(rec_b, tmp_path, ["html", "md"], "nl")
    md = (tmp_path / "audit.md").read_text("utf-8")
    row = next(line for line in md.splitlines() if line.startswith("| GEEN-RECIDIVE-12M |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[6] == "1"  # the pending column


def test_evaluator_negative_rules_complete_trace_versus_open_window() -> None:
    from ketenmining.protocol import load_protocol
    from ketenmining.protocol.evaluate import Evaluator

    ev = Evaluator(load_protocol(PROTOCOL))
    steps = ["overdracht", "intake"]
    orgs = ["VT", "TT"]
    times = [
        dt.datetime(2024, 12, 2, 10, tzinfo=dt.UTC),
        dt.datetime(2024, 12, 5, 10, tzinfo=dt.UTC),
    ]
    ids = ev.rule_ids
    done = dict(zip(ids, ev.evaluate_case(steps, orgs, times), strict=True))
    open_ = dict(
        zip(
            ids,
            ev.evaluate_case(steps, orgs, times, data_end=dt.datetime(2024, 12, 31, tzinfo=dt.UTC)),
            strict=True,
        )
    )
    for rid in ("GEEN-RONDPOMPEN", "GEEN-DUBBELE-INTAKE", "MAX-3-OVERDRACHTEN"):
        assert done[rid].status == "satisfied", rid
        assert open_[rid].status == "pending", rid


# -- 5. final before verified ---------------------------------------------------------------
def _write_log(tmp_path: Path) -> Path:
    from ketenmining.chainlog import write_chain_log

    return write_chain_log(events_table(chain_a()), tmp_path / "keten.parquet", {})


def test_concept_until_review_and_responses_then_final(tmp_path: Path) -> None:
    from ketenmining.cli import main

    log = _write_log(tmp_path)
    base = ["audit", str(log), "--protocol", str(PROTOCOL), "--data-end", "2026-06-30", "-q"]
    run = CliRunner().invoke(main, [*base, "-o", str(tmp_path / "concept")])
    assert run.exit_code == 0, run.output
    rec = json.loads((tmp_path / "concept" / "audit.json").read_text("utf-8"))
    assert rec["status"]["state"] == "concept"
    html = (tmp_path / "concept" / "audit.html").read_text("utf-8")
    assert "Voorlopig oordeel" in html and "Reactie eigenaar" in html
    assert "Het dossieronderzoek is nog niet vastgelegd" in html
    # final is refused while the review is missing
    refused = CliRunner().invoke(main, [*base, "-o", str(tmp_path / "x"), "--final"])
    assert refused.exit_code == 2
    assert "cannot be final" in refused.output and "review" in refused.output
    assert not (tmp_path / "x").exists()
    # the organisations fill in the review columns
    sample = tmp_path / "concept" / "sample.csv"
    rows = list(csv.DictReader(sample.open(encoding="utf-8")))
    for i, row in enumerate(rows):
        row["niet bevestigd" if i == 0 else "bevestigd"] = "x"
        row["beoordelaar"] = "J. Jansen"
        row["datum"] = "2025-02-03"
    with sample.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    nonconf = [f["id"] for f in rec["findings"] if f["class"] in ("major", "minor")]
    info = tmp_path / "rapport.yaml"
    info.write_text(
        "auditor: A. de Vries\nclient: Taskforce\nversion: '1.0'\nresponses:\n"
        + "".join(
            f"  {i}: {{response: 'plan volgt', position: 'bevinding blijft'}}\n" for i in nonconf
        ),
        encoding="utf-8",
    )
    final = CliRunner().invoke(
        main,
        [
            *base,
            "-o",
            str(tmp_path / "final"),
            "--review",
            str(sample),
            "--report-info",
            str(info),
            "--final",
        ],
    )
    assert final.exit_code == 0, final.output
    rec2 = json.loads((tmp_path / "final" / "audit.json").read_text("utf-8"))
    assert rec2["status"]["state"] == "final" and rec2["status"]["auditor"] == "A. de Vries"
    assert rec2["review"]["reviewed"] == len(rows)
    assert rec2["review"]["outcomes"] == {
        "confirmed": len(rows) - 1,
        "not_confirmed": 1,
        "recording_error": 0,
    }
    for name in ("audit.html", "audit.md"):
        text = (tmp_path / "final" / name).read_text("utf-8")
        assert "Resultaten dossieronderzoek" in text
        assert "Voorlopig oordeel" not in text
        assert "bevinding blijft" in text


def test_review_rows_are_checked(tmp_path: Path, rec_a: dict) -> None:
    from ketenmining.audit.status import read_review
    from ketenmining.errors import KetenError
    from ketenmining.report.audit_common import sample_csv

    path = tmp_path / "s.csv"
    text = sample_csv(rec_a).splitlines()
    head = text[0].split(",")
    row = next(csv.reader([text[1]]))
    row[head.index("bevestigd")] = "x"
    row[head.index("registratiefout")] = "x"
    path.write_text("\n".join([text[0], ",".join(f'"{c}"' for c in row)]) + "\n", encoding="utf-8")
    with pytest.raises(KetenError, match=r"row 2: more than one outcome"):
        read_review(path, rec_a["sample"]["rows"])


# -- 6. no pooled headline numbers ------------------------------------------------------------
def test_verdict_has_no_pooled_compliance_or_mean_fitness(rec_a: dict) -> None:
    for lang in ("nl", "en"):
        text = rec_a["conclusions"]["text"][lang]
        assert "%" not in text and "fitness" not in text.lower()
        assert "alle oordelen" not in text


# -- 7. a trend with its denominator -----------------------------------------------------------
def test_trend_bars_carry_cases_per_quarter_and_volume_changes_are_flagged(rec_a: dict) -> None:
    from ketenmining.formats.svg import trend_svg
    from ketenmining.report.audit_common import trend_notes

    (f,) = [f for f in rec_a["findings"] if "VT-5WD" in _core(f)]
    r = f["evidence"]["rules"][0]
    svg = trend_svg(r["trend"], r["norm"], "t")
    assert [f"n={t['applicable']}" for t in r["trend"]] == re.findall(r"n=\d+", svg)
    notes = trend_notes(r, rec_a, "nl")
    assert any("aantal zaken per kwartaal" in n and "2024-K4" in n for n in notes)
    steady = dict(r, trend=[{"quarter": f"2024-Q{q}", "applicable": 20, "violated": 1, "compliance": 0.95}
                            for q in range(1, 5)])  # fmt: skip
    assert not [n for n in trend_notes(steady, rec_a, "nl") if "aantal zaken" in n]


# -- 8. precision the selection has ---------------------------------------------------------
def test_selection_is_targeted_and_each_major_is_sized_by_its_own_cases(rec_a: dict) -> None:
    method = rec_a["sample"]["method"]
    assert method["kind"] == "targeted"
    (f,) = [f for f in rec_a["findings"] if "VT-5WD" in _core(f)]
    assert f["class"] == "major" and f["evidence"]["cases"] == 12
    n = sample_size(12, method["confidence"], method["precision"], method["expected_rate"]).n
    assert [m["n"] for m in method["majors"] if m["finding"] == f["id"]] == [n]
    assert sum(r["finding"] == f["id"] for r in rec_a["sample"]["rows"]) == n
    assert n < 12


def test_selection_text_is_honest(rec_a: dict, tmp_path: Path) -> None:
    from ketenmining.report.audit import write_audit

    write_audit(rec_a, tmp_path, ["html", "md"], "nl")
    for name in ("audit.html", "audit.md"):
        text = (tmp_path / name).read_text("utf-8")
        assert "gerichte selectie" in text and "geen statistische schatting" in text


# -- 9. one count, one name -----------------------------------------------------------------
def test_numbers_agree_across_the_report(rec_a: dict, tmp_path: Path) -> None:
    from ketenmining.audit import fmt
    from ketenmining.report.audit import write_audit

    write_audit(rec_a, tmp_path, ["html", "md"], "nl")
    html = (tmp_path / "audit.html").read_text("utf-8")
    md = (tmp_path / "audit.md").read_text("utf-8")
    deg = {r["id"]: r for r in rec_a["degree"]["rules"]}
    for f in rec_a["findings"]:
        for r in f["evidence"]["rules"]:
            # the finding cites the rule with the counts of the compliance table
            d = deg[r["id"]]
            assert (r["satisfied"], r["violated"], r["pending"]) == (
                d["satisfied"],
                d["violated"],
                d["pending"],
            )
            judged = fmt.num(d["satisfied"] + d["violated"], "nl")
            assert (
                f"Getoetst: {judged} zaken; {fmt.num(d['violated'], 'nl')} ("
                in f["statement"]["nl"]["evidence"]
            )
    pop = rec_a["scope"]["population"]
    words = f"{fmt.num(pop['clients'], 'nl')} cliënten, {fmt.num(pop['cases'], 'nl')} zaken"
    for text in (html, md):
        assert words in text
        assert "traject" not in text
        assert "Fitness" not in text.split("Verantwoording")[0]
    # the selection numbers, not the pseudonyms, in the body; the pseudonyms in sample.csv
    ids = {r["case_id"] for r in rec_a["sample"]["rows"]}
    csv_text = (tmp_path / "sample.csv").read_text("utf-8")
    assert all(i in csv_text for i in ids)
    assert not [i for i in ids if i in html or i in md]
    assert all(r["label"] in html and r["label"] in md for r in rec_a["sample"]["rows"])


def test_record_validates_against_the_schema(rec_a: dict, rec_b: dict) -> None:
    import jsonschema

    from ketenmining.audit.record import record_schema

    for rec in (rec_a, rec_b):
        jsonschema.validate(rec, record_schema())


# -- audit programme: the previous audit's findings ------------------------------------------
def test_previous_findings_are_open_closed_or_effective(rec_a: dict) -> None:
    fixed = [e for e in chain_a() if not e[0].startswith("lateassess")]
    rec = audit_chain(fixed, "2026-06-30", previous=rec_a)
    prev = {f["key"]: f for f in rec["programme"]["previous"]["findings"]}
    (late,) = [f for f in rec_a["findings"] if "VT-5WD" in _core(f)]
    assert prev[late["key"]]["status"] == "effective"
    (lost,) = [f for f in rec_a["findings"] if "MELDING-OPGEPAKT" in _core(f)]
    assert prev[lost["key"]]["status"] == "open" and prev[lost["key"]]["now"]
    assert rec["programme"]["next_audit"] == "2026-01-06"  # 12 months after the report date


def test_each_organisation_gets_the_selection_rows_of_its_own_cases(
    rec_a: dict, tmp_path: Path
) -> None:
    from ketenmining.report.audit import write_audit

    write_audit(rec_a, tmp_path, ["json"], "nl")
    rows = rec_a["sample"]["rows"]
    for org in ("VT", "TT", "POL"):
        got = list(csv.DictReader((tmp_path / f"sample-{org}.csv").open(encoding="utf-8")))
        mine = {r["case_id"] for r in rows if org in r["case_orgs"].split(",")}
        assert {r["case_id"] for r in got} == mine and mine
    # the unregistered reports have no Veilig Thuis file: they go to the reporter, not to VT
    vt = (tmp_path / "sample-VT.csv").read_text("utf-8")
    assert case_id("lostreport0") not in vt
    assert case_id("lostreport0") in (tmp_path / "sample-HA.csv").read_text("utf-8")


def test_the_real_chain_map_counts_clients_and_cases_like_the_report(rec_a: dict) -> None:
    from ketenmining.audit import fmt
    from ketenmining.audit.maps import real_chain_svg
    from ketenmining.engine import connect, register_events
    from ketenmining.protocol import load_protocol

    con = connect(threads=1)
    register_events(con, events_table(chain_a()))
    svg = real_chain_svg(con, load_protocol(PROTOCOL), "nl")
    pop = rec_a["scope"]["population"]
    words = f"{fmt.num(pop['clients'], 'nl')} cliënten · {fmt.num(pop['cases'], 'nl')} zaken"
    assert words in svg
    assert "trajecten" not in svg
