"""Render the result of ``analyse forecast``: one renderer per format, in a dict.

``table``, ``csv`` and ``markdown`` go through :mod:`ketenmining.tables`
(printed tables with column heads in Dutch or English); ``json`` writes one
object with the typed records (``forecast``, ``backtest``) and the sentences
(``verdicts``), as documented by ``docs/forecast-record.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ketenmining.texts import tr


def _num(v: Any, digits: int = 2) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        if v != v:  # NaN
            return "–"
        return f"{v:.{digits}f}"
    return str(v)


def tables(result: Any, lang: str) -> list[Any]:
    """The forecast and backtest as :class:`~ketenmining.tables.PrintedTable` (text cells)."""
    from ketenmining.tables import PrintedTable

    small = tr("analyse.heads.small", lang)
    f_rows = [
        (
            r["organisation"],
            r["week"],
            small if r["suppressed"] else _num(r["expected"], 1),
            small if r["suppressed"] else f"{r['low']:.0f}–{r['high']:.0f}",
        )
        for r in result.forecast_records
    ]
    b_keys = (
        "cutoffs",
        "mae_model",
        "mae_seasonal_naive",
        "mae_recent_mean",
        "mase_model",
        "relative_mae",
        "dm_p_value",
        "relative_mae_recent_mean",
        "dm_recent_mean_p_value",
        "coverage",
    )
    b_heads = (
        tr("analyse.heads.organisation", lang),
        tr("analyse.heads.horizon", lang),
        tr("analyse.heads.cutoffs", lang),
        tr("analyse.heads.mae_model", lang),
        tr("analyse.heads.mae_seasonal_naive", lang),
        tr("analyse.heads.mae_recent_mean", lang),
        tr("analyse.heads.mase_model", lang),
        tr("analyse.heads.relative_mae", lang),
        tr("analyse.heads.dm", lang),
        tr("analyse.heads.relative_mae_recent_mean", lang),
        tr("analyse.heads.dm_recent", lang),
        tr("analyse.heads.coverage", lang),
    )
    b_rows = [
        (
            r["organisation"],
            str(r["horizon"]),
            *(_num(r[key], 3 if "p_value" in key else 2) for key in b_keys),
        )
        for r in result.backtest_records
    ]
    return [
        PrintedTable(
            tr("analyse.heads.forecast", lang),
            (
                tr("analyse.heads.organisation", lang),
                tr("analyse.heads.week", lang),
                tr("analyse.heads.expected", lang),
                tr("analyse.heads.interval", lang),
            ),
            f_rows,
            frozenset({2, 3}),
        ),
        PrintedTable(
            tr("analyse.heads.backtest", lang), b_heads, b_rows, frozenset(range(2, len(b_heads)))
        ),
    ]


def notes(result: Any, lang: str) -> list[str]:
    """Lines for stderr: organisations left out for k."""
    if not result.suppressed_orgs:
        return []
    names = result.suppressed_orgs
    shown = ", ".join(names[:10]) + (", …" if len(names) > 10 else "")
    return [tr("analyse.heads.suppressed_orgs", lang, n=len(names), k=result.k, orgs=shown)]


def to_json(result: Any, lang: str, verdicts: list[str]) -> str:
    """One JSON object: ``forecast`` and ``backtest`` records, ``verdicts`` and the context."""
    from ketenmining.analyse.forecast_run import day_to_date

    data = {
        "origin": day_to_date(result.origin),
        "weeks": result.weeks,
        "k": result.k,
        "cutoffs": [day_to_date(c) for c in result.backtest.cutoffs],
        "suppressed_organisations": result.suppressed_orgs,
        "forecast": result.forecast_records,
        "backtest": [_clean(r) for r in result.backtest_records],
        "verdicts": verdicts,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """NaN (no variance, no test) as JSON null."""
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in record.items()}


def csv_files(result: Any) -> dict[str, str]:
    """The forecast and backtest records as CSV texts (header row, raw numbers), by name."""
    import csv
    import io

    from ketenmining.report.analyse_tables import columns
    from ketenmining.safetext import csv_row

    out = {}
    for name, rows in (
        ("forecast", result.forecast_records),
        ("backtest", [_clean(r) for r in result.backtest_records]),
    ):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        cols = columns(rows)
        writer.writerow(csv_row(cols))
        for r in rows:
            writer.writerow(csv_row(["" if r.get(c) is None else str(r.get(c)) for c in cols]))
        out[name] = buf.getvalue()
    return out


def _csv(result: Any, lang: str, verdicts: list[str]) -> str:
    """Both CSV tables, forecast first, a blank line between them."""
    return "\n".join(csv_files(result).values())


def _text_format(fmt: str) -> Callable[[Any, str, list[str]], str]:
    def render(result: Any, lang: str, verdicts: list[str]) -> str:
        from ketenmining.tables import render_many

        body = render_many(tables(result, lang), fmt)
        bullet = "- " if fmt == "markdown" else ""
        return body + "\n" + "\n".join(bullet + v for v in verdicts) + "\n"

    return render


#: Renderer per ``--format`` (``table``: the rich table on a terminal, plain text otherwise,
#: which the command resolves before).
RENDERERS: dict[str, Callable[[Any, str, list[str]], str]] = {
    "text": _text_format("text"),
    "csv": _csv,
    "markdown": _text_format("markdown"),
    "json": to_json,
}
