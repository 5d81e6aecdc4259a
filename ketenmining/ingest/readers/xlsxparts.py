"""The parts of an XLSX workbook the reader needs: sheets, shared strings, date styles.

An XLSX file is a zip of XML parts (ECMA-376). This module finds a sheet's
part by name or position, loads the shared-string table and tells which
cell styles are date formats, all with the same hardened lxml settings as
the XES reader (no DTD, no entities, no network) and with a cap on how far
a part may decompress (zip bombs).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError
from ketenmining.ingest.readers.common import listed, where
from ketenmining.ingest.readers.xes import PARSER_OPTIONS, prolog_problem

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
#: Built-in number formats that show a date and/or time (ECMA-376 18.8.30).
_BUILTIN_DATES = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57}
_MAX_RATIO = 200  # uncompressed / compressed size of one part
_MAX_PART = 4 << 30
_PROLOG_LIMIT = 1 << 16
_BROKEN_HINT = "open it in Excel and save it again as .xlsx, or export the sheet as CSV"


@dataclass(frozen=True)
class Workbook:
    """What is needed to read one sheet."""

    archive: zipfile.ZipFile
    sheet_part: str
    strings: list[str]
    date_styles: frozenset[int]
    epoch_1904: bool


def broken(path: Path, exc: Exception | str) -> KetenError:
    """The error for a workbook that cannot be read."""
    what = exc if isinstance(exc, str) else type(exc).__name__
    return KetenError(
        f"not a readable XLSX workbook ({what})", hint=_BROKEN_HINT, where=where(path)
    )


def _check_size(path: Path, info: zipfile.ZipInfo) -> None:
    if info.file_size > _MAX_PART or info.file_size > _MAX_RATIO * max(info.compress_size, 1024):
        raise broken(path, f"part {info.filename} would decompress to {info.file_size} bytes")


def open_part(path: Path, archive: zipfile.ZipFile, name: str) -> Any:
    """A stream of one XML part of the zip: size-checked, and refused when it declares a DTD."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise broken(path, f"part {name} missing") from None
    _check_size(path, info)
    with archive.open(info) as fh:
        head = fh.read(_PROLOG_LIMIT)
    problem = prolog_problem(head, complete=len(head) < _PROLOG_LIMIT)
    if problem:
        raise KetenError(
            f"unsafe XLSX: part {name}: {problem}", hint=_BROKEN_HINT, where=where(path)
        )
    return archive.open(info)


def _parse(path: Path, archive: zipfile.ZipFile, name: str) -> Any:
    from lxml import etree

    with open_part(path, archive, name) as fh:
        return etree.parse(fh, etree.XMLParser(**PARSER_OPTIONS)).getroot()


def _sheet_part(path: Path, archive: zipfile.ZipFile, sheet: str | int | None) -> str:
    book = _parse(path, archive, "xl/workbook.xml")
    sheets = [
        (s.get("name"), s.get(f"{{{_REL_NS}}}id") or s.get(f"{{{_STRICT_REL_NS}}}id"))
        for s in book.iterfind(".//{*}sheets/{*}sheet")
    ]
    if not sheets:
        raise broken(path, "no sheets")
    names = [n for n, _ in sheets]
    if sheet is None:
        chosen = sheets[0]
    elif isinstance(sheet, int) and 0 <= sheet < len(sheets):
        chosen = sheets[sheet]
    elif isinstance(sheet, str) and sheet in names:
        chosen = sheets[names.index(sheet)]
    else:
        raise KetenError(
            f"sheet {sheet!r} not found; sheets: {listed(names)}",
            hint="set sheet: to a sheet name or a 0-based number in the source options",
            where=where(path),
        )
    rels = _parse(path, archive, "xl/_rels/workbook.xml.rels")
    for rel in rels.iterfind("{*}Relationship"):
        if rel.get("Id") == chosen[1]:
            target = rel.get("Target") or ""
            return (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
    raise broken(path, f"sheet {chosen[0]!r} has no part")


def _strings(path: Path, archive: zipfile.ZipFile) -> list[str]:
    from lxml import etree

    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    out: list[str] = []
    with open_part(path, archive, "xl/sharedStrings.xml") as fh:
        for _, si in etree.iterparse(fh, events=("end",), tag="{*}si", **PARSER_OPTIONS):
            # plain <t>, or rich-text runs <r><t>; phonetic hints (<rPh>) are not part of the text
            out.append(
                "".join(
                    t.text or ""
                    for t in si.iter("{*}t")
                    if t.getparent().tag.split("}")[-1] != "rPh"
                )
            )
            si.clear()
    return out


def is_date_format(code: str) -> bool:
    """True when an Excel number format shows a date or time."""
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.split(";")[0])
    return bool(re.search(r"[dmyhs]", code, re.IGNORECASE)) and "General" not in code


def _date_styles(path: Path, archive: zipfile.ZipFile) -> frozenset[int]:
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    styles = _parse(path, archive, "xl/styles.xml")
    custom = {
        int(f.get("numFmtId", -1)): f.get("formatCode", "")
        for f in styles.iterfind("{*}numFmts/{*}numFmt")
    }
    dates = set()
    for i, xf in enumerate(styles.iterfind("{*}cellXfs/{*}xf")):
        fmt = int(xf.get("numFmtId", 0))
        if fmt in _BUILTIN_DATES or (fmt in custom and is_date_format(custom[fmt])):
            dates.add(i)
    return frozenset(dates)


def open_workbook(path: Path, sheet: str | int | None) -> Workbook:
    """Open ``path`` and find ``sheet``; the caller closes ``archive``."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise broken(path, exc) from None
    try:
        part = _sheet_part(path, archive, sheet)
        book = _parse(path, archive, "xl/workbook.xml")
        pr = book.find("{*}workbookPr")
        epoch_1904 = pr is not None and pr.get("date1904") in ("1", "true")
        return Workbook(
            archive, part, _strings(path, archive), _date_styles(path, archive), epoch_1904
        )
    except KetenError:
        archive.close()
        raise
    except Exception as exc:  # XML errors, bad zip members: all mean "not a usable workbook"
        archive.close()
        raise broken(path, exc) from None
