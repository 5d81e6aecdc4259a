"""Find an organisation's own dossiers for the pseudonyms in an audit sample.

Run inside the organisation that owns the export: it holds the chain key
and its raw export, recomputes the pseudonym of every client in the export,
and lists its own dossier numbers for the sampled pseudonyms — so the quality
officer can pull those files. Nobody without the key *and* the export can do
this. Together with :mod:`ketenmining.privacy.apply`, this is the only code
that handles raw identifiers; it never prints one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ketenmining.config.model import SourceConfig
from ketenmining.errors import KetenError
from ketenmining.privacy.pseudonym import (
    normalise_bsn,
    normalise_opaque,
    pseudonym,
    require_strong_key,
)


def lookup_dossiers(
    source: SourceConfig,
    key: bytes,
    sample_ids: Iterable[str],
    ttp_key: bytes | None = None,
    progress: Any = None,
) -> Any:
    """Return a table ``case_id, dossier, first, last, events, activities`` for the sample.

    ``case_id`` is the pseudonym as it appears in the sample (after the
    trusted third party's second step when ``ttp_key`` is given).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from ketenmining.ingest import read_mapped
    from ketenmining.progress import SILENT

    if not source.dossier_column:
        raise KetenError(
            f"source '{source.id}' has no dossier column",
            hint="add 'dossier: COLUMN' (the organisation's own case or client number) to this source in keten.yaml",
            where=source.where,
        )
    require_strong_key(key, "chain key")
    if ttp_key is not None:
        require_strong_key(ttp_key, "TTP key")
    wanted = set(sample_ids)
    mapped = read_mapped(source, with_dossier=True, progress=progress or SILENT)
    table = mapped.table
    raw = pc.cast(table.column("raw_id"), pa.string())
    uniques = pc.unique(raw).to_pylist()
    normalise = normalise_bsn if source.id_kind == "bsn" else normalise_opaque
    pseudo: list[str | None] = []
    for value in uniques:
        norm = normalise(value) if value is not None else None
        if norm is None:
            pseudo.append(None)
            continue
        p = value if source.id_kind == "pseudonym" else pseudonym(key, norm)
        if ttp_key is not None:
            p = pseudonym(ttp_key, p)
        pseudo.append(p if p in wanted else None)
    index = pc.index_in(raw, value_set=pa.array(uniques, pa.string()))
    case_id = pc.take(pa.array(pseudo, pa.string()), index)
    hits = pa.table(
        {
            "case_id": case_id,
            "dossier": pc.cast(table.column("dossier"), pa.string()),
            "timestamp": table.column("timestamp"),
            "activity": table.column("activity"),
        }
    ).filter(pc.is_valid(case_id))
    from ketenmining.engine import connect
    from ketenmining.privacy.sql import LOOKUP_DOSSIERS

    con = connect()
    con.register("hits", hits)
    result = con.sql(LOOKUP_DOSSIERS).to_arrow_table()
    con.close()
    return result


def read_sample(path: Any) -> Any:
    """The audit sample (``sample.csv`` from ``ketenmining audit``) as an Arrow table with ``case_id``."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from ketenmining.errors import Location
    from ketenmining.fsutil import require_file

    require_file(path, "sample file")
    try:
        rows = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(strings_can_be_null=False))
    except pa.ArrowInvalid as exc:
        raise KetenError(
            f"cannot read the sample as CSV ({exc})", where=Location(str(path))
        ) from None
    if "case_id" not in rows.column_names:
        raise KetenError(
            "the sample has no case_id column",
            hint="give the sample.csv written by 'ketenmining audit'",
            where=Location(str(path)),
        )
    return rows


def lookup(
    sample: Any,
    source: SourceConfig,
    key: bytes,
    ttp_key: bytes | None = None,
    progress: Any = None,
) -> Any:
    """The sample's rows joined to this organisation's dossiers (``dossier, first, last, …``).

    ``sample`` is the table :func:`read_sample` read. The result is for
    internal use: it holds the organisation's own dossier numbers.
    """
    from ketenmining.engine import connect
    from ketenmining.privacy.sql import SAMPLE_WITH_DOSSIERS

    found = lookup_dossiers(source, key, sample.column("case_id").to_pylist(), ttp_key, progress)
    con = connect()
    con.register("sample", sample)
    con.register("found", found)
    joined = con.sql(SAMPLE_WITH_DOSSIERS).to_arrow_table()
    con.close()
    return joined
