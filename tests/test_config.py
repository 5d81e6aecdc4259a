"""Chain config loading: the example loads; every problem is reported at once with a position."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import EXAMPLE

from ketenmining.config.load import check_source_files, load_config
from ketenmining.errors import KetenError
from ketenmining.timeunits import Duration


def test_example_config_loads() -> None:
    config = load_config(EXAMPLE / "keten.yaml")
    assert config.name == "midden-brabant"
    assert {s.org for s in config.sources} == {"HA", "SCH", "POL", "VT", "TT", "RvdK"}
    assert config.episode_gap == Duration(12, "months")
    ha = config.source("huisartsen")
    assert ha.options.delimiter == ";" and ha.options.encoding == "utf-8-sig"
    assert ha.timestamp.formats == ("%d-%m-%Y %H:%M",)
    assert ha.timestamp.timezone == "Europe/Amsterdam"
    tt = config.source("toegang")
    assert tt.options.encoding == "cp1252" and tt.options.decimal == ","
    assert dict(tt.columns.attributes) == {"werkwijze": "Werkwijze", "team": "Team", "uren": "Uren"}
    assert config.source("raad").timestamp.date_only
    sch = config.source("scholen")
    assert sch.patterns[0].regex.match("Melding aan Veilig Thuis")
    assert sch.ignore_patterns[0].regex.match("Overleg zorgteam 3")
    # the allow-list contains exactly the mapped columns, never the dossier column
    assert ha.mapped_columns() == ["BSN", "Actie", "Datum"]
    assert config.protocol is not None and config.protocol.name == "meldcode-keten.yaml"


BROKEN = """\
keten: test
timezone: Europe/Amsterdm
organisations: {HA: Huisarts, VT: Veilig Thuis}
sources:
  - id: a
    org: HB
    path: a.csv
    client_id: {column: BSN, kind: bsnn}
    columns: {activity: Actie}
    timestamp: {format: "dd-mm-yyyy"}
    lifecycle: {klaar: finished}
    activities:
      patterns:
        - {match: "([a-z", step: x}
    colums: {}
  - id: a
    org: VT
    path: b.unknownext
    client_id: {column: id, kind: opaque}
    columns: {activity: A, timestamp: T}
"""


def test_every_problem_is_reported_at_once_with_position(tmp_path: Path) -> None:
    path = tmp_path / "keten.yaml"
    path.write_text(BROKEN)
    with pytest.raises(KetenError) as err:
        load_config(path)
    lines = err.value.lines()
    text = "\n".join(lines)
    expected = [
        ("unknown time zone 'Europe/Amsterdm'", ":2:"),
        ("organisation 'HB' is not listed", ":6:"),
        ("unknown id kind 'bsnn'", ":8:"),
        ("columns.timestamp is required", ":9:"),
        ("'dd-mm-yyyy' is not a strftime format", ":10:"),
        ("'finished' is not a lifecycle transition", ":11:"),
        ("invalid regular expression", ":14:"),
        ("unknown key 'colums'", ":15:"),
        ("duplicate source id 'a'", ":16:"),
        ("cannot tell the format", ":18:"),
    ]
    for message, pos in expected:
        matching = [ln for ln in lines if message in ln]
        assert matching, f"missing problem {message!r} in:\n{text}"
        assert pos in matching[0], matching[0]
    assert "did you mean 'columns'" in text
    assert "add it to organisations" in text
    assert len(lines) == len(expected)


def test_missing_source_files_are_listed_together(tmp_path: Path) -> None:
    path = tmp_path / "keten.yaml"
    path.write_text(
        "keten: t\nsources:\n"
        "  - {id: a, org: X, path: a.csv, client_id: {column: id}, columns: {activity: A, timestamp: T}}\n"
        "  - {id: b, org: Y, path: b.csv, client_id: {column: id}, columns: {activity: A, timestamp: T}}\n"
    )
    config = load_config(path)
    with pytest.raises(KetenError) as err:
        check_source_files(config)
    assert len(err.value.lines()) == 2
    assert "keten.yaml:3:" in err.value.lines()[0] and "a.csv" in err.value.lines()[0]


def test_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "keten.yaml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(KetenError) as err:
        load_config(path)
    assert "must be a mapping" in str(err.value) and "ketenmining init" in str(err.value)
