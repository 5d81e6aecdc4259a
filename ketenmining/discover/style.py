"""Drawing style shared by all maps: font, organisation colours, line weights, small texts.

Colours are colour-blind friendly, fixed for the chain's own organisation codes
(so VT is always orange, TT always blue) and taken from a palette for others.
"""

from __future__ import annotations

import itertools
import math

from ketenmining.discover.labels import wrap
from ketenmining.safetext import html_label

FONT = "Arial"
#: Fixed colours for the chain's organisations (fill, border), colour-blind friendly.
CHAIN_COLOURS: dict[str, tuple[str, str]] = {
    "VT": ("#FCE1C4", "#D55E00"),
    "TT": ("#CDE6F5", "#0072B2"),
    "RvdK": ("#E6D3EC", "#8E44AD"),
    "HA": ("#D4EFE3", "#009E73"),
    "SCH": ("#FBF3C2", "#B59B00"),
    "POL": ("#D6DBF0", "#2C3E8F"),
    "JGZ": ("#F8D5E5", "#CC79A7"),
    "GI": ("#EADBCF", "#8B5A2B"),
    "JH": ("#D0EEEE", "#138D8D"),
}
PALETTE: list[tuple[str, str]] = [
    ("#CDE6F5", "#0072B2"),
    ("#FCE1C4", "#D55E00"),
    ("#D4EFE3", "#009E73"),
    ("#E6D3EC", "#8E44AD"),
    ("#FBF3C2", "#B59B00"),
    ("#F8D5E5", "#CC79A7"),
    ("#D0EEEE", "#138D8D"),
    ("#EADBCF", "#8B5A2B"),
    ("#D6DBF0", "#2C3E8F"),
    ("#E2F0CB", "#5B8C00"),
    ("#F5D0C5", "#B03A2E"),
    ("#E0E0E0", "#555555"),
]
GREY = ("#EEEEEE", "#777777")


def org_colours(orgs: list[str]) -> dict[str, tuple[str, str]]:
    """A (fill, border) colour per organisation: fixed for chain codes, a palette for others."""
    out: dict[str, tuple[str, str]] = {}
    free = [c for c in PALETTE if c not in CHAIN_COLOURS.values()] + list(PALETTE)
    i = 0
    for org in sorted(orgs):
        if org in CHAIN_COLOURS:
            out[org] = CHAIN_COLOURS[org]
        else:
            out[org] = free[i] if i < len(free) else GREY
            i += 1
    return out


def esc(text: str) -> str:
    """Escape text for a Graphviz HTML-like label (control characters replaced too)."""
    return html_label(text)


def lines(text: str, width: int = 20, bold: bool = True) -> str:
    parts = [esc(line) for line in wrap(text, width)]
    inner = "<BR/>".join(parts)
    return f"<B>{inner}</B>" if bold else inner


def small(text: str, size: int = 12, colour: str = "#333333") -> str:
    if not text:
        return ""  # Graphviz refuses an empty <FONT>
    return f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{text}</FONT>'


def penwidth(cases: int, most: int) -> float:
    return round(1.0 + 7.0 * math.sqrt(cases / most), 2) if most else 1.0


def ink(cases: int, most: int) -> str:
    """Grey for rare edges, near black for the main flow: the eye follows the heavy routes."""
    t = math.sqrt(cases / most) if most else 1.0
    level = round(190 - 150 * t)
    return f"#{level:02X}{level:02X}{level:02X}"


def who(orgs: dict[str, int], most: int = 3) -> str:
    ranked = sorted(orgs, key=lambda o: (-orgs[o], o))
    text = " / ".join(ranked[:most])
    return text + (f" +{len(ranked) - most}" if len(ranked) > most else "")


def heat(seconds: float | None, shortest: float, longest: float) -> str:
    """Grey for the shortest median waits, through orange to red for the longest (log scale)."""
    if seconds is None or longest <= shortest:
        return "#888888"
    lo, hi = math.log1p(max(shortest, 0)), math.log1p(longest)
    t = min(1.0, max(0.0, (math.log1p(max(seconds, 0)) - lo) / (hi - lo)))
    stops = [(0.0, (150, 150, 150)), (0.5, (230, 126, 34)), (1.0, (192, 57, 43))]
    for (t0, c0), (t1, c1) in itertools.pairwise(stops):
        if t <= t1:
            f = (t - t0) / (t1 - t0) if t1 > t0 else 0
            rgb = [round(a + (b - a) * f) for a, b in zip(c0, c1, strict=True)]
            return "#" + "".join(f"{v:02X}" for v in rgb)
    return "#C0392B"
