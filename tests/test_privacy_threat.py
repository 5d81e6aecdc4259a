"""The pseudonym threat model (docs/privacy.md), tried: a brute force that works and one that fails.

With the organisations' key, every valid BSN can be hashed (about 90 million, minutes of one
core), so a stage-1 pseudonym is undone by a search. The trusted third party's second keyed
step stops that search for whoever does not hold the TTP key. The tests run the search over a
realistic reduced space (10^5 valid BSNs around the target) and show both outcomes; and
``stitch`` refuses to write a stage-1-only chain log unless told it stays internal.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import EXAMPLE, PROTOCOL, private_copy, write_key_file

from ketenmining.cli import main
from ketenmining.privacy.pseudonym import elfproef, pseudonym, read_key

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)
SAMPLE_BSN = "123456782"
SPACE = 100_000


def valid_bsns_around(bsn: str, n: int) -> Iterator[str]:
    """``n`` valid BSNs in order, starting about ``n`` numbers (of 11) below ``bsn``."""
    prefix = max(int(bsn[:8]) - (n * 11 // 10) // 2, 0)
    made = 0
    while made < n:
        total = sum(int(c) * w for c, w in zip(f"{prefix:08d}", WEIGHTS, strict=True))
        last = total % 11
        if last != 10 and total - last > 0:
            made += 1
            yield f"{prefix:08d}{last}"
        prefix += 1


def brute_force(target: str, key: bytes, candidates: list[str], layers: int = 1) -> str | None:
    """The candidate whose pseudonym (``layers`` times HMAC under ``key``) is ``target``."""
    for bsn in candidates:
        value = bsn
        for _ in range(layers):
            value = hmac.digest(key, value.encode(), "sha256").hex()
        if value == target:
            return bsn
    return None


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    folder = tmp_path_factory.mktemp("keys")
    return (
        read_key(write_key_file(folder / "keten.key")),
        read_key(write_key_file(folder / "ttp.key")),
    )


@pytest.fixture(scope="module")
def space() -> list[str]:
    candidates = list(valid_bsns_around(SAMPLE_BSN, SPACE))
    assert len(candidates) == SPACE and SAMPLE_BSN in candidates
    assert all(elfproef(c) for c in candidates[:: SPACE // 100])
    assert candidates.index(SAMPLE_BSN) not in (0, SPACE - 1)  # the target is inside the space
    return candidates


def test_the_chain_key_undoes_a_stage_1_pseudonym(keys, space) -> None:
    chain_key, _ = keys
    stage1 = pseudonym(chain_key, SAMPLE_BSN)
    assert brute_force(stage1, chain_key, space) == SAMPLE_BSN


def test_without_the_ttp_key_a_stage_2_pseudonym_holds(keys, space) -> None:
    chain_key, ttp_key = keys
    stage2 = pseudonym(ttp_key, pseudonym(chain_key, SAMPLE_BSN))
    # the analyst who also got hold of the chain key: one layer, or guessing the TTP used it too
    assert brute_force(stage2, chain_key, space) is None
    assert brute_force(stage2, chain_key, space, layers=2) is None
    # the search itself is right: the TTP colluding with a key holder does find the child
    stage1 = [pseudonym(chain_key, c) for c in space]
    assert brute_force(stage2, ttp_key, stage1) == pseudonym(chain_key, SAMPLE_BSN)


def _stitch(runner, tmp_path: Path, *extra: str):
    key = private_copy(EXAMPLE / "demo.key", tmp_path / "demo.key")
    out = tmp_path / "out" / "keten.parquet"
    args = ["stitch", str(EXAMPLE / "keten.yaml"), "--key-file", str(key), *extra]
    return runner.invoke(main, [*args, "-o", str(out), "-q", "--lang", "en"]), out


def test_stitch_refuses_a_stage_1_chain_log_unless_internal(runner, tmp_path: Path) -> None:
    result, out = _stitch(runner, tmp_path)
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert len(line.splitlines()) == 1 and "stage-1" in line
    assert "--ttp-key-file" in line and "--internal" in line
    assert not out.parent.exists()  # nothing written
    help_text = runner.invoke(main, ["stitch", "--help"]).output
    assert "--internal" in help_text and "docs/privacy.md" in help_text


def test_stitch_with_the_ttp_key_writes_stage_2_pseudonyms(runner, tmp_path: Path) -> None:
    ttp = write_key_file(tmp_path / "ttp" / "ttp.key")
    internal, log1 = _stitch(runner, tmp_path / "a", "--internal")
    assert internal.exit_code == 0, internal.output
    released, log2 = _stitch(runner, tmp_path / "b", "--ttp-key-file", str(ttp))
    assert released.exit_code == 0, released.output
    one, two = pq.read_table(log1), pq.read_table(log2)
    meta1 = json.loads(one.schema.metadata[b"ketenmining"])
    meta2 = json.loads(two.schema.metadata[b"ketenmining"])
    assert meta1["pseudonym_stage"] == 1 and meta1["ttp_key_id"] is None
    assert meta2["pseudonym_stage"] == 2 and meta2["ttp_key_id"] == meta2["ttp_key_id"].lower()
    ttp_key = read_key(ttp)

    def by_row(table, step=lambda p: p) -> dict[tuple[str, int], str]:
        rows = zip(
            *(table.column(c).to_pylist() for c in ("source", "source_row", "case_id")), strict=True
        )
        return {(s, r): step(p) for s, r, p in rows}

    assert by_row(two) == by_row(one, lambda p: pseudonym(ttp_key, p))  # every id stepped
    assert len(by_row(one)) == one.num_rows > 10_000
    assert not set(one.column("case_id").to_pylist()) & set(two.column("case_id").to_pylist())


def test_the_ttp_key_may_not_be_the_chain_key(runner, tmp_path: Path) -> None:
    same = private_copy(EXAMPLE / "demo.key", tmp_path / "ttp.key")
    result, out = _stitch(runner, tmp_path, "--ttp-key-file", str(same))
    assert result.exit_code == 2 and "TTP key is the chain key" in result.output
    assert not out.parent.exists()


def test_the_sample_goes_back_through_the_ttp(runner, tmp_path: Path) -> None:
    """unwrap (at the TTP) then lookup (at VT, without the TTP key) finds the same dossiers as a
    lookup that holds both keys; the file VT gets holds no stage-2 pseudonym."""
    import csv

    key = private_copy(EXAMPLE / "demo.key", tmp_path / "keys" / "demo.key")
    ttp = write_key_file(tmp_path / "ttp" / "ttp.key")
    config = str(EXAMPLE / "keten.yaml")
    vt = tmp_path / "vt.parquet"
    chain = tmp_path / "keten.parquet"
    steps = [
        ["pseudonymise", config, "--source", "VT", "--key-file", key, "-o", vt],
        ["stitch", config, "--key-file", key, "--ttp-key-file", ttp, "-o", chain],
        ["audit", chain, "--protocol", PROTOCOL, "-o", tmp_path / "rapport", "--format", "json"],
        [
            "unwrap",
            tmp_path / "rapport" / "sample.csv",
            vt,
            "--ttp-key-file",
            ttp,
            "-o",
            tmp_path / "naar-vt.csv",
            "--lang",
            "en",
        ],
        [
            "lookup",
            tmp_path / "naar-vt.csv",
            config,
            "--source",
            "VT",
            "--key-file",
            key,
            "-o",
            tmp_path / "via-ttp.csv",
        ],
        [
            "lookup",
            tmp_path / "rapport" / "sample.csv",
            config,
            "--source",
            "VT",
            "--key-file",
            key,
            "--ttp-key-file",
            ttp,
            "-o",
            tmp_path / "both-keys.csv",
        ],
    ]
    for args in steps:
        result = runner.invoke(main, [str(a) for a in args] + ["-q"])
        assert result.exit_code == 0, (args[0], result.output)

    def rows(name: str) -> list[dict[str, str]]:
        with (tmp_path / name).open(encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    sample, back = rows("rapport/sample.csv"), rows("naar-vt.csv")
    ttp_key = read_key(ttp)
    assert 0 < len(back) < len(sample)  # VT's cases only
    for row in back:
        assert pseudonym(ttp_key, row["case_id"]) == sample[int(row["sample_row"]) - 1]["case_id"]
    stage2 = {r["case_id"] for r in sample}
    assert not stage2 & {v for r in back for v in r.values()}
    dossiers = sorted(r["dossier"] for r in rows("via-ttp.csv"))
    assert dossiers and dossiers == sorted(r["dossier"] for r in rows("both-keys.csv"))


def test_unwrap_refuses_a_file_that_is_not_pseudonymised(runner, tmp_path: Path) -> None:
    ttp = write_key_file(tmp_path / "ttp.key")
    sample = tmp_path / "sample.csv"
    sample.write_text("case_id\nabc\n", encoding="utf-8")
    data = EXAMPLE / "data" / "raad.parquet"
    out = tmp_path / "naar.csv"
    args = ["unwrap", str(sample), str(data), "--ttp-key-file", str(ttp), "-o", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 2 and "ketenmining pseudonymise" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not out.exists()
