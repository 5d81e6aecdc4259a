"""What the audit needs to know about the protocol: its identity and its rules.

The audit does not read protocol files itself. The caller describes the
protocol with these two small dataclasses (the CLI fills them from the
protocol model), so the audit can cite the criteria — id@version, file hash,
calendar, and per rule its id, text, clause, severity and norm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("major", "minor", "observation")


@dataclass(frozen=True)
class RuleInfo:
    """One rule of the protocol as the audit cites it."""

    id: str
    text: str
    clause: str | None = None
    severity: str = "minor"  # major | minor | observation
    norm: float = 1.0  # share of cases that must comply, 0..1
    kind: str = ""  # response, handover, duration, ... (the protocol's rule kind)
    text_en: str | None = None  # English text when the protocol has one
    #: the organisations the protocol makes responsible (see :mod:`ketenmining.audit.owners`)
    owners: tuple[str, ...] = ()
    #: the owners with roles expanded to their member organisations
    owner_members: tuple[str, ...] = ()
    #: the organisations whose event the rule requires (empty for negative rules)
    actors: tuple[str, ...] = ()

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready dict of this rule."""
        return {
            "id": self.id,
            "text": self.text,
            "text_en": self.text_en,
            "clause": self.clause,
            "severity": self.severity,
            "norm": self.norm,
            "kind": self.kind,
            "owners": list(self.owners),
            "owner_members": list(self.owner_members),
            "actors": list(self.actors),
        }


@dataclass(frozen=True)
class ProtocolInfo:
    """The protocol as audit criteria: identity, file hash, calendar and rules."""

    id: str
    version: str
    title: str
    file: str
    sha256: str
    calendar: str  # a readable description of the working-day calendar used
    rules: tuple[RuleInfo, ...] = ()
    organisations: dict[str, str] = field(default_factory=dict)  # code -> name
    language: str = "nl"
    #: step id -> {"nl": label, "en": label}; steps without a label show their id
    step_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: step id -> the organisations responsible for it (the step's ``by``, as written)
    step_owners: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: role code -> its member organisations (e.g. MELDER -> HA, SCH, POL, JGZ)
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: who owns (keeps) the protocol, as the protocol says
    owner: str | None = None

    @property
    def cite(self) -> str:
        """``id@version``, the way reports cite the protocol."""
        return f"{self.id}@{self.version}"

    def rule(self, rule_id: str) -> RuleInfo | None:
        """The rule with this id, or None."""
        return next((r for r in self.rules if r.id == rule_id), None)

    def step_label(self, step: str | None, lang: str) -> str:
        """The label of a step in ``lang`` (falls back to the other language, then the id)."""
        if not step:
            return "–"
        labels = self.step_labels.get(step, {})
        return labels.get(lang) or labels.get("nl") or labels.get("en") or step

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready dict of the criteria."""
        return {
            "protocol": self.id,
            "version": self.version,
            "cite": self.cite,
            "title": self.title,
            "file": self.file,
            "sha256": self.sha256,
            "calendar": self.calendar,
            "language": self.language,
            "organisations": dict(self.organisations),
            "roles": {k: list(v) for k, v in self.roles.items()},
            "owner": self.owner,
            "rules": [r.as_record() for r in self.rules],
        }
