"""Chain analytics: seams (where cases wait and bounce) and cohort comparisons.

Event-level work runs in DuckDB SQL (:mod:`.sql`); only per-handover, per-case
and per-week rows come into Python, where the statistics come from
statsmodels and scipy.
"""
