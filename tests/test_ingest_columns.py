"""Quick mode picks its columns by name (tiers), then by content; ties and guesses are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketenmining.engine import connect
from ketenmining.errors import KetenError
from ketenmining.ingest.quick import QUICK_EVENTS, choice_line, open_quick, quick_source
from ketenmining.logspec import LogSpec, QuickMapping


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _choice(path: Path, **given: str) -> dict[str, str]:
    _, choice, _ = quick_source(LogSpec(path, QuickMapping(**given)))
    return choice.columns


def test_dutch_names_are_found(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Dossiernummer;Handeling;Tijdstip;Afdeling;Opmerking\n"
        "D1;Intake;05-01-2024 10:00;Wijkteam;x\nD1;Huisbezoek;06-01-2024 11:00;Wijkteam;y\n",
    )
    assert _choice(path) == {
        "case": "Dossiernummer",
        "activity": "Handeling",
        "timestamp": "Tijdstip",
        "org": "Afdeling",
    }


def test_celonis_and_disco_names_are_found(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "_CASE_KEY,ACTIVITY_EN,EVENTTIME\nc1,Create,2024-01-01T10:00:00Z\nc1,Pay,2024-01-02T10:00:00Z\n",
    )
    assert _choice(path) == {
        "case": "_CASE_KEY",
        "activity": "ACTIVITY_EN",
        "timestamp": "EVENTTIME",
    }


def test_xes_names_beat_export_names(tmp_path: Path) -> None:
    # the running example's CSV has both concept:name and Activity
    path = _csv(
        tmp_path,
        "case:concept:name,concept:name,Activity,time:timestamp\n1,a,a,2024-01-01 10:00\n",
    )
    assert _choice(path)["activity"] == "concept:name"


def test_two_columns_that_fit_equally_are_refused_with_both_names(tmp_path: Path) -> None:
    path = _csv(tmp_path, "zaak;activiteit;handeling;datum\n1;A;B;2024-01-01\n")
    with pytest.raises(KetenError) as err:
        quick_source(LogSpec(path))
    assert "'activiteit', 'handeling'" in err.value.message
    assert "--activity" in err.value.hint
    # naming one settles it
    assert _choice(path, activity="handeling")["activity"] == "handeling"


def test_columns_found_by_content(tmp_path: Path) -> None:
    rows = []
    for case in range(40):
        for step, name in enumerate(("Aanmelding", "Beoordeling", "Besluit")):
            rows.append(
                f"K{case:03d};{name};{step + 1:02d}-03-2024 09:{case % 60:02d};Team {case % 3}"
            )
    path = _csv(tmp_path, "kolom a;kolom b;kolom c;kolom d\n" + "\n".join(rows) + "\n")
    con = connect()
    quick = open_quick(con, LogSpec(path))
    assert quick.choice.columns == {
        "case": "kolom a",
        "activity": "kolom b",
        "timestamp": "kolom c",
    }
    assert set(quick.choice.how.values()) == {"content"}
    assert quick.meta["quick"]["timestamp_format"] == "'%d-%m-%Y %H:%M'"  # day-first, stated
    line = choice_line(quick.meta["quick"], "nl")
    assert line.startswith("snelle modus: zaak = 'kolom a' (op inhoud)")
    assert "formaat herkend: '%d-%m-%Y %H:%M'" in line and "anders opgeven met --case" in line
    assert con.execute(f"SELECT count(DISTINCT case_id) FROM {QUICK_EVENTS}").fetchall() == [(40,)]


def test_a_personal_id_is_never_guessed(tmp_path: Path) -> None:
    rows = [f"{100000000 + c};Melding;2024-01-0{1 + s} 10:00" for c in range(30) for s in range(3)]
    path = _csv(tmp_path, "bsn;soort;tijdstip\n" + "\n".join(rows) + "\n")
    with pytest.raises(KetenError) as err:
        quick_source(LogSpec(path))
    assert "which column is the case" in err.value.message
    assert "--case 'bsn' --key-file KEY" in err.value.hint
