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
from ketenmining.texts import tr


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
    from ketenmining.audit import audit
    from ketenmining.report.audit import report_formats, write_audit_outputs

    wanted = report_formats(formats)  # an unknown format is refused before the work
    with progress_for(quiet) as progress:
        result = audit(
            log_spec,
            protocol_file,
            settings=settings_file,
            seed=seed,
            data_end=data_end,
            auditor=auditor,
            client=audit_client,
            report_info=report_info,
            review=review_file,
            final=final,
            previous=previous_file,
            lang=lang,
            argv=sys.argv,
            filters=filters,
            progress=progress,
        )
        paths, tables = write_audit_outputs(result, output, wanted, lang)
    if not quiet:
        _echo_summary(result.record, paths, tables, summary_format, lang)
    code = result.exit_code(fail_on)
    if code:
        from ketenmining.report.audit_summary import fail_reason

        click.echo(fail_reason(result.record, fail_on, lang), err=True)
        sys.exit(code)


def _echo_summary(
    record: dict, paths: list[Path], tables: list[Path], summary_format: str, lang: str
) -> None:
    """The findings table on stdout, then where the report and the tables went."""
    from ketenmining.cli.options import echo_table
    from ketenmining.report.audit_summary import CLASS_STYLE, printed_table

    styles = [CLASS_STYLE.get(f["class"]) for f in record["findings"]]
    echo_table(printed_table(record, lang), summary_format, styles)
    machine = summary_format in ("csv", "json")  # stdout is one document: paths to stderr
    click.echo(tr("cli.audit.report", lang, path=paths[0]), err=machine)
    for p in paths[1:]:
        click.echo(f"  {p}", err=machine)
    click.echo(
        tr("cli.audit.tables", lang, path=tables[0].parent),
        err=machine,
    )
