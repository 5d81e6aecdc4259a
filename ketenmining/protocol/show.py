"""Draw the agreed route for people: swimlanes, handovers, deadlines (``protocol show``).

The route's process tree becomes a flow chart read top to bottom (or left to
right with ``direction="LR"``): every organisation gets its own swimlane (roles such as MELDER have one lane),
steps sit in the lane of the organisation responsible for them (joint
steps name all their organisations), diamonds mark parallel
work (+); several arrows leaving a step mean a choice, a dashed arrow
skips an optional part. Handovers between organisations are thick orange arrows; deadlines
from the rules are written on the arrows (or, when the two steps are not
next to each other, on a dotted blue arrow between them); step durations
are written under the step. Labels are Dutch or English (``lang``). Font
sizes are chosen for a projector and A4.

The drawing is Graphviz DOT, rendered with the ``dot`` program to svg, png
(150 dpi), pdf, or written as .dot.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from ketenmining.errors import KetenError
from ketenmining.fsutil import atomic_path
from ketenmining.graphviz import render_bytes
from ketenmining.i18n import localised
from ketenmining.protocol.model import Protocol, RouteNode
from ketenmining.safetext import dot_quoted, one_line
from ketenmining.texts import tr

FONT = "Helvetica"
WRAP = 16
HANDOVER = "#d35400"
DEADLINE = "#1f4e9c"
LANE_FILLS = ("#eef4fb", "#f3f8ee", "#fbf3ea", "#f4eefa", "#eef8f7", "#faf0f0", "#f6f6ea")


def _h(text: str) -> str:
    return html.escape(one_line(text), quote=True)


def _q(text: str) -> str:
    """A DOT double-quoted string (newlines become centred line breaks)."""
    body = "\\n".join(dot_quoted(part) for part in text.split("\n"))
    return f'"{body}"'


ALERT = "#c0392b"
GOOD = "#1e8449"


@dataclass
class Overlay:
    """What an audit found, drawn onto the agreed route.

    ``step_notes``: a line under a step (e.g. how often it was skipped);
    ``alert_steps``: steps drawn with a red border; ``rule_notes``: per rule
    id a text added to its deadline label and whether the rule was met;
    ``handover_notes``: per handover step a text added to its handover arrow
    and whether the seam is in order.
    """

    step_notes: dict[str, str] = field(default_factory=dict)
    alert_steps: set[str] = field(default_factory=set)
    rule_notes: dict[str, tuple[str, bool]] = field(default_factory=dict)
    handover_notes: dict[str, tuple[str, bool]] = field(default_factory=dict)


class _Drawing:
    """Builds the DOT text of one route."""

    def __init__(
        self, proto: Protocol, lang: str, direction: str = "TB", overlay: Overlay | None = None
    ) -> None:
        self.proto = proto
        self.lang = lang
        self.direction = direction
        self.overlay = overlay or Overlay()
        self.lanes: dict[str, list[str]] = {}
        self.nodes: list[str] = []
        self.edges: list[tuple[str, str, dict[str, str]]] = []
        self.first: dict[str, str] = {}  # step id -> node id of its first occurrence
        self.node_step: dict[str, str] = {}
        self.count = 0

    def new_id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def lane_of(self, step_id: str) -> str:
        step = self.proto.steps[step_id]
        return step.by[0] if step.by else "?"

    def gateway(self, symbol: str) -> str:
        """A small diamond marking the start or end of parallel work."""
        gid = self.new_id("g")
        self.nodes.append(
            f'{gid} [shape=diamond, label="{symbol}", width=0.5, height=0.5, fixedsize=true, '
            f'fontsize=20, style=filled, fillcolor="#ffffff", color="#555555"]'
        )
        return gid

    def edge(self, a: str, b: str, **attrs: str) -> None:
        self.edges.append((a, b, attrs))

    def build(self, node: RouteNode) -> tuple[list[str], list[tuple[str, bool]], bool]:
        """Draw ``node``: (entry nodes, exit nodes with a 'bypass' flag, can be skipped)."""
        if node.kind == "step":
            nid = self._step(node.step or "")
            return [nid], [(nid, False)], False
        if node.kind == "sequence":
            ins: list[str] = []
            prev: list[tuple[str, bool]] = []
            nullable = True
            for child in node.children:
                cins, couts, cnull = self.build(child)
                self.connect(prev, cins)
                if nullable:
                    ins += cins
                prev = [(o, True) for o, _ in prev] + couts if cnull else couts
                nullable = nullable and cnull
            return ins, prev, nullable
        if node.kind in ("choice", "optional"):
            ins, outs, nullable = [], [], node.kind == "optional"
            for child in node.children:
                cins, couts, cnull = self.build(child)
                ins += cins
                outs += couts
                nullable = nullable or cnull
            return ins, outs, nullable
        if node.kind == "loop":
            cins, couts, cnull = self.build(node.children[0])
            for o, _ in couts:
                for i in cins:
                    self.edge(
                        o,
                        i,
                        label=tr("protocol.show.repeat", self.lang),
                        style="dashed",
                        fontsize="13",
                        constraint="false",
                    )
            return cins, couts, cnull
        split, join = self.gateway("+"), self.gateway("+")
        for child in node.children:
            cins, couts, cnull = self.build(child)
            self.connect([(split, False)], cins)
            self.connect(couts, [join])
            if cnull:
                self.edge(split, join, style="dashed")
        return [split], [(join, False)], False

    def connect(self, outs: list[tuple[str, bool]], ins: list[str]) -> None:
        """Arrows from every exit to every entry; arrows that skip an optional part are dashed."""
        for o, bypass in outs:
            for i in ins:
                if any(e[0] == o and e[1] == i for e in self.edges):
                    continue
                if bypass:
                    self.edge(
                        o,
                        i,
                        label=tr("protocol.show.skip", self.lang),
                        style="dashed",
                        fontsize="13",
                    )
                else:
                    self.edge(o, i)

    def _step(self, sid: str) -> str:
        nid = self.new_id("s")
        step = self.proto.steps[sid]
        self.first.setdefault(sid, nid)
        self.node_step[nid] = sid
        label = "\n".join(textwrap.wrap(step.text(self.lang), WRAP, break_long_words=False)) or sid
        if len(step.by) > 1:
            label += f"\n({tr('protocol.show.joint', self.lang)}: {' + '.join(step.by)})"
        extra = self._durations(sid)
        if extra:
            label += "\n" + extra
        note = self.overlay.step_notes.get(sid)
        if note:
            label += "\n" + note
        style = 'shape=box, style="rounded,filled", fillcolor="#ffffff"'
        if step.handover_to:
            style = f'shape=box, style="rounded,filled,bold", fillcolor="#fff3e6", color="{HANDOVER}", penwidth=3'
        elif step.milestone:
            style = 'shape=box, style="rounded,filled,bold", fillcolor="#e9f7ef", color="#1e8449", penwidth=2'
        if sid in self.overlay.alert_steps:
            style += f', color="{ALERT}", penwidth=4, fontcolor="{ALERT}"'
        self.lanes.setdefault(self.lane_of(sid), []).append(f"{nid} [label={_q(label)}, {style}]")
        return nid

    def _durations(self, sid: str) -> str:
        parts = []
        for rule in self.proto.rules:
            if rule.kind == "duration" and rule.step == sid and not rule.window.empty:
                parts.append(
                    f"{tr('protocol.show.duration', self.lang)} {rule.window.text(self.lang)}\n({rule.id})"
                )
        return "\n".join(parts)

    def deadlines(self) -> None:
        """Put each rule's window on the arrow between its two steps."""
        for rule in self.proto.rules:
            if rule.window.empty:
                continue
            pair = None
            if rule.kind in ("response", "precedence", "succession", "chain_response"):
                pair = (rule.source, rule.target)
            elif rule.kind == "handover" and rule.pickup:
                pair = (rule.step, rule.pickup)
            elif rule.kind == "duration" and rule.source:
                pair = (rule.source, rule.target)
            if not pair or pair[0] not in self.first or pair[1] not in self.first:
                continue
            a, b = self.first[pair[0]], self.first[pair[1]]
            text = f"{rule.window.text(self.lang)}\n({rule.id})"
            note = self.overlay.rule_notes.get(rule.id)
            colour = DEADLINE
            if note:
                text += "\n" + note[0]
                colour = GOOD if note[1] else ALERT
            direct = next((e for e in self.edges if e[0] == a and e[1] == b), None)
            if direct is not None:
                attrs = direct[2]
                attrs["label"] = (attrs["label"] + "\n" if "label" in attrs else "") + text
                attrs["fontcolor"] = colour
            else:
                self.edge(
                    a,
                    b,
                    label=text,
                    style="dotted",
                    color=colour,
                    fontcolor=colour,
                    constraint="false",
                    penwidth="2",
                )

    def handovers(self) -> None:
        """Emphasise arrows that leave a handover step or cross to another lane."""
        for a, b, attrs in self.edges:
            sa, sb = self.node_step.get(a), self.node_step.get(b)
            if attrs.get("constraint") == "false" or attrs.get("style") == "dashed":
                continue
            step = self.proto.steps.get(sa or "")
            crosses = sa and sb and self.lane_of(sa) != self.lane_of(sb)
            if (step and step.handover_to) or crosses:
                attrs.update(color=HANDOVER, penwidth="3.5", arrowsize="1.3")
                if step and step.handover_to:
                    org = self.proto.organisations.get(step.handover_to)
                    text = tr(
                        "protocol.show.handover",
                        self.lang,
                        org=org.text(self.lang) if org else step.handover_to,
                    )
                    note = self.overlay.handover_notes.get(step.id)
                    if note:
                        text += "\n" + note[0]
                        if not note[1]:
                            attrs.update(color=ALERT, fontcolor=ALERT)
                    attrs["label"] = text + ("\n" + attrs["label"] if "label" in attrs else "")
                    attrs.setdefault("fontcolor", HANDOVER)

    def dot(self) -> str:
        proto, lang = self.proto, self.lang
        start, end = self.new_id("start"), self.new_id("end")
        ins, outs, nullable = self.build(proto.route)  # type: ignore[arg-type]
        self.connect([(start, False)], ins)
        self.connect([(o, False) for o, _ in outs], [end])
        if nullable:
            self.edge(start, end, style="dashed")
        self.deadlines()
        self.handovers()
        title = localised(proto.title, proto.title_en, lang)
        lines = [
            "digraph route {",
            f'  graph [rankdir={self.direction}, fontname="{FONT}", fontsize=24, labelloc=t, nodesep=0.3, ranksep=0.4, '
            f"newrank=true, pad=0.3, label=<<b>{_h(title or proto.id)}</b>  ({_h(proto.ref)})"
            f'<br/><font point-size="15">{_h(tr("protocol.show.legend", lang))}</font>>];',
            f'  node [fontname="{FONT}", fontsize=18, margin="0.18,0.10"];',
            f'  edge [fontname="{FONT}", fontsize=16, color="#444444", penwidth=1.6];',
            f'  {start} [shape=circle, label="{tr("protocol.show.start", lang)}", fontsize=13, width=0.8, style=filled, fillcolor="#ffffff"];',
            f'  {end} [shape=doublecircle, label="{tr("protocol.show.end", lang)}", fontsize=13, width=0.7, style=filled, fillcolor="#ffffff"];',
        ]
        lines.extend(f"  {n};" for n in self.nodes)
        for i, (code, members) in enumerate(self.lanes.items()):
            org = proto.organisations.get(code)
            name = org.text(lang) if org else code
            lines.append(f"  subgraph cluster_{i} {{")
            lines.append(
                f'    label=<<b>{_h(f"{name} ({code})")}</b>>; labeljust=l; fontsize=22; fontname="{FONT}"; '
                f'style="filled,rounded"; fillcolor="{LANE_FILLS[i % len(LANE_FILLS)]}"; color="#9aa5b1"; penwidth=1.5;'
            )
            lines.extend(f"    {m};" for m in members)
            lines.append("  }")
        for a, b, attrs in self.edges:
            body = ", ".join(f"{k}={_q(v)}" for k, v in attrs.items())
            lines.append(f"  {a} -> {b}" + (f" [{body}];" if body else ";"))
        lines.append("}")
        return "\n".join(lines) + "\n"


DIRECTIONS = ("TB", "LR")


def route_dot(
    proto: Protocol, lang: str = "nl", direction: str = "TB", overlay: Overlay | None = None
) -> str:
    """The DOT text of the route drawing; ``direction`` TB (lanes as columns) or LR (as rows).

    With an ``overlay`` the audit's findings are drawn onto the route.
    """
    if proto.route is None:
        raise KetenError(
            "the protocol has no route to draw", hint="resolve a BPMN/PNML route first"
        )
    return _Drawing(proto, lang, direction, overlay).dot()


#: Resolution of PNG route drawings (they are tall: 150 dpi keeps the labels sharp).
ROUTE_DPI = 150


def render_route(
    proto: Protocol, output: str | Path, fmt: str, lang: str = "nl", direction: str = "TB"
) -> Path:
    """Write the route drawing to ``output`` in ``fmt`` (svg, png, pdf or dot), atomically."""
    text = route_dot(proto, lang, direction)
    output = Path(output)
    data = render_bytes(text, fmt, dpi=ROUTE_DPI)
    with atomic_path(output) as tmp:
        tmp.write_bytes(data)
    return output


def route_svg(proto: Protocol, lang: str = "nl", overlay: Overlay | None = None) -> str:
    """The route drawing as SVG text (for embedding in a report)."""
    return render_bytes(route_dot(proto, lang, "TB", overlay), "svg").decode("utf-8")
