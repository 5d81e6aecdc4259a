"""Name the deviations of one alignment in plain words.

An alignment is a list of moves; the deviating ones become records a
quality officer can read (the kinds are those of the conform/audit contract):

``skipped``
    a model move on a visible transition: a step that should have happened
    but did not.
``extra``
    a log move on an activity the route knows, but does not allow at that
    point.
``not_in_protocol``
    a log move on an activity the route (protocol or model) does not know at
    all.
``wrong_order``
    the same step appears in one alignment as a log move *and* as a model
    move: it happened, but at the wrong point. The pair becomes one record
    instead of one ``extra`` plus one ``skipped``.

``position`` is the 0-based index of the event in the case (-1 for
``skipped``: there is no event). ``expected_before`` says where the route
wanted the step: the index of the event before which it was expected (the
number of events when it was expected at the end). Records carry ``org``
and ``seam`` (filled per case from the events, and by the protocol audit).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

SKIPPED = "skipped"
EXTRA = "extra"
NOT_IN_PROTOCOL = "not_in_protocol"
WRONG_ORDER = "wrong_order"

#: The route deviation kinds, in the order reports list them.
KINDS = (SKIPPED, EXTRA, NOT_IN_PROTOCOL, WRONG_ORDER)


class Move(NamedTuple):
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

    def as_record(self) -> dict[str, Any]:
        """A plain dict (for JSON)."""
        return {
            "kind": self.kind,
            "activity": self.activity,
            "transition": self.transition,
            "position": self.position,
        }


class Deviation(NamedTuple):
    """One deviation of a trace from the route, as data."""

    step: str
    kind: str
    position: int
    expected_before: int | None = None
    org: str | None = None
    seam: str | None = None

    def detail(self) -> str | None:
        """Evidence as JSON text (where the route expected the step), or None."""
        if self.expected_before is None:
            return None
        return json.dumps({"expected_before": self.expected_before})

    def as_record(self) -> dict[str, Any]:
        """A plain dict in the column order of the deviations table."""
        return {
            "kind": self.kind,
            "step": self.step,
            "org": self.org,
            "seam": self.seam,
            "position": self.position,
            "detail": self.detail(),
        }


def name_deviations(
    moves: tuple[Move, ...] | list[Move], known_steps: frozenset[str] | set[str]
) -> tuple[Deviation, ...]:
    """The deviations of one alignment, ordered by where they occur.

    ``known_steps`` are the labels of the route's visible steps, to tell an
    activity that is not in the route from one in the wrong place.
    """
    log_moves: dict[str, list[int]] = {}
    model_moves: dict[str, list[int]] = {}
    for move in moves:
        if move.kind == "log" and move.activity is not None:
            log_moves.setdefault(move.activity, []).append(move.position)
        elif move.kind == "model" and move.activity is not None:
            model_moves.setdefault(move.activity, []).append(move.position)
    found: list[tuple[int, int, Deviation]] = []
    for step, happened in log_moves.items():
        expected = model_moves.get(step, [])
        pairs = min(len(happened), len(expected))
        for at, wanted in zip(happened[:pairs], expected[:pairs], strict=True):
            found.append((at, wanted, Deviation(step, WRONG_ORDER, at, expected_before=wanted)))
        kind = EXTRA if step in known_steps else NOT_IN_PROTOCOL
        found.extend((at, at, Deviation(step, kind, at)) for at in happened[pairs:])
    for step, expected in model_moves.items():
        paired = min(len(expected), len(log_moves.get(step, [])))
        found.extend(
            (at, at, Deviation(step, SKIPPED, -1, expected_before=at)) for at in expected[paired:]
        )
    order = {kind: i for i, kind in enumerate(KINDS)}
    found.sort(key=lambda item: (item[0], item[1], order[item[2].kind], item[2].step))
    return tuple(d for _, _, d in found)
