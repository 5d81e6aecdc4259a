"""The small-cell rule of the analyse tables: counts below k are blanked before anything renders them."""

from __future__ import annotations

from typing import Any


def suppress_small(rows: list[dict[str, Any]], count_fields: tuple[str, ...], k: int) -> int:
    """Blank (None) every count below ``k`` in ``count_fields``; return how many were blanked."""
    n = 0
    if k <= 1:
        return 0
    for r in rows:
        for f in count_fields:
            v = r.get(f)
            if isinstance(v, int) and 0 < v < k:
                r[f] = None
                n += 1
    return n
