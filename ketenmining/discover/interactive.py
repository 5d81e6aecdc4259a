"""The interactive activity map: one self-contained HTML file (``discover --format html``).

Graphviz lays out the whole published activity map once (every activity and
arrow that k lets through, nothing else); the page holds that SVG, the
figures of every node and arrow as JSON, and a small script of our own
(``interactive-map.html`` is a Jinja2 template with autoescaping) that
pans and zooms, hides activities and arrows with two coverage sliders (the
same rule as :mod:`ketenmining.discover.simplify`), switches between the
frequency and the performance view, and shows counts and waiting times on
hover. No network, no CDN, no library: the file opens offline in any browser.
"""

from __future__ import annotations

import re
from typing import Any

from ketenmining.discover.aggregate import Key
from ketenmining.discover.labels import Labels, fmt_duration, fmt_int
from ketenmining.discover.style import heat, ink, penwidth
from ketenmining.discover.suppress import Published
from ketenmining.texts import table, tr


def _svg(dot_text: str) -> str:
    """The SVG of ``dot_text`` without the XML prolog (it goes inside HTML) and page fitting."""
    from ketenmining.graphviz import render_bytes

    unscaled = re.sub(r'size="[0-9.]+,[0-9.]+", ', "", dot_text, count=1)
    svg = render_bytes(unscaled, "svg").decode("utf-8")
    return svg[svg.index("<svg") :]


def map_data(
    pub: Published, labels: Labels, durations: dict[str, float], min_edge: int = 1
) -> dict[str, Any]:
    """Every published figure of the activity map, keyed by the element ids of the SVG."""
    from ketenmining.discover.maps import _edge_label, _visible_edges

    graph = pub.graphs["activity"]
    lang = labels.lang
    keys = sorted(graph.nodes)
    index: dict[Key, int] = {k: i for i, k in enumerate(keys)}
    edges = _visible_edges(graph, min_edge)
    most = max([e.cases for e in edges] + [n.start_cases for n in graph.nodes.values()] + [1])
    medians = [e.median_s for e in edges if e.median_s is not None]
    shortest, longest = (min(medians), max(medians)) if medians else (0.0, 0.0)
    nodes = []
    for k in keys:
        n = graph.nodes[k]
        nodes.append(
            {
                "id": f"n{index[k]}",
                "label": labels.activity(k[0]),
                "cases": n.cases,
                "cases_text": fmt_int(n.cases, lang),
                "events_text": None if n.events is None else fmt_int(n.events, lang),
                "start": n.start_cases,
                "end": n.end_cases,
                "start_text": fmt_int(n.start_cases, lang),
                "end_text": fmt_int(n.end_cases, lang),
                "duration": fmt_duration(durations[k[0]], lang) if k[0] in durations else None,
            }
        )
    arrows = []
    for j, e in enumerate(edges):
        arrows.append(
            {
                "id": f"e{j}",
                "source": index[e.source],
                "target": index[e.target],
                "cases": e.cases,
                "cases_text": fmt_int(e.cases, lang),
                "events_text": None if e.events is None else fmt_int(e.events, lang),
                "median": fmt_duration(e.median_s, lang),
                "p90": fmt_duration(e.p90_s, lang),
                "frequency": _edge_label(e, "frequency", labels),
                "performance": _edge_label(e, "performance", labels),
                "ink": ink(e.cases, most),
                "heat": heat(e.median_s, shortest, longest),
                "width": penwidth(e.cases, most),
            }
        )
    return {"k": pub.k, "nodes": nodes, "edges": arrows}


def interactive_map(
    pub: Published,
    labels: Labels,
    durations: dict[str, float] | None = None,
    activities: float = 0.9,
    paths: float = 0.5,
    min_edge: int = 1,
) -> str:
    """The self-contained HTML page of the activity map (sliders start at the given shares)."""
    from importlib.resources import files

    import jinja2
    from markupsafe import Markup

    from ketenmining.discover.maps import activity_map

    durations = durations or {}
    dot_text = activity_map(
        pub, labels, "frequency", min_edge, durations=durations, element_ids=True
    )
    texts = table("discover.interactive.", labels.lang)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    source = files("ketenmining.discover").joinpath("interactive-map.html").read_text("utf-8")
    return env.from_string(source).render(
        lang=labels.lang,
        texts=texts,
        privacy=tr("discover.interactive.privacy", labels.lang, k=pub.k)
        if pub.k > 1
        else texts["no_privacy"],
        svg=Markup(_svg(dot_text)),  # Graphviz's own SVG: every label was escaped in maps.py
        data=map_data(pub, labels, durations, min_edge),
        activities=activities,
        paths=paths,
    )
