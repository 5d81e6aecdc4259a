"""The smallest label of each map when its picture is printed on A4, in points.

Reads the Graphviz SVGs ``discover`` wrote (``*.svg`` under the folders
given), takes each text's font size times the drawing's scale, and scales
the page to fit A4 (landscape or portrait, whichever prints it larger).
A label below 8 pt at A4 is hard to read on paper.

    python benchmarks/map_labels.py kaarten/sepsis kaarten/bpic2012 kaarten/example
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

A4_PT = (842.0, 595.0)  # 297 × 210 mm
LEGIBLE_PT = 8.0


def smallest_label_at_a4(svg: str) -> tuple[float, int]:
    """(the smallest font size at A4 in pt, the number of labels) of one Graphviz SVG."""
    page = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if page is None:
        raise ValueError("not a Graphviz SVG (no width/height in pt)")
    w, h = float(page.group(1)), float(page.group(2))
    scale = re.search(r'<g id="graph0" class="graph" transform="scale\(([\d.]+)', svg)
    drawn = float(scale.group(1)) if scale else 1.0
    sizes = [float(x) for x in re.findall(r'<text[^>]*font-size="([\d.]+)"', svg)]
    fit = max(min(A4_PT[0] / w, A4_PT[1] / h), min(A4_PT[1] / w, A4_PT[0] / h))
    return (min(sizes) * drawn * fit if sizes else 0.0), len(sizes)


def main() -> None:
    print("| map | labels | smallest label at A4 | legible (≥ 8 pt) |")
    print("|---|---:|---:|---|")
    for folder in sys.argv[1:]:
        for path in sorted(Path(folder).glob("*.svg")):
            size, n = smallest_label_at_a4(path.read_text(encoding="utf-8"))
            ok = "yes" if size >= LEGIBLE_PT else "**no**"
            print(f"| {path.parent.name}/{path.name} | {n} | {size:.1f} pt | {ok} |")


if __name__ == "__main__":
    main()
