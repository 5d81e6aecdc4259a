"""Synthetic identities for the example chain: BSNs, dossier numbers, fake names, the demo key.

Everything here is made up. BSNs are random 9-digit numbers that pass the
elfproef (about one in ten starts with a zero, so that exports that lose the
leading zero are exercised). Names are obviously fake ("Sanne Voorbeeld") and
only ever appear in columns the chain config does not map. Dossier numbers are
an affine bijection of the child index per organisation: unique, stable,
and not in the order of the children.
"""

from __future__ import annotations

import hashlib
import random

#: Seed phrase of the committed demo key (the key is its SHA-256, hex).
DEMO_KEY_PHRASE = b"ketenmining demo key - Midden-Brabant - never use a committed key"

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)

FIRST_NAMES = (
    "Sanne", "Daan", "Emma", "Noah", "Julia", "Lucas", "Mila", "Sem", "Tess", "Finn",
    "Zoë", "Levi", "Nora", "Bram", "Lotte", "Jesse", "Saar", "Milan", "Fenna", "Luuk",
)  # fmt: skip
FAKE_SURNAMES = ("Voorbeeld", "Fictief", "Testkind", "Demodata", "Nepnaam", "Proefpersoon")


def demo_key_text() -> str:
    """The demo key: 64 lowercase hex characters derived from a fixed phrase."""
    return hashlib.sha256(DEMO_KEY_PHRASE).hexdigest()


def check_digit(prefix8: int) -> int | None:
    """The ninth digit that makes ``prefix8`` (0..99999999) a valid BSN, or None if there is none."""
    digits = f"{prefix8:08d}"
    total = sum(int(c) * w for c, w in zip(digits, _WEIGHTS, strict=True))
    last = total % 11
    if last == 10 or total - last <= 0:
        return None
    return last


def new_bsns(rng: random.Random, n: int) -> list[int]:
    """``n`` distinct valid BSNs (as integers; format with ``:09d``)."""
    seen: set[int] = set()
    out: list[int] = []
    while len(out) < n:
        prefix = rng.randrange(100_000_000)
        last = check_digit(prefix)
        if last is None:
            continue
        bsn = prefix * 10 + last
        if bsn in seen:
            continue
        seen.add(bsn)
        out.append(bsn)
    return out


def mistype(bsn9: str, salt: int) -> str:
    """A typing error: swap two different adjacent digits among the first eight.

    Such a swap changes the elfproef sum by the difference of the two digits
    (1..9), so the result always fails the elfproef. Returns "" in the
    practically impossible case that the first eight digits are all equal.
    """
    for step in range(7):
        i = (salt + step) % 7
        if bsn9[i] != bsn9[i + 1]:
            return bsn9[:i] + bsn9[i + 1] + bsn9[i] + bsn9[i + 2 :]
    return ""


def invalid_bsn(rng: random.Random) -> str:
    """A 9-digit number that fails the elfproef, or an empty string (about one in three)."""
    if rng.random() < 0.33:
        return ""
    prefix = rng.randrange(100_000_000)
    last = check_digit(prefix)
    wrong = rng.randrange(10)
    if last is not None and wrong == last:
        wrong = (wrong + 1 + rng.randrange(9)) % 10
    return f"{prefix:08d}{wrong}"


def dotted(bsn9: str) -> str:
    """A BSN written with dots, as some GP systems do: ``1234.56.789``."""
    return f"{bsn9[:4]}.{bsn9[4:6]}.{bsn9[6:]}"


def fake_name(child: int) -> str:
    """An obviously fake name for a child index."""
    first = FIRST_NAMES[(child * 7) % len(FIRST_NAMES)]
    last = FAKE_SURNAMES[(child // len(FIRST_NAMES)) % len(FAKE_SURNAMES)]
    return f"{first} {last}"


#: Per organisation: (prefix, multiplier, offset, modulus) of the dossier-number bijection.
_DOSSIER = {
    "HA": ("", 7_919, 104_729, 9_999_991),
    "SCH": ("L", 15_485_863, 2_750_159, 99_999_989),
    "POL": ("PL2000-", 1_299_709, 611_953, 999_999_937),
    "VT": ("VT-", 179_424_673, 32_452_843, 999_999_937),
    "TT": ("C", 86_028_121, 49_979_687, 99_999_989),
    "RvdK": ("RvdK-", 122_949_829, 67_867_967, 999_999_937),
}
_WIDTH = {"HA": 7, "SCH": 8, "POL": 9, "VT": 9, "TT": 8, "RvdK": 9}


def dossier(org: str, index: int) -> str:
    """The dossier number of ``index`` (a child, or child*8+k for VT dossiers) at ``org``."""
    prefix, mul, off, mod = _DOSSIER[org]
    return f"{prefix}{(index * mul + off) % mod:0{_WIDTH[org]}d}"
