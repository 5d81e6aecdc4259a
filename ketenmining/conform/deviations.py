"""Name the deviations of one alignment in plain words.

An alignment is a list of moves; the deviating ones become records a
quality officer can read:

``skipped``
    a model move on a visible transition: a step that should have happened
    but did not.
``extra``
    a log move: an activity the model does not allow at that point
    (``reason = "not_allowed_here"``) or that is not in the model at all
    (``reason = "not_in_model"``).
``wrong_order``
    the same step appears in one alignment as a log move *and* as a model
    move: it happened, but at the wrong point. The pair becomes one record
    (``position`` is where it happened, ``expected_position`` where the model
    wanted it) instead of one ``extra`` plus one ``skipped``.

Positions are 1-based event numbers within the case: for ``extra`` and
``wrong_order`` the number of the event itself; for ``skipped`` the number
of the event before which the step was expected (one past the last event
when it was expected at the end). Records carry ``org`` and ``seam`` (empty
for model-only conformance) so that the protocol audit can add who did what
and at which handover.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SKIPPED = "skipped"
EXTRA = "extra"
WRONG_ORDER = "wrong_order"
NOT_IN_MODEL = "not_in_model"
NOT_ALLOWED_HERE = "not_allowed_here"

#: Every deviation kind, in the order reports list them.
KINDS = (SKIPPED, EXTRA, WRONG_ORDER)


@dataclass(frozen=True)
class Move:
    """One move of an alignment.

    ``kind`` is ``sync`` (event and model agree), ``log`` (event without a
    model step), ``model`` (visible model step without an event) or
    ``silent`` (a silent model transition, not a deviation). ``position`` is
    the number of events consumed before the move (so the 0-based index of
    the event for ``sync`` and ``log`` moves).
    """

    kind: str
    activity: str | None
    transition: str | None
    position: int


@dataclass(frozen=True)
class Deviation:
    """One deviation of a case from the route, as data."""

    step: str
    kind: str
    position: int
    reason: str | None = None
    expected_position: int | None = None
    org: str | None = None
    seam: str | None = None

    def as_record(self) -> dict[str, Any]:
        """A plain dict (for tables and JSON)."""
        return asdict(self)


def name_deviations(moves: tuple[Move, ...] | list[Move], model_labels: frozenset[str] | set[str]) -> tuple[Deviation, ...]:
    """The deviations of one alignment, ordered by position.

    ``model_labels`` are the labels of the model's visible transitions, to
    tell an activity that is not in the model from one in the wrong place.
    """
    log_moves: dict[str, list[int]] = {}
    model_moves: dict[str, list[int]] = {}
    for move in moves:
        if move.kind == "log" and move.activity is not None:
            log_moves.setdefault(move.activity, []).append(move.position + 1)
        elif move.kind == "model" and move.activity is not None:
            model_moves.setdefault(move.activity, []).append(move.position + 1)
    found: list[Deviation] = []
    for step, happened in log_moves.items():
        expected = model_moves.get(step, [])
        pairs = min(len(happened), len(expected))
        for at, wanted in zip(happened[:pairs], expected[:pairs], strict=True):
            found.append(Deviation(step, WRONG_ORDER, at, expected_position=wanted))
        reason = NOT_ALLOWED_HERE if step in model_labels else NOT_IN_MODEL
        found.extend(Deviation(step, EXTRA, at, reason=reason) for at in happened[pairs:])
    for step, expected in model_moves.items():
        paired = min(len(expected), len(log_moves.get(step, [])))
        found.extend(Deviation(step, SKIPPED, at) for at in expected[paired:])
    order = {kind: i for i, kind in enumerate(KINDS)}
    found.sort(key=lambda d: (d.position, order[d.kind], d.step))
    return tuple(found)
