"""The route's language as a finite automaton, without pm4py.

The route is a process tree: ``sequence``, ``choice`` (exactly one branch),
``parallel`` (all branches, interleaved in any order), ``loop`` (one or more
times) and ``optional`` (zero or one time), with steps as leaves. This module
turns it into an explicit nondeterministic automaton over step ids whose
accepted words are exactly the route's traces. The automaton decides route
conformance of a trace (``protocol test``: *conforms*) and is the basis of the
lint checks on rules (dead, vacuous, conflicting), which explore its product
with the rules' automata.

States are built on the fly from the tree (a state of a sequence is "which
part, in which state"; of a parallel, the tuple of its branches' states) and
numbered breadth-first. Parallel branches multiply the number of states, so
the construction takes a *budget*: when more states would be needed the
automaton is marked ``bounded`` and the exploration stops there (lint reports
that as P015 instead of hanging). A protocol-sized route needs a few dozen
states; eight parallel branches of three steps would need 4^8 = 65,536.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ketenmining.protocol.model import RouteNode

#: Default largest number of route states explored.
ROUTE_BUDGET = 20_000


def nullable(node: RouteNode) -> bool:
    """True when the subtree can be passed without any step (the empty trace)."""
    k = node.kind
    if k == "step":
        return False
    if k == "optional":
        return True
    if k in ("sequence", "parallel"):
        return all(nullable(c) for c in node.children)
    if k == "choice":
        return any(nullable(c) for c in node.children)
    return nullable(node.children[0])  # loop


def _init(node: RouteNode) -> Any:
    k = node.kind
    if k == "step":
        return 0
    if k == "sequence":
        return (0, _init(node.children[0]))
    if k == "parallel":
        return tuple(_init(c) for c in node.children)
    if k == "loop":
        return _init(node.children[0])
    return None  # choice, optional: nothing chosen / started yet


def _final(node: RouteNode, state: Any) -> bool:
    k = node.kind
    if k == "step":
        return state == 1
    if k == "sequence":
        i, cs = state
        return _final(node.children[i], cs) and all(nullable(c) for c in node.children[i + 1 :])
    if k == "parallel":
        return all(_final(c, s) for c, s in zip(node.children, state, strict=True))
    if k == "loop":
        return _final(node.children[0], state)
    if k == "choice":
        if state is None:
            return nullable(node)
        return _final(node.children[state[0]], state[1])
    return state is None or _final(node.children[0], state)  # optional


def _moves(node: RouteNode, state: Any) -> list[tuple[str, Any]]:
    k = node.kind
    if k == "step":
        return [(node.step or "", 1)] if state == 0 else []
    if k == "sequence":
        out: list[tuple[str, Any]] = []
        j, cur = state
        children = node.children
        while True:
            child = children[j]
            out.extend((a, (j, ns)) for a, ns in _moves(child, cur))
            if j + 1 < len(children) and _final(child, cur):
                j += 1
                cur = _init(children[j])
                continue
            return out
    if k == "parallel":
        out = []
        for idx, child in enumerate(node.children):
            for a, ns in _moves(child, state[idx]):
                out.append((a, (*state[:idx], ns, *state[idx + 1 :])))
        return out
    if k == "choice":
        if state is None:
            return [
                (a, (i, ns)) for i, c in enumerate(node.children) for a, ns in _moves(c, _init(c))
            ]
        i, cs = state
        return [(a, (i, ns)) for a, ns in _moves(node.children[i], cs)]
    body = node.children[0]
    if k == "loop":
        out = list(_moves(body, state))
        start = _init(body)
        if state != start and _final(body, state):
            out.extend(_moves(body, start))
        return out
    return list(_moves(body, _init(body) if state is None else state))  # optional


@dataclass
class RouteAutomaton:
    """An explicit automaton of the route's language; state 0 is the initial state."""

    trans: list[list[tuple[str, int]]] = field(default_factory=list)
    finals: set[int] = field(default_factory=set)
    bounded: bool = False

    @property
    def size(self) -> int:
        """Number of states explored."""
        return len(self.trans)

    def alphabet(self) -> set[str]:
        """Every step that occurs on some transition."""
        return {a for row in self.trans for a, _ in row}

    def step_set(self, states: set[int], symbol: str) -> set[int]:
        """States reachable from ``states`` by one ``symbol``."""
        return {dst for q in states for a, dst in self.trans[q] if a == symbol}

    def accepts(self, word: Sequence[str]) -> bool:
        """True when ``word`` is a complete trace of the route."""
        n, can_end = self.match(word)
        return n == len(word) and can_end

    def match(self, word: Sequence[str]) -> tuple[int, bool]:
        """(how many symbols the route can follow, whether it can end there)."""
        current = {0}
        for i, symbol in enumerate(word):
            nxt = self.step_set(current, symbol)
            if not nxt:
                return i, False
            current = nxt
        return len(word), bool(current & self.finals)

    def expected_after(self, word: Sequence[str]) -> set[str]:
        """Steps the route allows next after the longest matching prefix of ``word``."""
        current = {0}
        for symbol in word:
            nxt = self.step_set(current, symbol)
            if not nxt:
                break
            current = nxt
        return {a for q in current for a, _ in self.trans[q]}

    def end_steps(self) -> set[str]:
        """Steps after which the route is always over (every such transition ends it)."""
        verdict: dict[str, bool] = {}
        for row in self.trans:
            for a, dst in row:
                ends = dst in self.finals and not self.trans[dst]
                verdict[a] = verdict.get(a, True) and ends
        return {a for a, ok in verdict.items() if ok}


def build_automaton(route: RouteNode, budget: int = ROUTE_BUDGET) -> RouteAutomaton:
    """Explore the route's states breadth-first into a :class:`RouteAutomaton`."""
    start = _init(route)
    index: dict[Any, int] = {start: 0}
    states = [start]
    auto = RouteAutomaton(trans=[[]])
    queue = deque([0])
    while queue:
        q = queue.popleft()
        state = states[q]
        if _final(route, state):
            auto.finals.add(q)
        row = auto.trans[q]
        seen: set[tuple[str, int]] = set()
        for symbol, nxt in _moves(route, state):
            dst = index.get(nxt)
            if dst is None:
                if len(states) >= budget:
                    auto.bounded = True
                    continue
                dst = len(states)
                index[nxt] = dst
                states.append(nxt)
                auto.trans.append([])
                queue.append(dst)
            if (symbol, dst) not in seen:
                seen.add((symbol, dst))
                row.append((symbol, dst))
    return auto
