"""``ketenmining example``: write the synthetic example chain Midden-Brabant into a folder.

Everything comes from the installed package: the six exports are made by the
seeded generator (:mod:`ketenmining.examples`, the same bytes as the bundled
``examples/midden-brabant/`` of the source tree), the chain config, the
protocol and the README are package data, and the demo key is derived from a
fixed phrase. So a user who installed ketenmining with pip or pipx can try
every command before they have exports of their own.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from ketenmining.cli.options import lang_option, progress_for, quiet_option
from ketenmining.texts import tr


@click.command("example")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Write into a folder that is not empty: the example's files are replaced, other files "
    "are kept (a demo.key that is not the example's is never overwritten).",
)
@lang_option
@quiet_option
def example_command(directory: Path, force: bool, lang: str, quiet: bool) -> None:
    """Write the synthetic example chain Midden-Brabant into DIRECTORY, to try every command.

    Six exports of six organisations (about 2,000 made-up children over
    2023-2024, each organisation in its own format: CSV, XLSX, JSON lines,
    gzipped XES, Parquet), their chain config keten.yaml, the protocol they
    are audited against, the ground truth (truth.csv, truth.json), a README
    and demo.key: a public key for this example only. The exports are
    generated from a fixed seed in a few seconds, byte for byte the same on
    every machine. Nothing in the folder is about real people.

    \b
    Example:
      ketenmining example demo/
      ketenmining stitch demo/keten.yaml --key-file demo/demo.key --internal -o out/keten.parquet
      ketenmining audit out/keten.parquet --protocol demo/meldcode-keten.yaml -o out/rapport
    """
    from ketenmining.examples.generate import write_example

    began = time.perf_counter()
    with progress_for(quiet) as progress:
        summary = write_example(directory, force, progress)
    if not quiet:
        _echo_summary(summary, directory, time.perf_counter() - began, lang)


def _echo_summary(summary: dict, directory: Path, seconds: float, lang: str) -> None:
    """What was written, and the next two commands."""
    from ketenmining.examples import bundle

    counts = summary["counts"]

    click.echo(
        tr(
            "cli.example.done",
            lang,
            children=summary["children"],
            cases=counts.get("episodes", 0),
            out=directory,
            seconds=seconds,
        )
    )
    d = directory.as_posix()
    rows = [
        (f"{d}/data/", tr("cli.example.data", lang)),
        (f"{d}/{bundle.CONFIG_NAME}", tr("cli.example.config", lang)),
        (f"{d}/{bundle.PROTOCOL_NAME}", tr("cli.example.protocol", lang)),
        (f"{d}/truth.csv, truth.json", tr("cli.example.truth", lang)),
        (f"{d}/{bundle.KEY_NAME}", tr("cli.example.key", lang)),
        (f"{d}/{bundle.README_NAME}", tr("cli.example.readme", lang)),
    ]
    width = max(len(name) for name, _ in rows)
    for name, what in rows:
        click.echo(f"  {name:<{width}}  {what}")
    click.echo(tr("cli.example.next", lang))
    for line in next_steps(directory):
        click.echo(f"  {line}")


def next_steps(directory: Path) -> list[str]:
    """The commands that stitch and audit the example written to ``directory``."""
    from ketenmining.examples import bundle

    d = directory.as_posix()
    return [
        f"ketenmining stitch {d}/{bundle.CONFIG_NAME} --key-file {d}/{bundle.KEY_NAME} "
        "--internal -o out/keten.parquet",
        f"ketenmining audit out/keten.parquet --protocol {d}/{bundle.PROTOCOL_NAME} -o out/rapport",
    ]
