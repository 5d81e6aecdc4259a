"""SQL of the discover stage: steps, directly-follows, variants, handovers.

Queries are plain SQL over the ``events`` view and the ``__disc_*`` tables named here.
"""

from __future__ import annotations

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
from ketenmining.chainlog import LIFECYCLE_ORDER, UNKNOWN_LIFECYCLE_ORDER

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

#: The same lists built faster: each code carries its position in the high bits
#: (``pos << {shift}``), so sorting the plain integer list puts it in route order; the
#: position bits are then masked off. Only valid when every code is below ``2**shift``
#: and every position below ``2**(63 - shift)`` (see :func:`disc_traces_sql`).
DISC_TRACES_SORTED = f"""
CREATE OR REPLACE TEMP TABLE __disc_traces AS
SELECT cid, episode,
       list_transform(
         list_sort(list((CAST(pos AS BIGINT) << {{shift}}) | (CAST(oid AS BIGINT) * {DISC_PACK} + aid))),
         lambda x: x & {{mask}}) AS w
FROM __disc_steps GROUP BY cid, episode
"""


def disc_traces_sql(orgs: int, events: int) -> str:
    """The statement building ``__disc_traces`` for ``orgs`` organisations and ``events`` events.

    The sorted-integer form (:data:`DISC_TRACES_SORTED`, about half the cost of an
    ordered list aggregate) when a packed code and a position fit together in 63
    bits; the ordered aggregate otherwise. Both give the same lists.
    """
    shift = (orgs * DISC_PACK + DISC_PACK).bit_length()  # codes are below (orgs + 1) * DISC_PACK
    if events >= 1 << (63 - shift):
        return DISC_TRACES
    return DISC_TRACES_SORTED.format(shift=shift, mask=(1 << shift) - 1)


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
FROM (SELECT svid, traces, single, w, unnest(range(1, array_length(w) + 1)) AS i FROM __disc_sv_kept)
"""

#: Totals of the kept traces: clients, traces, events (only multi-trace clients counted one by one).
DISC_TOTALS = """
SELECT coalesce(sum(single), 0) + (
         SELECT count(DISTINCT t.cid) FROM __disc_traces t SEMI JOIN __disc_multi m ON t.cid = m.cid
         SEMI JOIN {sv} k ON t.w = k.w
       ) AS cases,
       sum(traces) AS traces, sum(traces * array_length(w)) AS events
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
