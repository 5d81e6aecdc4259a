"""An audit finding as data: ISO class, criterion, evidence, cited cases and statement.

Classes, from worst to mildest: ``major`` (major nonconformity), ``minor``
(minor nonconformity), ``observation`` and ``ofi`` (opportunity for
improvement). A finding has a ``source``: a protocol ``rule``, a ``seam``
between organisations, the ``route``, or the ``data`` (data quality).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: ISO classes from worst to mildest.
CLASSES = ("major", "minor", "observation", "ofi")
#: Classes that are nonconformities.
NONCONFORMITIES = frozenset({"major", "minor"})
SOURCES = ("rule", "seam", "route", "data")


def class_rank(cls: str) -> int:
    """0 for major … 3 for ofi: sort key, lower is worse."""
    return CLASSES.index(cls)


@dataclass
class AuditFinding:
    """One finding of the audit.

    ``basis`` lists why it has its class (``not_met``, ``escalated_gap``,
    ``accumulated``, ``trend``, ``margin``, ``lost_handover``,
    ``uncovered``, ``route_deviation``, ``clock_skew``); ``rules`` holds the
    evidence per rule (one entry, or several for an accumulated finding);
    ``values`` the numbers that the statement cites.
    """

    cls: str
    source: str
    basis: list[str]
    key: str  # stable identity: rule id, clause, "lost_handover:VT→TT", ...
    clause: str | None = None
    rules: list[dict[str, Any]] = field(default_factory=list)
    cases: int = 0
    share: float | None = None
    orgs: dict[str, int] = field(default_factory=dict)
    seams: dict[str, int] = field(default_factory=dict)
    sample: list[dict[str, Any]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    id: str = ""
    title: dict[str, str] = field(default_factory=dict)
    statement: dict[str, dict[str, str]] = field(default_factory=dict)
    #: (case_id, episode) → place (seam or organisations) of the cases this finding is about
    #: (for the sample's strata; not in the record)
    case_keys: dict[tuple[str, int], str] = field(default_factory=dict, repr=False)
    #: the organisations the protocol makes responsible for the requirement (its owners)
    owners: list[str] = field(default_factory=list)
    #: cases without any event of the organisation that had to act: not received, not
    #: recorded or not linkable cannot be told apart (case key → place); not in the record
    absent: dict[tuple[str, int], str] = field(default_factory=dict, repr=False)
    #: the findings this one groups (core and consequence), see :mod:`.grouping`
    members: list[dict[str, Any]] = field(default_factory=list, repr=False)
    #: the member whose title the group carries
    title_from: Any = field(default=None, repr=False)

    @property
    def provisional(self) -> bool:
        """A nonconformity that may be a linkage artefact stays provisional until the file review."""
        return bool(self.absent) and self.cls in NONCONFORMITIES

    @property
    def rule_ids(self) -> list[str]:
        """Ids of the rules this finding is about (empty for seam, route and data findings)."""
        return [r["id"] for r in self.rules]

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready dict of the finding."""
        return {
            "id": self.id,
            "class": self.cls,
            "source": self.source,
            "basis": list(self.basis),
            "key": self.key,
            "title": dict(self.title),
            "criterion": {"clause": self.clause, "rules": self.rule_ids},
            "evidence": {
                "cases": self.cases,
                "share": self.share,
                "rules": self.rules,
                "orgs": dict(self.orgs),
                "seams": dict(self.seams),
                "values": self.values,
            },
            "sample": list(self.sample),
            "statement": self.statement,
            "owners": list(self.owners),
            "provisional": self.provisional,
            "absent_at_owner": len(self.absent),
            "members": [
                {k: v for k, v in m.items() if not k.startswith("_")} for m in self.members
            ],
        }
