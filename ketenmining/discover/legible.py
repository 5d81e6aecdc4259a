"""Maps that can be read on paper: the least detail that is cut so every label prints at 8 pt on A4.

A map is drawn, laid out by Graphviz and shrunk to the A4 page (landscape
or portrait, and for the organisation and swimlane maps the flow direction)
where it is largest. Its smallest type then prints at the smallest font size
in the DOT text times that shrink factor. When that is below
:data:`LEGIBLE_PT`, the map is drawn again with less detail — first fewer
paths, then fewer activities (:func:`detail_ladder`; for the variants
picture fewer routes) — and the first step of the ladder that prints
legibly is kept (a layout per step tried). The caller says
on the map and in its output what was left out and how to get everything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Smallest type that reads on paper, in points at A4.
LEGIBLE_PT = 8.0
_FONT_SIZES = re.compile(r'(?:fontsize=|POINT-SIZE=")([0-9]+(?:\.[0-9]+)?)')
#: Path shares tried below the asked one, then activity shares (with the last path share).
PATH_STEPS = (0.4, 0.3, 0.2, 0.1, 0.05)
ACTIVITY_STEPS = (0.8, 0.7, 0.6, 0.5, 0.4, 0.3)
#: Routes tried for the variants picture, most first.
ROUTE_STEPS = (10, 8, 6, 5, 4, 3, 2, 1)


def smallest_font(dot_text: str) -> float:
    """The smallest font size (pt) set anywhere in ``dot_text`` (14, Graphviz's default, if none)."""
    sizes = [float(x) for x in _FONT_SIZES.findall(dot_text)]
    return min(sizes) if sizes else 14.0


@dataclass(frozen=True)
class Fitted:
    """A map on its A4 page: the DOT text, the ladder step used and its smallest printed type."""

    text: str
    step: int
    printed_pt: float

    @property
    def legible(self) -> bool:
        """True when every label prints at :data:`LEGIBLE_PT` or more."""
        return self.printed_pt >= LEGIBLE_PT - 1e-6

    @property
    def reduced(self) -> bool:
        """True when detail was left out to make the map legible."""
        return self.step > 0


def on_a4(dot_text: str, flows: Sequence[str]) -> tuple[float, str]:
    """(smallest printed type in pt, the text fitted to its best A4 page and flow)."""
    from ketenmining.graphviz import fit_a4_scale

    scale, fitted = fit_a4_scale(dot_text, flows)
    return smallest_font(dot_text) * scale, fitted


def fit_legible(build: Callable[[int], str], steps: int, flows: Sequence[str]) -> Fitted:
    """The first of ``steps`` ladder steps (``build(i)`` is the DOT of step ``i``, less
    detail as ``i`` grows) whose map prints legibly at A4; when none does, the step
    that prints largest.

    Most maps are legible as asked (one layout). Otherwise the steps are tried in
    order — legibility does not always rise along the ladder (fewer paths can
    leave the layout as tall as before), so bisection could skip a step that fits;
    a step that draws the same DOT text as the one before is not laid out again.
    """
    tried: list[Fitted] = []
    texts: dict[str, Fitted] = {}
    for i in range(max(1, steps)):
        text = build(i)
        seen = texts.get(text)
        if seen is None:
            pt, fitted = on_a4(text, flows)
            seen = texts[text] = Fitted(fitted, i, pt)
        found = Fitted(seen.text, i, seen.printed_pt)
        if found.legible:
            return found
        tried.append(found)
    return max(tried, key=lambda f: (f.printed_pt, -f.step))


def detail_ladder(activities: float, paths: float) -> list[tuple[float, float]]:
    """(activities, paths) shares from the asked ones down: fewer paths, then fewer activities."""
    steps = [(activities, paths)]
    steps += [(activities, p) for p in PATH_STEPS if p < paths]
    last = steps[-1][1]
    steps += [(a, last) for a in ACTIVITY_STEPS if a < activities]
    return steps


def route_ladder(routes: int) -> list[int]:
    """Numbers of routes for the variants picture, from ``routes`` down to one."""
    return [routes] + [r for r in ROUTE_STEPS if r < routes]
