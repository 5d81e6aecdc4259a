"""``ketenmining unwrap``: at the trusted third party, turn a sample back into one organisation's pseudonyms."""

from __future__ import annotations

from pathlib import Path

import click

from ketenmining.cli.options import allow_shared_key_option, lang_option, load_key, quiet_option


@click.command("unwrap")
@click.argument("sample", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("pseudonymised", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--ttp-key-file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="KETENMINING_TTP_KEY_FILE",
    show_envvar=True,
    help="The trusted third party's own key (the one 'stitch --ttp-key-file' used).",
)
@allow_shared_key_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV to write for the organisation: its sampled rows with its own (stage-1) pseudonyms.",
)
@quiet_option
@lang_option
def unwrap_command(
    sample: Path, pseudonymised: Path, ttp_key_file: Path, output: Path, quiet: bool, lang: str
) -> None:
    """At the trusted third party: the sample rows of one organisation, with its own pseudonyms.

    SAMPLE is the audit sample (sample.csv from 'ketenmining audit'), whose
    case ids are stage-2 pseudonyms. PSEUDONYMISED is the file the
    organisation sent (from 'ketenmining pseudonymise'). The rows of the
    sample whose case belongs to that organisation are written with the
    organisation's stage-1 pseudonym in case_id (and their row number in the
    sample in sample_row), for its 'ketenmining lookup'. Neither the analyst
    nor any other organisation sees what this writes; send it to that
    organisation only.

    \b
    Example:
      ketenmining unwrap rapport/sample.csv ontvangen/vt.parquet --ttp-key-file ttp.key -o naar-vt.csv
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from ketenmining.chainlog import read_meta
    from ketenmining.errors import KetenError, Location
    from ketenmining.fsutil import atomic_path, require_file
    from ketenmining.privacy.ttp import unwrap_ids
    from ketenmining.safetext import write_arrow_csv

    require_file(sample, "sample file")
    require_file(pseudonymised, "pseudonymised file")
    try:
        rows = pacsv.read_csv(
            sample, convert_options=pacsv.ConvertOptions(strings_can_be_null=False)
        )
    except pa.ArrowInvalid:
        raise KetenError("cannot read the sample as CSV", where=Location(str(sample))) from None
    if "case_id" not in rows.column_names:
        raise KetenError(
            "the sample has no case_id column",
            hint="give the sample.csv written by 'ketenmining audit'",
            where=Location(str(sample)),
        )
    try:
        meta = read_meta(pseudonymised)
    except KetenError:
        meta = {}
    if meta.get("kind") != "pseudonymised":
        raise KetenError(
            "not a file written by 'ketenmining pseudonymise'",
            hint="give the pseudonymised file the organisation sent to the trusted third party",
            where=Location(str(pseudonymised)),
        )
    ttp_key = load_key(ttp_key_file, "TTP key file")
    stage1 = pc.unique(pq.read_table(pseudonymised, columns=["case_id"]).column("case_id"))
    ids = [str(v) for v in rows.column("case_id").to_pylist()]
    found = unwrap_ids(ids, stage1.to_pylist(), ttp_key)
    keep = [i for i, v in enumerate(ids) if v in found]
    out = rows.take(pa.array(keep, pa.int64()))
    out = out.set_column(
        out.column_names.index("case_id"), "case_id", pa.array([found[ids[i]] for i in keep])
    )
    out = out.add_column(0, "sample_row", pa.array([i + 1 for i in keep], pa.int64()))
    with atomic_path(output) as tmp:
        write_arrow_csv(out, tmp)
    if not quiet:
        org = meta.get("org") or "?"
        n_sample = len(set(ids))
        n = len({ids[i] for i in keep})
        click.echo(
            f"{n} van {n_sample} getrokken zaken horen bij {org}; {output} geschreven — alleen "
            f"voor {org}."
            if lang == "nl"
            else f"{n} of {n_sample} sampled cases belong to {org}; wrote {output} — for {org} only."
        )
