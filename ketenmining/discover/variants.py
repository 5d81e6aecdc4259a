"""The most frequent routes (variants): tables (markdown, csv, json) and a compact picture.

Only published variants (seen in at least k clients) are listed one by one;
the rest is one "other routes" row. Shares are of all traces (routes).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from ketenmining.discover.labels import Labels, fmt_int, fmt_share, wrap
from ketenmining.discover.maps import FONT, GREY, esc, org_colours, small
from ketenmining.discover.suppress import Published
from ketenmining.safetext import CsvWriter, markdown

#: Longest route drawn step by step in the picture; longer ones end in "… +n".
MAX_STEPS_DRAWN = 24
CELL_W, CELL_H = 118, 52
#: Characters per line of a step's name in a cell (12 pt type in a cell of CELL_W points).
CELL_CHARS = 14
#: The picture lists this many routes (the tables list --top); the rest are one "other" row.
PICTURE_ROUTES = 10
#: Steps per line in the picture: a longer route goes on in a second line, so it fits A4.
STEPS_PER_LINE = 8


def variant_rows(pub: Published, labels: Labels) -> list[dict[str, Any]]:
    """One dict per listed variant plus the "other routes" row (if any)."""
    total = pub.total_traces
    rows: list[dict[str, Any]] = []
    for i, v in enumerate(pub.variants, start=1):
        rows.append(
            {
                "rank": i,
                "traces": v.traces,
                "cases": v.cases,
                "share": round(v.traces / total, 6) if total else 0.0,
                "length": len(v.activities),
                "activities": list(v.activities),
                "route": " → ".join(labels.activity(a) for a in v.activities),
            }
        )
    if pub.other.variants:
        rows.append(
            {
                "rank": None,
                "traces": pub.other.traces,
                "cases": pub.other.cases,
                "share": round(pub.other.traces / total, 6) if total else 0.0,
                "length": None,
                "activities": [],
                "route": f"{labels.text('other_variants')} ({fmt_int(pub.other.variants, labels.lang)})",
                "variants": pub.other.variants,
                "suppressed_variants": pub.other.suppressed,
            }
        )
    return rows


def variants_markdown(pub: Published, labels: Labels) -> str:
    """The variant table as Markdown."""
    lang = labels.lang
    head = labels.text("variants_head")
    lines = [f"# {labels.text('variants_title')}", "", head, "|---:|---:|---:|---:|---:|---|"]
    for r in variant_rows(pub, labels):
        lines.append(
            f"| {r['rank'] or ''} | {fmt_int(r['traces'], lang)} | {fmt_int(r['cases'], lang)} | "
            f"{fmt_share(r['traces'], pub.total_traces, lang)} | {r['length'] or ''} | {markdown(r['route'])} |"
        )
    lines += ["", _note(pub, labels), ""]
    return "\n".join(lines)


def _note(pub: Published, labels: Labels) -> str:
    if pub.k > 1:
        return labels.text(
            "suppressed_variants", k=pub.k, n=fmt_int(pub.other.suppressed, labels.lang)
        )
    return labels.text("no_suppression")


def variants_csv(pub: Published, labels: Labels) -> str:
    """The variant table as CSV (one row per variant, activities joined by ' → ')."""
    buf = io.StringIO()
    writer = CsvWriter(buf, lineterminator="\n")
    writer.writerow(["rank", "traces", "cases", "share", "length", "route", "activities"])
    for r in variant_rows(pub, labels):
        writer.writerow(
            [
                r["rank"] or "",
                r["traces"],
                r["cases"],
                r["share"],
                r["length"] or "",
                r["route"],
                "|".join(r["activities"]),
            ]
        )
    return buf.getvalue()


def cell_lines(text: str, width: int = CELL_CHARS) -> list[str]:
    """The lines of a step's name in a variants cell: words wrap at ``width`` characters, and
    a longer word is cut into equal pieces, each on a line of its own, so it stays inside."""
    lines: list[str] = []
    for part in wrap(text, width):
        if len(part) <= width:
            lines.append(part)
            continue
        pieces = -(-len(part) // width)
        size = -(-len(part) // pieces)
        lines += [part[i : i + size] for i in range(0, len(part), size)]
    return lines


def variants_picture(
    pub: Published, labels: Labels, routes: int = PICTURE_ROUTES, fitted: bool = False
) -> str:
    """DOT of a compact variant explorer: one row per route, one coloured cell per step.

    ``routes`` routes are drawn one by one, the rest is one "other routes" row;
    ``fitted`` says that the number was cut to what stays legible on A4.
    """
    lang = labels.lang
    colours = org_colours(sorted({o for orgs in pub.activity_orgs.values() for o in orgs}))

    def cell(act: str) -> str:
        orgs = pub.activity_orgs.get(act, {})
        main = max(sorted(orgs), key=lambda o: orgs[o]) if orgs else None
        fill, border = colours.get(main, GREY) if main else GREY
        text = "<BR/>".join(esc(x) for x in cell_lines(labels.activity(act)))
        return (
            f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1" WIDTH="{CELL_W}" HEIGHT="{CELL_H}" '
            f'FIXEDSIZE="TRUE">{small(text, 12, "#000000")}</TD>'
        )

    rows = [
        f'<TR><TD ALIGN="LEFT" COLSPAN="{STEPS_PER_LINE + 3}"><FONT POINT-SIZE="20"><B>'
        f"{esc(labels.text('variants_title'))}</B></FONT></TD></TR>",
        f'<TR><TD ALIGN="LEFT" COLSPAN="{STEPS_PER_LINE + 3}">{small(esc(_note(pub, labels)), 12)}</TD></TR>',
    ]
    listed = [r for r in variant_rows(pub, labels) if r["rank"]]
    shown = listed[:routes]
    if fitted:
        note = labels.text("fitted_routes", n=len(shown))
        rows.append(
            f'<TR><TD ALIGN="LEFT" COLSPAN="{STEPS_PER_LINE + 3}">{small(esc(note), 12)}</TD></TR>'
        )
    rest = pub.total_traces - sum(r["traces"] for r in shown)
    rest_routes = pub.variant_count - len(shown)
    for r in shown:
        share = fmt_share(r["traces"], pub.total_traces, lang)
        count = f"{fmt_int(r['traces'], lang)} ({share})"
        acts = r["activities"][:MAX_STEPS_DRAWN]
        for start in range(0, max(len(acts), 1), STEPS_PER_LINE):
            first = start == 0
            cells = [
                f'<TD ALIGN="RIGHT">{small(str(r["rank"]) + "." if first else "", 12)}</TD>',
                f'<TD ALIGN="RIGHT">{small(esc(count) if first else "↳", 12)}</TD>',
            ]
            cells += [cell(a) for a in acts[start : start + STEPS_PER_LINE]]
            if start + STEPS_PER_LINE >= len(acts) and len(r["activities"]) > MAX_STEPS_DRAWN:
                more = len(r["activities"]) - MAX_STEPS_DRAWN
                cells.append(f"<TD>{small('… +' + str(more), 11)}</TD>")
            rows.append("<TR>" + "".join(cells) + "</TR>")
    if rest > 0 and rest_routes > 0:  # every route below k, and those past the picture, as one row
        share = fmt_share(rest, pub.total_traces, lang)
        text = f"{labels.text('other_variants')} ({fmt_int(rest_routes, lang)})"
        rows.append(
            f'<TR><TD></TD><TD ALIGN="RIGHT">{small(esc(f"{fmt_int(rest, lang)} ({share})"), 12)}</TD>'
            f'<TD ALIGN="LEFT" COLSPAN="{STEPS_PER_LINE}">{small(esc(text), 12)}</TD></TR>'
        )
    table = '<<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"
    return (
        'digraph "variants" {\n'
        f'  graph [fontname="{FONT}", pad=0.3, size="11.0,7.6"];\n'
        f'  node [fontname="{FONT}", shape=plaintext];\n'
        f"  table [label={table}];\n"
        "}\n"
    )


TABLES: dict[str, Callable[[Published, Labels], str]] = {
    "md": variants_markdown,
    "csv": variants_csv,
}
