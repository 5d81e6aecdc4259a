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

import hmac
import itertools
import os
import stat
from pathlib import Path

from ketenmining.errors import KetenError, Location

MIN_KEY_BYTES = 32
_BSN_STRIP = str.maketrans("", "", " .-\t")


def read_key(
    path: str | os.PathLike[str] | None,
    what: str = "key file",
    allow_shared: bool = False,
) -> bytes:
    """Read a key file; refuse a missing file, a weak key and (unless ``allow_shared``) a file
    that other users can read or write.

    Returns the key bytes (file content without trailing CR/LF), which are the HMAC key as
    they stand (so ``openssl dgst -hmac "$(cat FILE)"`` gives the same pseudonyms).
    """
    if path is None:
        raise KetenError(
            "no key given",
            hint="pass --key-file FILE or set KETENMINING_KEY_FILE; create one with 'ketenmining key new FILE'",
        )
    p = Path(path)
    if not p.is_file():
        raise KetenError(
            f"{what} not found", hint="check the path of the key file", where=Location(str(p))
        )
    if not allow_shared and not key_is_private(p):
        mode = stat.S_IMODE(p.stat().st_mode)
        raise KetenError(
            f"{what} is readable or writable by other users (mode {mode:o})",
            hint=f"restrict it with 'chmod 600 {p}', or pass --allow-shared-key-file if a shared "
            "key file is intended",
            where=Location(str(p)),
        )
    key = p.read_bytes().rstrip(b"\r\n")
    problem = key_weakness(key)
    if problem:
        raise KetenError(
            f"{what} is not a usable key: {problem}", hint=KEY_HINT, where=Location(str(p))
        )
    return key


#: How to make a key that passes :func:`key_weakness`.
KEY_HINT = (
    "a key is 32 random bytes written as 64 hex or 44 base64 characters; create one with "
    "'ketenmining key new FILE' (or 'openssl rand -hex 32 > FILE', then 'chmod 600 FILE')"
)


def key_bytes(text: bytes) -> bytes | None:
    """The bytes a key file's text encodes (hex, or base64 in its canonical form), else None."""
    import base64
    import binascii

    try:
        plain = text.decode("ascii")
    except UnicodeDecodeError:
        return None
    if not plain or plain != plain.strip():
        return None
    try:
        return bytes.fromhex(plain)
    except ValueError:
        pass
    padded = (plain + "=" * (-len(plain) % 4)).encode("ascii")
    for decode, encode in (
        (base64.b64decode, base64.b64encode),
        (base64.urlsafe_b64decode, base64.urlsafe_b64encode),
    ):
        try:
            raw = decode(padded)
        except (binascii.Error, ValueError):
            continue
        if encode(raw) == padded:
            return raw
    return None


def key_weakness(key: bytes) -> str | None:
    """Why ``key`` (a key file's text) is too weak to pseudonymise with, or None when it is fine.

    A key must encode at least 32 bytes as hex or base64, and those bytes must look random:
    at least half of them distinct, and as many distinct steps from one byte to the next (a
    key of repeated or counting bytes is refused; 32 random bytes hold about 30 distinct
    values). This catches typed, repeated and made-up keys; it cannot prove randomness, so
    keys come from ``ketenmining key new``.
    """
    raw = key_bytes(key)
    if raw is None:
        if not key.strip():
            return "it is empty or only white space"
        return f"its {len(key)} characters are neither hex nor base64"
    if len(raw) < MIN_KEY_BYTES:
        return f"it encodes {len(raw)} bytes; at least {MIN_KEY_BYTES} random bytes are needed"
    floor = len(raw) // 2
    if len(set(raw)) < floor:
        return f"its {len(raw)} bytes hold only {len(set(raw))} distinct values (repeated bytes)"
    steps = {(b - a) % 256 for a, b in itertools.pairwise(raw)}
    if len(steps) < floor:
        return f"its {len(raw)} bytes follow a pattern (only {len(steps)} distinct steps)"
    return None


def require_strong_key(key: bytes, what: str = "key") -> bytes:
    """``key`` itself when :func:`key_weakness` finds nothing, else a :class:`KetenError`
    (for keys handed to the stage functions as bytes, in the Python API)."""
    problem = key_weakness(key)
    if problem:
        raise KetenError(f"the {what} is not a usable key: {problem}", hint=KEY_HINT)
    return key


def new_key_file(path: Path, force: bool = False) -> None:
    """Write a strong random key (64 hex characters, 256 bits) to ``path``, mode 0600, atomically.

    An existing file is refused unless ``force`` (its old pseudonyms would no longer match).
    """
    import secrets

    if path.exists() and not force:
        raise KetenError(
            "key file exists already",
            hint="choose another name, or use --force to replace it (old pseudonyms will no longer match)",
            where=Location(str(path)),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def key_is_private(path: str | os.PathLike[str]) -> bool:
    """True when the key file is not readable or writable by group or others (POSIX)."""
    mode = Path(path).stat().st_mode
    return not (mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IWGRP | stat.S_IWOTH))


def key_id(key: bytes) -> str:
    """A short public fingerprint of a key, to check that sources used the same key."""
    return hmac.digest(key, b"ketenmining key id", "sha256").hex()[:12]


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
    if len(bsn9) != 9 or not bsn9.isdigit() or not bsn9.isascii():
        return False
    d = bsn9.encode("ascii")
    # digits are bytes 48..57: subtract 48 times the weights' sum (9+8+...+2-1 = 43) once
    total = (
        9 * d[0]
        + 8 * d[1]
        + 7 * d[2]
        + 6 * d[3]
        + 5 * d[4]
        + 4 * d[5]
        + 3 * d[6]
        + 2 * d[7]
        - d[8]
        - 48 * 43
    )
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
    return hmac.digest(key, normalised_id.encode("utf-8"), "sha256").hex()
