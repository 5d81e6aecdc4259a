"""``analyse`` in quick mode: attribute columns carried with --attributes, and the public logs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from support import PUBLIC_LOGS

from ketenmining.cli import main


def _log(tmp_path: Path, n: int = 60) -> Path:
    """Cases A, B alternating: team B's cases reach 'klaar' in half team A's time."""
    rng = np.random.default_rng(4)
    lines = ["zaak,stap,tijd,team,afdeling"]
    for i in range(n):
        team = "A" if i % 2 == 0 else "B"
        days = rng.uniform(20, 40) * (0.5 if team == "B" else 1.0)
        lines.append(f"c{i},begin,2024-01-{1 + i % 28:02d}T09:00:00,{team},x{i % 3}")
        end = np.datetime64(f"2024-01-{1 + i % 28:02d}T09:00:00") + np.timedelta64(
            int(days * 24), "h"
        )
        lines.append(f"c{i},klaar,{end},,x{i % 3}")
    path = tmp_path / "log.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_attributes_are_carried_for_cohorts(tmp_path: Path) -> None:
    log = _log(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "analyse",
            "compare",
            str(log),
            "--case",
            "zaak",
            "--activity",
            "stap",
            "--timestamp",
            "tijd",
            "--attributes",
            "team,afdeling",
            "--a",
            "team=A",
            "--b",
            "team=B",
            "--outcome",
            "klaar",
            "--format",
            "json",
            "-q",
            "--raw-ids",
        ],
    )
    assert result.exit_code == 0, result.output
    km = next(r for r in json.loads(result.stdout) if r["measure"] == "km_median_days")
    assert (km["n_a"], km["n_b"]) == (30, 30)
    assert km["value_b"] < km["value_a"] and km["p_value"] < 0.05
    assert km["ci_high"] < 0


def test_a_missing_attribute_column_is_named(tmp_path: Path) -> None:
    log = _log(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "analyse",
            "seams",
            str(log),
            "--case",
            "zaak",
            "--activity",
            "stap",
            "--timestamp",
            "tijd",
            "--attributes",
            "regio",
            "-q",
            "--raw-ids",
        ],
    )
    assert result.exit_code == 2
    assert "regio" in result.output and "Traceback" not in result.output


@pytest.mark.public_logs("hospital_billing.csv")
def test_hospital_billing_cohorts_by_casetype(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "analyse",
            "compare",
            str(PUBLIC_LOGS / "hospital_billing.csv"),
            "--org",
            "resource",
            "--attributes",
            "casetype",
            "--a",
            "casetype=A",
            "--b",
            "casetype=B",
            "--outcome",
            "BILLED",
            "--format",
            "json",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    recs = {r["measure"]: r for r in json.loads(result.stdout)}
    km = recs["km_median_days"]
    assert km["n_a"] + km["n_b"] > 5000
    assert km["ci_low"] <= km["difference"] <= km["ci_high"]


@pytest.mark.public_logs("sepsis.csv")
def test_sepsis_seams_and_report(tmp_path: Path) -> None:
    log = str(PUBLIC_LOGS / "sepsis.csv")
    result = CliRunner().invoke(
        main, ["analyse", "seams", log, "--org", "org:group", "--format", "json", "-q", "--k", "1"]
    )
    assert result.exit_code == 0, result.output
    seams = json.loads(result.stdout)["seams"]
    for s in seams:
        assert s["handovers"] == s["picked_up"] + s["lost"] + s["pending"]
    out = tmp_path / "sepsis"
    result = CliRunner().invoke(
        main, ["analyse", "report", log, "--org", "org:group", "-o", str(out), "-q", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "Seams between organisations" in (out / "analyse.html").read_text(encoding="utf-8")
