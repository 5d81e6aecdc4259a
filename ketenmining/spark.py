"""The cluster engine: the same event-level SQL on Apache Spark, through SQLGlot.

The stages write their queries once, in DuckDB's dialect (``<stage>/sql.py``).
:class:`SparkConnection` takes the place of a DuckDB connection for them: it
transpiles every statement with SQLGlot (``read="duckdb", write="spark"``),
rewrites the few constructs whose meaning differs between the engines
(:func:`to_spark_sql`), and runs it in a :class:`pyspark.sql.SparkSession`.
``CREATE TEMP TABLE`` becomes a temp view over a checkpointed (materialised)
DataFrame, so that a table computed once (with its row numbers) stays the same
for every later query, as in DuckDB.

Settings (:func:`spark_settings`): ``KETENMINING_SPARK_MASTER``,
``KETENMINING_SPARK_MEMORY`` and ``KETENMINING_SPARK_CONF`` (``key=value``
pairs separated by ``;``), else the ``spark:`` section of ``keten.yaml``, else
``local[2]`` with 2 GB of driver memory. pyspark and sqlglot are the optional
extra ``ketenmining[spark]``; nothing here is imported before it is needed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ketenmining.errors import KetenError

#: The engines a stage can run on (``--engine``).
ENGINES = ("duckdb", "spark")

#: Defaults when neither the environment nor ``keten.yaml`` say otherwise.
DEFAULT_MASTER = "local[2]"
DEFAULT_MEMORY = "2g"

#: Spark settings every session gets: UTC (the chain log's instants), ANSI SQL, no UI.
BASE_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


@dataclass(frozen=True)
class SparkSettings:
    """Where and how Spark runs: master URL, driver memory and extra configuration."""

    master: str = DEFAULT_MASTER
    memory: str = DEFAULT_MEMORY
    conf: dict[str, str] = field(default_factory=dict)


def parse_conf(text: str, where: str = "KETENMINING_SPARK_CONF") -> dict[str, str]:
    """``key=value;key=value`` as a dict; a pair without ``=`` is a one-line error."""
    conf: dict[str, str] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise KetenError(
                f"{where}: '{part}' is not a key=value pair",
                hint="write e.g. spark.sql.shuffle.partitions=8;spark.executor.memory=4g",
            )
        conf[key.strip()] = value.strip()
    return conf


def spark_settings(section: dict[str, Any] | None = None) -> SparkSettings:
    """Spark settings: the environment overrides ``section`` (``spark:`` of ``keten.yaml``)."""
    section = dict(section or {})
    conf = {str(k): str(v) for k, v in (section.get("conf") or {}).items()}
    conf.update(parse_conf(os.environ.get("KETENMINING_SPARK_CONF", "")))
    master = os.environ.get("KETENMINING_SPARK_MASTER", "").strip() or str(
        section.get("master") or DEFAULT_MASTER
    )
    memory = os.environ.get("KETENMINING_SPARK_MEMORY", "").strip() or str(
        section.get("memory") or DEFAULT_MEMORY
    )
    return SparkSettings(master, memory, conf)


_SESSION: Any = None


def _local_defaults(master: str) -> dict[str, str]:
    """In local mode, as many shuffle partitions as threads (Spark's 200 suit a cluster)."""
    import re

    found = re.fullmatch(r"local\[(\d+)\]", master.strip())
    if found is None:
        return {}
    return {
        "spark.sql.shuffle.partitions": found.group(1),
        "spark.default.parallelism": found.group(1),
    }


def session(settings: SparkSettings | None = None) -> Any:
    """The process's SparkSession (made once with ``settings``; later calls reuse it)."""
    global _SESSION
    if _SESSION is not None:
        return _SESSION
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise KetenError(
            "the Spark engine needs pyspark, which is not installed",
            hint="pip install 'ketenmining[spark]' (and Java 17 or newer), or use --engine duckdb",
        ) from None
    s = settings or spark_settings()
    builder = SparkSession.builder.master(s.master).appName("ketenmining")
    conf = {**BASE_CONF, **_local_defaults(s.master), "spark.driver.memory": s.memory, **s.conf}
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        _SESSION = builder.getOrCreate()
    except Exception as exc:  # no Java, a bad master URL: one line, not a JVM trace
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise KetenError(
            f"Spark could not start ({first[:200]})",
            hint="check Java 17+ (java -version) and KETENMINING_SPARK_MASTER, or use --engine duckdb",
        ) from None
    _SESSION.sparkContext.setLogLevel("ERROR")
    return _SESSION


# ---------------------------------------------------------------------------
# DuckDB SQL → Spark SQL
# ---------------------------------------------------------------------------


def _inline_params(sql: str, params: list[Any] | None) -> str:
    """Put the values of ``?`` placeholders into the DuckDB text as literals."""
    if not params:
        return sql
    from sqlglot import exp
    from sqlglot.dialects.duckdb import DuckDB
    from sqlglot.tokens import TokenType

    marks = (TokenType.PLACEHOLDER, TokenType.QDCOLON)  # ``?`` and ``?::`` (a cast follows)
    tokens = [t for t in DuckDB().tokenize(sql) if t.token_type in marks]
    if len(tokens) != len(params):
        raise KetenError(f"{len(params)} parameters for {len(tokens)} placeholders in a query")
    out, last = [], 0
    for token, value in zip(tokens, params, strict=True):
        out.append(sql[last : token.start])
        out.append(exp.convert(value).sql("duckdb"))
        if token.token_type == TokenType.QDCOLON:
            out.append("::")
        last = token.end + 1
    out.append(sql[last:])
    return "".join(out)


def _rewrite(node: Any) -> Any:
    """Rewrite the constructs whose meaning SQLGlot's transpiler does not carry over."""
    from sqlglot import exp

    if isinstance(node, exp.ArrayAgg) and isinstance(node.this, exp.Order):
        # list(x ORDER BY k): Spark's collect_list has no order; sort structs (k..., x), keep x
        order = node.this
        keys = [o.this for o in order.expressions]
        desc = [bool(o.args.get("desc")) for o in order.expressions]
        if any(desc):
            raise KetenError("an ordered list aggregate with DESC cannot run on Spark yet")
        fields = [exp.alias_(k.copy(), f"k{i}") for i, k in enumerate(keys)] + [
            exp.alias_(order.this.copy(), "v")
        ]
        struct = exp.Anonymous(this="STRUCT", expressions=fields)
        collected = exp.Anonymous(this="COLLECT_LIST", expressions=[struct])
        return exp.Anonymous(
            this="TRANSFORM",
            expressions=[
                exp.Anonymous(this="ARRAY_SORT", expressions=[collected]),
                exp.Lambda(
                    this=exp.Dot(this=exp.column("s"), expression=exp.to_identifier("v")),
                    expressions=[exp.to_identifier("s")],
                ),
            ],
        )
    if isinstance(node, exp.Window) and isinstance(node.this, exp.RowNumber):
        named = isinstance(node.args.get("alias"), exp.Identifier)
        if node.args.get("order") is None and not named and not node.args.get("partition_by"):
            # row_number() OVER (): any numbering; Spark insists on an order
            order = exp.Order(
                expressions=[exp.Ordered(this=exp.Anonymous(this="MONOTONICALLY_INCREASING_ID"))]
            )
            node = node.copy()
            node.set("order", order)
            return node
    if isinstance(node, exp.Bracket) and len(node.expressions) == 1:
        # DuckDB lists: 1-based, NULL past the end; Spark's [] is 0-based and fails there
        index = node.expressions[0]
        if isinstance(index, exp.Literal) and not index.is_string:
            # SQLGlot stores literal indexes 0-based
            index = exp.Literal.number(int(index.this) + 1)
        return exp.Anonymous(this="TRY_ELEMENT_AT", expressions=[node.this, index.copy()])
    if isinstance(node, exp.TimeToUnix):
        # epoch(ts): seconds with the fraction (Spark's unix_timestamp drops it)
        micros = exp.Anonymous(this="UNIX_MICROS", expressions=[node.this.copy()])
        return exp.Div(this=micros, expression=exp.Literal.number("1000000.0"))
    if isinstance(node, exp.PercentileCont) and node.args.get("expression") is not None:
        # quantile_cont(x, q): Spark's exact linear-interpolated percentile
        return exp.Anonymous(
            this="PERCENTILE", expressions=[node.this.copy(), node.expression.copy()]
        )
    if isinstance(node, exp.Median):
        return exp.Anonymous(
            this="PERCENTILE", expressions=[node.this.copy(), exp.Literal.number("0.5")]
        )
    return node


def parse_duckdb(sql: str, params: list[Any] | None = None) -> Any:
    """The DuckDB statement ``sql`` (with ``params`` inlined) as a SQLGlot tree."""
    import sqlglot

    try:
        return sqlglot.parse_one(_inline_params(sql, params), read="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise KetenError(
            f"a query could not be read for Spark ({str(exc).splitlines()[0][:160]})",
            hint="run this command with --engine duckdb",
        ) from None


def to_spark_sql(sql: str, params: list[Any] | None = None) -> str:
    """The DuckDB query ``sql`` as Spark SQL (``params`` inlined as literals)."""
    return parse_duckdb(sql, params).transform(_rewrite).sql("spark")


# ---------------------------------------------------------------------------
# a DuckDB-shaped connection over a SparkSession
# ---------------------------------------------------------------------------


class SparkResult:
    """The rows of one statement, fetched the way the stages fetch DuckDB results."""

    def __init__(self, df: Any) -> None:
        self._df = df
        self._rows: list[tuple[Any, ...]] | None = None

    def fetchall(self) -> list[tuple[Any, ...]]:
        """Every row as a tuple (arrays as lists)."""
        if self._rows is None:
            self._rows = [] if self._df is None else [tuple(r) for r in self._df.collect()]
        return self._rows

    def fetchone(self) -> tuple[Any, ...] | None:
        """The first row, or None."""
        rows = self.fetchall()
        return rows[0] if rows else None

    def to_arrow_table(self) -> Any:
        """The rows as a pyarrow Table."""
        return self._df.toArrow()

    arrow = to_arrow_table


class SparkConnection:
    """The subset of a DuckDB connection the stages use, on Spark SQL.

    >>> con = SparkConnection()                                    # doctest: +SKIP
    >>> con.execute("SELECT epoch(TIMESTAMP '1970-01-01 00:00:01.5')").fetchall()  # doctest: +SKIP
    [(1.5,)]
    """

    dialect = "spark"

    def __init__(self, spark: Any = None) -> None:
        self.spark = spark if spark is not None else session()
        self._cached: dict[str, Any] = {}

    def execute(self, sql: str, params: list[Any] | None = None) -> SparkResult:
        """Run one DuckDB-dialect statement on Spark."""
        from sqlglot import exp

        tree = parse_duckdb(sql, params)
        if isinstance(tree, exp.Create) and tree.args.get("kind", "").upper() in ("TABLE", "VIEW"):
            name = tree.find(exp.Table).name
            query = tree.expression.transform(_rewrite).sql("spark")
            df = self.spark.sql(query)
            if tree.args["kind"].upper() == "TABLE":
                df = df.localCheckpoint(eager=True)  # computed once, like a DuckDB temp table
            self._drop(name)
            df.createOrReplaceTempView(name)
            self._cached[name] = df
            return SparkResult(None)
        if isinstance(tree, exp.Drop):
            self._drop(tree.find(exp.Table).name)
            return SparkResult(None)
        if isinstance(tree, exp.Describe):
            df = self.spark.table(tree.this.name)
            return _rows_result([(f.name, f.dataType.simpleString()) for f in df.schema.fields])
        return SparkResult(self.spark.sql(tree.transform(_rewrite).sql("spark")))

    def sql(self, sql: str) -> SparkResult:
        """Like :meth:`execute` (DuckDB's relation API is not offered; results fetch alike)."""
        return self.execute(sql)

    def register(self, name: str, data: Any) -> None:
        """Make ``data`` (a pyarrow Table or a Spark DataFrame) the temp view ``name``."""
        df = data if hasattr(data, "createOrReplaceTempView") else self.spark.createDataFrame(data)
        df.createOrReplaceTempView(name)
        self._cached[name] = df

    def unregister(self, name: str) -> None:
        """Remove the temp view ``name``."""
        self._drop(name)

    def table(self, name: str) -> SparkResult:
        """The temp view ``name`` as a result."""
        return SparkResult(self.spark.table(name))

    def close(self) -> None:
        """Drop every temp view this connection made (the session stays for the process)."""
        for name in list(self._cached):
            self._drop(name)

    def _drop(self, name: str) -> None:
        df = self._cached.pop(name, None)
        if df is not None:
            df.unpersist()
        self.spark.catalog.dropTempView(name)


def _rows_result(rows: list[tuple[Any, ...]]) -> SparkResult:
    result = SparkResult(None)
    result._rows = rows
    return result


def register_events(con: SparkConnection, data: Any, filters: Any = None) -> None:
    """Make ``data`` the ``events`` view: a chain log path (a file or a partitioned folder),
    read by Spark itself, or an Arrow table of events (then ``filters`` were applied already)."""
    from ketenmining.engine import EVENTS
    from ketenmining.engine.sql import filter_where

    if isinstance(data, (str, os.PathLike)):
        con.register("__all_events", con.spark.read.parquet(str(data)))
    else:
        con.register("__all_events", data)
    columns = set(con.spark.table("__all_events").columns)
    where, params = filter_where(filters, columns)
    kind = "TABLE" if params else "VIEW"
    con.execute(
        f"CREATE OR REPLACE TEMP {kind} {EVENTS} AS SELECT * FROM __all_events WHERE {where}",
        params,
    )


def engine_connection(engine: str, log: Any) -> Any:
    """The connection a stage runs ``log``'s queries on: its DuckDB one, or a Spark one.

    ``log`` is an opened ChainLog; on Spark a chain log file is read by Spark from
    disk (with the log's filters), anything else is handed over as its Arrow table.
    """
    if engine not in ENGINES:
        raise KetenError(f"unknown engine '{engine}'", hint="use --engine duckdb or spark")
    if engine == "duckdb":
        return log.con
    con = SparkConnection()
    if log.kind == "chainlog":
        register_events(con, log.path, log.filters)
    else:
        register_events(con, log.table())
    return con
