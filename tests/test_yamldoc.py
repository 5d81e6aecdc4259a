"""Safe YAML loading with positions: duplicates, tabs, bombs, cycles, size."""

from __future__ import annotations

import pytest

from ketenmining.errors import KetenError
from ketenmining.yamldoc import MAX_NODES, load_yaml_file, load_yaml_text


def test_positions_of_values_and_keys() -> None:
    doc = load_yaml_text("a:\n  b: 1\n  c:\n    - x\n    - y\n", "f.yaml")
    assert doc.data == {"a": {"b": 1, "c": ["x", "y"]}}
    assert (doc.where(("a", "c", 1)).line, doc.where(("a", "c", 1)).column) == (5, 7)
    assert doc.where(("a", "b"), key=True).line == 2
    # a missing path falls back to its nearest ancestor
    assert doc.where(("a", "missing")).line == 2


def test_duplicate_keys_are_all_reported() -> None:
    with pytest.raises(KetenError) as err:
        load_yaml_text("a: 1\nb: 2\na: 3\nb: 4\n", "f.yaml")
    lines = err.value.lines()
    assert len(lines) == 2
    assert (
        "f.yaml:3:1" in lines[0]
        and "duplicate key 'a'" in lines[0]
        and "first at line 1" in lines[0]
    )
    assert "f.yaml:4:1" in lines[1]


def test_tab_indentation_points_at_the_tab() -> None:
    with pytest.raises(KetenError) as err:
        load_yaml_text("a:\n\tb: 1\n", "f.yaml")
    assert "f.yaml:2:1" in str(err.value) and "tab" in str(err.value)


def test_syntax_error_has_position() -> None:
    with pytest.raises(KetenError) as err:
        load_yaml_text("a: [1, 2\nb: 3\n", "f.yaml")
    assert "f.yaml:" in str(err.value) and "YAML syntax error" in str(err.value)


def test_alias_bomb_is_refused() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 10) + "]")
    with pytest.raises(KetenError) as err:
        load_yaml_text("\n".join(lines) + "\n", "bomb.yaml")
    assert f"{MAX_NODES:,}" in str(err.value)


def test_alias_cycle_is_refused() -> None:
    with pytest.raises(KetenError) as err:
        load_yaml_text("a: &x\n  - *x\n", "cycle.yaml")
    assert "cycle" in str(err.value)


def test_large_file_is_refused_before_parsing(tmp_path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (3 * 1024 * 1024) + b"\n")
    with pytest.raises(KetenError) as err:
        load_yaml_file(big)
    assert "too large" in str(err.value)


def test_not_utf8_gives_line(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(KetenError) as err:
        load_yaml_file(bad)
    assert "bad.yaml:2" in str(err.value) and "UTF-8" in str(err.value)
