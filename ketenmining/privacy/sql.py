"""SQL of ``lookup``: an organisation's own dossiers for sampled pseudonyms."""

from __future__ import annotations

LOOKUP_DOSSIERS = """
SELECT case_id, dossier,
       min(timestamp) AS first, max(timestamp) AS last, count(*) AS events,
       string_agg(DISTINCT activity, ', ' ORDER BY activity) AS activities
FROM hits GROUP BY case_id, dossier ORDER BY case_id, first
"""
