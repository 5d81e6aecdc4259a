"""Audit settings: every threshold of the classification and the sample, in one place.

Defaults follow ``docs/audit-method.md``. A chain may set its own in a small
YAML file (``--settings audit.yaml``); every problem in it is reported at
once with its ``file:line:column``::

    escalate_gap: 20%        # minor -> major when the norm is missed by this much
    minors_to_major: 3       # minor nonconformities on one clause that add up to a major
    trend_drop: 10%          # drop from first to last quarter that makes an improvement point
    margin: 5%               # compliance this close above the norm is an improvement point
    confidence: 95%          # sample: confidence level
    precision: 10%           # sample: margin of error
    expected_rate: 50%       # sample: expected deviation rate, or 'observed'
    min_per_stratum: 2
    seed: 19011
    group_overlap: 80%       # findings sharing this share of each other's cases are one finding
    volume_change: 30%       # quarter volume this far from the median is flagged beside a trend
    small_cells: 10          # counts below this show as "< 10" in the report's tables
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError, Location, Problem


@dataclass(frozen=True)
class AuditSettings:
    """Thresholds of the classification rule and the sampling plan."""

    #: a minor nonconformity becomes major when norm - compliance >= this
    escalate_gap: float = 0.20
    #: this many minor nonconformities on the same clause add up to one major
    minors_to_major: int = 3
    #: met, with violations, and last quarter below the first by >= this: improvement point
    trend_drop: float = 0.10
    #: met, with violations, and compliance < norm + margin: improvement point
    margin: float = 0.05
    #: quarters with fewer judged cases than this are left out of the trend comparison
    trend_min_cases: int = 10
    #: a route deviation (kind, step) in at least this share of cases is an observation
    route_share: float = 0.05
    #: case ids cited in each finding
    finding_sample: int = 5
    #: sample: confidence level (two-sided)
    confidence: float = 0.95
    #: sample: margin of error (absolute)
    precision: float = 0.10
    #: sample: expected deviation rate (0..1), or None to use the observed rate
    expected_rate: float | None = 0.50
    #: sample: at least this many cases per stratum (or the whole stratum when smaller)
    min_per_stratum: int = 2
    #: seed of every random choice (sample and cited cases)
    seed: int = 19011
    #: findings sharing at least this share of each other's cases are one phenomenon (grouping)
    group_overlap: float = 0.80
    #: a case-volume change of at least this share against the median quarter is flagged in trends
    volume_change: float = 0.30
    #: tables of the report show counts below this as "< k" (small-cell rule)
    small_cells: int = 10

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready dict of the settings."""
        rec = dataclasses.asdict(self)
        rec["expected_rate"] = "observed" if self.expected_rate is None else self.expected_rate
        return rec


#: Which settings are shares (0..1, may be written as ``20%``), and their open/closed bounds.
_SHARES = {
    "escalate_gap": (0.0, 1.0, True),
    "trend_drop": (0.0, 1.0, True),
    "margin": (0.0, 1.0, True),
    "route_share": (0.0, 1.0, True),
    "confidence": (0.0, 1.0, False),
    "precision": (0.0, 1.0, False),
    "expected_rate": (0.0, 1.0, True),
    "group_overlap": (0.0, 1.0, True),
    "volume_change": (0.0, 1.0, False),
}
_COUNTS = {
    "minors_to_major": 2,
    "trend_min_cases": 1,
    "finding_sample": 0,
    "min_per_stratum": 0,
    "seed": 0,
    "small_cells": 1,
}


def load_settings(path: str | Path | None) -> AuditSettings:
    """Read audit settings from a YAML file; ``None`` gives the defaults."""
    if path is None:
        return AuditSettings()
    from ketenmining.yamldoc import load_yaml_file

    doc = load_yaml_file(path, what="audit settings file")
    return settings_from_mapping(doc.data or {}, where=doc.where)


def settings_from_mapping(
    data: Any, where: Any = None, prefix: tuple[Any, ...] = ()
) -> AuditSettings:
    """Validate a mapping of settings (e.g. the ``audit:`` part of a YamlDoc).

    ``where(path)`` gives the Location of a value (``YamlDoc.where``); all
    problems are collected and raised together as one KetenError.
    """

    def loc(*path: Any) -> Location | None:
        return where((*prefix, *path)) if where else None

    if not isinstance(data, dict):
        raise KetenError(
            "audit settings must be a mapping of names to values",
            hint="write one 'name: value' per line, e.g. 'escalate_gap: 20%'",
            where=loc(),
        )
    known = {f.name for f in fields(AuditSettings)}
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        if key not in known:
            problems.append(
                Problem(
                    f"unknown audit setting '{key}'",
                    loc(key),
                    "known settings: " + ", ".join(sorted(known)),
                )
            )
            continue
        try:
            values[key] = _value(key, value)
        except ValueError as exc:
            problems.append(Problem(f"audit setting '{key}': {exc}", loc(key), _hint(key)))
    if problems:
        raise KetenError.from_problems(problems)
    return AuditSettings(**values)


def _value(key: str, value: Any) -> Any:
    if key in _SHARES:
        if key == "expected_rate" and isinstance(value, str) and value.strip() == "observed":
            return None
        low, high, closed = _SHARES[key]
        share = parse_share(value)
        if not (low <= share <= high) or (not closed and share in (low, high)):
            raise ValueError(f"{value!r} is out of range")
        return share
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    if value < _COUNTS[key]:
        raise ValueError(f"{value} is below the minimum of {_COUNTS[key]}")
    return value


def parse_share(value: Any) -> float:
    """``0.2``, ``20%`` or ``"20 %"`` → 0.2; raise ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a share")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            if text.endswith("%"):
                return float(text[:-1].strip()) / 100.0
            return float(text)
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a share (write 0.2 or 20%)")


def _hint(key: str) -> str:
    if key == "expected_rate":
        return "a share such as 50% or 0.5, or 'observed' to use the observed deviation rate"
    if key in ("confidence", "precision"):
        return "a share strictly between 0 and 1, such as 95% or 0.1"
    if key in _SHARES:
        return "a share between 0 and 1, such as 20% or 0.2"
    return f"a whole number of at least {_COUNTS[key]}"
