"""Replace raw client ids by pseudonyms in a mapped source; set invalid rows aside.

This is the organisation-side step: it takes the rows of one export mapped
to canonical columns (with the raw id still in ``raw_id``), normalises and
checks every id (the BSN elfproef), computes the keyed pseudonym, and drops
the raw id. Rows with a missing or invalid id (or no timestamp) are not
silently dropped: they go to a *rejects* table the owner can inspect, which
names the row and the reason — never the id value.

Work is done once per distinct id (a client has many events), so the cost of
HMAC is paid per client, not per event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ketenmining.errors import KetenError
from ketenmining.privacy.pseudonym import (
    elfproef,
    key_id,
    normalise_bsn,
    normalise_opaque,
    pseudonym,
    require_strong_key,
)

REASON_MISSING_ID = "missing_id"
REASON_INVALID_BSN = "invalid_bsn"
REASON_MISSING_TS = "missing_timestamp"


def reason_text(code: str, lang: str = "en") -> str:
    """The readable text of a reject reason code (texts ``privacy.reason.<code>``)."""
    from ketenmining.texts import has, tr

    return tr(f"privacy.reason.{code}", lang) if has(f"privacy.reason.{code}") else code


@dataclass
class Pseudonymised:
    """The events of one source with pseudonyms, and what was set aside."""

    source_id: str
    table: Any  # pyarrow.Table: case_id + canonical columns except episode, + attr_*
    rejects: Any  # pyarrow.Table: source, source_row, reason, activity_raw, timestamp
    key_id: str | None
    rows_read: int
    reject_counts: dict[str, int] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)


def pseudonymise_table(
    table: Any,
    source_id: str,
    id_kind: str,
    key: bytes | None,
    rows_read: int | None = None,
    stats: dict[str, Any] | None = None,
) -> Pseudonymised:
    """Pseudonymise a mapped table (with ``raw_id``) for one source.

    ``id_kind`` is ``bsn`` (normalise + elfproef), ``opaque`` (trimmed text) or
    ``pseudonym`` (the column already holds pseudonyms: used as is). Without a
    key, ``opaque`` ids are used as they are (quick mode on public logs) and
    ``bsn`` ids are refused.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if key is not None:
        require_strong_key(key, "chain key")
    if id_kind == "bsn" and key is None:
        raise KetenError(
            f"source '{source_id}' holds BSNs and no key was given",
            hint="pass --key-file FILE (or set KETENMINING_KEY_FILE); raw BSNs never enter a chain log",
        )
    raw = table.column("raw_id")
    if not pa.types.is_string(raw.type) and not pa.types.is_large_string(raw.type):
        raw = pc.cast(raw, pa.string())
    uniques = pc.unique(raw).to_pylist()
    mapped: list[str | None] = []
    invalid: set[int] = set()
    normalise = normalise_bsn if id_kind == "bsn" else normalise_opaque
    for i, value in enumerate(uniques):
        if value is None:
            mapped.append(None)
            continue
        if id_kind == "pseudonym":
            norm = value.strip() or None
            mapped.append(norm)
            continue
        norm = normalise(value)
        if norm is None:
            if normalise_opaque(value) is not None:
                invalid.add(i)
            mapped.append(None)
            continue
        mapped.append(pseudonym(key, norm) if key is not None else norm)
    index = pc.index_in(raw, value_set=pa.array(uniques, pa.string()))
    case_id = pc.take(pa.array(mapped, pa.string()), index)
    invalid_mask = (
        pc.is_in(index, value_set=pa.array(sorted(invalid), pa.int32())) if invalid else None
    )

    missing_id = pc.is_null(case_id)
    missing_ts = pc.is_null(table.column("timestamp"))
    bad = pc.or_(missing_id, missing_ts)
    reason = pc.if_else(missing_id, pa.scalar(REASON_MISSING_ID), pa.scalar(REASON_MISSING_TS))
    if invalid_mask is not None:
        reason = pc.if_else(
            pc.fill_null(invalid_mask, False), pa.scalar(REASON_INVALID_BSN), reason
        )
    keep_cols = [c for c in table.column_names if c not in ("raw_id", "dossier")]
    own_ids = id_like(uniques) if id_kind != "pseudonym" else frozenset()
    if "dossier" in table.column_names:
        own_ids |= id_like(pc.unique(pc.cast(table.column("dossier"), pa.string())).to_pylist())
    table, masked = mask_embedded_ids(table, own_ids)
    stats = {**(stats or {}), **masked}
    if stats.get("unmapped"):  # the names of unmapped activities are reported: mask them too
        names: dict[str, int] = {}
        for name, n in stats["unmapped"].items():
            safe = _mask_text(name, own_ids)[0] if isinstance(name, str) else name
            names[safe] = names.get(safe, 0) + n
        stats["unmapped"] = names
    good = table.filter(pc.invert(bad)).select(keep_cols)
    good = good.add_column(0, "case_id", case_id.filter(pc.invert(bad)))
    rejected = table.filter(bad)
    rejects = pa.table(
        {
            "source": pa.array([source_id] * rejected.num_rows, pa.string()),
            "source_row": rejected.column("source_row"),
            "reason": reason.filter(bad),
            "activity_raw": rejected.column("activity_raw"),
            "timestamp": rejected.column("timestamp"),
        }
    )
    counts: dict[str, int] = {}
    if rejects.num_rows:
        for item in pc.value_counts(rejects.column("reason")).to_pylist():
            counts[item["values"]] = item["counts"]
    return Pseudonymised(
        source_id=source_id,
        table=good,
        rejects=rejects,
        key_id=key_id(key) if key is not None and id_kind != "pseudonym" else None,
        rows_read=rows_read if rows_read is not None else table.num_rows,
        reject_counts=counts,
        stats=dict(stats or {}),
    )


#: A number that may be a BSN inside a text: 9 digits, or 9 digits in groups split by dots or
#: spaces (123.456.782, 1234 56 782), not part of a longer number.
_EMBEDDED = re.compile(r"(?<![\d.])\d(?:[. ]?\d){8}(?![\d]|\.\d)")
#: What a masked number becomes in the chain log.
MASK = "[BSN]"


def bsn_shaped_numbers(value: str) -> list[tuple[str, bool]]:
    """The BSN-shaped numbers in a text (9 digits, maybe dotted or spaced), each with whether
    it passes the elfproef."""
    out = []
    for m in _EMBEDDED.finditer(value):
        out.append((m.group(), elfproef(m.group().replace(".", "").replace(" ", ""))))
    return out


#: What one of the source's own client or dossier numbers becomes in the chain log.
ID_MASK = "[ID]"
#: Words and digit runs of a text, to look up among the source's own ids.
_TOKEN = re.compile(r"[\w][\w\-./]*[\w]|\w")
_DIGITS = re.compile(r"\d{5,}")


def id_like(values: Any) -> frozenset[str]:
    """The raw ids (client or dossier numbers) worth masking in free text: at least 5
    characters with a digit (a word like 'Intake' that happens to be an id is not masked)."""
    out = set()
    for value in values:
        if value is None:
            continue
        text = str(value).strip()
        if len(text) >= 5 and any(c.isdigit() for c in text):
            out.add(text)
    return frozenset(out)


def _mask_text(value: str, client_ids: frozenset[str] = frozenset()) -> tuple[str, int, int, int]:
    """``value`` with NUL bytes dropped, BSN-shaped numbers (elfproef) masked and the source's
    own ids masked; the counts (BSN-shaped, NUL, own ids)."""
    nul = value.count("\x00")
    if nul:
        value = value.replace("\x00", "")
    hits = own = 0

    def swap(m: re.Match[str]) -> str:
        nonlocal hits
        digits = m.group().replace(".", "").replace(" ", "")
        if elfproef(digits):
            hits += 1
            return MASK
        return m.group()

    def swap_id(m: re.Match[str]) -> str:
        nonlocal own
        token = m.group()
        if token in client_ids:
            own += 1
            return ID_MASK
        if not any(c.isdigit() for c in token):
            return token

        def swap_run(r: re.Match[str]) -> str:
            nonlocal own
            if r.group() in client_ids:
                own += 1
                return ID_MASK
            return r.group()

        return _DIGITS.sub(swap_run, token)

    value = _EMBEDDED.sub(swap, value)
    if client_ids:
        value = _TOKEN.sub(swap_id, value)
    return value, hits, nul, own


def mask_embedded_ids(
    table: Any, client_ids: frozenset[str] = frozenset()
) -> tuple[Any, dict[str, int]]:
    """The mapped text columns (activity names, text attributes) with BSN-shaped numbers that
    pass the elfproef masked, the source's own ``client_ids`` masked and NUL bytes dropped;
    ``{"embedded_ids": n, "nul_bytes": m, "embedded_client_ids": c}`` counts the cells
    changed, for the data-quality report (DQ011, DQ012, DQ013)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = nuls = owns = 0
    prefilter = r"\d[. ]?\d[. ]?\d|\x00" + (r"|\d" if client_ids else "")
    for name in table.column_names:
        if name not in ("activity", "activity_raw") and not name.startswith("attr_"):
            continue
        column = table.column(name)
        if not pa.types.is_string(column.type):
            continue
        suspect = pc.match_substring_regex(column, prefilter)
        if not pc.any(suspect).as_py():
            continue
        uniques = pc.unique(column)
        changed: list[str | None] = []
        counted: dict[str, tuple[int, int, int]] = {}
        for value in uniques.to_pylist():
            if value is None:
                changed.append(None)
                continue
            text, hits, nul, own = _mask_text(value, client_ids)
            changed.append(text)
            if hits or nul or own:
                counted[value] = (hits, nul, own)
        if not counted:
            continue
        index = pc.index_in(column, value_set=uniques)
        for value, (hits, nul, own) in counted.items():
            cells = int(pc.sum(pc.equal(column, value).cast(pa.int64())).as_py() or 0)
            ids += cells if hits else 0
            nuls += cells if nul else 0
            owns += cells if own else 0
        new = pc.take(pa.array(changed, pa.string()), index)
        table = table.set_column(table.column_names.index(name), name, new)
    return table, {"embedded_ids": ids, "nul_bytes": nuls, "embedded_client_ids": owns}


def pseudonymise_ids(ids: Any, key: bytes) -> Any:
    """Opaque ids (an Arrow array) replaced by their pseudonyms; empty ids stay null.

    Used in quick mode when a key is given: a consultant's single export then
    shows pseudonyms, not the organisation's own case numbers.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.cast(ids, pa.string())
    uniques = pc.unique(text)
    mapped = []
    for value in uniques.to_pylist():
        norm = normalise_opaque(value)
        mapped.append(pseudonym(key, norm) if norm is not None else None)
    return pc.take(pa.array(mapped, pa.string()), pc.index_in(text, value_set=uniques))
