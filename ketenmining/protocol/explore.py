"""Search the product of the route automaton with rule automata.

A product state is (route state, state of each rule automaton). A
breadth-first search finds a complete route trace whose final product state
meets a goal (e.g. "every rule accepts"), and returns the shortest such trace
as a witness. The search is exact on the route's language and bounded by a
state *budget*: the product of a route with many parallel branches and many
counting rules can be large (each rule at most multiplies the states by its
own size: 2–4 for most templates, count+2 for counting ones), so past the
budget the search answers "unknown" (None) and lint reports P015 rather
than hang. A protocol of a dozen steps and rules needs a few thousand states.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from ketenmining.protocol.abstract import RuleAutomaton
from ketenmining.protocol.route import RouteAutomaton

#: Default largest number of product states explored per question.
PRODUCT_BUDGET = 200_000

Goal = Callable[[tuple[Any, ...]], bool]


def find_trace(
    route: RouteAutomaton,
    rules: Sequence[RuleAutomaton],
    goal: Goal,
    budget: int = PRODUCT_BUDGET,
) -> tuple[bool | None, list[str] | None]:
    """Is there a route trace whose rule states meet ``goal``? (answer, shortest witness).

    The answer is None when the budget ran out (or the route automaton itself
    was bounded) before a witness was found.
    """
    start = (0, tuple(r.init for r in rules))
    parent: dict[Any, tuple[Any, str] | None] = {start: None}
    queue = deque([start])
    deltas = [r.delta for r in rules]
    finals = route.finals
    trans = route.trans
    exhausted = route.bounded
    while queue:
        node = queue.popleft()
        q, states = node
        if q in finals and goal(states):
            return True, _witness(parent, node)
        for sym, dst in trans[q]:
            nxt = (dst, tuple(d(s, sym) for d, s in zip(deltas, states, strict=True)))
            if nxt in parent:
                continue
            if len(parent) >= budget:
                exhausted = True
                continue
            parent[nxt] = (node, sym)
            queue.append(nxt)
    return (None if exhausted else False), None


def _witness(parent: dict[Any, tuple[Any, str] | None], node: Any) -> list[str]:
    out: list[str] = []
    link = parent[node]
    while link is not None:
        node, sym = link
        out.append(sym)
        link = parent[node]
    return out[::-1]


def all_accept(rules: Sequence[RuleAutomaton]) -> Goal:
    """Goal: every rule automaton accepts."""
    accepts = [r.accept for r in rules]
    return lambda states: all(acc(s) for acc, s in zip(accepts, states, strict=True))


def minimal_conflict(
    route: RouteAutomaton, rules: Sequence[RuleAutomaton], budget: int = PRODUCT_BUDGET
) -> list[RuleAutomaton] | None:
    """A smallest-by-deletion set of rules that no route trace satisfies together.

    Returns None when the rules can be satisfied together (or the answer is
    unknown within the budget).
    """
    found, _ = find_trace(route, rules, all_accept(rules), budget)
    if found is not False:
        return None
    core = list(rules)
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1 :]
        ok, _ = find_trace(route, trial, all_accept(trial), budget)
        if ok is False:
            core = trial
        else:
            i += 1
    return core
