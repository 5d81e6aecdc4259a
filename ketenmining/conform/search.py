"""One optimal alignment of one trace against a compiled net (A* search).

The search runs over pairs (state of the model's reachability graph, number
of events consumed) with pm4py's standard costs: a synchronous move costs 0,
a log move or a model move on a visible transition 10000, a model move on a
silent transition 1. The optimal cost is therefore the same number pm4py's
own alignments find, and so is the fitness computed from it.

The heuristic is a lower bound on the number of deviating moves still
needed, times 10000. In state ``s`` with ``r`` events left, of which ``u``
cannot be matched any more (their label is not in the model, or can no
longer occur from ``s``), at least ``u`` log moves are needed, and the model
still needs ``v(s)`` visible transitions of which at most ``r - u`` can be
matched by events, so at least ``max(0, v(s) - (r - u))`` model moves.
To that it adds the fewest silent transitions on any path from ``s`` to the
final marking (each costs 1): the two parts bound different parts of the
cost, so their sum is still a lower bound. The bound never overestimates
and never drops by more than the cost of a move (it is consistent), so the
first time a pair is taken from the queue its cost is final.

This module is pure Python without heavy imports: worker processes import
it quickly.
"""

from __future__ import annotations

import weakref
from heapq import heappop, heappush

from ketenmining.conform.netcompile import MOVE_COST, SILENT_COST, CompiledNet

#: Move kinds in the raw result of :func:`align_ids`.
SYNC, LOG, MODEL, SILENT = 0, 1, 2, 3

RawMove = tuple[int, int, int]
"""``(kind, transition_index or -1, number of events consumed before the move)``."""


def align_ids(
    net: CompiledNet, trace: tuple[int, ...], prefix: bool = False
) -> tuple[int, list[RawMove]]:
    """Optimal alignment of ``trace`` (label ids, -1 for a label not in the model).

    Returns the raw cost (pm4py's scale: 10000 per deviating move, 1 per
    silent model move) and the moves in order. With ``prefix`` the trace is
    the beginning of a case still running: the alignment may end in any
    state of the model once every event is consumed (a *prefix alignment*),
    so steps that may still come are not counted as skipped; silent moves
    are free there and a log move costs 10001, so that at an equal number of
    deviations the events are explained rather than called strays.
    """
    n = len(trace)
    width = n + 1
    edges, final = net.edges, net.final
    # A prefix alignment explains the events of a running case. pm4py's silent cost of 1
    # would make "skip an optional step, then the step that was due" (10000 + 1) lose to
    # "the event is a stray" (10000): so here silent moves are free and, at an equal
    # number of deviations, a log move loses (it costs one more). The number of
    # deviating moves, ``cost // MOVE_COST``, is unchanged.
    log_cost = MOVE_COST + 1 if prefix else MOVE_COST
    silent_cost = 0 if prefix else SILENT_COST
    sync = _sync_index(net)
    heuristic = _Heuristic(net, trace)
    h = heuristic.prefix_value if prefix else heuristic.value
    if prefix:
        final = [True] * len(final)
    start = net.initial * width
    best = {start: 0}
    # parent[key] = (previous key, move kind, transition index)
    parent: dict[int, tuple[int, int, int]] = {}
    closed: set[int] = set()
    heap = [(h(start), 0, start)]
    goal = -1
    while heap:
        key = heappop(heap)[2]
        if key in closed:
            continue
        closed.add(key)
        s, i = divmod(key, width)
        g = best[key]
        if i == n and final[s]:
            goal = key
            break
        if i < n:
            j = i + 1
            label = trace[i]
            # log move
            nkey = key + 1
            if nkey not in closed:
                ng = g + log_cost
                old = best.get(nkey)
                if old is None or ng < old:
                    best[nkey] = ng
                    parent[nkey] = (key, LOG, -1)
                    heappush(heap, (ng + h(nkey), -j, nkey))
            # synchronous moves
            if label >= 0:
                for t, target in sync(s).get(label, ()):
                    nkey = target * width + j
                    if nkey in closed:
                        continue
                    old = best.get(nkey)
                    if old is None or g < old:
                        best[nkey] = g
                        parent[nkey] = (key, SYNC, t)
                        heappush(heap, (g + h(nkey), -j, nkey))
        # model moves (visible or silent)
        for label, t, target in edges[s]:
            nkey = target * width + i
            if nkey in closed:
                continue
            if label < 0:
                ng, kind = g + silent_cost, SILENT
            else:
                ng, kind = g + MOVE_COST, MODEL
            old = best.get(nkey)
            if old is None or ng < old:
                best[nkey] = ng
                parent[nkey] = (key, kind, t)
                heappush(heap, (ng + h(nkey), -i, nkey))
    if goal < 0:  # pragma: no cover - a compiled net always reaches its final marking
        raise AssertionError("no alignment found")
    moves: list[RawMove] = []
    key = goal
    while key != start:
        prev, kind, t = parent[key]
        moves.append((kind, t, prev % width))
        key = prev
    moves.reverse()
    return best[goal], moves


class _SyncIndex:
    """Per state, the visible transitions enabled there grouped by label (built when needed)."""

    def __init__(self, net: CompiledNet) -> None:
        self.edges = net.edges
        self.cache: dict[int, dict[int, tuple[tuple[int, int], ...]]] = {}

    def __call__(self, s: int) -> dict[int, tuple[tuple[int, int], ...]]:
        got = self.cache.get(s)
        if got is None:
            by_label: dict[int, list[tuple[int, int]]] = {}
            for label, t, target in self.edges[s]:
                if label >= 0:
                    by_label.setdefault(label, []).append((t, target))
            got = self.cache[s] = {k: tuple(v) for k, v in by_label.items()}
        return got


_SYNC: weakref.WeakKeyDictionary[CompiledNet, _SyncIndex] = weakref.WeakKeyDictionary()


def _sync_index(net: CompiledNet) -> _SyncIndex:
    index = _SYNC.get(net)
    if index is None:
        index = _SYNC[net] = _SyncIndex(net)
    return index


class _Heuristic:
    """Lower bound on the remaining cost of a pair, by pair key (``state * width + position``)."""

    def __init__(self, net: CompiledNet, trace: tuple[int, ...]) -> None:
        n = len(trace)
        self.n = n
        self.width = n + 1
        self.to_final = net.visible_to_final
        self.silent = net.silent_to_final
        self.reach = net.reachable_labels
        # per suffix: events whose label is not in the model, and counts of the others
        self.outside = [0] * (n + 1)
        self.mask = [0] * (n + 1)
        self.counts: list[tuple[tuple[int, int], ...]] = [()] * (n + 1)
        counts: dict[int, int] = {}
        for i in range(n - 1, -1, -1):
            label = trace[i]
            self.outside[i] = self.outside[i + 1] + (1 if label < 0 else 0)
            if label >= 0:
                counts[label] = counts.get(label, 0) + 1
                self.mask[i] = self.mask[i + 1] | (1 << label)
            else:
                self.mask[i] = self.mask[i + 1]
            self.counts[i] = tuple(counts.items())
        self.memo: dict[int, int] = {}
        self.unmatched_memo: dict[tuple[int, int], int] = {}

    def _unmatched(self, s: int, i: int) -> int:
        """Events from position ``i`` on that cannot be matched any more from state ``s``."""
        reach = self.reach[s]
        unmatched = self.outside[i]
        if self.mask[i] & ~reach:
            extra = self.unmatched_memo.get((reach, i))
            if extra is None:
                extra = sum(c for label, c in self.counts[i] if not (reach >> label) & 1)
                self.unmatched_memo[(reach, i)] = extra
            unmatched += extra
        return unmatched

    def prefix_value(self, key: int) -> int:
        """Lower bound for a prefix alignment: only events that can no longer be matched count."""
        s, i = divmod(key, self.width)
        return MOVE_COST * self._unmatched(s, i)

    def value(self, key: int) -> int:
        v = self.memo.get(key)
        if v is not None:
            return v
        s, i = divmod(key, self.width)
        unmatched = self._unmatched(s, i)
        needed = self.to_final[s] - (self.n - i - unmatched)
        v = MOVE_COST * (unmatched + (needed if needed > 0 else 0)) + SILENT_COST * self.silent[s]
        self.memo[key] = v
        return v
