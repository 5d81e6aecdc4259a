"""Progress reporting that stages can use without knowing about terminals.

A stage takes a ``progress`` argument (default :data:`SILENT`) and calls
``progress.step("what", total)`` to get a handle with ``advance(n)`` and
``done()``. The CLI passes a rich-backed reporter when stderr is a terminal
and ``--quiet`` was not given; tests and library callers get silence.
"""

from __future__ import annotations

from typing import Any, Protocol


class StepHandle(Protocol):
    """One unit of work in progress."""

    def advance(self, n: float = 1) -> None: ...

    def done(self) -> None: ...


class Progress(Protocol):
    """Something that shows progress of named steps."""

    def step(self, description: str, total: float | None = None) -> StepHandle: ...

    def note(self, message: str) -> None: ...


class _NullHandle:
    def advance(self, n: float = 1) -> None:
        return None

    def done(self) -> None:
        return None


class SilentProgress:
    """Shows nothing."""

    def step(self, description: str, total: float | None = None) -> StepHandle:
        return _NullHandle()

    def note(self, message: str) -> None:
        return None


SILENT: Progress = SilentProgress()


class RichProgress:
    """A single rich progress display for a whole command run (use as a context manager)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress as _RichProgress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.console = Console(stderr=True)
        self._progress = _RichProgress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=False,
        )

    def __enter__(self) -> RichProgress:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._progress.__exit__(*exc)

    def step(self, description: str, total: float | None = None) -> StepHandle:
        task = self._progress.add_task(description, total=total)
        progress = self._progress

        class _Handle:
            def advance(self, n: float = 1) -> None:
                progress.advance(task, n)

            def done(self) -> None:
                t = progress.tasks[task]
                progress.update(task, completed=t.total if t.total is not None else 1, total=t.total or 1)

        return _Handle()

    def note(self, message: str) -> None:
        self._progress.console.print(message)
