"""SQL of the conform stage: variants, route conformance, protocol rules and seams.

Queries are plain SQL over the ``events`` view and the temp tables named here.
"""

from __future__ import annotations

from ketenmining.engine.sql import CASE_ORDER, quote_ident

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


def rule_events_sql(tz: str = "UTC") -> str:
    """Events of protocol steps (the list is the first parameter), per case in canonical order.

    Columns: case_id, episode, activity, org, t (UTC epoch seconds), lifecycle, and d: the
    local date in the calendar's time zone ``tz`` as a proleptic Gregorian ordinal (Python's
    ``date.toordinal()``, 1 for 0001-01-01), so the evaluator need not convert each instant.
    """
    tz = tz.replace("'", "''")
    return (
        "SELECT case_id, episode, activity, org, epoch(timestamp) AS t, lifecycle, "
        f"CAST(timezone('{tz}', timestamp) AS DATE) - DATE '0001-01-01' + 1 AS d FROM events "
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


#: Which events are handovers: an event of a step in ``__handover_steps`` (alias ``hs``), on
#: the events aliased ``e``, that is not the start of that step. The one definition, used by
#: :func:`handover_pickups_sql` and :func:`handover_counts_sql`.
HANDOVER_EVENTS = "JOIN __handover_steps hs ON e.activity = hs.step WHERE e.lifecycle <> 'start'"


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
        f"h AS (SELECT e.*, hs.to_org, hs.to_orgs, hs.pickup FROM ev e {HANDOVER_EVENTS}) "
        "SELECT h.case_id, h.episode, h.activity AS step, h.org AS from_org, h.to_org, "
        "  h.timestamp AS t0, min(x.timestamp) AS t1, "
        "  (epoch(min(x.timestamp)) - epoch(h.timestamp)) / 86400.0 AS delay_days "
        "FROM h LEFT JOIN ev x ON x.case_id = h.case_id AND x.episode = h.episode AND x.pos > h.pos "
        "  AND list_contains(h.to_orgs, x.org) AND (h.pickup IS NULL OR x.activity = h.pickup) "
        "GROUP BY h.case_id, h.episode, h.pos, h.activity, h.org, h.to_org, h.timestamp "
        "ORDER BY h.case_id, h.episode, h.pos"
    )


def handover_counts_sql() -> str:
    """Handovers per episode (case_id, episode, handovers): the events of
    :func:`handover_pickups_sql`, counted without looking for their pickups.

    Needs ``__handover_steps``; episodes without a handover have no row.
    """
    return (
        "SELECT e.case_id, e.episode, count(*) AS handovers "
        f"FROM events e {HANDOVER_EVENTS} GROUP BY e.case_id, e.episode"
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
    """Every (case, rule) verdict with its names, plus the quarter in which each case started,
    its organisations and, for rules about a handover step (``__rule_steps``), the seam of the
    case's first such handover (from ``__handovers``).

    The verdicts come compact: ``__rules_raw(k, code)`` with k = case index x rules + rule
    index (both parameters are the number of rules), names from ``__rule_cases``,
    ``__rule_names`` and ``__status_names``, evidence from ``__rule_evidence(k, detail)``.
    The rows come in the order case_id, episode, rule_id, sorted on integers: the case
    index follows the cases' order and ``rule_rank`` is the rule id's place in sorted order."""
    tz = tz.replace("'", "''")
    return f"""
WITH q AS (
  SELECT case_id, episode,
         strftime(timezone('{tz}', min(timestamp)), '%Y') || '-Q' ||
         CAST(quarter(timezone('{tz}', min(timestamp))) AS VARCHAR) AS quarter
  FROM events GROUP BY case_id, episode),
h AS (
  SELECT case_id, episode, step, arg_min(from_org || '→' || to_org, t0) AS seam
  FROM __handovers GROUP BY case_id, episode, step),
r AS (
  SELECT rc.case_idx, rn.rule_rank, rc.case_id, rc.episode, rn.rule_id, sn.status, ev.detail
  FROM __rules_raw raw
  JOIN __rule_cases rc ON rc.case_idx = raw.k // $1
  JOIN __rule_names rn ON rn.rule_idx = raw.k % $2
  JOIN __status_names sn ON sn.code = raw.code
  LEFT JOIN __rule_evidence ev ON ev.k = raw.k)
SELECT r.case_id, r.episode, r.rule_id, r.status, q.quarter, c.orgs, h.seam, r.detail
FROM r
LEFT JOIN q USING (case_id, episode)
LEFT JOIN __cases c USING (case_id, episode)
LEFT JOIN __rule_steps rs ON rs.rule_id = r.rule_id
LEFT JOIN h ON h.case_id = r.case_id AND h.episode = r.episode AND h.step = rs.step
ORDER BY r.case_idx, r.rule_rank
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
