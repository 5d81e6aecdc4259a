"""Optimal alignments once per variant, on every core, with pm4py's fitness.

A *variant* is a distinct sequence of activities with the number of cases
that follow it. Every variant is aligned once against the compiled net
(:mod:`ketenmining.conform.netcompile`, :mod:`ketenmining.conform.search`);
all cases of a variant share its alignment, cost and fitness.

Fitness follows pm4py (``pm4py.fitness_alignments``) to the last bit:

- per trace: ``1 - (cost // 10000) / ((len * 10000 + bwc) // 10000)``, where
  ``cost`` is the raw alignment cost and ``bwc`` the cost of the cheapest run
  of the model alone (the "best worst cost");
- ``average_trace_fitness``: the plain left-to-right sum of the per-case
  fitness values divided by the number of cases, summed in case order
  (pm4py sums in the order of its traces; for a dataframe that is the order
  of the case ids, which is ours);
- ``log_fitness``: ``1 - sum(raw cost) / sum(len * 10000 + bwc)`` over cases;
- ``percentage_of_fitting_traces``: cases with fitness 1, in percent.

Alignment starts in-process; when the time per variant so far says the rest
would take more than about a second, the remaining variants are split into
chunks for a process pool on every core (the compiled net is sent once per
worker through the pool initialiser). Results come back in input order, so
the output does not depend on the number of workers or on timing.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ketenmining.conform.deviations import Deviation, Move, name_deviations
from ketenmining.conform.netcompile import MOVE_COST, CompiledNet
from ketenmining.conform.search import LOG, MODEL, SILENT, SYNC, RawMove, align_ids
from ketenmining.progress import SILENT as NO_PROGRESS
from ketenmining.progress import Progress

#: Seconds spent aligning in-process before deciding whether a pool is worth starting.
PROBE_SECONDS = 0.25
#: A pool is started only when the remaining work is estimated above this many seconds
#: (starting worker processes costs a few tenths of a second each).
POOL_MIN_SECONDS = 1.0

_KIND_NAMES = {SYNC: "sync", LOG: "log", MODEL: "model", SILENT: "silent"}


@dataclass(frozen=True)
class VariantAlignment:
    """The alignment of one variant, shared by all its cases."""

    variant_id: int
    activities: tuple[str, ...]
    cases: int
    raw_cost: int
    trace_bwc: int
    moves: tuple[Move, ...]
    deviations: tuple[Deviation, ...]

    @property
    def cost(self) -> int:
        """Number of deviating moves (log moves plus visible model moves)."""
        return self.raw_cost // MOVE_COST

    @property
    def fitness(self) -> float:
        """pm4py's trace fitness: 1 - cost / (trace length + cheapest model run)."""
        denominator = self.trace_bwc // MOVE_COST
        return 1 - self.cost / denominator if denominator > 0 else 0

    def visible_moves(self) -> tuple[Move, ...]:
        """The moves without the silent model moves (what reports show)."""
        return tuple(m for m in self.moves if m.kind != "silent")


@dataclass(frozen=True)
class FitnessSummary:
    """Log-level fitness, with pm4py's names and definitions."""

    average_trace_fitness: float
    log_fitness: float
    percentage_of_fitting_traces: float
    cases: int
    variants: int
    fitting_cases: int


def default_workers() -> int:
    """Worker processes to use: ``$KETENMINING_WORKERS`` or the number of CPUs."""
    env = os.environ.get("KETENMINING_WORKERS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def align_variants(
    net: CompiledNet,
    variants: Sequence[tuple[tuple[str, ...], int]],
    workers: int | None = None,
    progress: Progress = NO_PROGRESS,
    prefix: Sequence[bool] | None = None,
) -> list[VariantAlignment]:
    """Align every variant ``(activities, case count)``; ids are 1, 2, ... in input order.

    ``prefix[k]`` marks variant k as the beginning of cases still running: it
    gets a prefix alignment (steps that may still come are not skipped).
    """
    flags = list(prefix) if prefix is not None else [False] * len(variants)
    traces = [(tuple(acts), flag) for (acts, _), flag in zip(variants, flags, strict=True)]
    step = progress.step("aligning variants", total=len(traces))
    workers = default_workers() if workers is None else max(1, workers)
    with _no_gc():
        raw = _align_here(net, traces, step, probe=workers > 1)
        rest = traces[len(raw) :]
        if rest:
            raw.extend(_align_in_pool(net, rest, workers, step))
        step.done()
        labels = frozenset(net.labels)
        out = []
        for index, ((acts, count), (cost, raw_moves)) in enumerate(zip(variants, raw, strict=True)):
            moves = tuple(_move(net, acts, m) for m in raw_moves)
            out.append(
                VariantAlignment(
                    variant_id=index + 1,
                    activities=tuple(acts),
                    cases=count,
                    raw_cost=cost,
                    trace_bwc=len(acts) * MOVE_COST + net.best_worst_cost,
                    moves=moves,
                    deviations=name_deviations(moves, labels),
                )
            )
    return out


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: the search makes millions of small acyclic objects,
    and collecting them generation by generation costs about a third of the run time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fitness_summary(
    alignments: Sequence[VariantAlignment], case_variants: Iterable[int]
) -> FitnessSummary:
    """Log-level fitness over cases, given each case's variant id in case order."""
    by_id = {a.variant_id: a for a in alignments}
    fitness = {vid: a.fitness for vid, a in by_id.items()}
    total = 0.0
    cost_sum = 0
    bwc_sum = 0
    cases = 0
    fitting = 0
    for vid in case_variants:
        f = fitness[vid]
        total += f  # left to right, like pm4py's evaluate()
        a = by_id[vid]
        cost_sum += a.raw_cost
        bwc_sum += a.trace_bwc
        cases += 1
        if f == 1.0:
            fitting += 1
    if cases == 0:
        return FitnessSummary(0.0, 0.0, 0.0, 0, len(alignments), 0)
    log_fitness = 1.0 - (float(cost_sum) / float(bwc_sum)) if bwc_sum > 0 else 1.0
    return FitnessSummary(
        average_trace_fitness=total / float(cases),
        log_fitness=log_fitness,
        percentage_of_fitting_traces=(100.0 * float(fitting)) / float(cases),
        cases=cases,
        variants=len(alignments),
        fitting_cases=fitting,
    )


def _move(net: CompiledNet, acts: tuple[str, ...], raw: RawMove) -> Move:
    kind, t, position = raw
    if kind == LOG:
        return Move("log", acts[position], None, position)
    name, label = net.transitions[t]
    return Move(_KIND_NAMES[kind], label, name, position)


# --- worker side -----------------------------------------------------------------------------

_NET: CompiledNet | None = None
_IDS: dict[str, int] = {}


def _set_net(net: CompiledNet) -> None:
    """Pool initialiser (and in-process set-up): keep the net for later calls."""
    global _NET, _IDS
    from ketenmining.stop import quiet_worker

    quiet_worker()
    _NET = net
    _IDS = net.label_ids


def _align_one(item: tuple[tuple[str, ...], bool]) -> tuple[int, list[RawMove]]:
    trace, prefix = item
    net = _NET
    assert net is not None, "call _set_net first"
    if not net.complete:  # pm4py's search knows no prefix alignments: align the whole trace
        from ketenmining.conform.fallback import align_with_pm4py

        return align_with_pm4py(net, trace)
    return align_ids(net, tuple(_IDS.get(a, -1) for a in trace), prefix)


def _align_chunk(chunk: list[tuple[tuple[str, ...], bool]]) -> list[tuple[int, list[RawMove]]]:
    with _no_gc():
        return [_align_one(item) for item in chunk]


def _align_here(
    net: CompiledNet, traces: list[tuple[tuple[str, ...], bool]], step: Any, probe: bool
) -> list[tuple[int, list[RawMove]]]:
    """Align in this process: all traces, or (``probe``) until the rest looks worth a pool.

    After :data:`PROBE_SECONDS` the time per variant so far estimates the
    remaining work; above :data:`POOL_MIN_SECONDS` the caller aligns the rest
    in a pool. The split depends on timing, the result does not.
    """
    _set_net(net)
    out: list[tuple[int, list[RawMove]]] = []
    start = time.perf_counter()
    for index, trace in enumerate(traces):
        out.append(_align_one(trace))
        step.advance(1)
        if probe and index + 1 < len(traces):
            spent = time.perf_counter() - start
            if spent > PROBE_SECONDS:
                remaining = spent / (index + 1) * (len(traces) - index - 1)
                if remaining > POOL_MIN_SECONDS:
                    break
                probe = False
    return out


def _align_in_pool(
    net: CompiledNet, traces: list[tuple[tuple[str, ...], bool]], workers: int, step: Any
) -> list[tuple[int, list[RawMove]]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, math.ceil(len(traces) / (workers * 8)))
    chunks = [traces[i : i + size] for i in range(0, len(traces), size)]
    # spawn: never fork a process that holds DuckDB's threads
    context = multiprocessing.get_context("spawn")
    out: list[tuple[int, list[RawMove]]] = []
    with ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=context,
        initializer=_set_net,
        initargs=(net,),
    ) as pool:
        for chunk, result in zip(chunks, pool.map(_align_chunk, chunks), strict=True):
            out.extend(result)
            step.advance(len(chunk))
    return out
