"""Import the statistics libraries in a background thread while DuckDB reads the log.

``analyse seams`` and ``analyse compare`` need scipy.stats, statsmodels and
pandas (which statsmodels imports), and the seams need ``holidays`` for the
working-day calendar: most of a second of importing, spent before, not
beside, the engine's work when the imports wait until the first statistic.
:func:`start` begins those imports in a thread as the stage opens the log;
DuckDB releases the GIL while it reads and queries, so the imports run on the
second core meanwhile. Nothing else changes: the stage imports what it needs
where it needs it, and Python's per-module import lock makes such an import
wait for the thread when the module is still loading there. A failing import
is left to the stage's own import, which reports it.

Python 3.11's ``sysconfig.get_config_vars`` fills its cache without a lock:
a thread that asks for a variable while another fills it may get ``None``.
``zoneinfo`` reads its search path (``TZPATH``) from there when it is first
imported, so a zone lookup racing with the warm-up found no time zones at all
("unknown timezone 'Europe/Amsterdam'"). :func:`start` therefore fills that
cache and imports ``zoneinfo`` before the thread begins.
"""

from __future__ import annotations

import threading

#: What the analyse stages import after the data work, in the order they need it.
STATISTICS = ("holidays", "pandas", "scipy.stats", "statsmodels.duration.survfunc")


def start(modules: tuple[str, ...] = STATISTICS) -> threading.Thread:
    """Start importing ``modules`` in a background thread; returns the (started) thread."""
    import sysconfig
    import zoneinfo  # noqa: F401  (its TZPATH is read once, here, before the thread)

    sysconfig.get_config_vars()

    def run() -> None:
        import importlib

        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # the stage's own import reports it
                return

    thread = threading.Thread(target=run, name="ketenmining-warmup")
    thread.start()
    return thread
