"""Who owns a requirement: the organisation(s) the protocol makes responsible for it.

The owner of a rule is read from the protocol, never from the cases:

* a ``handover`` rule is owned by both sides of the handover — the ``by`` of
  the handover step (the sender) and its ``handover_to`` (the receiver);
* a rule between two steps (``response``, ``precedence``, ``succession``,
  ``not_succession``, ``co_existence``, a ``duration`` span, …) is owned by
  the ``by`` of the step that must (or must not) follow; when the first step
  is a handover, also by its sender;
* a rule on one step (``duration``, ``existence``, ``absence``, …,
  ``no_duplicate``) by the ``by`` of that step;
* ``no_ping_pong`` and ``max_handovers`` by the organisations that both hand
  cases over and receive them (only they can send a case back and forth);
* ``by`` by every organisation responsible for a step in its scope.

The *actors* of a rule are the organisations whose event the rule requires
(the receiver of a handover, the ``by`` of the step that must follow). A
violation in which the case has no event at all by an actor cannot tell
"not received", "not recorded" and "not linkable" apart (see
:mod:`ketenmining.audit.classify`). Negative rules have no actors.

The organisations that appear in the violated cases are information, not
owners: they are listed beside the finding, never blamed in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Rule kinds that forbid something: they require no event, so they have no actors.
NEGATIVE = frozenset(
    {
        "absence",
        "at_most",
        "not_succession",
        "not_co_existence",
        "no_duplicate",
        "no_ping_pong",
        "max_handovers",
        "by",
        "init",
    }
)


@dataclass(frozen=True)
class Ownership:
    """Owners (as the protocol names them: roles stay roles) and actors (expanded) of a rule."""

    owners: tuple[str, ...]
    members: tuple[str, ...]  # the owners with roles expanded to their member organisations
    actors: tuple[str, ...]  # expanded; empty for negative rules


def _by(protocol: Any, step_id: str | None) -> list[str]:
    step = protocol.steps.get(step_id or "")
    return list(step.by) if step is not None else []


def _handover_sides(protocol: Any, step_id: str | None) -> list[str]:
    step = protocol.steps.get(step_id or "")
    if step is None or not step.handover_to:
        return []
    return [*step.by, step.handover_to]


def _unique(codes: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for c in codes:
        if c and c not in out:
            out.append(c)
    return tuple(out)


def _bouncers(protocol: Any) -> list[str]:
    """Organisations that both hand cases over and receive them: the ones that can bounce a case."""
    sends: list[str] = []
    receives: list[str] = []
    for step in protocol.handover_steps():
        for code in step.by:
            sends += list(protocol.expand(code))
        receives += list(protocol.expand(step.handover_to))
    return [o for o in dict.fromkeys(sends) if o in receives]


def rule_ownership(protocol: Any, rule: Any) -> Ownership:
    """The owners and actors of one rule of a loaded protocol."""
    kind = rule.kind
    owners: list[str] = []
    actors: list[str] = []
    if kind == "handover":
        step = protocol.steps.get(rule.step or "")
        owners = _handover_sides(protocol, rule.step)
        if step is not None and step.handover_to:
            actors = [step.handover_to]
    elif kind in ("no_ping_pong", "max_handovers"):
        owners = _bouncers(protocol)
    elif kind == "by":
        scope = rule.steps or tuple(protocol.steps)
        for sid in scope:
            owners += _by(protocol, sid)
    elif rule.target:  # a rule between two steps: the step that must (not) follow
        owners = _handover_sides(protocol, rule.source)[:-1] + _by(protocol, rule.target)
        actors = _by(protocol, rule.target)
    else:
        steps = [rule.step] if rule.step else list(rule.steps)
        for sid in steps:
            owners += _by(protocol, sid)
        actors = list(owners)
    if kind in NEGATIVE:
        actors = []
    members = _unique([m for o in owners for m in protocol.expand(o)])
    return Ownership(
        _unique(owners), members, _unique([m for a in actors for m in protocol.expand(a)])
    )
