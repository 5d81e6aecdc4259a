"""The Spark engine: DuckDB-dialect queries transpiled by SQLGlot, and the same figures.

The transpiler tests need only sqlglot; the engine-equality test starts Spark in
local mode once (a session fixture) and is skipped, with one reason, where Java
or pyspark is missing.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from typing import Any

import pytest

from ketenmining.errors import KetenError

sqlglot = pytest.importorskip("sqlglot", reason="the spark extra is not installed")

from ketenmining import spark as S  # noqa: E402


def _discover_queries() -> list[str]:
    from ketenmining.discover import sql as Q

    fmt = {"keys": "oid, aid", "next_keys": "nxo, nxa", "steps": "__disc_steps"}
    return [
        *Q.DISC_DICTIONARIES,
        Q.disc_steps_sql(2, 2),
        Q.DISC_TRACES,
        Q.DISC_MULTI,
        Q.DISC_SWIM_VARIANTS,
        Q.DISC_VARIANTS,
        Q.DISC_KEPT_VARIANTS.format(keep=""),
        Q.DISC_KEEP_STEPS,
        Q.DISC_SV_STEPS,
        Q.DISC_TOTALS.format(sv="__disc_sv"),
        Q.DISC_NODES.format(keys="aid"),
        Q.DISC_NODES_MULTI.format(**fmt),
        Q.DISC_EDGES.format(**fmt),
        Q.DISC_EDGES_MULTI.format(**fmt),
        Q.DISC_WAITS.format(**fmt),
        Q.DISC_ORG_RETURNS,
        Q.DISC_ORG_RETURNS_MULTI.format(steps="__disc_steps"),
        Q.DISC_HIDDEN_VARIANT_CLIENTS,
        *Q.disc_drop(),
    ]


@pytest.mark.parametrize("query", _discover_queries())
def test_every_discover_query_transpiles_to_spark_sql_that_spark_parses(query: str) -> None:
    spark_sql = S.to_spark_sql(query)
    # the Spark text reads back in Spark's dialect, and no DuckDB-only function is left
    sqlglot.parse_one(spark_sql, read="spark")
    upper = spark_sql.upper()
    for duckdb_only in ("EPOCH(", "QUANTILE_CONT(", "LIST(", "UNNEST(", "OVER ()", "LEN("):
        assert not re.search(r"(?<![A-Z_])" + re.escape(duckdb_only), upper), (
            duckdb_only,
            spark_sql,
        )


def test_an_ordered_list_aggregate_keeps_its_order_on_spark() -> None:
    out = S.to_spark_sql("SELECT cid, list(aid ORDER BY pos) AS w FROM t GROUP BY cid")
    assert "ARRAY_SORT(COLLECT_LIST(STRUCT(pos AS k0, aid AS v)))" in out
    assert "s -> s.v" in out


def test_list_indexes_stay_one_based_and_null_past_the_end() -> None:
    out = S.to_spark_sql("SELECT w[i], w[i + 1], w[1] FROM t")
    assert out == (
        "SELECT TRY_ELEMENT_AT(w, i), TRY_ELEMENT_AT(w, i + 1), TRY_ELEMENT_AT(w, 1) FROM t"
    )


def test_epoch_keeps_the_fraction_of_a_second_and_quantiles_are_exact() -> None:
    assert S.to_spark_sql("SELECT epoch(ts) FROM t") == (
        "SELECT UNIX_MICROS(ts) / 1000000.0 FROM t"
    )
    assert S.to_spark_sql("SELECT quantile_cont(x, [0.5, 0.9]), median(y) FROM t") == (
        "SELECT PERCENTILE(x, ARRAY(0.5, 0.9)), PERCENTILE(y, 0.5) FROM t"
    )


def test_an_unordered_row_number_gets_an_order_and_a_named_window_is_left_alone() -> None:
    out = S.to_spark_sql("SELECT row_number() OVER () AS n FROM t")
    assert "ROW_NUMBER() OVER (ORDER BY MONOTONICALLY_INCREASING_ID()" in out
    named = S.to_spark_sql("SELECT row_number() OVER w FROM t WINDOW w AS (ORDER BY a)")
    assert "MONOTONICALLY_INCREASING_ID" not in named


def test_parameters_are_inlined_as_literals() -> None:
    out = S.to_spark_sql(
        "SELECT * FROM t WHERE org = ? AND n > ? AND a IN ?", ["O'Brien", 3, [1, 2]]
    )
    assert out == "SELECT * FROM t WHERE org = 'O\\'Brien' AND n > 3 AND a IN (1, 2)"
    with pytest.raises(KetenError, match="2 parameters for 1 placeholders"):
        S.to_spark_sql("SELECT ?", [1, 2])


def test_settings_come_from_the_environment_before_the_config_section(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("MASTER", "MEMORY", "CONF"):
        monkeypatch.delenv(f"KETENMINING_SPARK_{name}", raising=False)
    assert S.spark_settings() == S.SparkSettings("local[2]", "2g", {})
    section = {"master": "spark://head:7077", "memory": "8g", "conf": {"a.b": 1}}
    assert S.spark_settings(section) == S.SparkSettings("spark://head:7077", "8g", {"a.b": "1"})
    monkeypatch.setenv("KETENMINING_SPARK_MASTER", "local[4]")
    monkeypatch.setenv("KETENMINING_SPARK_CONF", "a.b=2; c.d = x")
    got = S.spark_settings(section)
    assert got == S.SparkSettings("local[4]", "8g", {"a.b": "2", "c.d": "x"})
    assert S._local_defaults(got.master)["spark.sql.shuffle.partitions"] == "4"
    assert S._local_defaults("yarn") == {}
    monkeypatch.setenv("KETENMINING_SPARK_CONF", "spark.x")
    with pytest.raises(KetenError, match=r"'spark\.x' is not a key=value pair"):
        S.spark_settings()


def test_an_unknown_engine_is_one_line_error() -> None:
    with pytest.raises(KetenError, match="unknown engine 'flink'"):
        S.engine_connection("flink", None)


# ---------------------------------------------------------------------------
# engine equality on Spark local mode
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spark_session() -> Any:
    """One local Spark for the whole run: 2 threads, small shuffles, no UI, quiet logs."""
    if shutil.which("java") is None:
        pytest.skip("the Spark engine tests need Java 17+ (java is not on PATH)")
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    conf = {
        "spark.sql.shuffle.partitions": "2",
        "spark.sql.codegen.wholeStage": "false",  # tiny data: compiling costs more than it saves
        "spark.driver.extraJavaOptions": "-XX:+UseSerialGC",
    }
    spark = S.session(S.SparkSettings("local[2]", "1g", conf))
    yield spark
    spark.stop()
    S._SESSION = None


def _close(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two JSON values differ (floats to a relative 1e-9)."""
    if isinstance(a, float) or isinstance(b, float):
        ok = a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
        return [] if ok else [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a)} != {sorted(b)}"]
        return [d for k in a for d in _close(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)}"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in _close(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


@pytest.mark.slow
def test_discover_on_spark_publishes_the_figures_of_duckdb(
    spark_session: Any, example_chain_log: Any
) -> None:
    import ketenmining as km

    runs = {
        engine: km.discover(example_chain_log, formats=("json",), maps=(), engine=engine)
        for engine in ("duckdb", "spark")
    }
    duck, spark = (json.loads(runs[e].files["discover.json"]) for e in ("duckdb", "spark"))
    # the run has something to compare: published edges with waiting times, starts and ends
    edges = duck["maps"]["activity"]["edges"]
    assert len(edges) > 10 and any(e["p90_seconds"] for e in edges)
    assert any(n["start_cases"] for n in duck["maps"]["activity"]["nodes"])
    assert duck["total_traces"] == 2067 and len(duck["variants"]) > 10
    assert _close(duck, spark) == []
    assert runs["spark"].files["variants.csv"] == runs["duckdb"].files["variants.csv"]
