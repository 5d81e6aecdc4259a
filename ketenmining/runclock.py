"""The run time recorded in outputs: now, or ``SOURCE_DATE_EPOCH`` when it is set.

Outputs are byte-identical across runs apart from the recorded run time; with
``SOURCE_DATE_EPOCH`` (the reproducible-builds convention, seconds since 1970)
that time is fixed too, so two runs can be compared byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os


def run_time() -> dt.datetime:
    """The time of this run (UTC): ``SOURCE_DATE_EPOCH`` when set to a number, else now."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed.isdigit():
        return dt.datetime.fromtimestamp(int(fixed), dt.UTC)
    return dt.datetime.now(dt.UTC)
