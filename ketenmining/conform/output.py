"""Write a route conformance result as Parquet, CSV or JSON.

Parquet and CSV give two tables: the cases in the file asked for, and the
deviations beside it (``NAME.deviations.parquet``). JSON gives one document:
a summary, the variants with their alignments, and the cases with their
deviations nested. Writers live in a dict keyed by format; every file is
written atomically, and either all files of a result appear or none.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ketenmining.conform.route import RouteConformance
from ketenmining.errors import KetenError, Location
from ketenmining.fsutil import atomic_path

FORMATS = ("parquet", "csv", "json")


def output_format(path: Path) -> str:
    """The format of an output path, from its suffix."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise KetenError(
            f"cannot tell the output format from '{path.name}'",
            hint="end the output name in .parquet, .csv or .json",
            where=Location(str(path)),
        )
    return fmt


def deviations_path(path: Path) -> Path:
    """Where the deviations table goes beside the cases table (Parquet and CSV)."""
    return path.with_name(f"{path.stem}.deviations{path.suffix}")


def summary_record(result: RouteConformance, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The summary as a JSON-ready dict: fitness, counts, top deviations, provenance."""
    s = result.summary
    return {
        "average_trace_fitness": s.average_trace_fitness,
        "log_fitness": s.log_fitness,
        "percentage_of_fitting_traces": s.percentage_of_fitting_traces,
        "cases": s.cases,
        "fitting_cases": s.fitting_cases,
        "variants": s.variants,
        "model_states": result.model_states,
        "unknown_activities": result.unknown_activities,
        "top_deviations": [
            {"step": step, "kind": kind, "cases": n} for step, kind, n in result.top_deviations()
        ],
        "warnings": [w["en"] for w in result.warnings],
        **(meta or {}),
    }


def write_result(
    result: RouteConformance, path: Path, meta: dict[str, Any] | None = None
) -> list[Path]:
    """Write ``result`` to ``path`` (format from the suffix); return the files written."""
    return WRITERS[output_format(path)](result, path, meta or {})


def write_conformance(result: RouteConformance, path: Path) -> list[Path]:
    """Write a result of :func:`ketenmining.conform` with a model, naming the model and the log."""
    meta = {
        "model": {"file": getattr(result.route, "source", None), "sha256": result.route_sha256},
        "log": getattr(result.log, "path", None),
    }
    return write_result(result, path, meta)


def _write_parquet(result: RouteConformance, path: Path, meta: dict[str, Any]) -> list[Path]:
    import pyarrow.parquet as pq

    return _write_pair(
        result, path, lambda table, tmp: pq.write_table(table, tmp, compression="zstd")
    )


def _write_csv(result: RouteConformance, path: Path, meta: dict[str, Any]) -> list[Path]:
    from ketenmining.safetext import write_arrow_csv

    return _write_pair(result, path, write_arrow_csv)


def _write_pair(
    result: RouteConformance, path: Path, write: Callable[[Any, Path], None]
) -> list[Path]:
    second = deviations_path(path)
    with contextlib.ExitStack() as stack:
        tmp_cases = stack.enter_context(atomic_path(path))
        tmp_devs = stack.enter_context(atomic_path(second))
        write(result.cases, tmp_cases)
        write(result.deviations, tmp_devs)
    return [path, second]


def _write_json(result: RouteConformance, path: Path, meta: dict[str, Any]) -> list[Path]:
    by_case: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in result.deviations.to_pylist():
        key = (row.pop("case_id"), row.pop("episode"))
        row.pop("variant_id", None)
        by_case.setdefault(key, []).append(row)
    cases = []
    for row in result.cases.to_pylist():
        row["deviations"] = by_case.get((row["case_id"], row["episode"]), [])
        cases.append(row)
    variants = [
        {
            "variant_id": a.variant_id,
            "cases": a.cases,
            "activities": list(a.activities),
            "fitness": a.fitness,
            "cost": a.cost,
            "alignment": [m.as_record() for m in a.visible_moves()],
            "deviations": [d.as_record() for d in a.deviations],
        }
        for a in result.alignments
    ]
    document = {"summary": summary_record(result, meta), "variants": variants, "cases": cases}
    with atomic_path(path) as tmp:
        tmp.write_text(
            json.dumps(document, ensure_ascii=False, indent=1, default=_json_default),
            encoding="utf-8",
        )
    return [path]


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


WRITERS: dict[str, Callable[[RouteConformance, Path, dict[str, Any]], list[Path]]] = {
    "parquet": _write_parquet,
    "csv": _write_csv,
    "json": _write_json,
}
