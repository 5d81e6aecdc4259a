"""Graphviz (DOT) drawings of published discovery results: activity, organisation, swimlane maps.

Made to be read on a projector and on A4: large sans-serif type, long Dutch
activity names wrapped over lines, nodes coloured by organisation with a
legend, edge thickness by number of cases. Only :class:`Published` results
(after small-cell suppression) are drawn. Functions return DOT text; the
:mod:`~ketenmining.graphviz` module turns it into svg/png/pdf.
"""

from __future__ import annotations

from collections.abc import Callable

from ketenmining.discover.aggregate import Edge, Graph, Key, Node
from ketenmining.discover.labels import Labels, fmt_duration, fmt_int, fmt_share, wrap
from ketenmining.discover.simplify import Simplified, simplify
from ketenmining.discover.style import (
    FONT,
    GREY,
    esc,
    heat,
    ink,
    lines,
    org_colours,
    penwidth,
    small,
    who,
)
from ketenmining.discover.suppress import Published
from ketenmining.safetext import dot_quoted

#: A4 landscape in inches, less the margins: every map is scaled down to fit it.
A4_LANDSCAPE = "11.0,7.6"
#: Organisation maps with at most this many organisations show every one of them.
FEW_ORGS = 12
#: Characters of legend text on one line of the header (about 7 inches at 13 pt), so the
#: legend never makes a map wider than its drawing.
LEGEND_CHARS = 120
#: Characters per line of the header text: longer lines wrap, so the header is never the
#: widest part of a map.
HEADER_CHARS = 90


def _shown(
    simple: Simplified,
    labels: Labels,
    what: str,
    activities: float,
    paths: float,
    fitted: bool = False,
) -> str | None:
    """The "shown: n of m" line of a simplified map (None when it shows everything);
    ``fitted``: the detail was cut to stay legible on A4, which the line then says."""
    if simple.complete and not fitted:
        return None
    text = labels.text(
        "simplified",
        nodes=simple.nodes_shown,
        nodes_total=simple.nodes_total,
        what=labels.text(f"what_{what}"),
        edges=simple.edges_shown,
        edges_total=simple.edges_total,
        share=f"{round(100 * simple.edge_share)} %",
        activities=f"{activities:g}",
        paths=f"{paths:g}",
    )
    return f"{text}\n{labels.text('fitted_a4')}" if fitted else text


def _header(
    title: str,
    pub: Published,
    labels: Labels,
    note: str,
    legend: dict[str, tuple[str, str]],
    shown: str | None = None,
) -> str:
    """The graph label: title, totals, suppression note, legend of organisations."""
    summary = labels.text(
        "summary" if pub.events is not None else "summary_no_events",
        cases=fmt_int(pub.cases, labels.lang),
        traces=fmt_int(pub.traces, labels.lang),
        events=fmt_int(pub.events, labels.lang),
    )
    rows = [
        f'<TR><TD ALIGN="LEFT" COLSPAN="40"><FONT POINT-SIZE="22"><B>{esc(title)}</B></FONT></TD></TR>'
    ]
    info = [summary]
    if pub.coverage < 1:
        share = fmt_share(pub.traces, pub.total_traces, labels.lang)
        info.append(
            labels.text("coverage", kept=fmt_int(pub.kept_variants, labels.lang), share=share)
        )
    if pub.k > 1:
        info.append(
            labels.text("suppressed", k=pub.k, n=fmt_int(pub.suppressed_cells, labels.lang))
        )
    else:
        info.append(labels.text("no_suppression"))
    if shown:
        info.extend(shown.split("\n"))
    info.append(note)
    for line in (part for text in info for part in wrap(text, HEADER_CHARS)):
        rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="40">{small(esc(line), 13)}</TD></TR>')
    if legend:
        cells = []
        legend_texts = []
        for org, (fill, border) in legend.items():
            name = labels.org(org)
            text = name if name == org else f"{name} ({org})"
            legend_texts.append(text)
            cells.append(
                f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1">{small(esc(text), 13, "#000000")}</TD>'
            )
        longest = max(len(c) for c in legend_texts)
        per_row = max(1, min(6, LEGEND_CHARS // (longest + 4)))
        for i in range(0, len(cells), per_row):
            head = small(esc(labels.text("legend")) + ":", 13) if i == 0 else ""
            rows.append("<TR><TD>" + head + "</TD>" + "".join(cells[i : i + per_row]) + "</TR>")
    return '<<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="3">' + "".join(rows) + "</TABLE>>"


def _graph_open(name: str, rankdir: str, header: str) -> list[str]:
    return [
        f'digraph "{name}" {{',
        f'  graph [rankdir={rankdir}, fontname="{FONT}", labelloc=t, labeljust=l, nodesep=0.35, '
        f'ranksep=0.2, pad=0.3, newrank=true, size="{A4_LANDSCAPE}", label={header}];',
        f'  node [fontname="{FONT}", fontsize=15, shape=box, style="rounded,filled", margin="0.15,0.08", penwidth=2];',
        f'  edge [fontname="{FONT}", fontsize=14, color="#666666", arrowsize=0.8];',
    ]


def _start_end(out: list[str], labels: Labels) -> None:
    out.append(
        f'  "__start" [label="{labels.text("start")}", shape=circle, style=filled, fillcolor="#2E7D32", '
        "fontcolor=white, fontsize=13, width=0.8, fixedsize=true, penwidth=1];"
    )
    out.append(
        f'  "__end" [label="{labels.text("end")}", shape=doublecircle, style=filled, fillcolor="#424242", '
        "fontcolor=white, fontsize=13, width=0.75, fixedsize=true, penwidth=1];"
    )
    out.append('  { rank=min; "__start"; }')
    out.append('  { rank=max; "__end"; }')


def boxed(text: str, colour: str = "#222222") -> str:
    """An edge label on a white ground, so the arrow it sits on does not cross it out."""
    inner = "<BR/>".join(esc(part) for part in text.split("\\n"))
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="1" BGCOLOR="white">'
        f'<TR><TD><FONT COLOR="{colour}">{inner}</FONT></TD></TR></TABLE>>'
    )


def _node_id(key: Key) -> str:
    """A node id for inside DOT double quotes (backslashes and quotes escaped)."""
    return dot_quoted("n_" + "__".join(key))


def _count_label(cases: int, events: int | None, labels: Labels, unit: bool = False) -> str:
    """``412`` or ``412 (530×)`` on arrows; with ``unit``: ``412 zaken · 530×`` in nodes."""
    text = fmt_int(cases, labels.lang)
    times = (
        labels.text("times", n=fmt_int(events, labels.lang))
        if events is not None and events != cases
        else ""
    )
    if unit:
        return f"{text} {labels.text('cases')}" + (f" · {times}" if times else "")
    return f"{text} ({times})" if times else text


def _edge_label(e: Edge, view: str, labels: Labels) -> str:
    if view == "performance":
        return f"{fmt_duration(e.median_s, labels.lang)} · p90 {fmt_duration(e.p90_s, labels.lang)}"
    return _count_label(e.cases, e.events, labels)


def _terminal_edges(
    out: list[str],
    nodes: dict[Key, Node],
    most: int,
    labels: Labels,
    index: dict[Key, int] | None = None,
) -> None:
    for key, n in nodes.items():
        start_id = f', id="s{index[key]}"' if index else ""
        end_id = f', id="x{index[key]}"' if index else ""
        if n.start_traces:
            w = penwidth(n.start_cases, most)
            out.append(
                f'  "__start" -> "{_node_id(key)}" [label={boxed(fmt_int(n.start_cases, labels.lang))}, '
                f'penwidth={w}, style=dashed, color="#2E7D32"{start_id}];'
            )
        if n.end_traces:
            w = penwidth(n.end_cases, most)
            out.append(
                f'  "{_node_id(key)}" -> "__end" [label={boxed(fmt_int(n.end_cases, labels.lang))}, '
                f'penwidth={w}, style=dashed, color="#424242"{end_id}];'
            )


def back_edges(graph: Graph, edges: list[Edge]) -> set[tuple[Key, Key]]:
    """Edges that go back in the flow: drawn without layout constraint.

    The nodes are put in one order by a weighted greedy heuristic after Eades,
    Lin and Smyth for a small feedback arc set (sinks to the back, sources to
    the front, else the node whose outgoing cases most outweigh its incoming
    ones, as a ratio, so a busy hub does not jump ahead of its feeders),
    with a virtual start before every start node and a virtual end after
    every end node, weighted by cases. An edge that points backwards in that
    order (a loop, a re-entry, a return) is a back edge, so the busy main flow
    runs one way and loops curve back instead of pulling later steps forward.
    """
    start, end = ("\x00start",), ("\x00end",)
    weight: dict[tuple[Key, Key], int] = {}
    for e in edges:
        if e.source != e.target:
            weight[e.pair] = weight.get(e.pair, 0) + e.cases
    for n in graph.nodes.values():
        if n.start_cases:
            weight[(start, n.key)] = n.start_cases
        if n.end_cases:
            weight[(n.key, end)] = n.end_cases
    remaining = {k for pair in weight for k in pair} | set(graph.nodes) | {start, end}
    out_w: dict[Key, dict[Key, int]] = {}
    in_w: dict[Key, dict[Key, int]] = {}
    for (a, b), w in weight.items():
        out_w.setdefault(a, {})[b] = w
        in_w.setdefault(b, {})[a] = w

    def total(table: dict[Key, dict[Key, int]], k: Key) -> int:
        return sum(w for other, w in table.get(k, {}).items() if other in remaining)

    front: list[Key] = []
    back_part: list[Key] = []
    while remaining:
        moved = True
        while moved:
            moved = False
            for k in sorted(k for k in remaining if total(out_w, k) == 0):
                back_part.insert(0, k)
                remaining.discard(k)
                moved = True
            for k in sorted(k for k in remaining if total(in_w, k) == 0):
                front.append(k)
                remaining.discard(k)
                moved = True
        if remaining:
            k = max(sorted(remaining), key=lambda k: (total(out_w, k) + 1) / (total(in_w, k) + 1))
            front.append(k)
            remaining.discard(k)
    position = {k: i for i, k in enumerate(front + back_part)}
    return {e.pair for e in edges if position[e.target] <= position[e.source]}


def _visible_edges(graph: Graph, min_edge: int) -> list[Edge]:
    return sorted(
        (e for e in graph.edges.values() if e.cases >= min_edge),
        key=lambda e: (e.source, e.target),
    )


def activity_map(
    pub: Published,
    labels: Labels,
    view: str = "frequency",
    min_edge: int = 1,
    activities: float = 1.0,
    paths: float = 1.0,
    durations: dict[str, float] | None = None,
    element_ids: bool = False,
    fitted: bool = False,
) -> str:
    """DOT of the activity map (directly-follows graph) in the ``frequency`` or ``performance`` view.

    With ``element_ids`` every node, arrow and start/end arrow gets an ``id``
    (``n3``, ``e7``, ``s3``, ``x3``: positions in key order) for the
    interactive map to address them.

    ``activities``/``paths`` simplify the map (:func:`~ketenmining.discover.simplify.simplify`);
    ``durations`` (activity → median seconds from start to complete) are shown in the nodes;
    ``fitted`` says on the map that the detail was cut to stay legible on A4.
    Node size grows with the number of cases; the legend lists every organisation named.
    """
    simple = simplify(pub.graphs["activity"], activities, paths)
    graph = simple.graph
    durations = durations or {}
    colours = org_colours(sorted({o for orgs in pub.activity_orgs.values() for o in orgs}))
    busiest = max([n.cases for n in graph.nodes.values()] + [1])
    index = {key: i for i, key in enumerate(sorted(graph.nodes))}
    note = labels.text("edge_note_perf" if view == "performance" else "edge_note_freq")
    title = f"{labels.text('activity_map')} — {labels.text(f'view.{view}')}"
    used: dict[str, tuple[str, str]] = {}
    body: list[str] = []
    _start_end(body, labels)
    for key, n in sorted(graph.nodes.items()):
        act = key[0]
        orgs = pub.activity_orgs.get(act, {})
        main = max(sorted(orgs), key=lambda o: orgs[o]) if orgs else None
        fill, border = colours.get(main, GREY) if main else GREY
        named = sorted(orgs, key=lambda o: (-orgs[o], o))[:3]
        for o in named:
            used[o] = colours.get(o, GREY)
        performers = who(orgs)
        sub = _count_label(n.cases, n.events, labels, unit=True)
        if performers:
            sub = f"{esc(performers)} · {sub}"
        if act in durations:
            sub += f" · {labels.text('duration')} {fmt_duration(durations[act], labels.lang)}"
        size = 14 + round(6 * (n.cases / busiest) ** 0.5)  # bigger type for busier steps
        label = f"<{lines(labels.activity(act), 24)}<BR/>{small(sub, 13)}>"
        ident = f', id="n{index[key]}"' if element_ids else ""
        body.append(
            f'  "{_node_id(key)}" [label={label}, fillcolor="{fill}", color="{border}", '
            f"fontsize={size}, penwidth={1 + round(3 * n.cases / busiest, 1)}{ident}];"
        )
    edges = _visible_edges(graph, min_edge)
    most = max([e.cases for e in edges] + [n.start_cases for n in graph.nodes.values()] + [1])
    medians = [e.median_s for e in edges if e.median_s is not None]
    shortest, longest = (min(medians), max(medians)) if medians else (0.0, 0.0)
    _terminal_edges(body, graph.nodes, most, labels, index if element_ids else None)
    back = back_edges(graph, edges)
    for j, e in enumerate(edges):
        free = ", constraint=false" if e.pair in back else ""
        if element_ids:
            free += f', id="e{j}"'
        colour = (
            heat(e.median_s, shortest, longest) if view == "performance" else ink(e.cases, most)
        )
        body.append(
            f'  "{_node_id(e.source)}" -> "{_node_id(e.target)}" [label={boxed(_edge_label(e, view, labels), colour if view == "performance" else "#222222")}{free}, '
            f'penwidth={penwidth(e.cases, most)}, color="{colour}", fontcolor="{colour if view == "performance" else "#222222"}"];'
        )
    legend = dict(sorted(used.items()))
    shown = _shown(simple, labels, "activities", activities, paths, fitted)
    return (
        "\n".join(
            [
                *_graph_open(
                    "activity_map", "TB", _header(title, pub, labels, note, legend, shown)
                ),
                *body,
                "}",
            ]
        )
        + "\n"
    )


def _org_edge_label(e: Edge, labels: Labels, k: int) -> str:
    lang = labels.lang
    if e.source == e.target:
        return (
            f"{labels.text('inside')}: {labels.text('times', n=fmt_int(e.events, lang))}\\n"
            f"{labels.text('median')} {fmt_duration(e.median_s, lang)}"
        )
    parts = [
        f"{fmt_int(e.cases, lang)} {labels.text('cases')}",
        f"{fmt_duration(e.median_s, lang)} / p90 {fmt_duration(e.p90_s, lang)}",
    ]
    if e.return_cases is None:
        parts.append(f"{labels.text('back')} {labels.text('fewer_than', k=k)}")
    elif e.return_cases:
        parts.append(f"{labels.text('back')} {fmt_share(e.return_cases, e.cases, lang)}")
    return "\\n".join(parts)


def org_map(
    pub: Published,
    labels: Labels,
    min_edge: int = 1,
    activities: float = 1.0,
    paths: float = 1.0,
    fitted: bool = False,
) -> str:
    """DOT of the organisation map: handovers between organisations, seam waits, returns.

    ``activities`` keeps the busiest organisations — only on maps of more than
    :data:`FEW_ORGS` organisations, so a chain's partners are all drawn — and
    ``paths`` the busiest handovers.
    """
    if len(pub.graphs["org"].nodes) <= FEW_ORGS:
        activities = 1.0
    simple = simplify(pub.graphs["org"], activities, paths)
    graph = simple.graph
    colours = org_colours([key[0] for key in graph.nodes])
    body: list[str] = []
    _start_end(body, labels)
    for key, n in sorted(graph.nodes.items()):
        org = key[0]
        fill, border = colours[org]
        name = labels.org(org)
        head = lines(name, 22) + (f"<BR/>{small('(' + esc(org) + ')', 13)}" if name != org else "")
        sub = small(_count_label(n.cases, n.events, labels, unit=True), 13)
        body.append(
            f'  "{_node_id(key)}" [label=<{head}<BR/>{sub}>, fillcolor="{fill}", color="{border}", '
            'fontsize=17, margin="0.25,0.12"];'
        )
    edges = _visible_edges(graph, min_edge)
    most = max([e.cases for e in edges] + [n.start_cases for n in graph.nodes.values()] + [1])
    _terminal_edges(body, graph.nodes, most, labels)
    for e in edges:
        loop = e.source == e.target
        colour = "#999999" if loop else "#B03A2E"
        body.append(
            f'  "{_node_id(e.source)}" -> "{_node_id(e.target)}" [label={boxed(_org_edge_label(e, labels, pub.k))}, '
            f'penwidth={penwidth(e.cases, most)}, color="{colour}", fontcolor="#222222"{", style=dashed" if loop else ""}];'
        )
    legend: dict[str, tuple[str, str]] = {}
    shown = _shown(simple, labels, "orgs", activities, paths, fitted)
    header = _header(labels.text("org_map"), pub, labels, labels.text("org_note"), legend, shown)
    return "\n".join([*_graph_open("org_map", "LR", header), *body, "}"]) + "\n"


def swimlane_map(
    pub: Published,
    labels: Labels,
    min_edge: int = 1,
    activities: float = 1.0,
    paths: float = 1.0,
    fitted: bool = False,
) -> str:
    """DOT of the swimlane map: a cluster per organisation; arrows between clusters are seams."""
    simple = simplify(pub.graphs["swimlane"], activities, paths)
    graph = simple.graph
    orgs = sorted({key[0] for key in graph.nodes})
    colours = org_colours(orgs)
    body: list[str] = []
    _start_end(body, labels)
    for org in orgs:
        fill, border = colours[org]
        name = labels.org(org)
        title = esc(name if name == org else f"{name} ({org})")
        body.append(f'  subgraph "{dot_quoted("cluster_" + org)}" {{')
        body.append(
            f'    graph [label=<<B>{title}</B>>, fontsize=17, style="rounded,filled", fillcolor="{fill}", '
            f'color="{border}", penwidth=2, labeljust=l, margin=14];'
        )
        for key, n in sorted(graph.nodes.items()):
            if key[0] != org:
                continue
            sub = small(_count_label(n.cases, n.events, labels, unit=True), 13)
            body.append(
                f'    "{_node_id(key)}" [label=<{lines(labels.activity(key[1]))}<BR/>{sub}>, '
                f'fillcolor="white", color="{border}"];'
            )
        body.append("  }")
    edges = _visible_edges(graph, min_edge)
    most = max([e.cases for e in edges] + [n.start_cases for n in graph.nodes.values()] + [1])
    _terminal_edges(body, graph.nodes, most, labels)
    back = back_edges(graph, edges)
    for e in edges:
        free = ", constraint=false" if e.pair in back else ""
        seam = e.source[0] != e.target[0]
        colour = "#B03A2E" if seam else ink(e.cases, most)
        body.append(
            f'  "{_node_id(e.source)}" -> "{_node_id(e.target)}" [label={boxed(_count_label(e.cases, e.events, labels))}{free}, '
            f'penwidth={penwidth(e.cases, most)}, color="{colour}"];'
        )
    shown = _shown(simple, labels, "activities", activities, paths, fitted)
    header = _header(labels.text("swimlane_map"), pub, labels, labels.text("swim_note"), {}, shown)
    return "\n".join([*_graph_open("swimlane_map", "LR", header), *body, "}"]) + "\n"


MAPS: dict[str, Callable[..., str]] = {
    "activity": activity_map,
    "org": org_map,
    "swimlane": swimlane_map,
}
