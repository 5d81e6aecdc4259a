"""Criteria documents with version, date and who agreed; a vision document is context (issue 16).

The documents come from the ``documents`` section of ``--report-info``; the
report lists them in the criteria section of HTML and Markdown, names the
partners that have not agreed to a criteria document, and never treats a
vision document as a requirement. Bad entries are one-line errors with
``file:line:column``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from .chain import PROTOCOL, events_table, mondays, regular

INFO = """auditor: A. de Vries
client: Taskforce
documents:
  - title: Ketenprotocol meldcode Midden-Brabant
    version: "1.0.0"
    date: 2024-11-01
    agreed_by: [VT, TT, HA, SCH]
  - title: Visie op de ketenaanpak
    version: "2"
    date: 2022-05-01
    role: context
"""


def _log(tmp_path: Path) -> Path:
    from ketenmining.chainlog import write_chain_log

    ev = []
    for i, d in enumerate(mondays("2024-01-08", 12)):
        ev += regular(f"clean{i}", d, ("HA", "SCH", "POL")[i % 3])
    return write_chain_log(events_table(ev), tmp_path / "keten.parquet", {})


def _audit(tmp_path: Path, info: str, out: str = "rapport") -> object:
    from ketenmining.cli import main

    path = tmp_path / "rapport.yaml"
    path.write_text(info, encoding="utf-8")
    args = ["audit", str(_log(tmp_path)), "--protocol", str(PROTOCOL), "-q"]
    args += ["--data-end", "2025-06-30", "--report-info", str(path), "-o", str(tmp_path / out)]
    return CliRunner().invoke(main, args)


def test_documents_are_listed_with_version_date_and_who_agreed(tmp_path: Path) -> None:
    import json

    run = _audit(tmp_path, INFO)
    assert run.exit_code == 0, run.output
    rec = json.loads((tmp_path / "rapport" / "audit.json").read_text("utf-8"))
    crit, vision = rec["status"]["documents"]
    assert (crit["role"], crit["version"], crit["date"]) == ("criterion", "1.0.0", "2024-11-01")
    # POL is in the data and has not agreed: the report says so; context needs no agreement
    assert "POL" in crit["not_agreed"] and "VT" not in crit["not_agreed"]
    assert vision["role"] == "context" and vision["not_agreed"] == []
    for name in ("audit.html", "audit.md"):
        text = (tmp_path / "rapport" / name).read_text("utf-8")
        assert "Ketenprotocol meldcode Midden-Brabant" in text
        assert "1 november 2024" in text
        assert "nog niet vastgesteld door" in text and "POL" in text
        assert "Visie op de ketenaanpak" in text and "context, geen eis" in text
        assert "(in te vullen door de opdrachtgever)" not in text


def test_without_documents_the_report_says_the_record_of_agreement_is_missing(
    tmp_path: Path,
) -> None:
    run = _audit(tmp_path, "auditor: A. de Vries\nclient: Taskforce\n")
    assert run.exit_code == 0, run.output
    for name in ("audit.html", "audit.md"):
        text = (tmp_path / "rapport" / name).read_text("utf-8")
        assert "Geen documenten opgegeven" in text


@pytest.mark.parametrize(
    ("entry", "message", "line"),
    [
        ("  - {version: '1'}\n", "document 1 needs a title", 4),
        ("  - {title: X, role: vision}\n", "role 'vision' is not known", 4),
        ("  - {title: X, date: 1 mei}\n", "date '1 mei' is not a date", 4),
        ("  - {title: X, signed: yes}\n", "unknown key 'signed' in document 1", 4),
    ],
)
def test_a_bad_document_entry_is_a_one_line_error_with_its_place(
    tmp_path: Path, entry: str, message: str, line: int
) -> None:
    run = _audit(tmp_path, "auditor: A\nclient: B\ndocuments:\n" + entry)
    assert run.exit_code == 2, run.output
    assert message in run.output
    assert f"rapport.yaml:{line}:" in run.output
    assert "Traceback" not in run.output
    assert not (tmp_path / "rapport").exists()
