"""Maps legible in print (issue 16, layout): every label of a printed map is at least 8 pt.

The report prints each map in page-sized tiles; the printed size of a text is
its font size times the tile's scale (printed width / viewBox width) and the
group scale Graphviz applies. Checked on the example protocol's route with
the audit's marks and on the real chain map of a small chain, and against
the printable area of A4 (210 × 297 mm less the report's page margins).
"""

from __future__ import annotations

import re

import pytest

from .chain import PROTOCOL, audit_run, events_table, mondays, regular

PT_PER_MM = 72 / 25.4
#: The report's @page margins: 20 mm top, 18 mm bottom, 16 mm left and right.
PORTRAIT = ((210 - 32) * PT_PER_MM, (297 - 38) * PT_PER_MM)
LANDSCAPE = ((297 - 32) * PT_PER_MM, (210 - 38) * PT_PER_MM)


def _maps() -> dict[str, str]:
    from ketenmining.audit.maps import audit_maps
    from ketenmining.engine import connect, register_events
    from ketenmining.protocol import load_protocol

    ev = []
    for i, d in enumerate(mondays("2024-01-08", 30)):
        ev += regular(f"c{i}", d, ("HA", "SCH", "POL")[i % 3])
    ev.append(("lost", "HA", "melding_gedaan", "2024-03-04"))
    run = audit_run(ev, "2024-12-31")
    con = connect(threads=1)
    register_events(con, events_table(ev))
    return audit_maps(con, load_protocol(PROTOCOL), run.result, "nl")


@pytest.fixture(scope="module")
def maps() -> dict[str, str]:
    return _maps()


def _printed_sizes(tile: str) -> list[float]:
    root = re.search(r"<svg\b[^>]*>", tile).group(0)
    width_pt = float(re.search(r'width="([\d.]+)pt"', root).group(1))
    view_w = float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', root).group(1))
    group = re.search(r'<g id="graph0"[^>]*transform="scale\(([\d.]+)', tile)
    g = float(group.group(1)) if group else 1.0
    return [float(s) * g * width_pt / view_w for s in re.findall(r'font-size="([\d.]+)"', tile)]


@pytest.mark.parametrize("key", ["route", "real"])
def test_every_label_of_a_printed_map_is_at_least_8_pt(maps: dict[str, str], key: str) -> None:
    from ketenmining.formats.svg import print_tiles

    orientation, tiles = print_tiles(maps[key])
    assert tiles
    area = PORTRAIT if orientation == "portrait" else LANDSCAPE
    for tile in tiles:
        sizes = _printed_sizes(tile)
        assert sizes and min(sizes) >= 8.0 - 1e-6, min(sizes)
        root = re.search(r"<svg\b[^>]*>", tile).group(0)
        w = float(re.search(r'width="([\d.]+)pt"', root).group(1))
        h = float(re.search(r'height="([\d.]+)pt"', root).group(1))
        assert w <= area[0] and h <= area[1]


def test_the_tiles_cover_the_whole_map(maps: dict[str, str]) -> None:
    from ketenmining.formats.svg import print_tiles

    svg = maps["route"]
    _, _, width, height = (
        float(v) for v in re.search(r'viewBox="([-\d. ]+)"', svg).group(1).split()
    )
    _, tiles = print_tiles(svg)
    boxes = [
        [float(v) for v in re.search(r'viewBox="([-\d. ]+)"', t).group(1).split()] for t in tiles
    ]
    assert min(b[0] for b in boxes) == 0 and min(b[1] for b in boxes) == 0
    assert max(b[0] + b[2] for b in boxes) == pytest.approx(width, abs=0.05)
    assert max(b[1] + b[3] for b in boxes) == pytest.approx(height, abs=0.05)


def test_the_html_report_prints_the_tiles_and_shows_the_whole_maps_on_screen(
    maps: dict[str, str],
) -> None:
    from ketenmining.formats.svg import print_tiles
    from ketenmining.report.audit_sections import maps_section

    html = maps_section({"maps": maps}, "nl", 10)
    n = len(print_tiles(maps["route"])[1]) + len(print_tiles(maps["real"])[1])
    assert html.count('<figure class="tile') == n > 2
    assert '<div class="maps screen-only">' in html and '<div class="print-only">' in html
    from ketenmining.report.audit_css import CSS

    assert ".screen-only { display: none; }" in CSS and ".print-only { display: none; }" in CSS


def test_every_label_of_a_trend_chart_prints_at_8_pt_or_more() -> None:
    from ketenmining.formats.svg import trend_svg

    trend = [
        {"quarter": f"{2022 + q // 4}-K{q % 4 + 1}", "applicable": 100 + q, "compliance": 0.9}
        for q in range(12)
    ]
    svg = trend_svg(trend, 0.95, "t")
    root = re.search(r"<svg\b[^>]*>", svg).group(0)
    width_pt = float(re.search(r'width="([\d.]+)pt"', root).group(1))
    view_w = float(re.search(r'viewBox="0 0 ([\d.]+)', root).group(1))
    sizes = [float(s) * width_pt / view_w for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert len(sizes) == 12 * 3 + 2 and min(sizes) >= 8.0
    # three years of quarters still fit in a finding's box, so the chart is never shrunk
    assert width_pt <= PORTRAIT[0] - 12 * PT_PER_MM
