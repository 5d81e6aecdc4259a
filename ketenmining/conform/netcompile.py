"""Compile a Petri net into plain search tables for fast alignments.

Alignments are searched in the product of the model's *reachability graph*
and a trace. Building that graph once per model (instead of firing
transitions on markings for every trace) makes each alignment a search over
small integers. The compiled net holds only tuples, ints and strings, so it
is pickled once and shipped to every worker process.

Besides the graph it holds two tables for an admissible, consistent A*
heuristic (see :mod:`ketenmining.conform.search`): for every state the fewest
visible transitions still needed to reach the final marking, and the set of
labels that can still occur. It also holds the *best worst cost*: the cost
of the cheapest run of the model alone (aligning the empty trace), which is
the denominator of pm4py's fitness.

A model whose reachability graph is larger than ``max_states`` (or
unbounded) is not compiled: :attr:`CompiledNet.complete` is false and the
aligner falls back to pm4py's own A* per variant.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from ketenmining.errors import KetenError

#: Cost of a log move or a model move on a visible transition (pm4py's standard cost).
MOVE_COST = 10000
#: Cost of a model move on a silent transition (pm4py's standard epsilon).
SILENT_COST = 1
#: Largest reachability graph compiled; larger models use pm4py's search.
DEFAULT_MAX_STATES = 200_000


@dataclass(frozen=True, eq=False)
class CompiledNet:
    """A Petri net as search tables (plain data, picklable).

    ``edges[s]`` lists ``(label_id, transition_index, target_state)`` for
    every transition enabled in state ``s`` that leads to a state from which
    the final marking can still be reached; ``label_id`` is -1 for a silent
    transition.
    """

    labels: tuple[str, ...]
    transitions: tuple[tuple[str, str | None], ...]
    complete: bool
    initial: int = 0
    final: tuple[bool, ...] = ()
    edges: tuple[tuple[tuple[int, int, int], ...], ...] = ()
    visible_to_final: tuple[int, ...] = ()
    silent_to_final: tuple[int, ...] = ()
    reachable_labels: tuple[int, ...] = ()
    best_worst_cost: int = 0
    fallback: Any = field(default=None, compare=False)

    @property
    def label_ids(self) -> dict[str, int]:
        """Label text to label id."""
        return {label: i for i, label in enumerate(self.labels)}

    @property
    def n_states(self) -> int:
        """Number of states of the (pruned) reachability graph; 0 when not compiled."""
        return len(self.edges)


def compile_net(
    net: Any, initial_marking: Any, final_marking: Any, max_states: int = DEFAULT_MAX_STATES
) -> CompiledNet:
    """Compile a pm4py Petri net with its initial and final marking.

    Raises a :class:`KetenError` when the final marking cannot be reached
    from the initial marking (pm4py would refuse such a net too).
    """
    places = sorted(net.places, key=lambda p: str(p.name))
    place_index = {p: i for i, p in enumerate(places)}
    trans = sorted(net.transitions, key=lambda t: (str(t.name), t.label or ""))
    labels = tuple(sorted({t.label for t in trans if t.label is not None}))
    label_id = {label: i for i, label in enumerate(labels)}
    pre: list[tuple[tuple[int, int], ...]] = []
    delta: list[tuple[tuple[int, int], ...]] = []
    for t in trans:
        consume: dict[int, int] = {}
        change: dict[int, int] = {}
        for arc in t.in_arcs:
            p = place_index[arc.source]
            consume[p] = consume.get(p, 0) + arc.weight
            change[p] = change.get(p, 0) - arc.weight
        for arc in t.out_arcs:
            p = place_index[arc.target]
            change[p] = change.get(p, 0) + arc.weight
        pre.append(tuple(sorted(consume.items())))
        delta.append(tuple(sorted((p, d) for p, d in change.items() if d)))
    tlabels = [label_id[t.label] if t.label is not None else -1 for t in trans]
    described = tuple((str(t.name), t.label) for t in trans)
    m0 = _vector(initial_marking, place_index, len(places))
    mf = _vector(final_marking, place_index, len(places))
    graph = _reachability_graph(m0, pre, delta, tlabels, max_states)
    if graph is None:
        bwc = best_worst_cost_pm4py(net, initial_marking, final_marking)
        if bwc is None:
            raise _unreachable()
        return CompiledNet(
            labels,
            described,
            complete=False,
            best_worst_cost=int(bwc),
            fallback=(net, initial_marking, final_marking),
        )
    markings, raw_edges = graph
    return _finish(labels, described, markings, raw_edges, mf)


def best_worst_cost_pm4py(net: Any, initial_marking: Any, final_marking: Any) -> int | None:
    """pm4py's best worst cost (cost of aligning the empty trace), or None if unreachable."""
    from ketenmining._pm4py import pm4py_quiet

    pm4py_quiet()
    from pm4py.algo.conformance.alignments.petri_net.variants import state_equation_a_star

    return state_equation_a_star.get_best_worst_cost(net, initial_marking, final_marking)


def _vector(marking: Any, place_index: dict[Any, int], size: int) -> tuple[int, ...]:
    vec = [0] * size
    for place, count in marking.items():
        if place not in place_index:
            raise KetenError(
                "the model's marking names a place that is not in the net",
                hint="check the initial and final markings of the model",
            )
        vec[place_index[place]] = count
    return tuple(vec)


def _reachability_graph(
    m0: tuple[int, ...],
    pre: list[tuple[tuple[int, int], ...]],
    delta: list[tuple[tuple[int, int], ...]],
    tlabels: list[int],
    max_states: int,
) -> tuple[list[tuple[int, ...]], list[list[tuple[int, int, int]]]] | None:
    """Breadth-first reachability graph, or None when it exceeds ``max_states``."""
    consumers: dict[int, list[int]] = {}
    always: list[int] = []
    for t, arcs in enumerate(pre):
        if not arcs:
            always.append(t)
        for p, _ in arcs:
            consumers.setdefault(p, []).append(t)
    index = {m0: 0}
    markings = [m0]
    edges: list[list[tuple[int, int, int]]] = [[]]
    queue = deque([0])
    while queue:
        s = queue.popleft()
        m = markings[s]
        candidates = set(always)
        for p, count in enumerate(m):
            if count:
                candidates.update(consumers.get(p, ()))
        for t in sorted(candidates):
            if any(m[p] < w for p, w in pre[t]):
                continue
            new = list(m)
            for p, d in delta[t]:
                new[p] += d
            nm = tuple(new)
            target = index.get(nm)
            if target is None:
                if len(markings) >= max_states:
                    return None
                target = len(markings)
                index[nm] = target
                markings.append(nm)
                edges.append([])
                queue.append(target)
            edges[s].append((tlabels[t], t, target))
    return markings, edges


def _finish(
    labels: tuple[str, ...],
    described: tuple[tuple[str, str | None], ...],
    markings: list[tuple[int, ...]],
    raw_edges: list[list[tuple[int, int, int]]],
    final_marking: tuple[int, ...],
) -> CompiledNet:
    """Prune states that cannot reach the final marking and build the heuristic tables."""
    n = len(markings)
    finals = [m == final_marking for m in markings]
    back: list[list[tuple[int, int]]] = [[] for _ in range(n)]  # target -> (source, label)
    for s, out in enumerate(raw_edges):
        for label, _t, target in out:
            back[target].append((s, label))
    inf = n + len(labels) + 10**9
    # fewest visible transitions, and fewest silent ones, from each state to a final state
    to_final = _distance_to_final(back, finals, inf, visible=True)
    silent_to_final = _distance_to_final(back, finals, inf, visible=False)
    if to_final[0] >= inf:
        raise _unreachable()
    alive = [d < inf for d in to_final]
    keep = [s for s in range(n) if alive[s]]
    renum = {s: i for i, s in enumerate(keep)}
    edges = tuple(
        tuple((label, t, renum[target]) for label, t, target in raw_edges[s] if alive[target])
        for s in keep
    )
    reach = _reachable_labels(edges)
    return CompiledNet(
        labels=labels,
        transitions=described,
        complete=True,
        initial=renum[0],
        final=tuple(finals[s] for s in keep),
        edges=edges,
        visible_to_final=tuple(to_final[s] for s in keep),
        silent_to_final=tuple(silent_to_final[s] for s in keep),
        reachable_labels=reach,
        best_worst_cost=_cheapest_run(edges, renum[0], [finals[s] for s in keep]),
    )


def _distance_to_final(
    back: list[list[tuple[int, int]]], finals: list[bool], inf: int, visible: bool
) -> list[int]:
    """Fewest visible (or silent) transitions from each state to a final state.

    A 0-1 breadth-first search over the reversed edges: the counted kind of
    transition costs 1, the other kind 0. Unreachable states get ``inf``.
    """
    dist = [inf] * len(finals)
    queue: deque[int] = deque()
    for s, is_final in enumerate(finals):
        if is_final:
            dist[s] = 0
            queue.append(s)
    while queue:
        s = queue.popleft()
        for src, label in back[s]:
            step = 1 if (label >= 0) == visible else 0
            d = dist[s] + step
            if d < dist[src]:
                dist[src] = d
                if step:
                    queue.append(src)
                else:
                    queue.appendleft(src)
    return dist


def _unreachable() -> KetenError:
    return KetenError(
        "the model's final marking cannot be reached from its initial marking",
        hint="check the model's final marking; a workflow net must be able to finish",
    )


def _reachable_labels(edges: tuple[tuple[tuple[int, int, int], ...], ...]) -> tuple[int, ...]:
    """Per state, a bitmask of the labels that can still occur (fixpoint over reversed edges)."""
    n = len(edges)
    reach = [0] * n
    preds: list[list[int]] = [[] for _ in range(n)]
    for s, out in enumerate(edges):
        for label, _t, target in out:
            if label >= 0:
                reach[s] |= 1 << label
            preds[target].append(s)
    work = deque(range(n))
    queued = [True] * n
    while work:
        s = work.popleft()
        queued[s] = False
        for p in preds[s]:
            merged = reach[p] | reach[s]
            if merged != reach[p]:
                reach[p] = merged
                if not queued[p]:
                    queued[p] = True
                    work.append(p)
    return tuple(reach)


def _cheapest_run(
    edges: tuple[tuple[tuple[int, int, int], ...], ...], start: int, finals: list[bool]
) -> int:
    """Cost of the cheapest run from ``start`` to a final state (visible 10000, silent 1)."""
    best = {start: 0}
    heap = [(0, start)]
    while heap:
        g, s = heapq.heappop(heap)
        if g > best[s]:
            continue
        if finals[s]:
            return g
        for label, _t, target in edges[s]:
            ng = g + (SILENT_COST if label < 0 else MOVE_COST)
            if ng < best.get(target, ng + 1):
                best[target] = ng
                heapq.heappush(heap, (ng, target))
    raise AssertionError("pruned graph must reach a final state")  # pragma: no cover
