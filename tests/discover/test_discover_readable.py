"""Maps people can read: small logs and k, one node per activity instance, legends, A4."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import PUBLIC_LOGS

from ketenmining.cli import main


def _log(tmp_path: Path) -> Path:
    """30 cases: intake (start + complete, 2 hours apart), then a visit by one of three teams."""
    rows = ["case,activity,lifecycle,timestamp,team"]
    for c in range(30):
        day = 1 + c % 20
        rows += [
            f"c{c},Intake,start,2024-03-{day:02d} 09:00,Toegang",
            f"c{c},Intake,complete,2024-03-{day:02d} 11:00,Toegang",
            f"c{c},Huisbezoek,complete,2024-03-{day:02d} 15:00,Team {'ABC'[c % 3]}",
        ]
    path = tmp_path / "log.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.public_logs("running-example.xes")
def test_a_log_that_k_hides_says_so_and_exits_1(tmp_path: Path, runner) -> None:
    log = str(PUBLIC_LOGS / "running-example.xes")
    done = runner.invoke(main, ["discover", log, "-o", str(tmp_path / "a"), "--lang", "en"])
    assert done.exit_code == 1
    assert (
        "k = 10 hides all 6 cases of this log; for data that is not about people use --k 1"
        in done.stderr
    )
    again = runner.invoke(
        main, ["discover", log, "-o", str(tmp_path / "b"), "--k", "1", "-q", "--format", "json"]
    )
    assert again.exit_code == 0, again.output
    record = json.loads((tmp_path / "b" / "discover.json").read_text(encoding="utf-8"))
    assert record["maps"]["activity"]["edges"]  # with k = 1 the map is not empty


def test_start_and_complete_are_one_node_with_its_duration(tmp_path: Path, runner) -> None:
    out = tmp_path / "out"
    args = ["discover", str(_log(tmp_path)), "-o", str(out), "--org", "team", "--lang", "en"]
    done = runner.invoke(main, [*args, "--format", "json,dot", "--activities", "1", "--paths", "1"])
    assert done.exit_code == 0, done.output
    record = json.loads((out / "discover.json").read_text(encoding="utf-8"))
    edges = {
        (e["source"][0], e["target"][0]): e["cases"] for e in record["maps"]["activity"]["edges"]
    }
    assert edges == {("Intake", "Huisbezoek"): 30}  # no Intake → Intake self-loop
    nodes = {n["key"][0]: n["events"] for n in record["maps"]["activity"]["nodes"]}
    assert nodes == {"Intake": 30, "Huisbezoek": 30}
    dot = (out / "activity-map.dot").read_text(encoding="utf-8")
    assert "takes 2 h" in dot  # the median time from start to complete, in the node


def test_the_legend_names_every_organisation_on_the_map(tmp_path: Path, runner) -> None:
    out = tmp_path / "out"
    args = ["discover", str(_log(tmp_path)), "-o", str(out), "--org", "team", "--lang", "en"]
    done = runner.invoke(main, [*args, "--format", "dot", "--k", "1"])
    assert done.exit_code == 0, done.output
    dot = (out / "activity-map.dot").read_text(encoding="utf-8")
    legend = set(
        re.findall(
            r'<TD BGCOLOR="#[0-9A-Fa-f]+" COLOR="#[0-9A-Fa-f]+" BORDER="1"><FONT[^>]*>([^<]+)<', dot
        )
    )
    assert {"Toegang", "Team A", "Team B", "Team C"} <= legend
    assert 'size="' in dot  # laid out for an A4 page
