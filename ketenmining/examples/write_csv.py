"""CSV exports: the GPs (semicolons, UTF-8 with BOM, ``dd-mm-jjjj HH:MM``) and Toegang (cp1252).

* ``huisartsen.csv``: ``Patientnummer;Naam;BSN;Actie;Datum``; about 30 % of the
  BSNs are written with dots (``1234.56.789``); ``Naam`` is a fake name that
  the chain config does not map.
* ``toegang-tilburg.csv``: comma-separated, Windows-1252, timestamps
  ``%Y-%m-%d %H:%M:%S`` written one hour late (Toegang's clock skew), a team
  name with an en dash and a diaeresis, ``Uren`` with a decimal comma.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ketenmining.examples.identities import dotted, fake_name
from ketenmining.examples.rows import FLAG_VARIANT, ExportContext, Rows, strftime
from ketenmining.examples.sources import (
    ACTIVITIES,
    HA,
    PILOT,
    REGULAR,
    TT,
    TT_HOURS,
    TT_SKEW_MINUTES,
    tt_team,
)

HA_HEADER = ("Patientnummer", "Naam", "BSN", "Actie", "Datum")
TT_HEADER = ("Clientnummer", "BSN", "Activiteit", "Datum en tijd", "Werkwijze", "Team", "Uren")


def write_csv(
    path: Path,
    header: Sequence[str],
    chunks: Iterable[list[tuple[str, ...]]],
    *,
    delimiter: str,
    encoding: str,
) -> None:
    """Write a header and chunks of rows as CSV (CRLF line ends, minimal quoting)."""
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        for chunk in chunks:
            writer.writerows(chunk)


def _huisartsen(rows: Rows, ctx: ExportContext) -> Iterator[list[tuple[str, ...]]]:
    names = ACTIVITIES[HA]
    for a, b in rows.chunks():
        times = strftime(rows.ts[a:b], "%d-%m-%Y %H:%M")
        out = []
        for i, child, act, flag in zip(
            range(b - a),
            rows.child[a:b].tolist(),
            rows.act[a:b].tolist(),
            rows.flag[a:b].tolist(),
            strict=True,
        ):
            bsn = ctx.bsn(child, flag)
            if flag == FLAG_VARIANT:
                bsn = dotted(bsn)
            out.append((ctx.dossier("HA", child), fake_name(child), bsn, names[act], times[i]))
        yield out


def _toegang(rows: Rows, ctx: ExportContext) -> Iterator[list[tuple[str, ...]]]:
    names = ACTIVITIES[TT]
    for a, b in rows.chunks():
        times = strftime(rows.ts[a:b] + TT_SKEW_MINUTES, "%Y-%m-%d %H:%M:%S")
        out = []
        for i, child, act, aux in zip(
            range(b - a),
            rows.child[a:b].tolist(),
            rows.act[a:b].tolist(),
            rows.aux[a:b].tolist(),
            strict=True,
        ):
            out.append(
                (
                    ctx.dossier("TT", child),
                    ctx.bsn(child, 0),
                    names[act],
                    times[i],
                    PILOT if aux else REGULAR,
                    tt_team(child),
                    TT_HOURS[act],
                )
            )
        yield out


def write_huisartsen(path: Path, rows: Rows, ctx: ExportContext) -> None:
    """Write the GP export (semicolon CSV, UTF-8 with BOM)."""
    write_csv(path, HA_HEADER, _huisartsen(rows, ctx), delimiter=";", encoding="utf-8-sig")


def write_toegang(path: Path, rows: Rows, ctx: ExportContext) -> None:
    """Write the Toegang export (comma CSV, cp1252, clock one hour late)."""
    write_csv(path, TT_HEADER, _toegang(rows, ctx), delimiter=",", encoding="cp1252")
