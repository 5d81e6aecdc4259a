"""Titles and ISO statements of findings, in Dutch and English.

Every finding gets a title and a three-part statement in the ISO form:
*Requirement* (Eis) — *Evidence* (Objectief bewijs) — *Nonconformity*
(Tekortkoming; or Observatie / Verbeterpunt). All fixed text lives in the
catalogue (texts ``audit.…`` in :mod:`ketenmining.texts.audit`); numbers are formatted per language by
:mod:`ketenmining.audit.fmt`.
"""

from __future__ import annotations

from typing import Any

from ketenmining.audit import fmt
from ketenmining.audit.criteria import ProtocolInfo
from ketenmining.audit.finding import AuditFinding
from ketenmining.audit.settings import AuditSettings
from ketenmining.i18n import LANGS, localised
from ketenmining.texts import tr


def class_label(cls: str, lang: str) -> str:
    """``major`` → ``Tekortkoming (major)`` / ``Major nonconformity``."""
    return tr(f"audit.class.{cls}", lang)


def short_class(cls: str, lang: str) -> str:
    """``major`` / ``minor`` / ``observatie`` / ``verbeterpunt`` (for narrow tables)."""
    return tr(f"audit.short.{cls}", lang)


def source_label(source: str, lang: str) -> str:
    """``seam`` → ``naad``: the criterion shown for findings that are not about one rule."""
    return tr(f"audit.source.{source}", lang)


def conclusion_label(cls: str, lang: str) -> str:
    """The label of the third part of the statement: Tekortkoming, Observatie, Verbeterpunt."""
    if cls in ("major", "minor"):
        return tr("audit.part.conclusion.nonconformity", lang)
    return class_label(cls, lang)  # an observation or an opportunity for improvement


def describe(f: AuditFinding, protocol: ProtocolInfo, settings: AuditSettings) -> None:
    """Fill in ``title`` and ``statement`` of a finding, in both languages."""
    for lang in LANGS:
        f.title[lang] = _title(f, protocol, lang)
        f.statement[lang] = {
            "requirement": _requirement(f, protocol, lang),
            "evidence": _evidence(f, protocol, lang),
            "conclusion": _conclusion(f, protocol, settings, lang),
        }


def norm_text(norm: float, lang: str) -> str:
    """``1.0`` → ``in alle zaken (100 %)``; ``0.9`` → ``in ten minste 90 % van de zaken``."""
    if norm >= 1.0 - 1e-9:
        return tr("audit.norm.all", lang)
    return tr("audit.norm.share", lang, norm=fmt.pct(norm, lang))


IMPACT_KINDS = {
    "handover": "handover",
    "response": "response",
    "chain_response": "response",
    "succession": "response",
    "duration": "duration",
    "no_duplicate": "no_duplicate",
    "no_ping_pong": "no_ping_pong",
    "max_handovers": "no_ping_pong",
    "by": "by",
    "not_succession": "not_succession",
}


def impact(kind: str, lang: str) -> str:
    """What missing a requirement of this kind means for the child's safety (the class's argument)."""
    return tr(f"audit.impact.{IMPACT_KINDS.get(kind, 'other')}", lang)


def describe_group(
    f: AuditFinding, p: ProtocolInfo, s: AuditSettings, findings: list[AuditFinding]
) -> None:
    """Title and statement of a grouped finding, from its members' statements.

    ``findings`` are all numbered findings: a member whose cases are partly
    counted with another finding says with which.
    """
    if not f.members:
        return
    units = [m["_unit"] for m in f.members]
    own = set(f.case_keys)
    for m, u in zip(f.members, units, strict=True):
        m["title"] = {lang: _member_name(m, u, lang) for lang in LANGS}
    for lang in LANGS:
        f.title[lang] = (f.title_from or units[0]).title[lang]
        req: list[str] = []
        for u in units:
            if u.statement[lang]["requirement"] not in req:
                req.append(u.statement[lang]["requirement"])
        ev: list[str] = []
        if len(units) > 1:
            keys = ", ".join(
                m["key"].split(":")[0] if m["source"] == "rule" else _member_name(m, u, lang)
                for m, u in zip(f.members, units, strict=True)
            )
            ev.append(
                tr("audit.ev.group", lang, cases=fmt.num(f.cases, lang), n=len(units), keys=keys)
            )
        for m, u in zip(f.members, units, strict=True):
            text = u.statement[lang]["evidence"]
            if len(units) > 1:
                text = f"{_member_name(m, u, lang)}: {text}"
            if m["role"] == "core" and m["counted_elsewhere"]:
                mine = set(u.case_keys)
                where = [g.id for g in findings if g is not f and mine & set(g.case_keys)]
                text += tr(
                    "audit.ev.elsewhere",
                    lang,
                    n=fmt.num(m["counted_elsewhere"], lang),
                    total=fmt.num(m["cases"], lang),
                    rule=m["key"] if m["source"] == "rule" else _member_name(m, u, lang),
                    where=", ".join(where) or "–",
                    rest=fmt.num(len(mine & own), lang),
                )
            ev.append(text)
        if f.absent:
            actors = sorted(
                {a for r in f.rules for a in (p.rule(r["id"]).actors if p.rule(r["id"]) else ())}
                or {f.values.get("dst") or "–"}
            )
            ev.append(
                tr(
                    "audit.ev.absent",
                    lang,
                    n=fmt.num(len(f.absent), lang),
                    cases=fmt.num(f.cases, lang),
                    actors=", ".join(actors),
                ).strip()
            )
        con: list[str] = []
        for m, u in zip(f.members, units, strict=True):
            if m["role"] == "core" and u.statement[lang]["conclusion"] not in con:
                con.append(u.statement[lang]["conclusion"])
        text = " ".join(con)
        if f.provisional:
            text += tr("audit.con.provisional", lang)
        f.statement[lang] = {
            "requirement": " ".join(req),
            "evidence": " ".join(ev),
            "conclusion": text,
        }


def _member_name(m: dict[str, Any], u: AuditFinding, lang: str) -> str:
    if m["source"] == "rule":
        return ", ".join(u.rule_ids)
    return u.title[lang]


def _rule_text(rule: dict[str, Any], lang: str) -> str:
    return localised(rule["text"], rule.get("text_en"), lang)


def _place(f: AuditFinding) -> str:
    return f.values.get("place") or ", ".join(f.seams) or ", ".join(f.orgs) or "–"


def _title(f: AuditFinding, p: ProtocolInfo, lang: str) -> str:
    v = f.values
    if "accumulated" in f.basis:
        return tr("audit.title.accumulated", lang, clause=f.clause)
    if f.source == "rule":
        return _rule_text(f.rules[0], lang)
    if f.source == "seam" and "lost_handover" in f.basis:
        return tr("audit.title.lost", lang, src=v["src"], dst=v["dst"])
    if f.source == "seam":
        step = p.step_label(v.get("step"), lang)
        return tr(f"audit.title.{v['kind']}", lang, place=_place(f), step=step)
    if f.source == "route":
        step = p.step_label(v["step"], lang)
        return tr("audit.title.route", lang, step=step, what=tr(f"audit.short.{v['kind']}", lang))
    return tr("audit.title.clock", lang, late=v["late"], a=v["org_a"], b=v["org_b"])


def _requirement(f: AuditFinding, p: ProtocolInfo, lang: str) -> str:
    v = f.values
    if f.source == "rule":
        parts = []
        for r in f.rules:
            clause = r.get("clause") or tr("audit.req.no_clause", lang, cite=p.cite, id=r["id"])
            parts.append(
                tr(
                    "audit.req.rule",
                    lang,
                    clause=clause,
                    id=r["id"],
                    text=_rule_text(r, lang),
                    norm_text=norm_text(r["norm"], lang),
                )
            )
        return "; ".join(parts) + "."
    if f.source == "seam" and "lost_handover" in f.basis:
        return tr("audit.req.lost", lang, src=v["src"], dst=v["dst"], cite=p.cite)
    if f.source == "seam":
        return tr(f"audit.req.{v['kind']}", lang)
    if f.source == "route":
        return tr("audit.req.route", lang, cite=p.cite)
    return tr("audit.req.clock", lang)


def _evidence(f: AuditFinding, p: ProtocolInfo, lang: str) -> str:
    v = f.values
    if f.source == "rule":
        return " ".join(_rule_evidence(r, lang, several=len(f.rules) > 1) for r in f.rules)
    if f.source == "seam" and "lost_handover" in f.basis:
        median = v.get("median_days")
        return tr(
            "audit.ev.lost",
            lang,
            lost=fmt.num(v["lost"], lang),
            handovers=fmt.num(v["handovers"], lang),
            late=fmt.num(v.get("late") or 0, lang),
            src=v["src"],
            dst=v["dst"],
            median=fmt.num(round(median, 1), lang) if median is not None else "–",
        )
    if f.source in ("seam", "route"):
        what = tr(
            f"audit.what.{v['kind']}",
            lang,
            step=p.step_label(v.get("step"), lang),
            place=_place(f),
        )
        return tr(
            "audit.ev.deviation",
            lang,
            cases=fmt.num(f.cases, lang),
            share=fmt.pct(f.share, lang),
            what=what,
        )
    from ketenmining.stitch.quality import finding_text

    return finding_text("DQ007", "message", lang, v["dq"]) + "."


def _rule_evidence(r: dict[str, Any], lang: str, several: bool) -> str:
    pending = (
        ""
        if not r["pending"]
        else tr("audit.ev.pending1", lang)
        if r["pending"] == 1
        else tr("audit.ev.pending", lang, pending=fmt.num(r["pending"], lang))
    )
    judged = r["satisfied"] + r["violated"]
    text = tr(
        "audit.ev.rule",
        lang,
        applicable=fmt.num(r["applicable"], lang),
        judged=fmt.num(r["satisfied"] + r["violated"], lang),
        satisfied=fmt.num(r["satisfied"], lang),
        violated=fmt.num(r["violated"], lang),
        compliance=fmt.pct(r["compliance"], lang),
        pending=pending,
        share=fmt.pct(r["violated"] / judged if judged else None, lang),
    )
    if several:
        text = f"{r['id']}: {text}"
    if r["orgs"]:
        text += tr("audit.ev.orgs", lang, orgs=fmt.counts(r["orgs"], lang))
    if r["seams"]:
        text += tr("audit.ev.seams", lang, seams=fmt.counts(r["seams"], lang))
    return text  # the compliance per quarter is shown beside the statement, with its cases


def _conclusion(f: AuditFinding, p: ProtocolInfo, s: AuditSettings, lang: str) -> str:
    v = f.values
    if "accumulated" in f.basis:
        return tr(
            "audit.con.accumulated",
            lang,
            n=len(f.rules),
            clause=f.clause,
            rules=", ".join(f.rule_ids),
            m=s.minors_to_major,
        )
    if f.source == "rule":
        r = f.rules[0]
        common = {
            "compliance": fmt.pct(r["compliance"], lang),
            "norm": fmt.pct(r["norm"], lang),
            "gap": fmt.points(r["gap"], lang),
        }
        if f.cls == "ofi":
            parts = []
            if "trend" in f.basis:
                parts.append(
                    tr(
                        "audit.con.trend",
                        lang,
                        first=fmt.pct(v["trend_first"], lang),
                        last=fmt.pct(v["trend_last"], lang),
                        q1=fmt.quarter(v["trend_q1"], lang),
                        q2=fmt.quarter(v["trend_q2"], lang),
                        drop=fmt.points(v["trend_drop"], lang),
                    )
                )
            if "margin" in f.basis:
                parts.append(
                    tr("audit.con.margin", lang, margin=fmt.points(s.margin, lang), **common)
                )
            return " ".join(parts)
        if f.cls == "observation":
            return tr("audit.con.observation_rule", lang, **common)
        text = tr("audit.con.not_met", lang, **common)
        if r["severity"] != "observation":  # an observation rule adds no words on its impact
            text += tr(f"audit.con.severity.{r['severity']}", lang, impact=impact(r["kind"], lang))
        if "escalated_gap" in f.basis:
            text += tr("audit.con.escalated", lang, escalate=fmt.points(s.escalate_gap, lang))
        return text
    if f.source == "seam" and "lost_handover" in f.basis:
        return tr("audit.con.lost", lang, src=v["src"], dst=v["dst"])
    if f.source == "seam":
        return tr("audit.con.uncovered", lang)
    if f.source == "route":
        return tr("audit.con.route", lang)
    from ketenmining.stitch.quality import finding_text

    return tr("audit.con.clock", lang, hint=finding_text("DQ007", "hint", lang, v["dq"]))
