"""Route conformance stage: events in, fitness and deviations per case out.

:func:`conform_route` reads the ``events`` view (any log opened with
:func:`ketenmining.log.open_log`), counts the variants in DuckDB, aligns
each variant once against a :class:`~ketenmining.conform.models.RouteNet`
(from a model file or, later, a compiled protocol) and expands the result to
cases, again in DuckDB. It prints nothing and writes no files.

A case is one episode of one client: ``(case_id, episode)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ketenmining.conform.alignments import (
    FitnessSummary,
    VariantAlignment,
    align_variants,
    fitness_summary,
)
from ketenmining.conform.models import RouteNet
from ketenmining.conform.netcompile import DEFAULT_MAX_STATES, compile_net
from ketenmining.errors import KetenError
from ketenmining.progress import SILENT, Progress
from ketenmining.texts import both


@dataclass
class RouteConformance:
    """The result of route conformance.

    ``cases`` (Arrow): ``case_id, episode, variant_id, fitness, cost,
    n_deviations, events, first, last, orgs`` in case order. ``deviations``
    (Arrow): one row per deviation per case: ``case_id, episode, kind, step,
    org, seam, position, timestamp, detail, variant_id`` (the columns of the
    conform/audit contract). ``warnings`` are for the user (the CLI prints
    them); ``model_states`` is the size of the searched model (0 when pm4py's
    search was used); ``unknown_activities`` are log activities the model
    does not know.
    """

    summary: FitnessSummary
    alignments: list[VariantAlignment]
    cases: Any
    deviations: Any
    warnings: list[dict[str, str]] = field(default_factory=list)  # {"nl": …, "en": …}
    model_states: int = 0
    unknown_activities: list[str] = field(default_factory=list)
    #: the ChainLog checked and the route (RouteNet) it was checked against
    log: Any = field(default=None, repr=False, compare=False)
    route: Any = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The figures: cases, variants, fitness, fitting cases."""
        s = self.summary
        return {
            "cases": s.cases,
            "variants": s.variants,
            "average_trace_fitness": s.average_trace_fitness,
            "log_fitness": s.log_fitness,
            "fitting_cases": s.fitting_cases,
        }

    @property
    def route_sha256(self) -> str | None:
        """SHA-256 of the model file checked against."""
        return getattr(self.route, "sha256", None)

    def top_deviations(self, limit: int = 10) -> list[tuple[str, str, int]]:
        """``(step, kind, cases)``, most cases first; a case counts once per step and kind."""
        counts: dict[tuple[str, str], int] = {}
        for a in self.alignments:
            for key in {(d.step, d.kind) for d in a.deviations}:
                counts[key] = counts.get(key, 0) + a.cases
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(step, kind, n) for (step, kind), n in ranked[:limit]]


def conform_route(
    con: Any,
    route: RouteNet,
    workers: int | None = None,
    progress: Progress = SILENT,
    max_states: int = DEFAULT_MAX_STATES,
    source: str = "events",
    open_cases: str | None = None,
) -> RouteConformance:
    """Align the cases of the ``source`` view (default ``events``) in ``con`` against ``route``.

    ``open_cases`` names a table (case_id, episode) of cases still running:
    they get prefix alignments, so steps that may still come are not skipped.
    """
    prepare_route(con, source, progress)
    return align_route(con, route, workers, progress, max_states, open_cases)


def prepare_route(con: Any, source: str = "events", progress: Progress = SILENT) -> None:
    """First half of :func:`conform_route`: number the events and build each case's trace."""
    from ketenmining.conform import sql

    step = progress.step("counting variants", total=None)
    con.execute(sql.case_events_sql(source))
    con.execute(sql.case_traces_sql())
    step.done()


def align_route(
    con: Any,
    route: RouteNet,
    workers: int | None = None,
    progress: Progress = SILENT,
    max_states: int = DEFAULT_MAX_STATES,
    open_cases: str | None = None,
) -> RouteConformance:
    """Second half of :func:`conform_route`: variants, alignments once per variant, cases."""
    from ketenmining.conform import sql

    con.execute(sql.variants_sql(open_cases))
    con.execute(sql.case_variants_sql(open_cases))
    listed = con.execute(sql.variant_list_sql()).fetchall()
    variants = [(tuple(trace), int(cases)) for _vid, trace, cases, _open in listed]
    prefix = [bool(is_open) for *_rest, is_open in listed]
    if not variants:
        raise KetenError(
            "the log has no events to check (after filtering)",
            hint="check the filters (--from/--to/--orgs/--episode/--cohort)",
        )
    warnings, unknown = _label_warnings(variants, route.labels)
    step = progress.step("compiling the model", total=None)
    net = compile_net(route.net, route.initial_marking, route.final_marking, max_states=max_states)
    step.done()
    if not net.complete:
        warnings.append(both("conform.too_many_states", n=max_states))
    alignments = align_variants(net, variants, workers=workers, progress=progress, prefix=prefix)
    step = progress.step("expanding to cases", total=None)
    cases, deviations, order = _expand(con, alignments)
    summary = fitness_summary(alignments, order)
    step.done()
    return RouteConformance(summary, alignments, cases, deviations, warnings, net.n_states, unknown)


def _label_warnings(
    variants: list[tuple[tuple[str, ...], int]], labels: frozenset[str]
) -> tuple[list[dict[str, str]], list[str]]:
    activities = {a for trace, _ in variants for a in trace}
    unknown = sorted(activities - labels)
    warnings: list[dict[str, str]] = []
    if not activities & labels:
        raise KetenError(
            "the model and the log share no activity, so a fitness would mean nothing "
            f"(log: {_some(activities)}; model: {_some(labels)})",
            hint="check that the model belongs to this log, and the --activity column",
        )
    if unknown:
        shown = ", ".join(unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        n, m = len(unknown), len(activities)
        warnings.append(both("conform.not_in_model", n=n, m=m, shown=shown))
    return warnings, unknown


def _some(names: set[str] | frozenset[str], limit: int = 4) -> str:
    shown = sorted(names)
    return ", ".join(shown[:limit]) + (", ..." if len(shown) > limit else "")


def _variant_tables(alignments: list[VariantAlignment]) -> tuple[Any, Any]:
    import pyarrow as pa

    per_variant = pa.table(
        {
            "variant_id": pa.array([a.variant_id for a in alignments], pa.int32()),
            "fitness": pa.array([float(a.fitness) for a in alignments], pa.float64()),
            "cost": pa.array([a.cost for a in alignments], pa.int32()),
            "n_deviations": pa.array([len(a.deviations) for a in alignments], pa.int32()),
        }
    )
    rows = [(a.variant_id, i, d) for a in alignments for i, d in enumerate(a.deviations)]
    per_deviation = pa.table(
        {
            "variant_id": pa.array([r[0] for r in rows], pa.int32()),
            "seq": pa.array([r[1] for r in rows], pa.int32()),
            "kind": pa.array([r[2].kind for r in rows], pa.string()),
            "step": pa.array([r[2].step for r in rows], pa.string()),
            "position": pa.array([r[2].position for r in rows], pa.int32()),
            "detail": pa.array([r[2].detail() for r in rows], pa.string()),
        }
    )
    return per_variant, per_deviation


def _expand(con: Any, alignments: list[VariantAlignment]) -> tuple[Any, Any, list[int]]:
    """Case and deviation tables (Arrow) and the variant id of every case in case order."""
    from ketenmining.conform import sql

    per_variant, per_deviation = _variant_tables(alignments)
    con.register("__variant_results", per_variant)
    con.register("__variant_deviations", per_deviation)
    try:
        cases = con.sql(sql.case_results_sql("__variant_results")).to_arrow_table()
        deviations = con.sql(sql.case_deviations_sql("__variant_deviations")).to_arrow_table()
    finally:
        con.unregister("__variant_results")
        con.unregister("__variant_deviations")
    order = cases.column("variant_id").to_pylist()
    return cases, deviations, order
