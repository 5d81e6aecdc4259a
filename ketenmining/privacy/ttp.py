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
