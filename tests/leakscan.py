"""A leak scanner for test outputs: every byte of every file, for raw ids and BSN-shaped numbers.

Files are read as bytes (Latin-1, so no byte is lost) and, where a format hides text, decoded
as well: gzip members, zip members (XLSX), Parquet (every row and the schema metadata) and the
text chunks of PNG files (tEXt, zTXt, iTXt). Two kinds of hit are reported: a raw identifier
from a given set (found as words, word groups and digit runs, as :func:`support.find_identifiers`
does), and any number shaped like a BSN (9 digits, or 9 digits in groups split by dots or spaces)
that passes the elfproef, outside hexadecimal pseudonyms and hashes.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from support import find_identifiers

from ketenmining.privacy.pseudonym import elfproef

#: 9 digits, or dotted or spaced as people write BSNs (one separator throughout), not inside a
#: longer number or a decimal.
BSN_SHAPED = re.compile(
    r"(?<![\d.,])(?:\d{9}|\d{4}(?P<a>[. ])\d{2}(?P=a)\d{3}|\d{3}(?P<b>[. ])\d{3}(?P=b)\d{3})"
    r"(?![\d]|[.,]\d)"
)
#: SVG attributes that hold geometry (lists of coordinates), blanked before an SVG is scanned.
_GEOMETRY = re.compile(r'\s(?:d|points|transform|viewBox|x|y|width|height)="[^"]*"')
#: Hexadecimal runs (pseudonyms, hashes, key fingerprints): digits inside them are not numbers.
HEX_RUN = re.compile(r"[0-9a-fA-F]{12,}")


def texts_of(path: Path) -> Iterator[tuple[str, str]]:
    """``(part, text)`` for a file: its raw bytes, and the text its format hides, decoded."""
    data = path.read_bytes()
    text = data.decode("latin-1")
    if path.suffix == ".svg":  # path data and coordinates are geometry, never text
        text = _GEOMETRY.sub(" ", text)
    yield "bytes", text
    yield from _decoded(path.name, data)


def _decoded(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    if data[:2] == b"\x1f\x8b":
        inner = gzip.decompress(data)
        yield "gzip", inner.decode("utf-8", errors="replace")
        yield from _decoded(name.removesuffix(".gz"), inner)
    elif data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for member in zf.namelist():
                inner = zf.read(member)
                yield f"zip:{member}", inner.decode("utf-8", errors="replace")
    elif data[:4] == b"PAR1":
        import pyarrow.parquet as pq

        table = pq.read_table(io.BytesIO(data))
        yield "parquet rows", json.dumps(table.to_pylist(), default=str, ensure_ascii=False)
        for k, v in (table.schema.metadata or {}).items():
            yield (
                "parquet metadata",
                k.decode("utf-8", "replace") + "\n" + v.decode("utf-8", "replace"),
            )
        yield "parquet schema", str(table.schema)
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        yield from _png_texts(data)


def _png_texts(data: bytes) -> Iterator[tuple[str, str]]:
    pos = 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"tEXt":
            yield "png tEXt", body.replace(b"\0", b"\n").decode("latin-1")
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            yield (
                "png zTXt",
                key.decode("latin-1") + "\n" + zlib.decompress(rest[1:]).decode("latin-1"),
            )
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _lang, _, rest = rest.partition(b"\0")
            _tkey, _, text = rest.partition(b"\0")
            text = zlib.decompress(text) if compressed else text
            yield "png iTXt", key.decode("latin-1") + "\n" + text.decode("utf-8", "replace")


def without_hex(text: str) -> str:
    """``text`` with hexadecimal runs (pseudonyms, hashes, key fingerprints) blanked: a dossier
    number is found in a digit run, and random hex holds random digit runs."""
    return HEX_RUN.sub(lambda m: " " if re.search(r"[a-fA-F]", m.group()) else m.group(), text)


def bsn_shaped(text: str) -> list[str]:
    """BSN-shaped numbers in ``text`` that pass the elfproef, outside hexadecimal runs."""
    hex_spans = [m.span() for m in HEX_RUN.finditer(text) if re.search(r"[a-fA-F]", m.group())]
    hits = []
    for m in BSN_SHAPED.finditer(text):
        digits = re.sub(r"[. ]", "", m.group())
        if not elfproef(digits):
            continue
        if any(a <= m.start() and m.end() <= b for a, b in hex_spans):
            continue
        hits.append(m.group())
    return hits


@dataclass
class Scan:
    """What a scan looked at and what it found."""

    files: int = 0
    bytes: int = 0
    hits: dict[str, list[str]] = field(default_factory=dict)

    def add(self, label: str, text: str, raw: set[str], secrets: tuple[str, ...] = ()) -> None:
        """Scan one text (an output file's part, or captured stdout/stderr)."""
        found = find_identifiers(without_hex(text), raw) + bsn_shaped(text)
        found += [f"key {s[:6]}…" for s in secrets if s in text]
        if found:
            self.hits.setdefault(label, []).extend(sorted(set(found))[:5])

    def folder(self, root: Path, raw: set[str], secrets: tuple[str, ...] = ()) -> None:
        """Scan every file under ``root``, recursively."""
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            self.files += 1
            self.bytes += path.stat().st_size
            for part, text in texts_of(path):
                self.add(f"{path.relative_to(root)} ({part})", text, raw, secrets)
