"""``ketenmining audit``: the ISO-style audit of the whole chain route against the protocol."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ketenmining.cli.options import (
    filter_options,
    lang_option,
    log_input,
    progress_for,
    quiet_option,
    summary_format_option,
)


@click.command("audit")
@log_input
@filter_options
@click.option(
    "--protocol",
    "protocol_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The agreed chain protocol (YAML): the audit criteria.",
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the report (audit.html, audit.md, audit.json, ...), sample.csv and, in data/, "
    "the tables per case (cases, deviations, rules, seams).",
)
@click.option(
    "--format",
    "formats",
    default="html,md,json",
    show_default=True,
    help="Report formats, comma-separated: html, md, json, junit.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["major", "minor", "never"]),
    default="never",
    show_default=True,
    help="Exit with code 1 when findings of this class or worse exist (for CI).",
)
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML with the classification thresholds and the sampling plan (see docs/audit-method.md).",
)
@click.option("--seed", type=int, help="Seed of the audit sample (default: the settings' seed).")
@click.option(
    "--data-end",
    metavar="DATE",
    help="When the data ends (YYYY-MM-DD); default: the chain log's period end.",
)
@click.option("--auditor", help="Name of the (lead) auditor, printed in the report.")
@click.option("--client", "audit_client", help="Who ordered the audit (opdrachtgever).")
@click.option(
    "--report-info",
    "report_info",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML with auditor, client, team, version, distribution and, per finding, the owner's "
    "response and the auditor's position (hoor en wederhoor); see docs/audit-method.md.",
)
@click.option(
    "--review",
    "review_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The sample.csv with the file-review columns filled in: adds 'Resultaten "
    "dossieronderzoek' to the report.",
)
@click.option(
    "--final",
    is_flag=True,
    help="Write the final report (definitief); refused while the file review, the responses "
    "or the auditor and client are missing.",
)
@click.option(
    "--previous",
    "previous_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The audit.json of the previous audit: the report gives the status of its findings "
    "(open, closed, effective).",
)
@summary_format_option
@lang_option
@quiet_option
def audit_command(
    log_spec: object,
    filters: object,
    protocol_file: Path,
    output: Path,
    formats: str,
    fail_on: str,
    settings_file: Path | None,
    seed: int | None,
    data_end: str | None,
    auditor: str | None,
    audit_client: str | None,
    report_info: Path | None,
    review_file: Path | None,
    final: bool,
    previous_file: Path | None,
    summary_format: str,
    lang: str,
    quiet: bool,
) -> None:
    """Audit the whole chain route against the agreed protocol (ISO 19011 style).

    LOG is a chain log written by 'ketenmining stitch', a keten.yaml (stitched
    on the fly; raw exports need --key-file) or one event-log file (quick
    mode). Every case is checked against the protocol's route, rules and
    seams; findings are classified as major or minor nonconformity,
    observation or opportunity for improvement; a reproducible sample of
    cases is drawn for file review. The report is confidential: pseudonymised
    data is still personal data.

    \b
    Example:
      ketenmining audit keten.parquet --protocol protocol.yaml -o rapport/
      ketenmining audit keten.parquet --protocol protocol.yaml -o rapport/ --summary-format csv > bevindingen.csv
      ketenmining audit keten.yaml --key-file sleutel.key --protocol protocol.yaml -o rapport/ --fail-on major
      ketenmining audit keten.parquet --protocol protocol.yaml -o definitief/ --review rapport/sample.csv --report-info rapport.yaml --final
    """
    import dataclasses

    from ketenmining.audit.settings import load_settings
    from ketenmining.audit.summary import (
        CLASS_STYLE,
        fail_exit_code,
        fail_reason,
        printed_table,
    )
    from ketenmining.cli.options import echo_table
    from ketenmining.errors import KetenError
    from ketenmining.protocol import load_protocol
    from ketenmining.report.audit import RENDERERS, write_audit

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in RENDERERS]
    if unknown:
        raise KetenError(
            f"unknown report format '{unknown[0]}'", hint="use " + ", ".join(sorted(RENDERERS))
        )
    from ketenmining.audit.status import load_report_info, read_previous

    previous = read_previous(previous_file)

    info = load_report_info(report_info, auditor=auditor, client=audit_client)
    if review_file is not None and not review_file.is_file():
        raise KetenError(f"{review_file}: no such file", hint="give the filled-in sample.csv")
    settings = load_settings(settings_file)
    if seed is not None:
        settings = dataclasses.replace(settings, seed=seed)
    protocol = load_protocol(protocol_file)
    with progress_for(quiet) as progress:
        from ketenmining.audit.inputs import open_for_audit

        opened = open_for_audit(log_spec, filters, protocol, data_end, progress)
        from ketenmining.audit.run import run_audit

        run = run_audit(
            opened.con,
            protocol,
            opened.data_end,
            quality=opened.quality,
            settings=settings,
            provenance=opened.provenance(sys.argv, protocol, lang),
            chain={
                "name": opened.chain_name,
                "organisations": opened.organisations,
                "auditor": auditor,
                "period": opened.period,
            },
            lang=lang,
            progress=progress,
            unexported=opened.unexported_steps(protocol),
            info=info,
            review_file=review_file,
            final=final,
            previous=previous,
        )
        from ketenmining.analyse.report import build_report

        seams = build_report(opened.con, opened.data_end, protocol, k=settings.small_cells)
        paths = write_audit(run.record, output, wanted, lang, seams=seams)
        from ketenmining.conform.tables import write_tables

        tables = write_tables(run.result, output / "data")
    if not quiet:
        styles = [CLASS_STYLE.get(f["class"]) for f in run.record["findings"]]
        echo_table(printed_table(run.record, lang), summary_format, styles)
        machine = summary_format in ("csv", "json")  # stdout is one document: paths to stderr
        click.echo(("rapport: " if lang == "nl" else "report: ") + str(paths[0]), err=machine)
        for p in paths[1:]:
            click.echo(f"  {p}", err=machine)
        click.echo(
            ("tabellen per zaak: " if lang == "nl" else "tables per case: ")
            + str(tables[0].parent),
            err=machine,
        )
    code = fail_exit_code(run.record, fail_on)
    if code:
        click.echo(fail_reason(run.record, fail_on, lang), err=True)
        sys.exit(int(code))
