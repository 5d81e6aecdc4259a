"""The entry point: ``ketenmining`` (console script) and ``python -m ketenmining``.

The stop signals are set up before anything else is imported, so Ctrl-C at any
moment, start-up included, ends in one line and exit 130 (SIGTERM: 143), never
a traceback; a stop that some code swallowed still ends the run that way.
"""

from __future__ import annotations

import sys

from ketenmining.stop import Interrupted, install_stop_handlers, stop_received


def run() -> None:
    """Run the command line with Ctrl-C and SIGTERM handled."""
    try:
        install_stop_handlers()
        from ketenmining.cli import main

        try:
            main()
        except SystemExit as done:
            signum = stop_received()
            if signum is None:
                _ignore_stops()  # the run is over: a stop now would only break the exit
                raise
            raise Interrupted(signum) from done
    except Interrupted as exc:
        _stopped(exc)


def _ignore_stops() -> None:
    import signal

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)


def _stopped(exc: Interrupted) -> None:
    _ignore_stops()  # a second Ctrl-C must not break the exit
    try:
        sys.stderr.write(f"error: {exc.line()}\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed: the exit code still says it
        pass
    sys.exit(exc.exit_code)


if __name__ == "__main__":
    run()
