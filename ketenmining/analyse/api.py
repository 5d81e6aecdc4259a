"""The analyse stage's entry points: :func:`seams` and :func:`compare`, a log in, tables out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ketenmining.analyse import warmup
from ketenmining.analyse.seams import closure_step, outcome_step
from ketenmining.progress import SILENT, Progress

if TYPE_CHECKING:
    from ketenmining.analyse.forecast_result import ForecastResult

__all__ = ["Comparison", "analyse_report", "closure_step", "compare", "outcome_step", "seams"]

#: Count columns of the seam and organisation-week tables that small-cell suppression blanks.
SEAM_COUNTS = (
    "handovers",
    "cases",
    "picked_up",
    "lost",
    "pending",
    "ping_pong_cases",
    "duplicate_cases",
    "joint_cases",
)
ORG_WEEK_COUNTS = ("inflow", "outflow", "wip")


@dataclass
class Comparison:
    """Two cohorts compared: one record per measure (values, difference, 95 % CI, test, p, Holm)."""

    records: list[dict[str, Any]]
    a: str
    b: str
    meta: dict[str, Any] = field(default_factory=dict)
    #: the two cohorts' per-episode rows (for the Kaplan-Meier pictures)
    cohorts: tuple[Any, Any] | None = None
    #: the map of what changed, one row per directly-follows edge (:mod:`.changes`)
    changes: list[dict[str, Any]] = field(default_factory=list)
    start: str | None = None
    outcome: str | None = None
    protocol: Any = None

    @property
    def tested(self) -> int:
        """Number of measures with a test (the Holm correction is across these)."""
        return sum(1 for r in self.records if r["p_value"] is not None)

    def to_dict(self) -> dict[str, Any]:
        """The comparison as plain data."""
        return {"a": self.a, "b": self.b, "measures": self.records}


def _open(log: Any, protocol: Any, data_end: str | None, filters: Any, progress: Progress) -> Any:
    """The log (within its period when a protocol is given), the protocol and the data end."""
    from ketenmining.conform.api import load_protocol_if_path
    from ketenmining.log import as_log, parse_data_end

    protocol = load_protocol_if_path(protocol) if protocol is not None else None
    tz = protocol.calendar.timezone if protocol is not None else "Europe/Amsterdam"
    end = parse_data_end(data_end, tz)
    opened = as_log(log, filters, progress)
    if protocol is not None:
        opened.within_period(view=True)
    return opened, protocol, opened.data_end(end)


def seams(
    log: Any,
    protocol: Any = None,
    *,
    deadline: str = "10 working days",
    outcome: str | None = None,
    data_end: str | None = None,
    k: int = 10,
    filters: Any = None,
    progress: Progress = SILENT,
) -> Any:
    """Per seam, per organisation and week, and per case: where cases wait and bounce.

    ``log`` is a ChainLog or anything :func:`ketenmining.open_log` opens;
    ``protocol`` (optional) gives the handover steps, their pickup deadlines
    (else ``deadline``) and the outcome step. Counts below ``k`` in the seam
    and organisation-week tables are blanked (``meta["suppressed"]`` says how
    many). Returns a :class:`~ketenmining.analyse.seams.SeamsResult`.

    >>> import ketenmining as km
    >>> s = km.seams("out/demo/keten.parquet", "configs/protocols/meldcode-keten.yaml")
    >>> [(r["from_org"], r["to_org"], r["handovers"]) for r in s.seams][:2]
    [('HA', 'VT', 744), ('POL', 'VT', 646)]
    """
    from ketenmining.analyse.seams import analyse_seams
    from ketenmining.analyse.small_cells import suppress_small
    from ketenmining.errors import KetenError
    from ketenmining.timeunits import parse_duration

    try:
        limit = parse_duration(deadline)
    except ValueError as exc:
        raise KetenError(f"--deadline: {exc}", hint="e.g. --deadline '10 working days'") from None
    warmup.start()
    opened, protocol, end = _open(log, protocol, data_end, filters, progress)
    step = progress.step("naden / seams", total=None)
    result = analyse_seams(
        opened.con,
        end,
        protocol,
        limit,
        outcome or outcome_step(protocol),
        closure_step(protocol),
    )
    step.done()
    n = suppress_small(result.seams, SEAM_COUNTS, k)
    n += suppress_small(result.org_weeks, ORG_WEEK_COUNTS, k)
    result.meta["suppressed"] = n
    result.meta["k"] = k
    return result


def compare(
    log: Any,
    a: str | None = None,
    b: str | None = None,
    *,
    protocol: Any = None,
    before: str | None = None,
    after: str | None = None,
    start: str | None = None,
    outcome: str | None = None,
    horizon: float | None = None,
    data_end: str | None = None,
    k: int = 10,
    filters: Any = None,
    progress: Progress = SILENT,
) -> Comparison:
    """Two cohorts side by side, open cases censored, each measure with its test and 95 % CI.

    Cohorts are ``ATTR=VALUE`` (``a`` the reference, ``b`` compared with it),
    or episodes starting ``before`` / ``after`` a date. Time runs from
    ``start`` (default: the first event) to ``outcome`` (default: the
    protocol's milestone). Cohorts smaller than ``k`` are refused.

    >>> import ketenmining as km
    >>> c = km.compare("out/demo/keten.parquet", "werkwijze=Regulier",
    ...                "werkwijze=Verbindend Samenwerken", start="overdracht",
    ...                protocol="configs/protocols/meldcode-keten.yaml")
    >>> [r["measure"] for r in c.records][:2], c.tested
    (['km_median_days', 'rmst_days'], 4)
    """
    from ketenmining.analyse.cohorts import run_compare, sides

    a, b = sides(a, b, before, after)
    warmup.start()
    opened, protocol, end = _open(log, protocol, data_end, filters, progress)
    step = progress.step("vergelijken / comparing", total=None)
    result = run_compare(opened.con, end, protocol, a, b, start, outcome, k, horizon)
    step.done()
    return Comparison(
        result.records,
        a,
        b,
        cohorts=result.cohorts,
        changes=result.changes,
        start=result.start,
        outcome=result.outcome,
        protocol=protocol,
    )


def analyse_report(
    log: Any,
    protocol: Any = None,
    *,
    a: str | None = None,
    b: str | None = None,
    before: str | None = None,
    after: str | None = None,
    start: str | None = None,
    outcome: str | None = None,
    horizon: float | None = None,
    weeks: int | None = None,
    deadline: str = "10 working days",
    data_end: str | None = None,
    k: int = 10,
    filters: Any = None,
    progress: Progress = SILENT,
) -> Any:
    """Seams, a comparison (with two cohorts) and the forecast (with ``weeks``) for one page.

    Returns an :class:`~ketenmining.analyse.report.AnalyseReport` with every count below
    ``k`` suppressed; :func:`ketenmining.report.analyse.write_report` writes it.

    >>> import ketenmining as km
    >>> r = km.analyse_report("out/demo/keten.parquet",
    ...                       "configs/protocols/meldcode-keten.yaml")  # doctest: +SKIP
    """
    from ketenmining.analyse.cohorts import sides
    from ketenmining.analyse.report import build_report
    from ketenmining.errors import KetenError
    from ketenmining.timeunits import parse_duration

    try:
        limit = parse_duration(deadline)
    except ValueError as exc:
        raise KetenError(f"--deadline: {exc}", hint="e.g. --deadline '10 working days'") from None
    pair = sides(a, b, before, after) if (a or b or before or after) else (None, None)
    warmup.start()
    opened, protocol, end = _open(log, protocol, data_end, filters, progress)
    return build_report(
        opened.con,
        end,
        protocol,
        log_name=_log_name(log),
        side_a=pair[0],
        side_b=pair[1],
        start=start,
        outcome=outcome,
        horizon=horizon,
        weeks=weeks,
        deadline=limit,
        k=k,
        progress=progress,
    )


def _log_name(log: Any) -> str:
    """The file name of the log (never its folder: paths can name people or places)."""
    from pathlib import Path

    path = getattr(log, "path", log)
    return Path(str(path)).name if isinstance(path, (str, Path)) else ""


def forecast(
    log: Any,
    weeks: int = 8,
    *,
    data_end: str | None = None,
    k: int = 10,
    paths: int = 1000,
    seed: int = 0,
    filters: Any = None,
    progress: Progress = SILENT,
) -> ForecastResult:
    """The stage entry point: inflow per organisation for ``weeks`` weeks, with the backtest.

    ``log`` is a ChainLog or anything :func:`ketenmining.open_log` opens;
    ``data_end`` (``YYYY-MM-DD``) defaults to the log's recorded end, else its
    last event. Returns a :class:`ForecastResult` (records in
    ``forecast_records`` and ``backtest_records``).

    >>> import ketenmining as km
    >>> f = km.forecast("out/demo/keten.parquet", weeks=8)  # doctest: +SKIP
    >>> [r for r in f.backtest_records if r["horizon"] == "1-4"][0]["relative_mae"]  # doctest: +SKIP
    """
    from ketenmining.analyse.forecast_run import run_forecast
    from ketenmining.engine.sql import LOCAL_TZ
    from ketenmining.log import as_log, parse_data_end

    opened = as_log(log, filters, progress)
    end = opened.data_end(parse_data_end(data_end, LOCAL_TZ))
    return run_forecast(opened.con, weeks, end, k=k, paths=paths, seed=seed, progress=progress)
