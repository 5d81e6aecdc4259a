"""One count, one name (issue 16, item 9): a step missing from a case is counted one way.

The chain: reports that Veilig Thuis never registered, some in cases that
ended, some in cases still running at the data end (their 3-working-day
deadline has passed). The route alignment of a running case leaves a step
that may still come unskipped; the finding and the seam table count the
report as never picked up. The route map must give the finding's number.
"""

from __future__ import annotations

import pytest

from .chain import audit_run, mondays, regular

ORGS = ("HA", "SCH", "POL")


def _chain() -> list[tuple[str, str, str, str]]:
    ev: list[tuple[str, str, str, str]] = []
    for i, d in enumerate(mondays("2024-01-08", 30)):
        ev += regular(f"clean{i}", d, ORGS[i % 3])
    for i, d in enumerate(mondays("2024-02-05", 3, 21)):  # ended long before the data end
        ev.append((f"lostended{i}", ORGS[i % 3], "melding_gedaan", d))
    for i, d in enumerate(mondays("2024-12-02", 2, 7)):  # running at the data end
        ev.append((f"lostrunning{i}", ORGS[i % 3], "melding_gedaan", d))
    return ev


@pytest.fixture(scope="module")
def run():
    return audit_run(_chain(), "2024-12-31")


def test_a_report_never_picked_up_is_missing_in_running_cases_too(run) -> None:
    from ketenmining.audit.maps import missing_steps

    dev = run.result.deviations.to_pylist()
    skipped = {(d["case_id"], d["episode"]) for d in dev if d["kind"] == "skipped"}
    lost = {
        (d["case_id"], d["episode"])
        for d in dev
        if d["kind"] == "lost_handover" and d["step"] == "melding_gedaan"
    }
    assert len(lost) == 5
    # the alignment alone sees only the ended ones: that was the 32-versus-36 of the demo
    assert len(lost & skipped) < len(lost)
    assert missing_steps(run.result.deviations)["melding"] == len(lost)


def test_the_route_map_gives_the_findings_number(run) -> None:
    from ketenmining.audit.maps import route_overlay
    from ketenmining.protocol import load_protocol

    from .chain import PROTOCOL

    overlay = route_overlay(load_protocol(PROTOCOL), run.result, "nl")
    (rule,) = [r for r in run.record["degree"]["rules"] if r["id"] == "MELDING-OPGEPAKT"]
    n = rule["violated"]
    assert n == 5
    assert f"ontbreekt in {n} zaken" in overlay.step_notes["melding"]
    seam = sum(s["lost"] for s in run.result.seams.to_pylist() if s["to_org"] == "VT")
    assert seam == n
    assert overlay.handover_notes["melding_gedaan"][0].startswith(f"{n} nooit opgepakt")
