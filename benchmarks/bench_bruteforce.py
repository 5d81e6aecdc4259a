"""How fast a holder of the chain key can undo stage-1 pseudonyms: BSNs hashed per second per core.

The attack of docs/privacy.md: enumerate valid BSNs (the elfproef leaves about one in eleven
9-digit numbers, some 90 million) and compute HMAC-SHA256(key, bsn) for each until one equals
the pseudonym. This script times that loop on one core, in plain Python as anyone would write
it (one-shot ``hmac.digest``, and with the key's HMAC state computed once and copied), and
reads OpenSSL's own SHA-256 speed to estimate what compiled code does (two compression-function
calls per BSN once the key's pads are hashed). Figures: medians of several runs.

    python benchmarks/bench_bruteforce.py [--bsns 1000000] [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import hmac
import re
import secrets
import statistics
import subprocess
import time
from collections.abc import Iterator

from common import machine

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)
#: Valid BSNs: 9 digits (leading zeros allowed) whose weighted sum is a positive multiple of 11;
#: counted exactly over all 10^8 eight-digit prefixes (one check digit each, or none).
ALL_VALID = 90_909_061


def valid_bsns(n: int, start: int = 10_000_000) -> Iterator[bytes]:
    """``n`` valid BSNs (ASCII bytes) from the 8-digit prefix ``start`` upward."""
    prefix, made = start, 0
    while made < n:
        digits = f"{prefix:08d}"
        total = sum(int(c) * w for c, w in zip(digits, WEIGHTS, strict=True))
        last = total % 11
        if last != 10 and total - last > 0:
            made += 1
            yield f"{digits}{last}".encode()
        prefix += 1


def one_shot(key: bytes, bsns: list[bytes], target: str) -> int:
    """The loop anyone writes: ``hmac.digest`` per BSN."""
    for i, bsn in enumerate(bsns):
        if hmac.digest(key, bsn, "sha256").hex() == target:
            return i
    return -1


def copied_state(key: bytes, bsns: list[bytes], target: str) -> int:
    """The key's padded state hashed once and copied per BSN."""
    base = hmac.new(key, digestmod="sha256")
    want = bytes.fromhex(target)
    for i, bsn in enumerate(bsns):
        h = base.copy()
        h.update(bsn)
        if h.digest() == want:
            return i
    return -1


def openssl_sha256_per_second() -> float | None:
    """SHA-256 of 16-byte blocks per second on one core, from ``openssl speed``."""
    try:
        out = subprocess.run(
            ["openssl", "speed", "-seconds", "3", "-bytes", "16", "-evp", "sha256"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    # the last line: "sha256   12345.67k" (thousands of bytes per second for 16-byte blocks)
    match = re.search(r"^sha256\s+([\d.]+)k", out, re.MULTILINE)
    return float(match.group(1)) * 1000 / 16 if match else None


def main() -> None:
    """Time the loops and print the rates, the full-space estimates and the machine."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bsns", type=int, default=1_000_000, help="BSNs per timed run")
    parser.add_argument("--runs", type=int, default=5, help="runs per loop (median)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 100,000 BSNs, one run")
    args = parser.parse_args()
    if args.quick:
        args.bsns, args.runs = 100_000, 1
    print(f"machine: {machine()}")
    key = secrets.token_hex(32).encode()
    t0 = time.perf_counter()
    bsns = list(valid_bsns(args.bsns))
    enum_s = time.perf_counter() - t0
    print(f"enumerating {len(bsns):,} valid BSNs (elfproef): {enum_s:.2f} s (untimed below)")
    target = hmac.digest(key, bsns[-1], "sha256").hex()  # the worst case: the last one
    for name, loop in (("hmac.digest per BSN", one_shot), ("copied HMAC state", copied_state)):
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            assert loop(key, bsns, target) == len(bsns) - 1
            times.append(time.perf_counter() - t0)
        rate = len(bsns) / statistics.median(times)
        print(
            f"{name}: {rate:,.0f} BSNs/s per core (median of {args.runs}); "
            f"all ~{ALL_VALID / 1e6:.0f} M valid BSNs: {ALL_VALID / rate / 60:.1f} min on one core"
        )
    sha = openssl_sha256_per_second()
    if sha:
        rate = sha / 2  # inner and outer compression per BSN once the pads are hashed
        print(
            f"compiled (OpenSSL SHA-256, 16-byte blocks, {sha:,.0f}/s): about {rate:,.0f} BSNs/s "
            f"per core; all valid BSNs: {ALL_VALID / rate:.0f} s (an estimate)"
        )


if __name__ == "__main__":
    main()
