"""Stopping a run: Ctrl-C (SIGINT) and SIGTERM as one exception, caught at the entry point.

This module imports nothing but :mod:`signal`, so the entry point can set the
handlers up before it imports anything else: a stop at any moment of a run,
start-up included, ends in one line and exit 130 (SIGTERM: 143).
"""

from __future__ import annotations

import signal


class Interrupted(BaseException):
    """The run was stopped by SIGINT (Ctrl-C) or SIGTERM.

    A BaseException, so that no ``except Exception`` in a stage (or click's own
    handling of KeyboardInterrupt) can swallow it; only the entry point catches it,
    prints one line and exits with 128 + the signal number (130, 143). Writers clean
    up their temporary files on the way out (see :mod:`ketenmining.fsutil`).
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as a shell reports a process stopped by it."""
        return 128 + self.signum

    def line(self) -> str:
        """The one line the user sees."""
        how = "Ctrl-C" if self.signum == signal.SIGINT else signal.Signals(self.signum).name
        return (
            f"interrupted ({how}): stopped; no output is half-written "
            "(each is the previous one or a complete new one)"
        )


#: The stop signals the entry point turns into :class:`Interrupted`.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_received: list[int] = []


def _stop(signum: int, _frame: object) -> None:
    _received.append(signum)
    raise Interrupted(signum)


def install_stop_handlers() -> None:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` (entry point only, main thread).

    A signal the parent set to be ignored stays ignored (``nohup``, a background job
    of a non-interactive shell), as Python itself does for SIGINT.
    """
    import sys

    for sig in STOP_SIGNALS:
        if signal.getsignal(sig) is not signal.SIG_IGN:
            signal.signal(sig, _stop)
    previous = sys.unraisablehook

    def unraisable(info: object) -> None:
        exc = getattr(info, "exc_value", None)
        if isinstance(exc, Interrupted):
            _deliver_again(exc.signum)
        else:
            previous(info)  # type: ignore[arg-type]

    sys.unraisablehook = unraisable  # type: ignore[assignment]


def _deliver_again(signum: int) -> None:
    """A stop raised where Python cannot raise (a weakref callback, ``__del__``) is
    "ignored": instead of its traceback, deliver the signal again a moment later, from
    a helper thread, so the stop is raised in the main thread's next ordinary code."""
    import _thread

    # the low-level call does not wait for the thread to start (threading.Thread.start
    # does, and the signal would then be raised inside this hook again)
    _thread.start_new_thread(_thread.interrupt_main, (signum,))


def quiet_worker() -> None:
    """In a worker process of a pool: ignore Ctrl-C, which the terminal sends to the whole
    process group. The parent stops the run (one line); a worker would print a traceback."""
    import multiprocessing

    if multiprocessing.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_received() -> int | None:
    """The first stop signal this process received, or None: so an exception that a
    stop caused (a worker pool broken by the same Ctrl-C) is reported as the stop."""
    return _received[0] if _received else None
