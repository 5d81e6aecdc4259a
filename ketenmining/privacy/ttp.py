"""The trusted third party's way back: stage-2 pseudonyms of an audit sample to stage-1 ones.

The analyst's chain log and audit sample hold stage-2 pseudonyms, HMAC(TTP key, stage-1
pseudonym). Only the TTP holds its key, and it received each organisation's pseudonymised
file (stage-1 pseudonyms, from ``ketenmining pseudonymise``). For one organisation it hashes
that file's stage-1 pseudonyms again, keeps the sample cases among them, and hands the
organisation those rows with the stage-1 pseudonym, which the organisation's ``lookup``
recomputes from its own export. The analyst never sees a stage-1 pseudonym, the organisation
never sees a stage-2 one, and no organisation learns about another's clients.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ketenmining.privacy.pseudonym import pseudonym, require_strong_key


def unwrap_ids(
    sample_ids: Iterable[str], stage1_ids: Iterable[str], ttp_key: bytes
) -> dict[str, str]:
    """``{stage-2 id: stage-1 id}`` for the sample ids that belong to ``stage1_ids``."""
    require_strong_key(ttp_key, "TTP key")
    wanted = set(sample_ids)
    found: dict[str, str] = {}
    for stage1 in set(stage1_ids):
        if stage1 is None:
            continue
        stage2 = pseudonym(ttp_key, stage1)
        if stage2 in wanted:
            found[stage2] = stage1
    return found


def unwrap_sample(
    sample: Path, pseudonymised: Path, ttp_key: bytes, output: Path
) -> tuple[str, int, int]:
    """Write the rows of ``sample`` that belong to the organisation of ``pseudonymised``.

    ``sample`` is an audit's sample.csv (stage-2 case ids); ``pseudonymised`` the file
    the organisation sent to the trusted third party. The rows written to ``output``
    carry the organisation's own stage-1 pseudonym in ``case_id`` and their row in the
    sample in ``sample_row``. Returns (organisation, its sampled cases, sampled cases).
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
    return meta.get("org") or "?", len({ids[i] for i in keep}), len(set(ids))
