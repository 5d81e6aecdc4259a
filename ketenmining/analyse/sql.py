"""SQL of the analyse stage (over the ``events`` view and the ``__handovers`` table)."""

from __future__ import annotations

#: Handover steps from the organisation changes in the log (no protocol): an activity of
#: organisation A directly followed, in the same episode, by an event of another
#: organisation B; the step hands over to its most frequent next organisation.
ORG_CHANGE_STEPS = """
WITH ev AS (
  SELECT activity, org,
         lead(org) OVER (PARTITION BY case_id, episode ORDER BY timestamp, activity) AS next_org
  FROM events),
c AS (SELECT activity, next_org, count(*) AS n FROM ev
      WHERE next_org IS NOT NULL AND next_org <> org GROUP BY activity, next_org),
best AS (SELECT activity, arg_max(next_org, n) AS to_org FROM c GROUP BY activity)
SELECT activity AS step, to_org, [to_org] AS to_orgs, CAST(NULL AS VARCHAR) AS pickup
FROM best ORDER BY step
"""

#: Per episode: first and last event, organisations involved.
CASES = """
SELECT case_id, episode, min(timestamp) AS first_ts, max(timestamp) AS last_ts,
       count(DISTINCT org) AS organisations
FROM events GROUP BY case_id, episode
"""

#: Per episode: the first time of a step (parameter: the step).
FIRST_OF_STEP = """
SELECT case_id, episode, min(timestamp) AS ts FROM events WHERE activity = ? GROUP BY ALL
"""

#: Duplicate and joint work per pair of organisations: the same step by both in one
#: episode. Joint when two of their events of that step lie within a day of each other
#: (working side by side), duplicate otherwise (done twice, apart).
DUPLICATE_JOINT = """
WITH pairs AS (
  SELECT a.case_id, a.episode, a.org AS org_a, b.org AS org_b,
         min(abs(epoch(b.timestamp) - epoch(a.timestamp))) AS gap
  FROM events a JOIN events b
    ON a.case_id = b.case_id AND a.episode = b.episode AND a.activity = b.activity
   AND a.org < b.org
  GROUP BY a.case_id, a.episode, a.activity, a.org, b.org)
SELECT org_a, org_b,
       count(DISTINCT (case_id, episode)) FILTER (WHERE gap > 86400) AS duplicate,
       count(DISTINCT (case_id, episode)) FILTER (WHERE gap <= 86400) AS joint
FROM pairs GROUP BY ALL
"""

#: Per organisation and ISO week: arrivals (first event of the organisation in the
#: episode), departures (its last event), work in progress (episodes between the two
#: that week) and the median days from a handover to the organisation's first activity.
#: Work in progress in week w counts the episodes with t_in before w's end and t_out in
#: or after w: those arrived up to w (a running sum of the inflow) less those gone
#: before w (the running sum of the outflow up to w, less w's own outflow), since an
#: episode leaves no earlier than it arrives.
ORG_WEEKS = """
WITH span AS (
  SELECT org, case_id, episode, min(timestamp) AS t_in, max(timestamp) AS t_out
  FROM events GROUP BY ALL),
weeks AS (
  SELECT org, unnest(generate_series(date_trunc('week', min(t_in)), date_trunc('week', max(t_out)),
         INTERVAL 7 DAY)) AS week FROM span GROUP BY org),
inflow AS (SELECT org, date_trunc('week', t_in) AS week, count(*) AS n FROM span GROUP BY ALL),
outflow AS (SELECT org, date_trunc('week', t_out) AS week, count(*) AS n FROM span GROUP BY ALL),
wip AS (
  SELECT w.org, w.week,
         CAST(sum(coalesce(i.n, 0)) OVER o - sum(coalesce(x.n, 0)) OVER o + coalesce(x.n, 0)
              AS BIGINT) AS n
  FROM weeks w LEFT JOIN inflow i USING (org, week) LEFT JOIN outflow x USING (org, week)
  WINDOW o AS (PARTITION BY w.org ORDER BY w.week ROWS UNBOUNDED PRECEDING)),
wait AS (
  SELECT to_org AS org, date_trunc('week', t1) AS week, median(delay_days) AS d
  FROM __handovers WHERE t1 IS NOT NULL GROUP BY ALL)
SELECT w.org, CAST(w.week AS DATE) AS week, coalesce(i.n, 0) AS inflow, coalesce(o.n, 0) AS outflow,
       coalesce(p.n, 0) AS wip, x.d AS wait_days
FROM weeks w
LEFT JOIN inflow i USING (org, week) LEFT JOIN outflow o USING (org, week)
LEFT JOIN wip p USING (org, week) LEFT JOIN wait x USING (org, week)
ORDER BY w.org, w.week
"""

#: Ping-pong: episodes with a handover A→B followed later by a handover B→A.
PING_PONG = """
SELECT a.from_org, a.to_org, count(DISTINCT (a.case_id, a.episode)) AS n
FROM __handovers a JOIN __handovers b
  ON a.case_id = b.case_id AND a.episode = b.episode AND b.from_org = a.to_org
  AND b.to_org = a.from_org AND b.t0 > a.t0
GROUP BY ALL
"""

#: Handovers per episode (over ``__handovers``).
HANDOVERS_PER_CASE = """
SELECT case_id, episode, count(*) AS handovers FROM __handovers GROUP BY ALL
"""

#: Per episode of one cohort (the rows of ``__sides`` where ``{side}``, in_a or in_b): the
#: microseconds from the start ($1; NULL: the first event) to the outcome ($2), or to the
#: data end ($3) when it was not reached, whether it was reached, and the episode's
#: handovers and re-entry from ``__episodes`` (the per-episode table).
COHORT_EPISODES = """
WITH s AS (
  SELECT e.case_id, e.episode,
         min(e.timestamp) FILTER (WHERE $1 IS NULL OR e.activity = $1) AS t_start
  FROM events e JOIN __sides x USING (case_id, episode) WHERE x.{side} GROUP BY ALL),
o AS (
  SELECT s.case_id, s.episode, s.t_start, min(e.timestamp) AS t_out
  FROM s LEFT JOIN events e ON e.case_id = s.case_id AND e.episode = s.episode
    AND e.activity = $2 AND e.timestamp >= s.t_start
  WHERE s.t_start IS NOT NULL GROUP BY ALL)
SELECT epoch_us(coalesce(o.t_out, $3)) - epoch_us(o.t_start) AS micros,
       o.t_out IS NOT NULL AS reached,
       coalesce(c.handovers, 0) AS handovers,
       c.reentry_12m AS reentry
FROM o LEFT JOIN __episodes c USING (case_id, episode) ORDER BY o.case_id, o.episode
"""

#: Directly-follows edges of two cohorts in one pass (``__sides``: case_id, episode, in_a,
#: in_b; an episode may be in both): per edge and cohort, the episodes with the edge and the
#: median days between the two events.
COHORT_EDGES = """
WITH ev AS (
  SELECT e.case_id, e.episode, e.activity, e.timestamp, s.in_a, s.in_b,
         lead(e.activity) OVER w AS next_activity, lead(e.timestamp) OVER w AS next_ts
  FROM events e JOIN __sides s USING (case_id, episode)
  WINDOW w AS (PARTITION BY e.case_id, e.episode ORDER BY e.timestamp, e.source, e.source_row))
SELECT activity, next_activity,
       count(DISTINCT (case_id, episode)) FILTER (WHERE in_a) AS episodes_a,
       median(epoch(next_ts) - epoch(timestamp)) FILTER (WHERE in_a) / 86400.0 AS days_a,
       count(DISTINCT (case_id, episode)) FILTER (WHERE in_b) AS episodes_b,
       median(epoch(next_ts) - epoch(timestamp)) FILTER (WHERE in_b) / 86400.0 AS days_b
FROM ev WHERE next_activity IS NOT NULL GROUP BY ALL ORDER BY ALL
"""

#: The episodes of the two cohorts (parameters: those of the two side queries, in order);
#: an episode may be in both.
SIDES = """
CREATE OR REPLACE TEMP TABLE __sides AS
SELECT case_id, episode, bool_or(side = 'a') AS in_a, bool_or(side = 'b') AS in_b
FROM (SELECT case_id, episode, 'a' AS side FROM ({a}) UNION ALL
      SELECT case_id, episode, 'b' AS side FROM ({b}))
GROUP BY case_id, episode
"""

#: Per episode: handovers, organisations, days from the first event to the outcome ($1;
#: censored at the data end $3), and re-entry within 12 months of the closure step ($2):
#: the next episode starts, or the episode itself has an event, within 365 days after the
#: closure; unknown (NULL) when not closed, or closed less than 365 days before the data end
#: without a re-entry yet. Needs ``__handover_counts`` (case_id, episode, handovers).
CASE_TABLE = """
WITH c AS (
  SELECT case_id, episode, min(timestamp) AS first_ts, max(timestamp) AS last_ts,
         count(DISTINCT org) AS organisations,
         min(timestamp) FILTER (WHERE activity = $1) AS reached,
         min(timestamp) FILTER (WHERE activity = $2) AS closed
  FROM events GROUP BY case_id, episode),
n AS (SELECT *, lead(first_ts) OVER (PARTITION BY case_id ORDER BY episode) AS next_first FROM c),
h AS (SELECT case_id, episode, handovers FROM __handover_counts),
r AS (
  SELECT n.*, coalesce(h.handovers, 0) AS handovers,
         closed IS NOT NULL AND (
           (next_first IS NOT NULL AND floor((epoch(next_first) - epoch(closed)) / 86400) <= 365)
           OR (last_ts > closed AND floor((epoch(last_ts) - epoch(closed)) / 86400) <= 365)
         ) AS hit
  FROM n LEFT JOIN h USING (case_id, episode))
SELECT case_id, episode, handovers, organisations,
       CASE WHEN $1 IS NULL THEN NULL
            ELSE round((epoch(coalesce(reached, $3)) - epoch(first_ts)) / 86400.0, 3) END
         AS days_to_outcome,
       CASE WHEN $1 IS NULL THEN NULL ELSE reached IS NOT NULL END AS outcome_reached,
       CASE WHEN closed IS NULL THEN NULL WHEN hit THEN true
            WHEN floor((epoch($3) - epoch(closed)) / 86400) < 365 THEN NULL ELSE false END
         AS reentry_12m
FROM r ORDER BY case_id, episode
"""
