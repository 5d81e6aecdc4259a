"""The scenario of the example chain: which deviations exist, how often, and each child's plan.

Every child gets a *plan*: the route branch its case follows, whether there
is an investigation, who reports, whether the family is in the pilot cohort
("Verbindend Samenwerken"), and the deviations injected into it. The
schedule (:mod:`ketenmining.examples.schedule`) turns a plan into events.

Deviations are labels in the ground truth. Each label lists the protocol
rules it violates (exactly: a case with labels violates the union of their
rules and nothing else) and whether the case's step sequence leaves the route.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TypeVar

from ketenmining.examples.sources import HA, POL, SCH

T = TypeVar("T")


@dataclass(frozen=True)
class Label:
    """A deviation: what it is, the rules it violates and whether it leaves the route."""

    name: str
    rate: float  # share of children that get this label as their (primary) deviation
    rules: tuple[str, ...]
    route_deviation: bool
    text_nl: str
    text_en: str


LABELS: tuple[Label, ...] = (
    Label(
        "late_assessment", 0.05, ("VT-5WD",), False,
        "veiligheidsbeoordeling 8-15 werkdagen na de melding",
        "safety assessment 8-15 working days after the report",
    ),
    Label(
        "lost_report", 0.02, ("MELDING-OPGEPAKT",), True,
        "melder meldt, Veilig Thuis registreert nooit; de zaak stopt",
        "reporter reports, Veilig Thuis never registers it; the case stops",
    ),
    Label(
        "lost_handover", 0.02, ("SLUITENDE-KETEN", "WARM-10WD", "MONITORING-3M"), True,
        "overdracht aan Toegang zonder intake; de zaak stopt (dus ook geen monitoring)",
        "handover to Toegang without intake; the case stops (so no monitoring either)",
    ),
    Label(
        "late_pickup", 0.04, ("WARM-10WD",), False,
        "intake Toegang 15-25 werkdagen na de overdracht",
        "Toegang intake 15-25 working days after the handover",
    ),
    Label(
        "late_investigation", 0.03, ("VT-10W",), False,
        "onderzoek duurt 12-16 weken",
        "investigation takes 12-16 weeks",
    ),
    Label(
        "duplicate_intake", 0.03, ("GEEN-DUBBELE-INTAKE", "VERANTWOORDELIJKE-ORGANISATIE"), True,
        "Veilig Thuis doet een kennismakingsgesprek (intake) vóór de overdracht; Toegang daarna weer",
        "Veilig Thuis does an intake before the handover; Toegang does one again",
    ),
    Label(
        "ping_pong", 0.03, ("GEEN-RONDPOMPEN", "MAX-3-OVERDRACHTEN", "MONITORING-3M"), True,
        "Toegang verwijst terug naar Veilig Thuis, dat opnieuw overdraagt; monitoring pas na de tweede overdracht",
        "Toegang refers back to Veilig Thuis, which hands over again; monitoring only after the second handover",
    ),
    Label(
        "late_raad", 0.02, ("RAAD-6W",), False,
        "de Raad start 8-12 weken na het verzoek",
        "the Board starts 8-12 weeks after the request",
    ),
    Label(
        "reentry", 0.03, ("GEEN-RECIDIVE-12M",), True,
        "nieuwe melding 3-8 maanden na afsluiting (zelfde episode)",
        "new report 3-8 months after closing (same episode)",
    ),
)  # fmt: skip
LABEL_BY_NAME = {label.name: label for label in LABELS}
LABEL_ORDER = {label.name: i for i, label in enumerate(LABELS)}

#: Rule ids in protocol order (for a stable ``expected_rules`` column).
RULE_ORDER = (
    "MELDING-OPGEPAKT", "VT-5WD", "VT-10W", "WARM-10WD", "SLUITENDE-KETEN", "RAAD-6W",
    "GEEN-DUBBELE-INTAKE", "GEEN-RONDPOMPEN", "MAX-3-OVERDRACHTEN",
    "VERANTWOORDELIJKE-ORGANISATIE", "MONITORING-3M", "GEEN-RECIDIVE-12M",
)  # fmt: skip

#: A deviating case (other than lost_report and late_assessment itself) also gets
#: late_assessment with this probability: two problems in one case happen.
COMBINE_LATE_ASSESSMENT = 0.15
#: Share of clean children whose family returns after more than 12 months (a second episode).
CLEAN_SECOND_EPISODE = 0.05
#: Route branches of clean cases: close after the assessment, via the Raad, via Toegang.
BRANCH_WEIGHTS = {"close": 0.30, "raad": 0.15, "toegang": 0.55}
P_ONDERZOEK = 0.40  # an investigation before the Raad / Toegang
P_SIGNAL = 0.60  # the reporter first records signals
P_PILOT = 0.30  # Toegang families in the pilot "Verbindend Samenwerken"
#: The pilot's known effect: the time from the (last) handover to Toegang until stable
#: safety is this factor times the time the same family would take in the regular way of
#: working (so the pilot's median is 20 % shorter; the regular cohort keeps today's timing).
PILOT_FACTOR = 0.8
#: Seasonal inflow of new reports: weight of a start day by its (month, day) window, and a
#: linear trend per year since the start of the period (weights are relative).
SEASONS = (
    ("summer_holiday", (7, 15), (8, 31), 0.6),  # fewer reports in the summer holidays
    ("after_school_start", (9, 1), (10, 31), 1.3),  # more once schools have started
)
TREND_PER_YEAR = 0.15  # 15 % more reports per year
MELDER_WEIGHTS = {HA: 0.35, SCH: 0.35, POL: 0.30}

_FORCED_BRANCH = {
    "lost_handover": "toegang",
    "late_pickup": "toegang",
    "duplicate_intake": "toegang",
    "ping_pong": "toegang",
    "late_raad": "raad",
    "reentry": "close",
    "lost_report": "close",
}


@dataclass(frozen=True)
class Plan:
    """What happens to one child (one episode; a second episode gets its own plan)."""

    labels: tuple[str, ...]
    branch: str
    onderzoek: bool
    melder: int
    signal: bool
    pilot: bool

    @property
    def clean(self) -> bool:
        """True when no deviation is injected."""
        return not self.labels


def weighted_choice(rng: random.Random, weights: dict[T, float]) -> T:
    """One key of ``weights`` (a dict of key → probability, summing to 1)."""
    r = rng.random()
    acc = 0.0
    for value, w in weights.items():
        acc += w
        if r < acc:
            return value
    return value


def start_weight(offset_days: int, month: int, day: int) -> float:
    """Relative weight of a start day: its season's factor times the trend since the start."""
    factor = 1.0
    for _name, lo, hi, f in SEASONS:
        if lo <= (month, day) <= hi:
            factor = f
    return factor * (1.0 + TREND_PER_YEAR * offset_days / 365.25)


def draw_labels(rng: random.Random) -> tuple[str, ...]:
    """The deviation labels of one child (empty for a clean child), in label order."""
    r = rng.random()
    acc = 0.0
    primary = None
    for label in LABELS:
        acc += label.rate
        if r < acc:
            primary = label.name
            break
    if primary is None:
        return ()
    labels = [primary]
    if primary not in ("lost_report", "late_assessment") and rng.random() < COMBINE_LATE_ASSESSMENT:
        labels.append("late_assessment")
    return tuple(sorted(labels, key=LABEL_ORDER.__getitem__))


def draw_plan(rng: random.Random, labels: tuple[str, ...] = (), branch: str | None = None) -> Plan:
    """A plan for one episode with the given labels (the branch follows from them when forced)."""
    for name in labels:
        branch = _FORCED_BRANCH.get(name, branch)
    if branch is None:
        branch = weighted_choice(rng, BRANCH_WEIGHTS)
        if "late_investigation" in labels and branch == "close":
            branch = "toegang" if rng.random() < 0.7 else "raad"
    onderzoek = branch != "close" and ("late_investigation" in labels or rng.random() < P_ONDERZOEK)
    melder = weighted_choice(rng, MELDER_WEIGHTS)
    signal = rng.random() < P_SIGNAL
    pilot = branch == "toegang" and rng.random() < P_PILOT
    return Plan(labels, branch, onderzoek, melder, signal, pilot)


def expected_rules(labels: tuple[str, ...]) -> tuple[str, ...]:
    """The rules a case with these labels violates, in protocol order."""
    rules = {rule for name in labels for rule in LABEL_BY_NAME[name].rules}
    return tuple(r for r in RULE_ORDER if r in rules)


def leaves_route(labels: tuple[str, ...]) -> bool:
    """True when a case with these labels is not a trace of the route."""
    return any(LABEL_BY_NAME[name].route_deviation for name in labels)


__all__ = [
    "LABELS",
    "LABEL_BY_NAME",
    "PILOT_FACTOR",
    "RULE_ORDER",
    "SEASONS",
    "TREND_PER_YEAR",
    "Label",
    "Plan",
    "draw_labels",
    "draw_plan",
    "expected_rules",
    "leaves_route",
    "start_weight",
    "weighted_choice",
]
