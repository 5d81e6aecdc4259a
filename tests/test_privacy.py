"""Pseudonyms (against openssl), BSN checks, keys, and the rejects of pseudonymise."""

from __future__ import annotations

import datetime as dt
import stat
import subprocess
from pathlib import Path

import pyarrow as pa
import pytest
from support import REPO, strong_key, write_key_file

from ketenmining.cli import main
from ketenmining.errors import KetenError
from ketenmining.privacy.apply import REASON_INVALID_BSN, REASON_MISSING_ID, pseudonymise_table
from ketenmining.privacy.pseudonym import elfproef, normalise_bsn, pseudonym, read_key


def _openssl(key_file: Path, message: str) -> str:
    """HMAC-SHA256 as the README tells partners to compute it."""
    out = subprocess.run(
        [
            "bash",
            "-c",
            f"printf '%s' '{message}' | openssl dgst -sha256 -hmac \"$(cat '{key_file}')\"",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.strip().split("= ")[-1]


@pytest.mark.parametrize(
    "raw", ["123456782", "1234.56.782", " 123-456-782 ", "12 34 56 782", 123456782]
)
def test_pseudonym_equals_openssl(raw: object, key_file: Path) -> None:
    norm = normalise_bsn(raw)
    assert norm == "123456782"
    ours = pseudonym(read_key(key_file), norm)
    assert ours == _openssl(key_file, norm)
    assert len(ours) == 64 and ours == ours.lower()


def test_readme_documents_the_openssl_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "openssl dgst -sha256 -hmac" in readme
    assert "elfproef" in readme


def test_short_bsn_is_left_padded_before_the_check() -> None:
    # 8 digits: a leading zero lost in a spreadsheet; 010000021 passes the elfproef
    assert normalise_bsn("10000021") == "010000021"
    assert normalise_bsn(10000021) == "010000021"
    assert normalise_bsn(10000021.0) == "010000021"
    assert normalise_bsn("10000022") is None


@pytest.mark.parametrize(
    ("bsn", "valid"),
    [
        ("111222333", True),
        ("123456782", True),
        ("123456789", False),
        ("000000000", False),
        ("12345678a", False),
    ],
)
def test_elfproef(bsn: str, valid: bool) -> None:
    assert elfproef(bsn) is valid


@pytest.mark.parametrize("raw", ["", "   ", "1234567890", "12.34.56.78.9x", None, float("nan")])
def test_invalid_bsn_is_none(raw: object) -> None:
    assert normalise_bsn(raw) is None


def test_key_rules(tmp_path: Path) -> None:
    short = write_key_file(tmp_path / "short.key")
    short.write_text("tooshort\n")
    with pytest.raises(KetenError, match="at least 32 random bytes"):
        read_key(short)
    with pytest.raises(KetenError, match="not found"):
        read_key(tmp_path / "absent.key")
    with pytest.raises(KetenError, match="no key given"):
        read_key(None)
    crlf = tmp_path / "crlf.key"
    crlf.write_bytes(strong_key("crlf") + b"\r\n")
    crlf.chmod(0o600)
    assert read_key(crlf) == strong_key("crlf")


def test_key_new_writes_a_private_strong_key(runner, tmp_path: Path) -> None:
    path = tmp_path / "keys" / "keten.key"
    result = runner.invoke(main, ["key", "new", str(path)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert len(text.strip()) == 64 and int(text.strip(), 16) >= 0
    again = runner.invoke(main, ["key", "new", str(path)])
    assert again.exit_code == 2 and "exists already" in again.output
    assert path.read_text() == text


def test_key_readable_by_others_is_refused_unless_allowed(runner, tmp_path: Path) -> None:
    path = write_key_file(tmp_path / "open.key")
    path.chmod(0o644)
    refused = runner.invoke(main, ["key", "check", str(path)])
    assert refused.exit_code == 2, refused.output
    assert "open.key" in refused.output and "mode 644" in refused.output
    assert "chmod 600" in refused.output and "--allow-shared-key-file" in refused.output
    allowed = runner.invoke(
        main, ["key", "check", "--allow-shared-key-file", str(path), "--lang", "en"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert "readable by other users" in allowed.output and "fingerprint" in allowed.output


def test_key_is_never_an_option_value(runner) -> None:
    result = runner.invoke(main, ["stitch", "--help"])
    assert "--key-file" in result.output and "--allow-shared-key-file" in result.output
    assert "--key " not in result.output and "--key=" not in result.output


def _mapped(ids: list[object]) -> pa.Table:
    n = len(ids)
    ts = [dt.datetime(2024, 1, i + 1, tzinfo=dt.UTC) for i in range(n)]
    return pa.table(
        {
            "raw_id": pa.array([None if v is None else str(v) for v in ids], pa.string()),
            "org": ["HA"] * n,
            "activity": ["melding_gedaan"] * n,
            "activity_raw": ["Melding gedaan"] * n,
            "timestamp": pa.array(ts, pa.timestamp("us", tz="UTC")),
            "lifecycle": ["complete"] * n,
            "source": ["ha"] * n,
            "source_row": pa.array(range(1, n + 1), pa.int64()),
        }
    )


def test_invalid_and_missing_ids_are_set_aside_by_row_not_value() -> None:
    key = strong_key("chain")
    table = _mapped(["123456782", "123456789", None, "1234.56.782", "  "])
    out = pseudonymise_table(table, "ha", "bsn", key)
    assert out.table.num_rows == 2
    assert set(out.table.column("case_id").to_pylist()) == {pseudonym(key, "123456782")}
    assert "raw_id" not in out.table.column_names
    rejects = out.rejects.to_pylist()
    assert [(r["source_row"], r["reason"]) for r in rejects] == [
        (2, REASON_INVALID_BSN),
        (3, REASON_MISSING_ID),
        (5, REASON_MISSING_ID),
    ]
    flat = repr(rejects) + repr(out.table.to_pylist())
    assert "123456789" not in flat and "123456782" not in flat


def test_bsn_source_without_key_is_refused() -> None:
    with pytest.raises(KetenError, match="no key"):
        pseudonymise_table(_mapped(["123456782"]), "ha", "bsn", None)


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("dossier-123456782.csv", "dossier-#.csv"),
        ("export C82584868.xlsx", "export C#.xlsx"),
        ("vt 1234.56.782.csv", "vt #.csv"),
        ("/data/client-9916370/vt.csv", "/data/client-#/vt.csv"),
        ("export-20240105.csv", "export-20240105.csv"),  # a date stays
        ("export-20241305.csv", "export-#.csv"),  # not a date
        ("huisartsen-2024-q1.csv", "huisartsen-2024-q1.csv"),
    ],
)
def test_long_numbers_in_file_names_are_masked(name: str, masked: str) -> None:
    from ketenmining.errors import Location
    from ketenmining.idmask import mask_name

    assert mask_name(name) == masked
    assert str(Location(name, line=3)) == f"{masked}:3"


def test_a_value_that_may_be_data_is_not_quoted() -> None:
    from ketenmining.idmask import quote_value

    assert quote_value("beoordelling") == "'beoordelling'"
    assert quote_value("P6264042,Kind0") == "text of 14 characters (not shown)"
    assert quote_value("a\nb", "nl") == "tekst van 3 tekens (niet getoond)"
    assert quote_value("x" * 41).startswith("text of 41")


def test_own_client_numbers_in_mapped_text_are_masked_with_a_finding() -> None:
    table = _mapped(["TT-482131", "Intake", "TT-482131"])
    activity = ["Intake gezin TT-482131", "Intake", "Huisbezoek (dossier 482131)"]
    table = table.set_column(
        table.column_names.index("activity_raw"), "activity_raw", pa.array(activity)
    )
    out = pseudonymise_table(table, "tt", "opaque", strong_key("chain"))
    assert out.table.column("activity_raw").to_pylist() == [
        "Intake gezin [ID]",
        "Intake",  # an id without a digit is a word: not masked
        "Huisbezoek (dossier 482131)",  # a part of an id is not the id
    ]
    assert out.stats["embedded_client_ids"] == 1
    assert "TT-482131" not in repr(out.table.to_pylist())
