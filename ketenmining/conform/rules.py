"""Every protocol rule on every case, with the protocol's own evaluator, in batches.

The evaluator (:class:`ketenmining.protocol.evaluate.Evaluator`) is the one
reference of the rule semantics, the code ``protocol test`` runs. The audit
judges with the same semantics compiled to SQL (:mod:`.rules_sql`); this
module runs the evaluator itself over the cases of the ``events`` view, the
reference the SQL is tested against (``tests/test_rules_sql.py``) and a batch
form for an engine without the compiled queries: DuckDB hands over the
events of protocol steps in canonical order as flat columns, the cases are
cut into chunks at case boundaries, and worker processes evaluate the chunks.
Results come back as compact per-(case, rule) statuses plus the evidence of
violations.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from ketenmining.progress import SILENT, Progress

#: Fewer events than this are evaluated in-process (starting workers costs more).
POOL_EVENTS = 150_000
STATUS_CODES = {"satisfied": 0, "violated": 1, "pending": 2, "not_applicable": 3}
STATUS_NAMES = {v: k for k, v in STATUS_CODES.items()}


@dataclass
class RuleRun:
    """Statuses of every (case, rule): flat arrays in case order, rules in protocol order."""

    cases: Any  # Arrow table: case_id, episode (one row per case, in evaluation order)
    rule_ids: list[str]
    status: Any  # numpy int8 array, len = cases * rules
    evidence: dict[int, str]  # flat index -> JSON evidence of a violation
    ended: Any  # numpy bool per case: the case has ended (for judging open requirements)


_EVALUATOR: Any = None


def _init_worker(protocol: Any) -> None:
    global _EVALUATOR
    from ketenmining.stop import quiet_worker

    quiet_worker()
    from ketenmining.protocol.evaluate import Evaluator

    _EVALUATOR = Evaluator(protocol)


def _evaluate_chunk(
    args: tuple[Any, Any, float | None],
) -> tuple[list[int], dict[int, str], list[bool]]:
    """Evaluate one chunk of cases (flat Arrow columns + offsets); runs in a worker or in-process."""
    offsets, columns, data_end = args
    ev = _EVALUATOR
    steps = columns.column("activity").to_pylist()
    orgs = columns.column("org").to_pylist()
    times = columns.column("t").to_pylist()
    lifecycles = columns.column("lifecycle").to_pylist()
    days = columns.column("d").to_pylist()
    codes: list[int] = []
    evidence: dict[int, str] = {}
    ended: list[bool] = []
    n_rules = len(ev.rule_ids)
    prepare, checkers, status_code = ev.prepare, ev.checkers, STATUS_CODES
    add = codes.append
    for k in range(len(offsets) - 1):
        lo, hi = offsets[k], offsets[k + 1]
        case = prepare(
            steps[lo:hi], orgs[lo:hi], times[lo:hi], lifecycles[lo:hi], data_end, days[lo:hi]
        )
        ended.append(bool(case.ended))
        for r, check in enumerate(checkers):
            result = check(case)
            code = status_code[result.status]
            add(code)
            if code == 1 and result.evidence is not None:
                evidence[k * n_rules + r] = json.dumps(
                    result.evidence, ensure_ascii=False, default=str
                )
    return codes, evidence, ended


class RulesJob:
    """Rule evaluation under way (in worker processes, or finished in-process)."""

    def __init__(
        self, cases: Any, rule_ids: list[str], chunks: list[Any], pool: Any, pending: Any, step: Any
    ) -> None:
        self.cases, self.rule_ids, self.chunks = cases, rule_ids, chunks
        self._pool, self._pending, self._step = pool, pending, step

    def result(self) -> RuleRun:
        """Wait for every chunk and assemble the statuses in case order."""
        import numpy as np

        try:
            results = list(self._pending) if self._pool is not None else self._pending
        finally:
            if self._pool is not None:
                self._pool.shutdown()
        status = (
            np.concatenate([np.asarray(c, dtype=np.int8) for c, _, _ in results])
            if results
            else np.zeros(0, np.int8)
        )
        evidence: dict[int, str] = {}
        ended: list[bool] = []
        base = 0
        n_rules = len(self.rule_ids)
        for (_codes, ev, end_flags), chunk in zip(results, self.chunks, strict=True):
            for idx, text in ev.items():
                evidence[base * n_rules + idx] = text
            ended.extend(end_flags)
            base += len(chunk[0]) - 1
        # the events handed to the workers are no longer needed: free them for the rest of the run
        self.chunks, self._pending = [], []
        self._step.done()
        return RuleRun(self.cases, self.rule_ids, status, evidence, np.asarray(ended, dtype=bool))


def start_rules(
    con: Any,
    protocol: Any,
    data_end: Any,
    workers: int | None = None,
    progress: Progress = SILENT,
) -> RulesJob:
    """Start evaluating every rule on every case; the caller may work on meanwhile.

    Large logs go to worker processes (returns at once); small ones are
    evaluated here (the job is finished when this returns).
    """
    import pyarrow as pa

    from ketenmining.conform import sql
    from ketenmining.protocol.evaluate import Evaluator

    step = progress.step("regels per zaak / rules per case", total=None)
    events = con.sql(
        sql.rule_events_sql(protocol.calendar.timezone), params=[list(protocol.steps)]
    ).to_arrow_table()
    n = events.num_rows
    case_col, ep_col = events.column("case_id"), events.column("episode")
    bounds = _case_starts(case_col, ep_col)
    cases = pa.table({"case_id": case_col.take(bounds), "episode": ep_col.take(bounds)})
    offsets = [*bounds.tolist(), n]
    end = data_end.timestamp() if data_end is not None else None
    columns = events.select(["activity", "org", "t", "lifecycle", "d"])
    chunks = _chunks(offsets, columns, end, workers)
    rule_ids = [r.id for r in protocol.rules]
    if len(chunks) == 1:
        global _EVALUATOR
        _EVALUATOR = Evaluator(protocol)
        return RulesJob(cases, rule_ids, chunks, None, [_evaluate_chunk(chunks[0])], step)
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    n_workers = min(len(chunks), workers or _default_workers())
    pool = ProcessPoolExecutor(
        n_workers, mp_context=ctx, initializer=_init_worker, initargs=(protocol,)
    )
    return RulesJob(cases, rule_ids, chunks, pool, pool.map(_evaluate_chunk, chunks), step)


def _case_starts(case_col: Any, ep_col: Any) -> Any:
    """Row indices where a new (case_id, episode) starts, for rows sorted by case."""
    import numpy as np
    import pyarrow.compute as pc

    n = len(case_col)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.ones(n, dtype=bool)
    if n > 1:
        diff_case = pc.not_equal(case_col.slice(1), case_col.slice(0, n - 1))
        diff_ep = pc.not_equal(ep_col.slice(1), ep_col.slice(0, n - 1))
        change[1:] = np.asarray(
            pc.or_(diff_case, diff_ep).to_numpy(zero_copy_only=False), dtype=bool
        )
    return np.flatnonzero(change)


def _default_workers() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def _chunks(
    offsets: list[int], columns: Any, end: float | None, workers: int | None
) -> list[tuple[list[int], Any, float | None]]:
    """Cut the cases into chunks of whole cases (one chunk when the log is small)."""
    n_events = offsets[-1]
    n_workers = workers or _default_workers()
    pieces = 1 if n_events < POOL_EVENTS or n_workers <= 1 else n_workers * 4
    n_cases = len(offsets) - 1
    size = max(1, -(-n_cases // pieces))
    out = []
    for start in range(0, max(n_cases, 1), size):
        stop = min(start + size, n_cases)
        lo, hi = offsets[start], offsets[stop]
        local = [o - lo for o in offsets[start : stop + 1]]
        out.append((local, columns.slice(lo, hi - lo), end))
    return out
