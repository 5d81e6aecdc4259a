"""The two maps of the audit report: the agreed route with the deviations on it, and the real chain.

The agreed route is the protocol's own drawing (swimlanes per organisation)
with the audit's evidence written onto it: steps that were skipped or done
by the wrong organisation in red, every deadline with its compliance against
the norm (green when met, red when not), and every handover with its lost
and late pickups. The real chain is the organisation map discovered from the
log (who hands cases to whom, how often and how long it takes).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ketenmining.texts import has, tr


def _pct(x: float) -> str:
    return f"{x:.0%}"


def missing_steps(deviations: Any) -> Counter[str]:
    """Per protocol step, the cases in which it is missing: one definition for map and findings.

    A step is missing in a case when the route alignment skipped it, or when a
    handover that should have led to it was never picked up (``lost_handover``
    with that step as ``expected``). The second covers running cases too: their
    prefix alignment leaves a step that may still come unskipped, but a pick-up
    whose deadline has passed is missing — as the finding and the seam table say.
    """
    import json

    cases: dict[str, set[tuple[str, int]]] = {}
    for row in deviations.select(["case_id", "episode", "kind", "step", "detail"]).to_pylist():
        step = row["step"]
        if row["kind"] == "lost_handover":
            step = (json.loads(row["detail"] or "{}") or {}).get("expected")
        elif row["kind"] != "skipped":
            continue
        if step:
            cases.setdefault(step, set()).add((row["case_id"], row["episode"]))
    return Counter({step: len(ids) for step, ids in cases.items()})


def route_overlay(protocol: Any, result: Any, lang: str) -> Any:
    """The audit's evidence as an :class:`~ketenmining.protocol.show.Overlay` of the route."""
    from ketenmining.protocol.show import Overlay

    overlay = Overlay()
    cases = max(1, result.cases.num_rows)
    skipped = missing_steps(result.deviations)
    kinds = result.deviations.column("kind").to_pylist()
    steps = result.deviations.column("step").to_pylist()
    wrong = Counter(s for k, s in zip(kinds, steps, strict=True) if k == "wrong_org")
    for step in protocol.steps:
        notes = []
        if skipped.get(step):
            notes.append(
                tr("audit.maps.skipped", lang, n=skipped[step], share=_pct(skipped[step] / cases))
            )
        if wrong.get(step):
            notes.append(tr("audit.maps.wrong_org", lang, n=wrong[step]))
        if notes:
            overlay.step_notes[step] = "\n".join(notes)
            overlay.alert_steps.add(step)
    for row in result.rule_summary.to_pylist():
        if row["compliance"] is None:
            continue
        overlay.rule_notes[row["rule_id"]] = (
            tr(
                "audit.maps.compliance", lang, share=_pct(row["compliance"]), norm=_pct(row["norm"])
            ),
            bool(row["met"]),
        )
    seams = result.seams.to_pylist()
    for step in protocol.handover_steps():
        responsible = set(protocol.expand(step.by[0])) if step.by else set()
        rows = [
            s for s in seams if s["from_org"] in responsible and s["to_org"] == step.handover_to
        ]
        lost = sum(s["lost"] for s in rows)
        late = sum(s["late"] for s in rows)
        if rows:
            overlay.handover_notes[step.id] = (
                tr("audit.maps.handover", lang, lost=lost, late=late),
                lost == 0 and late == 0,
            )
    return overlay


def raise_fonts(svg: str, smallest: float) -> str:
    """Texts of the route drawing below ``smallest`` (start, end, "skip") raised to it.

    The report prints the map in tiles at which its smallest text is 8 pt; a
    few small texts would otherwise double the number of pages.
    """
    import re

    def bump(m: re.Match[str]) -> str:
        return f'font-size="{max(float(m.group(1)), smallest):.2f}"'

    return re.sub(r'font-size="([\d.]+)"', bump, svg)


def audit_maps(
    con: Any, protocol: Any, result: Any, lang: str, org_names: dict[str, str] | None = None
) -> dict[str, str | None]:
    """Inline SVG of the agreed route with the deviations, and of the real chain."""
    from ketenmining.protocol.show import route_svg

    route = raise_fonts(route_svg(protocol, lang, route_overlay(protocol, result, lang)), 16.0)
    return {"route": route, "real": real_chain_svg(con, protocol, lang, org_names)}


def audit_labels(lang: str, steps: dict[str, dict[str, str]], orgs: dict[str, str]) -> Any:
    """Map labels that use the report's words for clients and cases."""
    from ketenmining.discover.labels import Labels

    class AuditLabels(Labels):
        def text(self, key: str, **values: Any) -> str:
            if has(f"audit.map.{key}"):
                return tr(f"audit.map.{key}", self.lang, **values)
            return super().text(key, **values)

    return AuditLabels(lang, steps, orgs)


def real_chain_svg(
    con: Any, protocol: Any, lang: str, org_names: dict[str, str] | None = None, k: int = 10
) -> str:
    """The organisation map discovered from the log (small cells suppressed), as SVG text."""
    from ketenmining.discover.aggregate import aggregate, release
    from ketenmining.discover.maps import org_map
    from ketenmining.discover.suppress import suppress
    from ketenmining.graphviz import render_bytes

    disc = aggregate(con, levels=("org",))
    try:
        published = suppress(con, disc, k=k)
    finally:
        release(con)
    steps = {sid: {"nl": s.label, "en": s.label_en or s.label} for sid, s in protocol.steps.items()}
    orgs = {code: org.text(lang) for code, org in protocol.organisations.items()}
    orgs.update(org_names or {})
    return render_bytes(org_map(published, audit_labels(lang, steps, orgs)), "svg").decode("utf-8")
