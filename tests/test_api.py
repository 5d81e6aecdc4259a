"""The Python API: ``import ketenmining as km`` is light, each stage is one function with a result.

The figures are checked against the example chain's ground truth
(``examples/midden-brabant/truth.json``), and the same stage call gives the
same result as the command that wraps it.
"""

from __future__ import annotations

import doctest
import json
import subprocess
import sys

import pytest
from support import REPO

EXAMPLE = REPO / "examples" / "midden-brabant"
PROTOCOL = REPO / "configs" / "protocols" / "meldcode-keten.yaml"
HEAVY = ("pandas", "pm4py", "duckdb", "pyarrow", "numpy", "pyspark", "sqlglot")


def _truth() -> dict:
    return json.loads((EXAMPLE / "truth.json").read_text(encoding="utf-8"))


def _heavy_after(code: str) -> list[str]:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys\n{code}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_import_ketenmining_loads_no_heavy_library() -> None:
    assert _heavy_after("import ketenmining") == []


def test_resolving_the_whole_api_and_its_help_load_no_heavy_library() -> None:
    code = (
        "import pydoc, ketenmining as km\n"
        "[getattr(km, n) for n in km.__all__]\n"
        "pydoc.render_doc(km, renderer=pydoc.plaintext)"
    )
    assert _heavy_after(code) == []


def test_help_shows_every_stage_with_an_example() -> None:
    import pydoc

    import ketenmining as km

    text = pydoc.render_doc(km, renderer=pydoc.plaintext)
    for name in (
        "stitch",
        "open_log",
        "discover",
        "conform",
        "audit",
        "seams",
        "compare",
        "export",
    ):
        fn = getattr(km, name)
        assert callable(fn) and not isinstance(fn, type(km)), name
        assert f"{name}(" in text, name
        assert ">>> " in (fn.__doc__ or ""), f"{name} has no example in its docstring"
    for name in ("ChainLog", "Discovery", "ConformResult", "AuditRecord", "Comparison"):
        assert name in text


def test_stage_names_stay_functions_after_their_packages_are_imported() -> None:
    code = (
        "import ketenmining as km\n"
        "import ketenmining.discover.maps, ketenmining.audit.record, ketenmining.conform.chain\n"
        "import ketenmining.stitch.build, ketenmining.export\n"
        "from ketenmining.discover import maps\n"
        "print([type(getattr(km, n)).__name__ for n in "
        "('discover', 'audit', 'conform', 'stitch', 'export')], maps.__name__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.split() == [
        "['function',",
        "'function',",
        "'function',",
        "'function',",
        "'function']",
        "ketenmining.discover.maps",
    ]


def test_an_unknown_name_is_an_attribute_error() -> None:
    import ketenmining as km

    with pytest.raises(AttributeError, match="no attribute 'discovr'"):
        _ = km.discovr


def test_the_package_docstring_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example in ``help(ketenmining)`` runs as written, from the repository root."""
    import ketenmining as km

    monkeypatch.chdir(REPO)
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    (test,) = finder.find(km, "ketenmining", globs={})
    assert len(test.examples) >= 5
    result = runner.run(test)
    assert result.failed == 0 and result.attempted == len(test.examples)


@pytest.fixture(scope="module")
def chain() -> object:
    """The example chain, stitched in memory with the demo key."""
    import ketenmining as km
    from ketenmining.privacy.pseudonym import read_key

    (EXAMPLE / "demo.key").chmod(0o600)
    return km.stitch(EXAMPLE / "keten.yaml", read_key(EXAMPLE / "demo.key"))


def test_stitch_gives_a_chain_log_with_the_truth_counts(chain: object) -> None:
    truth = _truth()
    assert chain.kind == "config"
    assert chain.events == sum(truth["events"].values())
    assert chain.cases == truth["counts"]["episodes"]
    assert set(chain.organisations) == {s["org"] for s in truth["sources"].values()}
    assert chain.quality["linkage"]["clients"] == truth["children"]
    assert chain.to_dict()["events"] == chain.events


def test_open_log_on_the_config_equals_stitch(chain: object) -> None:
    import ketenmining as km

    log = km.open_log(EXAMPLE / "keten.yaml", key_file=EXAMPLE / "demo.key")
    assert (log.kind, log.events, log.cases) == (chain.kind, chain.events, chain.cases)
    assert log.table().equals(chain.table())
    assert [i["sha256"] for i in log.inputs[1:]] == [i["sha256"] for i in chain.inputs[1:]]


def test_within_period_counts_what_it_leaves_out(chain: object) -> None:
    truth = _truth()
    chain.within_period()
    assert chain.period["from"] == truth["period"]["from"]
    assert chain.period["to"] == truth["period"]["to"]
    assert chain.period["left_out"] == {"before": 0, "after": 0}
    assert chain.within_period() is chain  # once


def test_discover_figures_are_the_truth(chain: object) -> None:
    import ketenmining as km

    d = km.discover(chain, formats=("json",))
    truth = _truth()
    assert d.cases == truth["children"]
    assert d.routes == truth["counts"]["episodes"]
    assert "discover.json" in d.files
    record = json.loads(d.files["discover.json"])
    assert record["k"] == 10 == d.to_dict()["k"]


def test_conform_and_audit_find_the_injected_deviations(chain: object) -> None:
    import ketenmining as km

    truth = _truth()
    result = km.conform(chain, PROTOCOL)
    assert result.cases.num_rows == truth["counts"]["episodes"]
    summary = {r["rule_id"]: r for r in result.to_dict()["rules"]}
    violated = {
        r["rule_id"]: r["violated"] for r in result.rule_summary.to_pylist() if r["violated"]
    }
    # every rule the generator breaks is violated at least once
    injected = {rule for label in truth["labels"].values() for rule in label["rules"]}
    assert injected <= set(violated), injected - set(violated)
    assert set(summary) >= injected
    record = km.audit(chain, PROTOCOL)
    assert record.cases == truth["counts"]["episodes"]
    assert record.count("major") >= 1
    assert record.exit_code("major") == 1 and record.exit_code("never") == 0
    assert record.to_dict()["findings"] == record.findings


def test_conform_needs_exactly_one_route(chain: object) -> None:
    import ketenmining as km

    with pytest.raises(km.KetenError, match="no route to check against"):
        km.conform(chain)
    with pytest.raises(km.KetenError, match="either --protocol or --model"):
        km.conform(chain, PROTOCOL, model="route.pnml")


def test_open_log_refuses_what_it_cannot_open() -> None:
    import ketenmining as km

    with pytest.raises(km.KetenError, match="cannot open a log from a int"):
        km.open_log(42)


#: Modules whose docstring examples run as written (in a folder laid out like a checkout after
#: ``make demo``: ``examples/``, ``configs/`` and ``out/demo/keten.parquet``).
DOC_MODULES = (
    "ketenmining.log.open",
    "ketenmining.stitch.api",
    "ketenmining.stitch.chainlog",
    "ketenmining.discover.api",
    "ketenmining.conform.api",
    "ketenmining.audit.api",
    "ketenmining.analyse.api",
    "ketenmining.export.api",
    "ketenmining.report.audit",
)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory, chain: object) -> object:
    """A folder with the checkout's examples and configs and the demo's chain log."""
    from ketenmining.report.stitch_output import write_stitch_outputs

    folder = tmp_path_factory.mktemp("doc")
    for name in ("examples", "configs"):
        (folder / name).symlink_to(REPO / name)
    (folder / "out" / "demo").mkdir(parents=True)
    write_stitch_outputs(chain.stitched, chain.quality, folder / "out/demo/keten.parquet", "nl")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("module", DOC_MODULES)
def test_the_docstring_examples_run_as_written(
    module: str, demo_folder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    monkeypatch.chdir(demo_folder)
    tests = doctest.DocTestFinder().find(importlib.import_module(module))
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    ran = 0
    for test in tests:
        result = runner.run(test)
        assert result.failed == 0, f"{test.name} failed"
        ran += result.attempted
    assert ran >= 2
