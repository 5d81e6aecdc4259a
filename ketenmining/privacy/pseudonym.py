"""Pseudonyms: HMAC-SHA256 of a normalised client id under a secret key.

The rule, reproducible by any partner with standard tools::

    pseudonym = lowercase hex of HMAC-SHA256(key, normalised id as UTF-8)

* ``key`` is the content of the key file with trailing CR/LF removed.
* A BSN is normalised by removing spaces, dots and dashes and left-padding
  with zeros to 9 digits; it must then pass the *elfproef* (11-test).
* An opaque id is normalised by trimming surrounding white space.

With openssl::

    printf '%s' 123456782 | openssl dgst -sha256 -hmac "$(cat sleutel.key)"

This module and :mod:`ketenmining.privacy.lookup` are the only code that
sees raw identifiers. Nothing here ever puts an id value into a message.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

from ketenmining.errors import KetenError, Location

MIN_KEY_BYTES = 32
_BSN_STRIP = str.maketrans("", "", " .-\t")


def read_key(path: str | os.PathLike[str] | None, what: str = "key file") -> bytes:
    """Read a key file; refuse missing, empty or short keys (< 32 bytes).

    Returns the key bytes (file content without trailing CR/LF).
    """
    if path is None:
        raise KetenError(
            "no key given",
            hint="pass --key-file FILE or set KETENMINING_KEY_FILE; create one with 'ketenmining key new FILE'",
        )
    p = Path(path)
    if not p.is_file():
        raise KetenError(f"{what} not found", hint="check the path of the key file", where=Location(str(p)))
    key = p.read_bytes().rstrip(b"\r\n")
    if len(key) < MIN_KEY_BYTES:
        raise KetenError(
            f"{what} holds {len(key)} bytes; at least {MIN_KEY_BYTES} are needed",
            hint="create a strong key with 'ketenmining key new FILE'",
            where=Location(str(p)),
        )
    return key


def key_is_private(path: str | os.PathLike[str]) -> bool:
    """True when the key file is not readable by group or others (POSIX)."""
    mode = Path(path).stat().st_mode
    return not (mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IWGRP | stat.S_IWOTH))


def key_id(key: bytes) -> str:
    """A short public fingerprint of a key, to check that sources used the same key."""
    return hmac.new(key, b"ketenmining key id", hashlib.sha256).hexdigest()[:12]


def normalise_bsn(raw: object) -> str | None:
    """Normalise a BSN (strip spaces, dots, dashes; left-pad to 9 digits); None if invalid.

    Invalid means: empty, not digits, longer than 9 digits, all zeros, or failing the elfproef.
    """
    if raw is None:
        return None
    if isinstance(raw, float):
        if raw != raw or raw != int(raw):  # NaN or a fraction
            return None
        raw = int(raw)
    text = str(raw).translate(_BSN_STRIP)
    if not text or not text.isdigit() or len(text) > 9:
        return None
    text = text.zfill(9)
    return text if elfproef(text) else None


def elfproef(bsn9: str) -> bool:
    """The BSN 11-test: sum(d_i * w_i) with weights 9..2 and -1 is a positive multiple of 11."""
    if len(bsn9) != 9 or not bsn9.isdigit():
        return False
    digits = [int(c) for c in bsn9]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total > 0 and total % 11 == 0


def normalise_opaque(raw: object) -> str | None:
    """Normalise an opaque id: trimmed text; None when empty."""
    if raw is None:
        return None
    if isinstance(raw, float):
        if raw != raw:
            return None
        if raw == int(raw):
            raw = int(raw)
    text = str(raw).strip()
    return text or None


def pseudonym(key: bytes, normalised_id: str) -> str:
    """Lowercase hex HMAC-SHA256 of the normalised id (UTF-8) under ``key``."""
    return hmac.new(key, normalised_id.encode("utf-8"), hashlib.sha256).hexdigest()
