"""XLSX export of the schools: sheet ``Zorgsignalen`` with real Excel datetimes.

Columns ``Leerlingnummer``, ``Leerling`` (fake name, not mapped),
``Burgerservicenummer`` (about 40 % written as a *number*, so a leading zero
is lost, as happens when someone retypes the column in Excel), ``Gebeurtenis``,
``Tijdstip`` (an Excel datetime, local time) and ``School`` (not mapped). The
sheet also holds internal "Overleg zorgteam ..." rows that the config ignores.

openpyxl stamps the save time into the file (ZIP entry times and
``docProps/core.xml``); :func:`freeze_zip` rewrites both to a fixed moment so
the same seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from ketenmining.examples.identities import fake_name
from ketenmining.examples.rows import FLAG_VARIANT, ExportContext, Rows
from ketenmining.examples.sources import ACTIVITIES, SCH, SCHOOLS

SHEET = "Zorgsignalen"
HEADER = ("Leerlingnummer", "Leerling", "Burgerservicenummer", "Gebeurtenis", "Tijdstip", "School")
FIXED_MOMENT = dt.datetime(2025, 1, 1, 0, 0, 0)
_EPOCH = dt.datetime(1970, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def write_scholen(path: Path, rows: Rows, ctx: ExportContext) -> None:
    """Write the schools export (XLSX, one sheet, write-only mode for large exports)."""
    from openpyxl import Workbook

    if len(rows) >= 1_048_575:
        raise ValueError("too many school rows for one XLSX sheet; generate fewer children")
    names = ACTIVITIES[SCH]
    wb = Workbook(write_only=True)
    wb.properties.creator = "ketenmining voorbeeldgenerator"
    wb.properties.lastModifiedBy = "ketenmining voorbeeldgenerator"
    wb.properties.title = "Zorgsignalen (synthetisch voorbeeld)"
    wb.properties.created = FIXED_MOMENT
    ws = wb.create_sheet(SHEET)
    ws.append(list(HEADER))
    for child, ts, act, flag in zip(
        rows.child.tolist(), rows.ts.tolist(), rows.act.tolist(), rows.flag.tolist(), strict=True
    ):
        text = ctx.bsn(child, flag)
        bsn: str | int | None = text or None
        if flag == FLAG_VARIANT and text:
            bsn = int(text)
        ws.append(
            [
                ctx.dossier("SCH", child),
                fake_name(child),
                bsn,
                names[act],
                _EPOCH + dt.timedelta(minutes=ts),
                SCHOOLS[child % len(SCHOOLS)],
            ]
        )
    wb.save(path)
    freeze_zip(path)


def freeze_zip(path: Path) -> None:
    """Rewrite an XLSX (ZIP) with fixed entry times and a fixed ``modified`` property."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(
                    rb"\g<1>" + FIXED_MOMENT.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_MOMENT.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            zout.writestr(fixed, data)
