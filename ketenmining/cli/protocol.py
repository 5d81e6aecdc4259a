"""``ketenmining protocol``: lint, test, draw, compare and describe chain protocols.

Thin click layer: parse options, call the stage functions in
:mod:`ketenmining.protocol`, render, choose the exit code (0 ok, 1 findings or
failed tests, 2 the tool could not run). Heavy modules are imported inside
the commands so ``protocol lint`` stays well under a second.
"""

from __future__ import annotations

from pathlib import Path

import click

from ketenmining.cli.options import lang_option
from ketenmining.errors import ExitCode

LINT_FORMATS = ("text", "json", "junit", "github")
TEST_FORMATS = ("text", "json", "junit")
SHOW_FORMATS = ("svg", "png", "pdf", "dot")


def _emit(text: str, output: Path | None) -> None:
    """Print ``text`` or write it atomically to ``output``."""
    if output is None:
        click.echo(text, nl=False)
        return
    from ketenmining.fsutil import write_text_atomic

    write_text_atomic(output, text)
    click.echo(f"written: {output}", err=True)


@click.group("protocol")
def protocol() -> None:
    """Chain protocols as code: lint, test, draw and compare protocol files.

    \b
    Examples:
      ketenmining protocol lint configs/protocols/meldcode-keten.yaml
      ketenmining protocol test configs/protocols/meldcode-keten.yaml
      ketenmining protocol show configs/protocols/meldcode-keten.yaml -o route.svg
      ketenmining protocol diff oud.yaml nieuw.yaml
      ketenmining protocol schema -o protocol.schema.json
    """


#: ``-o/--output`` of the commands that print a report (lint, test).
report_output = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of the terminal.",
)


@protocol.command("lint")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(LINT_FORMATS),
    default="text",
    show_default=True,
    help="Output format (github: workflow annotations).",
)
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Chain config (keten.yaml): also check that its sources can produce every route step.",
)
@report_output
@lang_option
def lint_cmd(
    files: tuple[Path, ...], fmt: str, config: Path | None, output: Path | None, lang: str
) -> None:
    """Check protocol files and report every problem with file:line:column.

    Schema errors, unknown steps and organisations, duplicate ids,
    unreachable steps, rules that the route makes impossible or empty, rules
    that conflict, contradictory windows, version, calendar and tests. Exit
    code 0 when clean, 1 with findings, 2 when a file cannot be read.

    \b
    Example:
      ketenmining protocol lint configs/protocols/*.yaml --format github
    """
    from ketenmining.protocol.lint import lint_file
    from ketenmining.report.lint import RENDERERS

    config_steps = None
    if config is not None:
        from ketenmining.protocol.lint.config_steps import steps_from_config

        config_steps = steps_from_config(config)
    reports = [lint_file(f, lang, config_steps) for f in files]
    _emit(RENDERERS[fmt](reports, lang), output)
    click.get_current_context().exit(
        int(ExitCode.FINDINGS if any(r.failing for r in reports) else ExitCode.OK)
    )


@protocol.command("test")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(TEST_FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@report_output
@lang_option
def test_cmd(files: tuple[Path, ...], fmt: str, output: Path | None, lang: str) -> None:
    """Run the embedded tests of protocol files (traces with dates and expected outcomes).

    Exit code 0 when all pass, 1 when a test fails, 2 when the protocol has
    errors (run `protocol lint` first).

    \b
    Example:
      ketenmining protocol test configs/protocols/meldcode-keten.yaml --format junit -o tests.xml
    """
    from ketenmining.protocol import load_protocol
    from ketenmining.protocol.compile import resolve_route
    from ketenmining.protocol.testrun import run_tests
    from ketenmining.report.protocol_test import TEST_RENDERERS

    reports = [run_tests(resolve_route(load_protocol(f, lang)), lang) for f in files]
    _emit(TEST_RENDERERS[fmt](reports, lang), output)
    click.get_current_context().exit(
        int(ExitCode.FINDINGS if any(r.failed for r in reports) else ExitCode.OK)
    )


@protocol.command("show")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Picture to write: .svg, .png, .pdf or .dot.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(SHOW_FORMATS),
    help="Picture format (default: from the file name).",
)
@click.option(
    "--direction",
    type=click.Choice(["TB", "LR"], case_sensitive=False),
    default="TB",
    show_default=True,
    help="TB: top to bottom, one column per organisation (fits a slide); LR: left to right, one row per organisation.",
)
@lang_option
def show_cmd(file: Path, output: Path, fmt: str | None, direction: str, lang: str) -> None:
    """Draw the agreed route: swimlanes per organisation, handovers, deadlines.

    \b
    Example:
      ketenmining protocol show configs/protocols/meldcode-keten.yaml -o route.png --lang en
    """
    from ketenmining.errors import KetenError
    from ketenmining.protocol import load_protocol
    from ketenmining.protocol.compile import resolve_route
    from ketenmining.protocol.show import render_route

    fmt = fmt or output.suffix.lstrip(".").lower()
    if fmt not in SHOW_FORMATS:
        raise KetenError(
            f"cannot tell the picture format from '{output.name}'",
            hint="end the file name in .svg, .png, .pdf or .dot, or give --format",
        )
    proto = resolve_route(load_protocol(file, lang))
    render_route(proto, output, fmt, lang, direction.upper())
    click.echo(f"written: {output}", err=True)


@protocol.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "github")),
    default="text",
    show_default=True,
    help="Output format.",
)
@lang_option
def diff_cmd(old: Path, new: Path, fmt: str, lang: str) -> None:
    """Compare two versions of a protocol: steps, rules and route changed, version bump needed.

    Exit code 1 when the version bump is too small for the changes (a removed
    step needs a major bump, a tightened deadline at least a minor one).

    \b
    Example:
      git show main:configs/protocols/meldcode-keten.yaml > oud.yaml
      ketenmining protocol diff oud.yaml configs/protocols/meldcode-keten.yaml
    """
    from ketenmining.protocol import load_protocol
    from ketenmining.protocol.compile import resolve_route
    from ketenmining.protocol.diff import diff_protocols
    from ketenmining.report.protocol_diff import DIFF_RENDERERS

    result = diff_protocols(
        resolve_route(load_protocol(old, lang)), resolve_route(load_protocol(new, lang))
    )
    click.echo(DIFF_RENDERERS[fmt](result, lang), nl=False)
    click.get_current_context().exit(int(ExitCode.OK if result.bump_ok else ExitCode.FINDINGS))


@protocol.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of the terminal.",
)
def schema_cmd(output: Path | None) -> None:
    """Write the JSON Schema of the protocol format (for editors and the YAML language server).

    \b
    Example:
      ketenmining protocol schema -o .vscode/protocol.schema.json
    Then put this first line in a protocol file:
      # yaml-language-server: $schema=.vscode/protocol.schema.json
    """
    from ketenmining.protocol.schema import schema_json

    _emit(schema_json(), output)
