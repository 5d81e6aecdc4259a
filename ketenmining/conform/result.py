"""The result of checking a chain log against a protocol: the contract between conform and audit.

``conform`` produces a :class:`ConformResult`; ``audit`` turns it into
findings and a report. Tables are pyarrow Tables so they can be written as
Parquet/CSV/JSON as they are. Column contracts:

``cases`` — one row per case (client episode):
    case_id, episode, variant_id (int), fitness (float 0..1), cost (int),
    ended (bool: last event is a route end step, or silent for longer than
    the protocol's ``case_closed_after`` before the data end), first, last
    (timestamps), orgs (text, comma-separated codes in order of appearance),
    events (int)

``deviations`` — one row per route or seam deviation in a case:
    case_id, episode, kind, step, org, seam, position (int, index in the
    case's steps or -1), timestamp (may be null), detail (text)
    kinds: ``skipped`` (a step the route required did not happen),
    ``extra`` (a step the route does not allow there), ``not_in_protocol``
    (an activity that is no protocol step), ``wrong_order`` (a step that
    happened but at the wrong point), ``wrong_org`` (done by an organisation
    not responsible), ``lost_handover`` (a handover never picked up),
    ``late_pickup``, ``ping_pong``, ``duplicate`` (the same kind of step by
    two organisations within the window), and ``joint`` (two organisations
    active together: good practice, reported but never counted as a deviation)

``rules`` — one row per (case, rule) that was activated or judged:
    case_id, episode, rule_id, status (satisfied | violated | pending |
    not_applicable), quarter (text ``2024-Q1``: the quarter of the case's first
    activation of the rule, else of its first event), orgs (text), seam
    (text or null), detail (text: JSON of the evaluator's evidence)

``rule_summary`` — one row per rule:
    rule_id, applicable, satisfied, violated, pending, compliance (float or
    null when nothing was applicable), norm (float), met (bool or null)

``rule_trend`` — one row per (rule, quarter): rule_id, quarter, applicable,
    violated, compliance

``seams`` — one row per ordered pair of organisations with a handover:
    from_org, to_org, handovers, picked_up, lost, late, median_days,
    p90_days, ping_pong, duplicates, joint

``fitness`` — dict: overall (mean case fitness), log_fitness (pm4py's
    log-level formula), per_org {org: fitness}, per_seam {"VT→TT": fitness}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEVIATION_KINDS = (
    "skipped",
    "extra",
    "not_in_protocol",
    "wrong_order",
    "wrong_org",
    "lost_handover",
    "late_pickup",
    "ping_pong",
    "duplicate",
    "joint",
)
#: Deviation kinds that are good practice, shown but never counted against the chain.
GOOD_PRACTICE = frozenset({"joint"})
RULE_STATUSES = ("satisfied", "violated", "pending", "not_applicable")


@dataclass
class ConformResult:
    """Everything conform found, per case, per rule and per seam."""

    cases: Any
    deviations: Any
    rules: Any
    rule_summary: Any
    rule_trend: Any
    seams: Any
    fitness: dict[str, Any] = field(default_factory=dict)
    variants: int = 0
    data_end: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    #: the ChainLog checked (its ``period`` says which events the audit scope left out)
    log: Any = field(default=None, repr=False, compare=False)
    #: the Protocol it was checked against
    protocol: Any = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The figures a reader wants first: cases, variants, fitness, rules met, seams."""
        return {
            "cases": self.cases.num_rows,
            "variants": self.variants,
            "fitness": self.fitness.get("overall"),
            "log_fitness": self.fitness.get("log_fitness"),
            "data_end": self.data_end,
            "rules": [
                {k: row[k] for k in ("rule_id", "compliance", "norm", "met")}
                for row in self.rule_summary.to_pylist()
            ],
            "seams": self.seams.num_rows,
        }

    def write(self, folder: Any, fmt: str = "parquet") -> list[Any]:
        """Write every table into ``folder`` (``parquet``, ``csv`` or ``json``); the paths."""
        from ketenmining.conform.tables import write_tables

        return write_tables(self, folder, fmt)
