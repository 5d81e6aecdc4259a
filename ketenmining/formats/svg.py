"""Inline SVG for self-contained reports: clean up map SVGs, draw small trend charts.

Maps come from Graphviz as standalone SVG files; to embed them in HTML the
XML declaration, DOCTYPE and comments go, and so does anything that could
reach the network or run code (scripts, event handlers, external links).
"""

from __future__ import annotations

import html
import math
import re

_DROP = [
    re.compile(r"<\?xml[^>]*\?>", re.S),
    re.compile(r"<!DOCTYPE[^>]*>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<script\b.*?</script\s*>", re.S | re.I),
    re.compile(r"<foreignObject\b.*?</foreignObject\s*>", re.S | re.I),
]
_EVENT_ATTR = re.compile(r"\s+on[a-z]+\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
_EXTERNAL = re.compile(
    r"\s+(?:xlink:)?href\s*=\s*(\"(?:https?:|//|javascript:)[^\"]*\"|'(?:https?:|//|javascript:)[^']*')",
    re.I,
)


def inline_svg(text: str | None) -> str | None:
    """An SVG document made safe and fit to inline in HTML (None stays None)."""
    if not text:
        return None
    for pattern in _DROP:
        text = pattern.sub("", text)
    text = _EVENT_ATTR.sub("", text)
    text = _EXTERNAL.sub("", text)
    return text.strip()


#: Printed size of one unit of a trend chart, in pt; with its 7.5-unit texts every label is 8 pt+.
TREND_PT_PER_UNIT = 1.1


def trend_svg(
    trend: list[dict[str, object]], norm: float | None, label: str, quarter_label: object = str
) -> str:
    """A small bar chart of compliance per quarter with the norm as a dashed line.

    Under every bar stand its quarter and its number of judged cases
    (``n=…``): a trend is never shown without its denominator.
    """
    points = [t for t in trend if t.get("compliance") is not None]
    if len(points) < 2:
        return ""
    bar, gap, height, top, bottom = 22, 9, 46, 10, 22
    width = len(points) * (bar + gap) + 40
    y = lambda v: top + (1 - float(v)) * height  # noqa: E731
    # sized in pt (TREND_PT_PER_UNIT a unit): its texts (7.5 units) print at 8.25 pt
    size = f'width="{width * TREND_PT_PER_UNIT:.1f}pt" '
    size += f'height="{(top + height + bottom) * TREND_PT_PER_UNIT:.1f}pt"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} '
        f'viewBox="0 0 {width} {top + height + bottom}" role="img" aria-label="{html.escape(label)}">'
    ]
    for i, t in enumerate(points):
        x = 30 + i * (bar + gap)
        v = float(t["compliance"])  # type: ignore[arg-type]
        below = norm is not None and v < norm - 1e-9
        colour = "#9b1c1c" if below else "#64748b"
        parts.append(
            f'<rect x="{x}" y="{y(v):.1f}" width="{bar}" height="{top + height - y(v):.1f}" '
            f'fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{x + bar / 2}" y="{top + height + 10}" font-size="7.5" text-anchor="middle" '
            f'fill="#333">{html.escape(str(quarter_label(t["quarter"])))}</text>'  # type: ignore[operator]
        )
        n = t.get("applicable")
        if n is not None:
            parts.append(
                f'<text x="{x + bar / 2}" y="{top + height + 19}" font-size="7.5" '
                f'text-anchor="middle" fill="#555">n={html.escape(str(n))}</text>'
            )
        inside = v > 0.25
        parts.append(
            f'<text x="{x + bar / 2}" y="{y(v) + 8 if inside else y(v) - 2:.1f}" font-size="7.5" '
            f'text-anchor="middle" fill="{"#fff" if inside else "#333"}">{round(v * 100)}</text>'
        )
    parts.append(f'<text x="0" y="{top + 4}" font-size="7.5" fill="#555">100%</text>')
    parts.append(f'<text x="0" y="{top + height}" font-size="7.5" fill="#555">0%</text>')
    if norm is not None:
        parts.append(
            f'<line x1="28" x2="{width - 4}" y1="{y(norm):.1f}" y2="{y(norm):.1f}" '
            f'stroke="#111" stroke-width="1" stroke-dasharray="3 2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


#: Printable area of an A4 page for one map tile, in pt (margins and a caption taken off).
PRINT_AREAS = {"portrait": (500.0, 600.0), "landscape": (745.0, 440.0)}


def smallest_font(svg: str) -> float:
    """The smallest text size of a Graphviz SVG in its viewBox units (group scale applied)."""
    sizes = [float(x) for x in re.findall(r'font-size="([\d.]+)"', svg)]
    scale = re.search(r'<g id="graph0"[^>]*transform="scale\(([\d.]+)', svg)
    return min(sizes or [10.0]) * (float(scale.group(1)) if scale else 1.0)


def print_tiles(svg: str | None, min_pt: float = 8.0) -> tuple[str, list[str]]:
    """The map cut into page-sized tiles in which the smallest label prints at ``min_pt``.

    Returns the orientation (``portrait`` or ``landscape``, whichever needs
    fewer pages) and the tiles: each the same drawing with its ``viewBox``
    cropped and its size in pt, so that a text of the smallest size is
    ``min_pt`` points on paper. Neighbouring tiles overlap, so a label cut at
    one tile's edge is whole on the next. A map that fits on one page at that
    size is one tile.
    """
    if not svg:
        return "portrait", []
    root = re.search(r"<svg\b[^>]*>", svg)
    box = re.search(r'viewBox="([-\d. ]+)"', root.group(0)) if root else None
    if root is None or box is None:
        return "portrait", [svg]
    x0, y0, width, height = (float(v) for v in box.group(1).split())
    scale = min_pt / smallest_font(svg)  # pt per viewBox unit

    def count(area: tuple[float, float]) -> tuple[int, int]:
        return (
            math.ceil(width * scale / area[0] - 1e-9),
            math.ceil(height * scale / area[1] - 1e-9),
        )

    best = min(PRINT_AREAS, key=lambda k: (count(PRINT_AREAS[k])[0] * count(PRINT_AREAS[k])[1], k))
    area = PRINT_AREAS[best]
    cols, rows = count(area)
    if cols * rows == 1:  # fits: as large as the page allows
        scale = min(area[0] / width, area[1] / height)
    tile_w, tile_h = min(width, area[0] / scale), min(height, area[1] / scale)
    body = svg[root.end() :]
    tiles = []
    for r in range(rows):
        for c in range(cols):
            x = x0 + (c * (width - tile_w) / (cols - 1) if cols > 1 else 0.0)
            y = y0 + (r * (height - tile_h) / (rows - 1) if rows > 1 else 0.0)
            tag = re.sub(r'\s(width|height|viewBox)="[^"]*"', "", root.group(0))
            size = f'width="{tile_w * scale:.1f}pt" height="{tile_h * scale:.1f}pt"'
            view = f'viewBox="{x:.2f} {y:.2f} {tile_w:.2f} {tile_h:.2f}"'
            tiles.append(tag.replace("<svg", f"<svg {size} {view}", 1) + body)
    return best, tiles
