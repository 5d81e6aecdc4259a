"""What log to read and which part of it to analyse: plain request dataclasses.

:class:`LogSpec` says where the events come from: a chain log written by
``stitch`` (``.parquet``), a chain config (``keten.yaml``, stitched on the
fly) or a single event-log file in *quick mode* with its column names given
on the command line. :class:`Filters` selects a part of the log; every
analysis command shares them. Both are light: no heavy imports here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class QuickMapping:
    """Column names of a single event-log file (quick mode)."""

    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    org: str | None = None
    lifecycle: str | None = None
    timestamp_format: str | None = None
    timezone: str = "Europe/Amsterdam"
    delimiter: str | None = None
    #: attribute columns to carry (as ``attr_<column>``), e.g. for cohorts: ``("casetype",)``
    attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LogSpec:
    """Where the events come from."""

    path: Path
    quick: QuickMapping = field(default_factory=QuickMapping)
    key_file: Path | None = None
    #: quick mode without a key on case ids that look like BSNs: the user said they may stay raw
    raw_ids: bool = False
    #: key files other users can read are accepted (``--allow-shared-key-file``)
    allow_shared_key: bool = False

    @property
    def kind(self) -> str:
        """``chainlog``, ``config`` or ``quick`` (decided by the file name)."""
        name = self.path.name.lower()
        if name.endswith((".yaml", ".yml")):
            return "config"
        if name.endswith(".parquet") and not self.quick.case:
            return "chainlog"
        return "quick"


@dataclass(frozen=True)
class Filters:
    """Which part of the log to analyse.

    ``scope`` says whether the other filters keep matching *events* only, or
    whole *cases* that have at least one matching event.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    orgs: tuple[str, ...] = ()
    episode: int | None = None
    cohort: tuple[tuple[str, str], ...] = ()
    scope: str = "events"

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not (
            self.date_from or self.date_to or self.orgs or self.episode is not None or self.cohort
        )
