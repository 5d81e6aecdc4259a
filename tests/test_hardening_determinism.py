"""Same input, same bytes: outputs do not depend on the run or on ``PYTHONHASHSEED`` (issue 13).

The example chain is stitched, discovered (maps as DOT, models, JSON) and
audited twice in fresh interpreters with different hash seeds; with the run
time fixed by ``SOURCE_DATE_EPOCH`` every output file must be byte-identical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ketenmining.discover.models import canonical_pnml


def _run(args: list[str], seed: str, cwd: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1767225600"}
    proc = subprocess.run(
        [sys.executable, "-m", "ketenmining", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode in (0, 1), proc.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.slow
def test_outputs_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    _run(["example", "demo", "-q"], "0", tmp_path)
    runs = []
    for seed in ("0", "4242"):
        _run(["stitch", "--internal", "demo/keten.yaml", "--key-file", "demo/demo.key", "-o", "o/keten.parquet",
              "-q"], seed, tmp_path)  # fmt: skip
        _run(["discover", "o/keten.parquet", "-o", "o/maps", "-q", "--format",
              "json,dot,pnml,bpmn"], seed, tmp_path)  # fmt: skip
        _run(["audit", "o/keten.parquet", "--protocol", "demo/meldcode-keten.yaml",
              "-o", "o/rapport", "-q"], seed, tmp_path)  # fmt: skip
        runs.append(_files(tmp_path / "o"))
        shutil.rmtree(tmp_path / "o")
    first, second = runs
    assert {"keten.parquet", "maps/discover.json", "maps/model.pnml", "rapport/audit.json"} <= set(
        first
    )
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []


PM4PY_LIKE = b"""<?xml version='1.0' encoding='UTF-8'?>
<pnml><net id="imdf_net_1796626877.0087166" type="x"><name><text>imdf_net_1796626877.0087166</text>
</name><page id="n0"><place id="source"><name><text>source</text></name></place>
<place id="sink"><name><text>sink</text></name></place>
<transition id="%(a)s"><name><text>melding</text></name></transition>
<transition id="skip_1"><name><text>skip_1</text></name><toolspecific tool="ProM" version="6.4"
 activity="$invisible$" localNodeID="%(b)s"/></transition>
<arc id="%(c)s" source="source" target="%(a)s"/><arc id="%(d)s" source="%(a)s" target="sink"/>
<arc id="77" source="source" target="skip_1"/><arc id="78" source="skip_1" target="sink"/>
</page></net></pnml>"""


def test_pnml_ids_follow_from_the_net_alone() -> None:
    one = canonical_pnml(
        PM4PY_LIKE % {b"a": b"e9ee52dd", b"b": b"59afd7e4", b"c": b"1", b"d": b"2"}
    )
    two = canonical_pnml(
        PM4PY_LIKE % {b"a": b"151c95de", b"b": b"8f7ea2a9", b"c": b"9", b"d": b"8"}
    )
    assert one == two
    assert 'id="net"' in one and "imdf_net" not in one and "e9ee52dd" not in one
    assert 'id="t1"' in one and 'source="source" target="t1"' in one
