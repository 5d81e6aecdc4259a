"""SQL of the stitch stage: ordering the chain log and its data-quality report (table ``chain``)."""

from __future__ import annotations

from ketenmining.engine.sql import CASE_ORDER, LOCAL_TZ


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
