"""``analyse report`` (HTML and Markdown), its pictures, and the seam chapter in the audit report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from ketenmining.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "midden-brabant"
PROTOCOL = ROOT / "configs" / "protocols" / "meldcode-keten.yaml"
PILOT = json.loads((EXAMPLE / "truth.json").read_text(encoding="utf-8"))["effects"]["pilot"]
COHORTS = ["--a", f"werkwijze={PILOT['regular']}", "--b", f"werkwijze={PILOT['pilot']}"]


@pytest.fixture(scope="module")
def chain_log(example_chain_log: Path) -> Path:
    """The example chain log, stitched once for the session (conftest)."""
    return example_chain_log


def _report(chain_log: Path, out: Path, *args: str) -> None:
    result = CliRunner().invoke(
        main,
        [
            "analyse",
            "report",
            str(chain_log),
            "--protocol",
            str(PROTOCOL),
            "-o",
            str(out),
            "-q",
            *args,
        ],
    )
    assert result.exit_code == 0, result.output


def test_html_report_is_one_self_contained_page(chain_log: Path, tmp_path: Path) -> None:
    out = tmp_path / "analyse"
    _report(chain_log, out, *COHORTS, "--start", PILOT["start"], "--lang", "en")
    assert sorted(p.name for p in out.iterdir()) == ["analyse.html"]
    html = (out / "analyse.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html and "https://" not in html
    images = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert len(images) == 4 and all(i.startswith("data:image/svg+xml;base64,") for i in images)
    for heading in (
        "1. Seams between organisations",
        "2. Two cohorts compared",
        "3. Expected inflow",
    ):
        assert heading in html
    # the pilot effect is read out in words, with its interval
    assert re.search(r"Verbindend Samenwerken vs Regulier: km_median_days [\d.]+ days sooner", html)
    # no pseudonym of any episode is on the page
    from ketenmining.examples.truth import read_truth

    ids = {t["case_id"] for t in read_truth(EXAMPLE / "truth.csv")}
    assert not [i for i in ids if i in html]


def test_every_count_below_k_is_suppressed(chain_log: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    _report(chain_log, out, "--format", "md", "--k", "50", "--lang", "en")
    text = (out / "analyse.md").read_text(encoding="utf-8")
    seams = text.split("## 1.")[1].split("###")[0]
    rows = [
        line.split(" | ") for line in seams.splitlines() if line.startswith("| ") and "→" in line
    ]
    assert len(rows) == 6
    counts = [1, 2, 3, 4, 10, 11]  # handovers, picked up, lost, pending, duplicate, joint
    seen_small = 0
    for row in rows:
        for i in counts:
            cell = row[i].strip(" |")
            if cell == "\\< 50":
                seen_small += 1
                continue
            value = int(cell.replace(",", ""))
            assert value == 0 or value >= 50, (row[0], i, cell)
    assert seen_small >= 4  # the lost handovers at HA, POL, SCH, TT, RvdK
    assert "cells suppressed" in text


def test_markdown_report_writes_its_pictures(chain_log: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    _report(chain_log, out, "--format", "md", *COHORTS, "--start", PILOT["start"])
    text = (out / "analyse.md").read_text(encoding="utf-8")
    refs = re.findall(r"\]\((pictures/[^)]+\.png)\)", text)
    assert sorted(refs) == ["pictures/km.png", "pictures/waits.png", "pictures/wip.png"]
    assert "](pictures/changes.svg)" in text and "huisbezoek" in (
        out / "pictures/changes.svg"
    ).read_text(encoding="utf-8")
    for ref in refs:
        png = (out / ref).read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 10_000
        svg = (out / ref).with_suffix(".svg").read_text(encoding="utf-8")
        assert "<svg" in svg
    assert "Naden tussen organisaties" in text  # Dutch by default


def test_forecast_section_or_its_marked_slot(chain_log: Path, tmp_path: Path) -> None:
    import importlib.util

    out = tmp_path / "fc"
    _report(chain_log, out, "--weeks", "4", "--lang", "en")
    html = (out / "analyse.html").read_text(encoding="utf-8")
    forecast = html[html.index('<section class="newpage forecast ka">') :]
    if importlib.util.find_spec("ketenmining.analyse.forecast_run") is None:
        assert "SLOT FOR THE FORECAST" in forecast
    else:
        assert "SLOT FOR THE FORECAST" not in forecast
        # the fan charts of the forecast stage, embedded as SVG data
        assert forecast.count('src="data:image/svg+xml;base64,') >= 2
        assert "seasonal-naive" in forecast


def test_report_refuses_half_a_comparison(chain_log: Path, tmp_path: Path) -> None:
    out = tmp_path / "half"
    result = CliRunner().invoke(
        main,
        ["analyse", "report", str(chain_log), "-o", str(out), "-q", "--a", "werkwijze=Regulier"],
    )
    assert result.exit_code == 2
    assert "two cohorts are needed" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_audit_report_embeds_the_seam_chapter_and_nothing_else_changes(
    chain_log: Path, tmp_path: Path
) -> None:
    from ketenmining.report.audit_html import render_html

    out = tmp_path / "audit"
    result = CliRunner().invoke(
        main, ["audit", str(chain_log), "--protocol", str(PROTOCOL), "-o", str(out), "-q"]
    )
    assert result.exit_code in (0, 1), result.output
    html = (out / "audit.html").read_text(encoding="utf-8")
    start = html.index('<section class="newpage seams ka">')
    end = html.index("</section>", start) + len("</section>\n")
    assert "11. Naden in de keten" in html[start:end]
    record = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert html[:start] + html[end:] == render_html(record, "nl")
    # the Markdown report carries the same chapter (its tables; the pictures are in the HTML)
    from ketenmining.report.audit_md import render_markdown

    md = (out / "audit.md").read_text(encoding="utf-8")
    start = md.index("## 11. Naden in de keten")
    end = md.index("\n## ", start + 3) + 1
    assert "| VT → TT |" in md[start:end] and "### Per organisatie" in md[start:end]
    assert md[:start] + md[end:] == render_markdown(record, "nl")


def test_km_band_holds_the_curve_and_at_risk_counts_are_suppressed() -> None:
    from ketenmining.analyse import pictures
    from ketenmining.analyse.calibration import simulate_cohort

    rng = np.random.default_rng(3)
    a, b = simulate_cohort(rng, 120), simulate_cohort(rng, 40, 0.8)
    a.name, b.name = "A", "B"
    _t, s, lo, hi = pictures.km_band(a.days, a.reached)
    assert np.all(lo <= s + 1e-12) and np.all(s <= hi + 1e-12)
    assert np.all(hi - lo >= 0) and (hi - lo).max() > 0.05
    fig = pictures.km_figure([a, b], 30, "en", "stable safety")
    texts = [x.get_text() for x in fig.axes[1].texts]
    assert "at risk" in texts and "< 30" in texts
    for x in texts:
        if x.isdigit():
            assert int(x) == 0 or int(x) >= 30
    assert fig.axes[0].get_title() == "Time to stable safety: Kaplan-Meier per cohort (95 % band)"


def test_map_of_what_changed_shows_the_pilots_joint_visits(chain_log: Path, tmp_path: Path) -> None:
    """The pilot visits jointly (two organisations, same day): huisbezoek → huisbezoek is
    more frequent and faster in the pilot; the regular route's common edges do not change."""
    out = tmp_path / "cmp"
    result = CliRunner().invoke(
        main,
        [
            "analyse",
            "compare",
            str(chain_log),
            "--protocol",
            str(PROTOCOL),
            "-q",
            *COHORTS,
            "--start",
            PILOT["start"],
            "-o",
            str(out),
            "--format",
            "json",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = {(r["from"], r["to"]): r for r in json.loads((out / "changes.json").read_text("utf-8"))}
    visit = rows[("huisbezoek", "huisbezoek")]
    assert (visit["frequency"], visit["time"]) == ("more", "faster")
    assert visit["share_b"] > 0.9 > visit["share_a"]
    assert rows[("melding_gedaan", "melding")]["frequency"] == "same"
    dot = (out / "changes.dot").read_text(encoding="utf-8")
    assert "more often in B, faster" in dot
    assert (out / "changes.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (out / "km.png").read_bytes().startswith(b"\x89PNG")


def test_change_map_labels_are_escaped() -> None:
    from ketenmining.analyse.changes import changes_dot

    row = {
        "from": 'a"]; x -> y [label="',
        "to": "b\\",
        "episodes_a": 20,
        "episodes_b": 5,
        "share_a": 0.4,
        "share_b": 0.1,
        "days_a": 2.0,
        "days_b": 1.0,
        "p_value": 0.01,
        "p_adjusted": 0.01,
        "frequency": "less",
        "time": "faster",
    }
    dot = changes_dot([row], "A", "B", 10, "en")
    assert 'label="a\\"]; x -> y [label=\\""' in dot
    assert "B < 10" in dot  # 5 episodes: suppressed, no share shown
    from ketenmining.graphviz import render_bytes

    assert b"<svg" in render_bytes(dot, "svg")
