"""The ``ketenmining`` command line: a thin click layer over the pipeline stages.

Commands parse options, read files, call plain stage functions, render the
result and choose the exit code (0 ok, 1 findings, 2 the tool could not run).
A :class:`~ketenmining.errors.KetenError` raised anywhere becomes one line per
problem on stderr and exit code 2, never a traceback.

Keep this layer light: no pandas, pm4py, duckdb or pyarrow at import time.
Import stage modules inside the command functions.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from ketenmining.errors import ExitCode, KetenError
from ketenmining.version import __version__

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class KetenGroup(click.Group):
    """A click group that turns KetenError into a one-line message and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KetenError as exc:
            report_error(exc)
            ctx.exit(int(ExitCode.ERROR))
        except KeyboardInterrupt:  # in-process callers without the entry point's handlers
            from ketenmining.stop import Interrupted

            click.echo(f"error: {Interrupted(2).line()}", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
            import os as _os

            _os.dup2(_os.open(_os.devnull, _os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # an internal error: say so briefly, traceback only on request
            from ketenmining.stop import Interrupted, stop_received

            signum = stop_received()
            if signum is not None:  # e.g. a worker pool broken by the same Ctrl-C
                raise Interrupted(signum) from None
            if os.environ.get("KETENMINING_DEBUG"):
                raise
            if sys.modules.get("ketenmining.engine") is not None:
                from ketenmining.errors import damaged_input

                damaged = damaged_input(exc)
                if damaged is not None:
                    report_error(damaged)
                    ctx.exit(int(ExitCode.ERROR))
            click.echo(
                f"error: internal error ({type(exc).__name__}); this is a bug in ketenmining. "
                "Run again with KETENMINING_DEBUG=1 for details and report it.",
                err=True,
            )
            ctx.exit(int(ExitCode.ERROR))


def report_error(exc: KetenError) -> None:
    """Print every problem of a KetenError on stderr, one line each."""
    from ketenmining.safetext import one_line

    for line in exc.lines():
        click.echo(f"error: {one_line(line)}", err=True)


@click.group(cls=KetenGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="ketenmining")
def main() -> None:
    """ketenmining: process mining and route audits for the child-safety chain.

    Load the event logs of every organisation in the chain, link them by a
    pseudonymised client id, discover how the chain really runs and audit it
    against the agreed A-to-Z protocol.

    \b
    Try it on the synthetic example chain that comes with the package:
      ketenmining example demo/

    \b
    Typical run:
      ketenmining key new sleutel.key      # the chain key (organisations)
      ketenmining key new ttp.key          # the trusted third party's key
      ketenmining stitch keten.yaml --key-file sleutel.key --ttp-key-file ttp.key -o chain.parquet
      ketenmining audit chain.parquet --protocol protocol.yaml -o rapport/

    Exit codes: 0 ok, 1 findings, 2 the tool could not run.
    """


def _output_of(command: click.Command, ctx: click.Context) -> str | None:
    """The value of the command's ``-o`` option, when it names a path (not ``-``)."""
    for param in command.params:
        if "-o" in getattr(param, "opts", ()) and param.name is not None:
            value = ctx.params.get(param.name)
            if value is not None and str(value) not in ("", "-"):
                return str(value)
    return None


def _one_writer(command: click.Command) -> None:
    """Make every command with ``-o`` hold that output's lock while it runs, so two runs
    never write the same output at once (the second refuses: one line, exit 2)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _one_writer(sub)
        return
    if not any("-o" in getattr(p, "opts", ()) for p in command.params):
        return
    run = command.invoke

    def invoke(ctx: click.Context) -> Any:
        from ketenmining.fsutil import output_lock

        target = _output_of(command, ctx)
        if target is None:
            return run(ctx)
        with output_lock(target):
            return run(ctx)

    command.invoke = invoke  # type: ignore[method-assign]


def _register() -> None:
    from ketenmining.cli import commands

    for command in commands.ALL:
        _one_writer(command)
        main.add_command(command)


_register()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
