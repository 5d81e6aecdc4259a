"""ketenmining: process mining and route audits for the Dutch child-safety chain.

The package is a pipeline of stages, each one plain function that takes plain
inputs and returns a small result object (no click, no printing)::

    stitch(config, key)         -> ChainLog       link every organisation's export
    open_log(path_or_config)    -> ChainLog       open a chain log, a keten.yaml or one file
    discover(log, ...)          -> Discovery      maps, models, variants (small cells suppressed)
    conform(log, protocol, ...) -> ConformResult  route, rules and seams per case
    conform(log, model=...)     -> RouteConformance  alignments against a PNML/BPMN model
    audit(log, protocol, ...)   -> AuditRecord    ISO-style findings, sample, the audit record
    write_report(audit, folder) -> [paths]        audit.html, audit.md, audit.json, sample.csv, data/
    seams(log, protocol, ...)   -> SeamsResult    where cases wait and bounce
    compare(log, a, b, ...)     -> Comparison     two cohorts, each measure with a test
    forecast(log, weeks, ...)   -> ForecastResult inflow per organisation, with its backtest
    analyse_report(log, ...)    -> AnalyseReport  seams, comparison, forecast for one page
    export(log, path)           -> int            XES or OCEL 2.0 for other tools

Every stage that reads events takes a :class:`ChainLog` or anything
:func:`open_log` opens (a path), so a notebook session is short::

    >>> import ketenmining as km
    >>> log = km.open_log("examples/midden-brabant/keten.yaml",
    ...                   key_file="examples/midden-brabant/demo.key",
    ...                   allow_shared_key_file=True)  # the example's key is public
    >>> log.cases, log.events
    (2067, 18186)
    >>> maps = km.discover(log, formats=("svg", "json"))
    >>> maps.cases, maps.routes
    (2000, 2067)
    >>> a = km.audit(log, "configs/protocols/meldcode-keten.yaml")
    >>> a.cases, a.count("major") > 0
    (2067, True)
    >>> "activity-map.svg" in maps.files  # maps.write("kaarten/") writes them all
    True

The command line (``ketenmining …``) is a thin layer over the same functions:
each command parses its options, calls one stage and renders the result.

Importing the package is cheap: the names above are loaded on first use
(module ``__getattr__``), and heavy libraries (pandas, pm4py, duckdb,
pyarrow) only inside the functions that need them. ``km.stitch``,
``km.discover``, ``km.conform``, ``km.audit`` and ``km.export`` are the stage *functions*;
their packages are imported as usual (``from ketenmining.discover import maps``).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

from ketenmining.version import __version__

#: Public name → module that defines it (imported on first use).
_LAZY = {
    "stitch": "ketenmining.stitch.api",
    "ChainLog": "ketenmining.stitch.chainlog",
    "open_log": "ketenmining.log.open",
    "discover": "ketenmining.discover.api",
    "Discovery": "ketenmining.discover.api",
    "conform": "ketenmining.conform.api",
    "ConformResult": "ketenmining.conform.result",
    "RouteConformance": "ketenmining.conform.route",
    "audit": "ketenmining.audit.api",
    "AuditRecord": "ketenmining.audit.api",
    "write_report": "ketenmining.report.audit",
    "export": "ketenmining.export.api",
    "seams": "ketenmining.analyse.api",
    "compare": "ketenmining.analyse.api",
    "Comparison": "ketenmining.analyse.api",
    "forecast": "ketenmining.analyse.api",
    "ForecastResult": "ketenmining.analyse.forecast_result",
    "analyse_report": "ketenmining.analyse.api",
    "SeamsResult": "ketenmining.analyse.seams",
    "Filters": "ketenmining.logspec",
    "LogSpec": "ketenmining.logspec",
    "QuickMapping": "ketenmining.logspec",
    "KetenError": "ketenmining.errors",
}

__all__ = [
    "AuditRecord",
    "ChainLog",
    "Comparison",
    "ConformResult",
    "Discovery",
    "Filters",
    "ForecastResult",
    "KetenError",
    "LogSpec",
    "QuickMapping",
    "RouteConformance",
    "SeamsResult",
    "__version__",
    "audit",
    "compare",
    "conform",
    "discover",
    "export",
    "forecast",
    "open_log",
    "seams",
    "stitch",
    "write_report",
]


def __getattr__(name: str) -> Any:
    """Load a public name of the API on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ketenmining' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The package module: keeps ``km.stitch`` & co. the stage functions.

    Importing a subpackage (``ketenmining.discover``) makes the import system
    bind it as an attribute of its parent, which would hide the function of
    the same name. The subpackage stays in ``sys.modules`` (every ``import``
    and ``from … import`` finds it there); only that binding is skipped.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name, "").startswith(
            f"ketenmining.{name}."
        ):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
