"""All event-level SQL of ketenmining, in one place.

Queries are plain SQL over the ``events`` view (the canonical chain log,
see :mod:`ketenmining.chainlog`). Functions here return SQL text and
parameters; :mod:`ketenmining.engine` runs them. Keep the dialect portable
(window functions, ``string_agg``/``list`` aggregates) so the same queries can
move to a cluster engine when a national chain outgrows one machine.
"""

from __future__ import annotations

from typing import Any

from ketenmining.chainlog import CANONICAL_COLUMNS, lifecycle_order_sql
from ketenmining.logspec import Filters

#: Time zone in which dates given by people (filters, periods) are read.
LOCAL_TZ = "Europe/Amsterdam"

#: The canonical total order of events within the whole log.
CANONICAL_ORDER = f"case_id, timestamp, {lifecycle_order_sql()}, source, source_row"
#: The canonical order within one case (for window functions partitioned by case).
CASE_ORDER = f"timestamp, {lifecycle_order_sql()}, source, source_row"


def quote_ident(name: str) -> str:
    """Quote a column name for SQL."""
    return '"' + name.replace('"', '""') + '"'


def filter_where(filters: Filters | None, columns: set[str] | None = None) -> tuple[str, list[Any]]:
    """A WHERE clause (without the keyword) and its parameters for ``filters``.

    With ``filters.scope == "cases"`` the clause keeps whole cases that have
    at least one event matching the event-level conditions. ``columns`` is the
    set of available columns, used to refuse a cohort attribute that is not there.
    """
    if filters is None or filters.is_empty():
        return "TRUE", []
    conds: list[str] = []
    params: list[Any] = []
    if filters.date_from is not None:
        conds.append(f"timestamp >= timezone('{LOCAL_TZ}', CAST(? AS TIMESTAMP))")
        params.append(filters.date_from.isoformat())
    if filters.date_to is not None:
        conds.append(f"timestamp < timezone('{LOCAL_TZ}', CAST(? AS TIMESTAMP) + INTERVAL 1 DAY)")
        params.append(filters.date_to.isoformat())
    if filters.orgs:
        conds.append("org IN (" + ", ".join("?" for _ in filters.orgs) + ")")
        params.extend(filters.orgs)
    if filters.episode is not None:
        conds.append("episode = ?")
        params.append(filters.episode)
    event_clause = " AND ".join(conds) if conds else "TRUE"
    case_conds: list[str] = []
    case_params: list[Any] = []
    for name, value in filters.cohort:
        # the user types the attribute names of keten.yaml; the chain log stores them as attr_NAME
        column = name
        if columns is not None and name not in columns and f"attr_{name}" in columns:
            column = f"attr_{name}"
        elif columns is not None and name not in columns:
            from ketenmining.errors import KetenError

            available = ", ".join(
                sorted(
                    {
                        c.removeprefix("attr_")
                        for c in columns
                        if c.startswith("attr_") or c not in _CANON
                    }
                )
            )
            raise KetenError(
                f"cohort attribute '{name}' is not in the log",
                hint=f"available attributes: {available or 'none'}",
            )
        name = column
        # a cohort is a case property: the case qualifies when any of its events carries the value
        case_conds.append(
            f"case_id IN (SELECT case_id FROM __all_events WHERE CAST({quote_ident(name)} AS VARCHAR) = ?)"
        )
        case_params.append(value)
    cohort_clause = " AND ".join(case_conds) if case_conds else "TRUE"
    if filters.scope == "cases" and conds:
        clause = f"case_id IN (SELECT case_id FROM __all_events WHERE {event_clause}) AND {cohort_clause}"
        return clause, params + case_params
    return f"({event_clause}) AND {cohort_clause}", params + case_params


_CANON = frozenset(CANONICAL_COLUMNS)


# --------------------------------------------------------------------------------------
# stitch: combine sources into the chain log
# --------------------------------------------------------------------------------------


def interval_sql(amount: int, unit: str) -> str:
    """A SQL interval literal for a duration (working days are not an interval)."""
    units = {"minutes": "to_minutes", "hours": "to_hours", "days": "to_days", "months": "to_months"}
    if unit == "weeks":
        return f"to_days({int(amount) * 7})"
    if unit not in units:
        raise ValueError(f"no SQL interval for unit {unit}")
    return f"{units[unit]}({int(amount)})"


def sort_by_case_rank_sql(table: str) -> str:
    """All rows of ``table`` in canonical order, using its integer ``__case`` rank of the case id."""
    return f"SELECT * FROM {table} ORDER BY __case, {CASE_ORDER}"


def local_ts(column: str = "timestamp", tz: str = LOCAL_TZ) -> str:
    """SQL for the local wall-clock time (naive) of a UTC instant."""
    return f"timezone('{tz}', {column})"


# --------------------------------------------------------------------------------------
# data quality of a stitched chain log (table `chain`)
# --------------------------------------------------------------------------------------

DQ_SOURCE_STATS = f"""
SELECT source,
       count(*) AS events,
       count(DISTINCT __case) AS clients,
       min(timestamp) AS first,
       max(timestamp) AS last,
       avg(CASE WHEN local = date_trunc('day', local) THEN 1 ELSE 0 END) AS share_midnight,
       avg(CASE WHEN second(timestamp) = 0 AND microsecond(timestamp) % 1000000 = 0
                THEN 1 ELSE 0 END) AS share_whole_minutes,
       avg(CASE WHEN microsecond(timestamp) % 1000000 = 0 THEN 1 ELSE 0 END) AS share_whole_seconds
FROM (SELECT source, __case, timestamp, {local_ts()} AS local FROM chain)
GROUP BY source ORDER BY source
"""

DQ_DUPLICATES = """
SELECT source, CAST(sum(n - 1) AS BIGINT) AS duplicates
FROM (SELECT source, __case, activity_raw, timestamp, lifecycle, count(*) AS n
      FROM chain GROUP BY ALL HAVING count(*) > 1)
GROUP BY source
"""

DQ_OUT_OF_PERIOD = """
SELECT source,
       sum(CASE WHEN ? IS NOT NULL AND timestamp < CAST(? AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS before,
       sum(CASE WHEN ? IS NOT NULL AND timestamp >= CAST(? AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS after,
       sum(CASE WHEN timestamp > CAST(? AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS future
FROM chain GROUP BY source
"""

DQ_ORGS_PER_CLIENT = """
SELECT n_orgs, count(*) AS clients
FROM (SELECT __case, count(DISTINCT org) AS n_orgs FROM chain GROUP BY __case)
GROUP BY n_orgs ORDER BY n_orgs
"""

DQ_LINKED_PER_ORG = """
WITH per_client AS (SELECT __case, count(DISTINCT org) AS n_orgs FROM chain GROUP BY __case),
     org_clients AS (SELECT DISTINCT org, __case FROM chain)
SELECT o.org, count(*) AS clients, sum(CASE WHEN p.n_orgs > 1 THEN 1 ELSE 0 END) AS linked
FROM org_clients o JOIN per_client p USING (__case)
GROUP BY o.org ORDER BY o.org
"""

#: Pairs of events of the same case and activity recorded by two organisations
#: within a few hours of each other (joint work, or one event recorded twice):
#: their time offset reveals a clock or time-zone error at that seam.
DQ_PAIRED_OFFSETS = f"""
WITH e AS (SELECT __case, activity, org, timestamp FROM chain),
pairs AS (
  SELECT a.org AS org_a, b.org AS org_b,
         (epoch(b.timestamp) - epoch(a.timestamp)) / 60.0 AS offset_min,
         (epoch(CAST({local_ts("a.timestamp")} AS TIMESTAMP)) - epoch(a.timestamp)) / 3600.0 AS utc_offset_h
  FROM e a JOIN e b
    ON a.__case = b.__case AND a.activity = b.activity AND a.org < b.org
   AND b.timestamp BETWEEN a.timestamp - INTERVAL 3 HOUR AND a.timestamp + INTERVAL 3 HOUR
)
SELECT org_a, org_b, count(*) AS pairs,
       median(offset_min) AS median_offset_min,
       median(offset_min) FILTER (WHERE utc_offset_h >= 1.5) AS median_summer_min,
       median(offset_min) FILTER (WHERE utc_offset_h < 1.5) AS median_winter_min,
       count(*) FILTER (WHERE utc_offset_h >= 1.5) AS pairs_summer,
       count(*) FILTER (WHERE utc_offset_h < 1.5) AS pairs_winter
FROM pairs GROUP BY org_a, org_b ORDER BY org_a, org_b
"""

DQ_PAIRED_CONSISTENCY = """
WITH e AS (SELECT __case, activity, org, timestamp FROM chain)
SELECT avg(CASE WHEN abs((epoch(b.timestamp) - epoch(a.timestamp)) / 60.0 - ?) <= 10 THEN 1 ELSE 0 END)
FROM e a JOIN e b
  ON a.__case = b.__case AND a.activity = b.activity AND a.org = ? AND b.org = ?
 AND b.timestamp BETWEEN a.timestamp - INTERVAL 3 HOUR AND a.timestamp + INTERVAL 3 HOUR
"""


# --------------------------------------------------------------------------------------
# lookup: an organisation's own dossiers for sampled pseudonyms (table `hits`)
# --------------------------------------------------------------------------------------

LOOKUP_DOSSIERS = """
SELECT case_id, dossier,
       min(timestamp) AS first, max(timestamp) AS last, count(*) AS events,
       string_agg(DISTINCT activity, ', ' ORDER BY activity) AS activities
FROM hits GROUP BY case_id, dossier ORDER BY case_id, first
"""

# ---------------------------------------------------------------------------
# Ingest: parsing source timestamps, reading JSON lines, ordering quick-mode events
# ---------------------------------------------------------------------------

#: An ISO 8601 date-time with a UTC offset (``Z``, ``+02``, ``+0200``, ``+02:00``).
ISO_ZONED = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)"
#: An ISO 8601 date or date-time without an offset (local time).
ISO_LOCAL = r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?"
_OFFSET_SUFFIX = r"(Z|[+-]\d{2}(:?\d{2})?)$"


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def timestamp_parse_sql(
    table: str,
    iso: bool,
    zoned_formats: bool = False,
    local_formats: bool = False,
    date_only: bool = False,
) -> str:
    """SQL turning the text column ``s`` of ``table`` into instants, one output row per input row.

    Output columns: ``present`` (the trimmed text is not empty), ``utc``
    (TIMESTAMPTZ, for values that carry an offset) and ``local`` (naive
    TIMESTAMP, for wall-clock values the caller localises with the source's
    time zone). A present value with both ``utc`` and ``local`` null did not parse.

    ``iso`` accepts strict ISO 8601 (with or without offset); strptime formats
    are passed as parameters: first the list of formats with ``%z``/``%Z``
    when ``zoned_formats``, then the list without when ``local_formats``.
    ``date_only`` keeps the date as written (an offset is ignored) at midnight.
    """
    zoned_iso = f"regexp_full_match(v, {_sql_str(ISO_ZONED)})"
    local_iso = f"regexp_full_match(v, {_sql_str(ISO_LOCAL)})"
    utc_parts: list[str] = []
    local_parts: list[str] = []
    if iso and date_only:
        stripped = f"regexp_replace(v, {_sql_str(_OFFSET_SUFFIX)}, '')"
        local_parts.append(
            f"CASE WHEN {zoned_iso} THEN TRY_CAST({stripped} AS TIMESTAMP) "
            f"WHEN {local_iso} THEN TRY_CAST(v AS TIMESTAMP) END"
        )
    elif iso:
        utc_parts.append(f"CASE WHEN {zoned_iso} THEN TRY_CAST(v AS TIMESTAMPTZ) END")
        local_parts.append(f"CASE WHEN {local_iso} THEN TRY_CAST(v AS TIMESTAMP) END")
    if zoned_formats:
        utc_parts.append("try_strptime(v, ?)")
    if local_formats:
        local_parts.append("try_strptime(v, ?)")
    utc_expr = f"COALESCE({', '.join(utc_parts)})" if utc_parts else "CAST(NULL AS TIMESTAMPTZ)"
    local_expr = (
        f"CASE WHEN utc IS NULL THEN COALESCE({', '.join(local_parts)}) END"
        if local_parts
        else "CAST(NULL AS TIMESTAMP)"
    )
    if date_only:
        local_expr = f"date_trunc('day', {local_expr})"
    return (
        f"WITH src AS (SELECT NULLIF(trim(s), '') AS v FROM {table}), "
        f"zoned AS (SELECT v, {utc_expr} AS utc FROM src) "
        f"SELECT v IS NOT NULL AS present, utc, CAST({local_expr} AS TIMESTAMP) AS local FROM zoned"
    )


def read_json_sql(columns: list[str]) -> str:
    """SQL reading a JSON-lines (or JSON array) file, given as the first parameter.

    Every requested key comes back as text (numbers and booleans as written;
    nested values as JSON text); absent keys are null. Rows keep file order.
    """
    spec = ", ".join(f"{_sql_str(c)}: 'VARCHAR'" for c in columns)
    return f"SELECT * FROM read_json(?, format='auto', columns={{{spec}}})"


def json_columns_sql(sample_size: int = 1000) -> str:
    """SQL describing the keys of a JSON-lines file (first parameter); -1 scans every record."""
    return f"DESCRIBE SELECT * FROM read_json(?, format='auto', sample_size={int(sample_size)})"


def quick_events_sql(table: str, extra_columns: list[str]) -> str:
    """SQL turning mapped quick-mode rows into canonical chain-log rows, canonically ordered.

    The raw case id becomes ``case_id`` (quick mode does not pseudonymise);
    an empty case id is kept as the case ``''`` (the file's rows are all
    events of some case). Every event is in episode 1. Events without an
    activity or timestamp cannot be placed and are left out (the caller
    counts them).
    """
    extra = "".join(f", {quote_ident(c)}" for c in extra_columns)
    return (
        "SELECT COALESCE(raw_id, '') AS case_id, CAST(1 AS INTEGER) AS episode, org, activity, "
        f"activity_raw, timestamp, lifecycle, source, source_row{extra} FROM {table} "
        "WHERE activity IS NOT NULL AND timestamp IS NOT NULL "
        f"ORDER BY {CANONICAL_ORDER}"
    )


# ---------------------------------------------------------------------------------------------
# Variants and route conformance (conform): one trace per case, each distinct trace once.
#
# A case is one episode of one client: (case_id, episode). Its trace is the list of its
# activities in the canonical order; ``pos`` is the 0-based index of an event in its case.
# Variants are numbered 1, 2, ... by descending case count, ties broken by the trace itself,
# so the numbering is deterministic. Per-variant results computed outside SQL (alignments)
# are registered as tables and expanded to cases here.
# ---------------------------------------------------------------------------------------------

#: Temp table: the events with their 0-based position in the case.
CASE_EVENTS = "__case_events"
#: Temp table: one row per case: case_id, episode, trace, events, first, last, orgs.
CASE_TRACES = "__case_traces"
#: Temp table: one row per variant: variant_id, trace, cases.
VARIANTS = "__variants"
#: Temp table: one row per case with its variant: case_id, episode, variant_id, events, ...
CASE_VARIANTS = "__case_variants"


def case_events_sql(source: str = "events") -> str:
    """Create :data:`CASE_EVENTS` (case_id, episode, pos, activity, org, timestamp) from ``source``."""
    return (
        f"CREATE OR REPLACE TEMP TABLE {CASE_EVENTS} AS "
        "SELECT case_id, episode, activity, org, timestamp, "
        f"CAST(row_number() OVER (PARTITION BY case_id, episode ORDER BY {CASE_ORDER}) - 1 "
        f"AS INTEGER) AS pos FROM {source}"
    )


def case_traces_sql() -> str:
    """Create :data:`CASE_TRACES` from :data:`CASE_EVENTS`.

    ``orgs`` lists the organisations of a case comma-separated in order of appearance.
    """
    return (
        f"CREATE OR REPLACE TEMP TABLE {CASE_TRACES} AS "
        "WITH org_first AS ("
        f"  SELECT case_id, episode, org, min(pos) AS first_pos FROM {CASE_EVENTS} "
        "  GROUP BY case_id, episode, org), "
        "case_orgs AS ("
        "  SELECT case_id, episode, string_agg(org, ',' ORDER BY first_pos) AS orgs "
        "  FROM org_first GROUP BY case_id, episode) "
        "SELECT e.case_id, e.episode, list(e.activity ORDER BY e.pos) AS trace, "
        "CAST(count(*) AS INTEGER) AS events, min(e.timestamp) AS first, max(e.timestamp) AS last, "
        f"o.orgs FROM {CASE_EVENTS} e JOIN case_orgs o USING (case_id, episode) "
        "GROUP BY e.case_id, e.episode, o.orgs"
    )


def _traces_with_open(open_cases: str | None) -> str:
    """:data:`CASE_TRACES` plus ``open``: true for cases in ``open_cases`` (still running)."""
    if not open_cases:
        return f"(SELECT *, FALSE AS open FROM {CASE_TRACES})"
    return (
        f"(SELECT c.*, oc.case_id IS NOT NULL AS open FROM {CASE_TRACES} c "
        f"LEFT JOIN {open_cases} oc USING (case_id, episode))"
    )


def variants_sql(open_cases: str | None = None) -> str:
    """Create :data:`VARIANTS` (numbered by descending case count) from :data:`CASE_TRACES`.

    A variant is a trace and whether its cases are still running (``open_cases``:
    a table of case_id, episode): running cases are aligned as prefixes.
    """
    return (
        f"CREATE OR REPLACE TEMP TABLE {VARIANTS} AS "
        "SELECT CAST(row_number() OVER (ORDER BY count(*) DESC, trace, open) AS INTEGER) AS variant_id, "
        "trace, open, count(*) AS cases "
        f"FROM {_traces_with_open(open_cases)} GROUP BY trace, open"
    )


def variant_list_sql() -> str:
    """Select ``variant_id, trace, cases, open`` from :data:`VARIANTS` in variant order."""
    return f"SELECT variant_id, trace, cases, open FROM {VARIANTS} ORDER BY variant_id"


def case_variants_sql(open_cases: str | None = None) -> str:
    """Create :data:`CASE_VARIANTS`: every case with its variant id (no trace)."""
    return (
        f"CREATE OR REPLACE TEMP TABLE {CASE_VARIANTS} AS "
        "SELECT c.case_id, c.episode, v.variant_id, c.events, c.first, c.last, c.orgs "
        f"FROM {_traces_with_open(open_cases)} c JOIN {VARIANTS} v ON c.trace = v.trace AND c.open = v.open"
    )


def case_results_sql(results: str) -> str:
    """Every case with its variant's results from the registered table ``results``.

    ``results`` has ``variant_id, fitness, cost, n_deviations``; the query gives
    ``case_id, episode, variant_id, fitness, cost, n_deviations, events, first, last, orgs``
    in case order.
    """
    return (
        "SELECT cv.case_id, cv.episode, cv.variant_id, r.fitness, r.cost, r.n_deviations, "
        "cv.events, cv.first, cv.last, cv.orgs "
        f"FROM {CASE_VARIANTS} cv JOIN {quote_ident(results)} r USING (variant_id) "
        "ORDER BY cv.case_id, cv.episode"
    )


def case_deviations_sql(deviations: str) -> str:
    """Every deviation of every case, from the per-variant deviations in ``deviations``.

    ``deviations`` has ``variant_id, seq, kind, step, position, detail``. The query adds the
    case, and the organisation and time of the event a deviation is about (none for a
    skipped step): ``case_id, episode, kind, step, org, seam, position, timestamp, detail,
    variant_id``, in case order.
    """
    return (
        "SELECT cv.case_id, cv.episode, d.kind, d.step, e.org, CAST(NULL AS VARCHAR) AS seam, "
        "d.position, e.timestamp, d.detail, cv.variant_id "
        f"FROM {CASE_VARIANTS} cv JOIN {quote_ident(deviations)} d USING (variant_id) "
        f"LEFT JOIN {CASE_EVENTS} e ON e.case_id = cv.case_id AND e.episode = cv.episode "
        "AND e.pos = d.position "
        "ORDER BY cv.case_id, cv.episode, d.seq"
    )


# ---------------------------------------------------------------------------------------------
# Protocol conformance (conform --protocol): rule evaluation input, instances, seams
# ---------------------------------------------------------------------------------------------


def rule_events_sql() -> str:
    """Events of protocol steps (the list is the first parameter), per case in canonical order.

    Columns: case_id, episode, activity, org, t (UTC epoch seconds), lifecycle.
    """
    return (
        "SELECT case_id, episode, activity, org, epoch(timestamp) AS t, lifecycle FROM events "
        f"WHERE list_contains(?, activity) ORDER BY case_id, episode, {CASE_ORDER}"
    )


def route_events_sql() -> str:
    """Table ``route_events``: one event per activity instance (its complete, or a lone start)."""
    return (
        "CREATE OR REPLACE TEMP TABLE route_events AS "
        "SELECT * EXCLUDE (n_complete) FROM ("
        "  SELECT *, count(*) FILTER (WHERE lifecycle = 'complete') "
        "         OVER (PARTITION BY case_id, episode, activity) AS n_complete FROM events) "
        "WHERE lifecycle = 'complete' OR (lifecycle = 'start' AND n_complete = 0)"
    )


def wrong_org_sql() -> str:
    """Instances of protocol steps done by an organisation that is not responsible.

    Needs ``__responsible(step, org)``; positions are those of ``case_events`` (route events).
    """
    return (
        "SELECT e.case_id, e.episode, 'wrong_org' AS kind, e.activity AS step, e.org, "
        "CAST(NULL AS VARCHAR) AS seam, e.pos AS position, e.timestamp, "
        "'{\"allowed\": [' || string_agg(DISTINCT '\"' || r2.org || '\"', ', ' ORDER BY '\"' || r2.org || '\"') || ']}' AS detail "
        f"FROM {CASE_EVENTS} e JOIN __responsible r2 ON r2.step = e.activity "
        "WHERE NOT EXISTS (SELECT 1 FROM __responsible r WHERE r.step = e.activity AND r.org = e.org) "
        "GROUP BY ALL ORDER BY e.case_id, e.episode, e.pos"
    )


def handover_pickups_sql() -> str:
    """Every handover event with its pickup: the first later event of the receiving organisation.

    Needs ``__handover_steps(step, to_org, to_orgs VARCHAR[], pickup)``. A pickup is the first
    later event (any lifecycle: picking up means starting) by one of ``to_orgs``, of the
    ``pickup`` step when one is set. Columns: case_id, episode, step, from_org, to_org, t0,
    t1 (null: not picked up), delay_days.
    """
    return (
        "WITH ev AS (SELECT case_id, episode, activity, org, timestamp, lifecycle, "
        f"  row_number() OVER (PARTITION BY case_id, episode ORDER BY {CASE_ORDER}) AS pos FROM events), "
        "h AS (SELECT e.*, hs.to_org, hs.to_orgs, hs.pickup FROM ev e "
        "  JOIN __handover_steps hs ON e.activity = hs.step WHERE e.lifecycle <> 'start') "
        "SELECT h.case_id, h.episode, h.activity AS step, h.org AS from_org, h.to_org, "
        "  h.timestamp AS t0, min(x.timestamp) AS t1, "
        "  (epoch(min(x.timestamp)) - epoch(h.timestamp)) / 86400.0 AS delay_days "
        "FROM h LEFT JOIN ev x ON x.case_id = h.case_id AND x.episode = h.episode AND x.pos > h.pos "
        "  AND list_contains(h.to_orgs, x.org) AND (h.pickup IS NULL OR x.activity = h.pickup) "
        "GROUP BY h.case_id, h.episode, h.pos, h.activity, h.org, h.to_org, h.timestamp "
        "ORDER BY h.case_id, h.episode, h.pos"
    )


def joint_work_sql() -> str:
    """Pairs of events of the same step by two organisations within a day (working side by side)."""
    return (
        "WITH e AS (SELECT case_id, episode, activity, org, timestamp FROM route_events) "
        "SELECT a.case_id, a.episode, a.activity AS step, a.org AS org_a, b.org AS org_b, "
        "  least(a.timestamp, b.timestamp) AS timestamp "
        "FROM e a JOIN e b ON a.case_id = b.case_id AND a.episode = b.episode "
        "  AND a.activity = b.activity AND a.org < b.org "
        "  AND abs(epoch(b.timestamp) - epoch(a.timestamp)) <= 86400 "
        "ORDER BY a.case_id, a.episode, timestamp"
    )


#: Statuses per rule over the ``__rules`` table.
RULE_SUMMARY = """
SELECT rule_id,
       count(*) FILTER (WHERE status = 'satisfied') AS satisfied,
       count(*) FILTER (WHERE status = 'violated') AS violated,
       count(*) FILTER (WHERE status = 'pending') AS pending
FROM __rules GROUP BY rule_id
"""

#: Compliance per rule and quarter over the ``__rules`` table.
RULE_TREND = """
SELECT rule_id, quarter,
       CAST(count(*) FILTER (WHERE status IN ('satisfied', 'violated')) AS BIGINT) AS applicable,
       CAST(count(*) FILTER (WHERE status = 'violated') AS BIGINT) AS violated,
       CASE WHEN count(*) FILTER (WHERE status IN ('satisfied', 'violated')) = 0 THEN NULL
            ELSE count(*) FILTER (WHERE status = 'satisfied')
                 / count(*) FILTER (WHERE status IN ('satisfied', 'violated')) END AS compliance
FROM __rules GROUP BY rule_id, quarter ORDER BY rule_id, quarter
"""

#: Activity instances per organisation (route events).
EVENTS_PER_ORG = f"SELECT org, count(*) FROM {CASE_EVENTS} GROUP BY org"

#: Cases still running at the data end (``__run_cases``: case_id, episode, ended, from the evaluator).
OPEN_CASES = "CREATE OR REPLACE TEMP TABLE __open_cases AS SELECT case_id, episode FROM __run_cases WHERE NOT ended"

#: The route's case table plus ``ended`` (cases the evaluator did not see have no protocol steps: ended).
CASES_WITH_END = """
SELECT r.*, coalesce(c.ended, TRUE) AS ended
FROM __route_cases r LEFT JOIN __run_cases c USING (case_id, episode)
ORDER BY r.case_id, r.episode
"""


def rules_with_case_info(tz: str) -> str:
    """``__rules_raw`` plus the quarter in which each case started, its organisations and, for
    rules about a handover step (``__rule_steps``), the seam of the case's first such handover
    (from ``__handovers``)."""
    tz = tz.replace("'", "''")
    return f"""
WITH q AS (
  SELECT case_id, episode,
         strftime(timezone('{tz}', min(timestamp)), '%Y') || '-Q' ||
         CAST(quarter(timezone('{tz}', min(timestamp))) AS VARCHAR) AS quarter
  FROM events GROUP BY case_id, episode),
h AS (
  SELECT case_id, episode, step, arg_min(from_org || '→' || to_org, t0) AS seam
  FROM __handovers GROUP BY case_id, episode, step)
SELECT r.case_id, r.episode, r.rule_id, r.status, q.quarter, c.orgs, h.seam, r.detail
FROM __rules_raw r
LEFT JOIN q USING (case_id, episode)
LEFT JOIN __cases c USING (case_id, episode)
LEFT JOIN __rule_steps rs ON rs.rule_id = r.rule_id
LEFT JOIN h ON h.case_id = r.case_id AND h.episode = r.episode AND h.step = rs.step
ORDER BY r.case_id, r.episode, r.rule_id
"""


#: Per seam: handovers, pickups, lost without a handover rule (needs ``__handovers``,
#: ``__cases``; the parameter is the list of handover steps that have a rule), waiting times.
SEAM_COUNTS = """
SELECT h.from_org, h.to_org, count(*) AS handovers, count(h.t1) AS picked_up,
       median(h.delay_days) AS median_days, quantile_cont(h.delay_days, 0.9) AS p90_days
FROM __handovers h
GROUP BY h.from_org, h.to_org ORDER BY h.from_org, h.to_org
"""

#: Handovers never picked up in a case that has ended, on steps no rule guards (the
#: parameter), one row per case and seam (its first such handover).
LOST_WITHOUT_RULE = """
SELECT h.case_id, h.episode, arg_min(h.step, h.t0) AS step, h.from_org, h.to_org, min(h.t0) AS t0
FROM __handovers h LEFT JOIN __cases c USING (case_id, episode)
WHERE h.t1 IS NULL AND coalesce(c.ended, TRUE) AND NOT list_contains(?, h.step)
GROUP BY h.case_id, h.episode, h.from_org, h.to_org
ORDER BY h.case_id, h.episode, h.from_org, h.to_org
"""

#: Joint work per unordered pair of organisations (``__joint``).
JOINT_PER_PAIR = "SELECT org_a, org_b, count(*) FROM __joint GROUP BY org_a, org_b"

#: Mean case fitness per seam, over the cases with a handover on it.
SEAM_FITNESS = """
SELECT h.from_org || '→' || h.to_org AS seam, avg(c.fitness)
FROM (SELECT DISTINCT from_org, to_org, case_id, episode FROM __handovers) h
JOIN __cases c USING (case_id, episode)
GROUP BY 1 ORDER BY 1
"""

#: Route deviations (not seams or joint work) per kind, step, organisation and the case's organisations.
ROUTE_DEVIATIONS_PER_ORG = """
SELECT d.kind, d.step, d.org, c.orgs, count(*) FROM __deviations d
JOIN __cases c USING (case_id, episode)
WHERE d.kind IN ('skipped', 'extra', 'not_in_protocol', 'wrong_order', 'wrong_org')
GROUP BY d.kind, d.step, d.org, c.orgs
"""


# ---------------------------------------------------------------------------
# discovery (ketenmining discover): steps, directly-follows, variants, handovers
# ---------------------------------------------------------------------------
#
# A *trace* is one route of one client: (case_id, episode). Directly-follows
# relations never cross episodes. "cases" in every count below means distinct
# clients (case_id): small-cell suppression protects people, not routes.
# Clients, activities and organisations are first numbered (small integer
# dictionaries), so that sorting, grouping and distinct counts run on integers.
# ``DISC_STEPS`` orders the events once (one row per event with its successor);
# frequencies are then counted on the routes (variants of organisation+activity,
# weighted by their number of traces), and only clients with several traces are
# counted event by event; waiting times are aggregated from the steps.

from ketenmining.chainlog import LIFECYCLE_ORDER, UNKNOWN_LIFECYCLE_ORDER  # noqa: E402

#: Dictionaries: clients (cid), activities (aid), organisations (oid), lifecycle ranks, sources (sid).
DISC_DICTIONARIES = [
    "CREATE OR REPLACE TEMP TABLE __disc_lc AS SELECT * FROM (VALUES "
    + ", ".join(f"('{k}', {v})" for k, v in LIFECYCLE_ORDER.items())
    + ") t(lifecycle, lrank)",
    """CREATE OR REPLACE TEMP TABLE __disc_src AS
       SELECT source, CAST(row_number() OVER (ORDER BY source) AS INTEGER) AS sid
       FROM (SELECT DISTINCT source FROM events)""",
    """CREATE OR REPLACE TEMP TABLE __disc_lcs AS SELECT DISTINCT lifecycle FROM events""",
    """CREATE OR REPLACE TEMP TABLE __disc_case AS
       SELECT case_id, CAST(row_number() OVER () AS INTEGER) AS cid FROM (SELECT DISTINCT case_id FROM events)""",
    """CREATE OR REPLACE TEMP TABLE __disc_act AS
       SELECT activity, CAST(row_number() OVER (ORDER BY activity) AS INTEGER) AS aid
       FROM (SELECT DISTINCT activity FROM events)""",
    """CREATE OR REPLACE TEMP TABLE __disc_org AS
       SELECT org, CAST(row_number() OVER (ORDER BY org) AS INTEGER) AS oid FROM (SELECT DISTINCT org FROM events)""",
]

#: Every event with its position in the trace and the next event's activity, org and wait (s).
#: ``{joins}`` and ``{ties}`` add the lifecycle rank and source id as tie-breakers when the
#: log has more than one of them (see :func:`disc_steps_sql`).
DISC_STEPS = """
CREATE OR REPLACE TEMP TABLE __disc_steps AS
SELECT c.cid, e.episode, o.oid, a.aid,
       CAST(row_number() OVER w AS INTEGER) AS pos,
       lead(a.aid) OVER w AS nxa,
       lead(o.oid) OVER w AS nxo,
       epoch(lead(e.timestamp) OVER w) - epoch(e.timestamp) AS wait_s
FROM events e
JOIN __disc_case c ON e.case_id = c.case_id
JOIN __disc_act a ON e.activity = a.activity
JOIN __disc_org o ON e.org = o.org{joins}
WINDOW w AS (PARTITION BY c.cid, e.episode ORDER BY e.timestamp{ties}, e.source_row)
"""


def disc_steps_sql(lifecycles: int, sources: int) -> str:
    """``DISC_STEPS`` with only the tie-breakers that can matter (canonical order either way)."""
    joins, ties = "", ""
    if lifecycles > 1:
        joins += "\nLEFT JOIN __disc_lc l ON e.lifecycle = l.lifecycle"
        ties += f", coalesce(l.lrank, {UNKNOWN_LIFECYCLE_ORDER})"
    if sources > 1:
        joins += "\nJOIN __disc_src r ON e.source = r.source"
        ties += ", r.sid"
    return DISC_STEPS.format(joins=joins, ties=ties)


#: Packing of (organisation, activity) into one integer: ``oid * DISC_PACK + aid``.
DISC_PACK = 1 << 20

#: The route of every trace as a list of packed (organisation, activity) codes.
DISC_TRACES = f"""
CREATE OR REPLACE TEMP TABLE __disc_traces AS
SELECT cid, episode, list(CAST(oid AS BIGINT) * {DISC_PACK} + aid ORDER BY pos) AS w
FROM __disc_steps GROUP BY cid, episode
"""

#: Clients with more than one trace (several episodes): the only ones counted event by event.
DISC_MULTI = """
CREATE OR REPLACE TEMP TABLE __disc_multi AS
SELECT cid FROM __disc_traces GROUP BY cid HAVING count(*) > 1
"""

#: Swimlane variants (routes of organisation+activity) with traces and single-trace clients.
DISC_SWIM_VARIANTS = f"""
CREATE OR REPLACE TEMP TABLE __disc_sv AS
SELECT CAST(row_number() OVER (ORDER BY traces DESC, w) AS INTEGER) AS svid, w,
       list_transform(w, lambda x: CAST(x % {DISC_PACK} AS INTEGER)) AS v, traces, single
FROM (
  SELECT t.w, count(*) AS traces, count(*) FILTER (WHERE m.cid IS NULL) AS single
  FROM __disc_traces t LEFT JOIN __disc_multi m ON t.cid = m.cid GROUP BY t.w
)
"""

#: Activity variants numbered by frequency, with their traces and distinct clients.
DISC_VARIANTS = """
CREATE OR REPLACE TEMP TABLE __disc_var AS
SELECT CAST(row_number() OVER (ORDER BY traces DESC, cases DESC, v) AS INTEGER) AS vid, v, traces, cases
FROM (
  SELECT s.v, sum(s.traces) AS traces, sum(s.single) + coalesce(any_value(m.cases), 0) AS cases
  FROM __disc_sv s
  LEFT JOIN (
    SELECT x.v, count(DISTINCT t.cid) AS cases
    FROM __disc_traces t SEMI JOIN __disc_multi mm ON t.cid = mm.cid
    JOIN __disc_sv x ON t.w = x.w GROUP BY x.v
  ) m ON s.v = m.v
  GROUP BY s.v
)
"""

#: The swimlane variants of the kept activity variants (all of them, or the --coverage part).
DISC_KEPT_VARIANTS = """
CREATE OR REPLACE TEMP VIEW __disc_sv_kept AS
SELECT s.* FROM __disc_sv s
SEMI JOIN (SELECT d.v FROM __disc_var d {keep}) k ON s.v = k.v
"""

#: Steps of the kept traces only.
DISC_KEEP_STEPS = """
CREATE OR REPLACE TEMP VIEW __disc_kept AS
SELECT s.* FROM __disc_steps s
SEMI JOIN (SELECT t.cid, t.episode FROM __disc_traces t SEMI JOIN __disc_sv_kept k ON t.w = k.w) c
  ON s.cid = c.cid AND s.episode = c.episode
"""

#: Kept swimlane variants unnested: one row per position, with the next position's org and activity.
DISC_SV_STEPS = f"""
CREATE OR REPLACE TEMP TABLE __disc_svs AS
SELECT svid, traces, single, i AS pos,
       CAST(w[i] // {DISC_PACK} AS INTEGER) AS oid, CAST(w[i] % {DISC_PACK} AS INTEGER) AS aid,
       CAST(w[i + 1] // {DISC_PACK} AS INTEGER) AS nxo, CAST(w[i + 1] % {DISC_PACK} AS INTEGER) AS nxa
FROM (SELECT svid, traces, single, w, unnest(range(1, len(w) + 1)) AS i FROM __disc_sv_kept)
"""

#: Totals of the kept traces: clients, traces, events (only multi-trace clients counted one by one).
DISC_TOTALS = """
SELECT coalesce(sum(single), 0) + (
         SELECT count(DISTINCT t.cid) FROM __disc_traces t SEMI JOIN __disc_multi m ON t.cid = m.cid
         SEMI JOIN {sv} k ON t.w = k.w
       ) AS cases,
       sum(traces) AS traces, sum(traces * len(w)) AS events
FROM {sv}
"""

#: Node counts from the variants: events, traces and single-trace clients (``{keys}``: aid, oid or oid, aid).
DISC_NODES = """
SELECT {keys}, sum(traces * occ) AS events, sum(single) AS cases,
       sum(traces * st) AS start_traces, sum(single * st) AS start_cases,
       sum(traces * en) AS end_traces, sum(single * en) AS end_cases
FROM (
  SELECT svid, {keys}, any_value(traces) AS traces, any_value(single) AS single, count(*) AS occ,
         count(*) FILTER (WHERE pos = 1) AS st, count(*) FILTER (WHERE nxa IS NULL) AS en
  FROM __disc_svs GROUP BY svid, {keys}
) GROUP BY {keys}
"""

#: Node client counts of the clients with several traces (counted event by event).
DISC_NODES_MULTI = """
SELECT {keys}, count(DISTINCT cid) AS cases,
       count(DISTINCT cid) FILTER (WHERE pos = 1) AS start_cases,
       count(DISTINCT cid) FILTER (WHERE nxa IS NULL) AS end_cases
FROM (SELECT s.* FROM {steps} s SEMI JOIN __disc_multi m ON s.cid = m.cid) GROUP BY {keys}
"""

#: Edge counts from the variants: events and single-trace clients.
DISC_EDGES = """
SELECT {keys}, {next_keys}, sum(traces * occ) AS events, sum(single) AS cases
FROM (
  SELECT svid, {keys}, {next_keys}, any_value(traces) AS traces, any_value(single) AS single,
         count(*) AS occ
  FROM __disc_svs WHERE nxa IS NOT NULL GROUP BY svid, {keys}, {next_keys}
) GROUP BY {keys}, {next_keys}
"""

#: Edge client counts of the clients with several traces.
DISC_EDGES_MULTI = """
SELECT {keys}, {next_keys}, count(DISTINCT cid) AS cases
FROM (SELECT s.* FROM {steps} s SEMI JOIN __disc_multi m ON s.cid = m.cid)
WHERE nxa IS NOT NULL GROUP BY {keys}, {next_keys}
"""

#: Waiting-time statistics per edge (seconds): exact median and p90, mean.
DISC_WAITS = """
SELECT {keys}, {next_keys}, quantile_cont(wait_s, [0.5, 0.9]) AS q, avg(wait_s) AS mean_s
FROM {steps} WHERE nxa IS NOT NULL GROUP BY {keys}, {next_keys}
"""

#: Per handover A→B: single-trace clients whose next handover goes straight back to A.
DISC_ORG_RETURNS = """
WITH h AS (
  SELECT svid, single, pos, oid, nxo FROM __disc_svs WHERE nxo IS NOT NULL AND nxo <> oid
), r AS (
  SELECT svid, single, oid, nxo, lead(nxo) OVER (PARTITION BY svid ORDER BY pos) AS after FROM h
), f AS (
  SELECT svid, oid, nxo, any_value(single) AS single, bool_or(after = oid) AS back
  FROM r GROUP BY svid, oid, nxo
)
SELECT oid, nxo, coalesce(sum(single) FILTER (WHERE back), 0) AS return_cases FROM f GROUP BY oid, nxo
"""

#: The same for clients with several traces, event by event.
DISC_ORG_RETURNS_MULTI = """
WITH h AS (
  SELECT s.cid, s.episode, s.pos, s.oid, s.nxo FROM {steps} s SEMI JOIN __disc_multi m ON s.cid = m.cid
  WHERE s.nxo IS NOT NULL AND s.nxo <> s.oid
), r AS (
  SELECT cid, oid, nxo, lead(nxo) OVER (PARTITION BY cid, episode ORDER BY pos) AS after FROM h
)
SELECT oid, nxo, count(DISTINCT cid) FILTER (WHERE after = oid) AS return_cases
FROM r GROUP BY oid, nxo
"""

#: Distinct clients behind the cells in ``__disc_hidden`` (integer columns h0, h1, ...), on ``{on}``.
DISC_HIDDEN_CLIENTS = """
SELECT count(DISTINCT s.cid) FROM {steps} s SEMI JOIN __disc_hidden h ON {on}
"""

#: Distinct clients of the traces whose activity variant id is in ``__disc_hidden`` (column h0).
DISC_HIDDEN_VARIANT_CLIENTS = """
SELECT count(DISTINCT t.cid) FROM __disc_traces t
SEMI JOIN (
  SELECT s.w FROM __disc_sv s SEMI JOIN (SELECT d.v FROM __disc_var d SEMI JOIN __disc_hidden h ON d.vid = h.h0) x
  ON s.v = x.v
) y ON t.w = y.w
"""


#: Temp tables of a discovery run, dropped by :func:`disc_drop`.
DISC_TABLES = (
    "__disc_svs",
    "__disc_sv",
    "__disc_multi",
    "__disc_keep",
    "__disc_hidden",
    "__disc_var",
    "__disc_traces",
    "__disc_steps",
    "__disc_act",
    "__disc_org",
    "__disc_case",
    "__disc_lc",
    "__disc_lcs",
    "__disc_src",
)


def disc_drop() -> list[str]:
    """Statements removing the temp tables of a discovery run."""
    views = ["DROP VIEW IF EXISTS __disc_kept", "DROP VIEW IF EXISTS __disc_sv_kept"]
    return [*views, *(f"DROP TABLE IF EXISTS {t}" for t in DISC_TABLES)]
