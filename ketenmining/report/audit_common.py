"""Pieces every audit renderer shares: labels, the findings summary rows, the sample list as CSV."""

from __future__ import annotations

import io
from typing import Any

from ketenmining.audit import fmt
from ketenmining.audit.statements import class_label, short_class, source_label
from ketenmining.safetext import CsvWriter
from ketenmining.texts import tr

#: Columns of sample.csv, in order (``ketenmining lookup`` reads ``case_id``).
SAMPLE_COLUMNS = (
    "nr",
    "case_id",
    "episode",
    "stratum",
    "finding",
    "rule_id",
    "orgs",
    "variant_id",
    "reason",
    "label",
    "bevestigd",
    "niet bevestigd",
    "registratiefout",
    "toelichting",
    "beoordelaar",
    "datum",
)


def tx(key: str, lang: str, **values: Any) -> str:
    """A text of the report catalogue."""
    return tr(f"report.{key}", lang, **values)


def population_text(pop: dict[str, Any], lang: str) -> str:
    """One sentence on the population: clients, cases (ended, running), steps, variants.

    ``events`` of the population is the number of events audited, the same
    count (and name) as the reconciliation table and the real chain map.
    """
    return tx(
        "population_text",
        lang,
        **{k: fmt.num(pop[k], lang) for k in ("clients", "cases", "ended", "running")},
        steps=fmt.num(pop["events"], lang),
        variants=fmt.num(pop["variants"], lang),
    )


DOCUMENT_HEADERS = ("col.document", "col.version", "col.date", "col.role", "col.agreed")


def document_rows(record: dict[str, Any], lang: str) -> list[list[str]]:
    """The criteria and context documents: title, version, date, role and who agreed."""
    rows = []
    for d in (record.get("status") or {}).get("documents") or []:
        agreed = ", ".join(d["agreed_by"]) or "–"
        if d["role"] != "criterion":
            who = "–"
        elif d["not_agreed"]:
            who = tx("doc.not_agreed", lang, orgs=agreed, missing=", ".join(d["not_agreed"]))
        else:
            who = tx("doc.all_agreed", lang, orgs=agreed)
        rows.append(
            [
                d["title"],
                d["version"] or "–",
                fmt.date(d["date"], lang) if d["date"] else "–",
                tx(f"doc.{d['role']}", lang),
                who,
            ]
        )
    return rows


#: The reconciliation of the report, in order: each "−" row is taken off the row above it.
RECONCILE = (
    "rows_read",
    "rejected",
    "ignored",
    "other",
    "chain_events",
    "left_out",
    "events",
    "clients",
    "cases",
    "ended",
    "running",
)


def reconciliation(record: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The reconciliation table (label, number) from the record's one tally ``method.counts``."""
    counts = record["method"].get("counts") or {}
    return [
        (tx(f"rec.{key}", lang), fmt.num(counts[key], lang))
        for key in RECONCILE
        if counts.get(key) is not None
    ]


def method_texts(record: dict[str, Any], lang: str) -> dict[str, str | None]:
    """The method chapter's linkage (None without linkage), conformance and
    classification sentences, filled from the record; for every renderer."""
    m, s = record["method"], record["settings"]
    link = m.get("linkage")
    return {
        "linkage": (
            tx(
                "linkage_text",
                lang,
                clients=fmt.num(link["clients"], lang),
                single=fmt.num(link["single_org_clients"], lang),
                share=fmt.pct(link["single_org_share"], lang),
            )
            if link
            else None
        ),
        "conformance": tx(
            "conformance_text",
            lang,
            variants=fmt.num(m["conformance"]["variants"], lang),
            evaluator=m["conformance"]["evaluator"],
        ),
        "classification": tx(
            "classification_text",
            lang,
            escalate=fmt.points(s["escalate_gap"], lang),
            minors=s["minors_to_major"],
            drop=fmt.points(s["trend_drop"], lang),
            margin=fmt.points(s["margin"], lang),
            route=fmt.pct(s["route_share"], lang),
        ),
    }


def stratum_label(stratum: str, lang: str) -> str:
    """``control · HA,VT`` → ``controle · HA,VT`` in Dutch."""
    if stratum.startswith("control"):
        return tx("control", lang) + stratum[len("control") :]
    if stratum.endswith(" · absent"):
        return stratum[: -len("absent")] + tx("stratum.absent", lang)
    return stratum


def reason_text(row: dict[str, Any], lang: str) -> str:
    """Why a case is in the sample: the class of its finding (and other findings), or control."""
    if row["reason"] == "control":
        return tx("reason.control", lang)
    if row["reason"] == "absent":
        return f"{tr('audit.class.absent', lang)} {row['finding']}"
    text = f"{class_label(row['reason'], lang)} {row['finding']}"
    if row.get("also"):
        text += tx("reason.also", lang, ids=", ".join(row["also"]))
    return text


def short_reason(row: dict[str, Any], lang: str) -> str:
    """Compact reason for the sample table: ``major F04 (ook F09)`` / ``controle``."""
    if row["reason"] == "control":
        return tx("control", lang)
    word = short_class(row["reason"], lang)
    also = f" ({tx('also_short', lang)} {', '.join(row['also'])})" if row.get("also") else ""
    return f"{word} {row['finding']}{also}"


def criterion_text(f: dict[str, Any], lang: str) -> str:
    """Short criterion of a finding: rule ids, or the seam / route / data-quality label."""
    rules = f["criterion"]["rules"]
    return ", ".join(rules) if rules else source_label(f["source"], lang)


def compliance_text(f: dict[str, Any], lang: str, sep: str = " · ") -> str:
    """``84% / 90%`` for a rule finding (one per rule, joined by ``sep``); ``–`` for the others."""
    rules = f["evidence"]["rules"]
    if len(rules) == 1:
        r = rules[0]
        return f"{fmt.pct(r['compliance'], lang)} / {fmt.pct(r['norm'], lang)}"
    if len(rules) > 1:
        return sep.join(
            f"{r['id']}: {fmt.pct(r['compliance'], lang)} / {fmt.pct(r['norm'], lang)}"
            for r in rules
        )
    return "–"


def cases_text(f: dict[str, Any], lang: str) -> str:
    """Number of cases a finding is about (``–`` for data-quality findings)."""
    return fmt.num(f["evidence"]["cases"], lang) if f["source"] != "data" else "–"


def rule_result(r: dict[str, Any], lang: str) -> str:
    """``voldaan`` / ``niet voldaan`` / ``niet beoordeeld``."""
    if r["met"] is None:
        return tx("not_assessed", lang)
    return tx("met" if r["met"] else "not_met", lang)


def summary_counts(record: dict[str, Any], lang: str) -> str:
    """``4 major · 2 minor · 4 observaties · 2 verbeterpunten``."""
    return tx("summary_counts", lang, **record["summary"])


def sample_csv(record: dict[str, Any], lang: str = "nl", org: str | None = None) -> str:
    """The verification selection as CSV (comma-separated, UTF-8), one row per case to pull.

    With ``org``: only the rows of cases in which that organisation has files.
    """
    out = io.StringIO()
    writer = CsvWriter(out, lineterminator="\n")
    writer.writerow(SAMPLE_COLUMNS)
    for row in record["sample"]["rows"]:
        if org is not None and org not in (row.get("case_orgs") or row["orgs"]).split(","):
            continue
        values = dict(row)
        values["stratum"] = stratum_label(row["stratum"], lang)
        values["reason"] = reason_text(row, lang)
        review = row.get("review") or {}
        outcome = {"confirmed": "bevestigd", "not_confirmed": "niet bevestigd",
                   "recording_error": "registratiefout"}.get(review.get("outcome", ""))  # fmt: skip
        for col in ("bevestigd", "niet bevestigd", "registratiefout"):
            values[col] = "x" if outcome == col else ""
        values["toelichting"] = review.get("note", "")
        values["beoordelaar"] = review.get("reviewer", "")
        values["datum"] = review.get("date", "")
        writer.writerow([values.get(c, "") for c in SAMPLE_COLUMNS])
    return out.getvalue()


def status_facts(record: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The identity and status block (ISO 19011 §6.5.1): who, for whom, what, which version."""
    st = record.get("status") or {}
    given = tx("not_given", lang)
    return [
        (tx("st.kind", lang), tx("st.kind_value", lang)),
        (tx("st.status", lang), tx(f"st.{st.get('state', 'concept')}", lang)),
        (tx("st.version", lang), st.get("version") or "–"),
        (tx("report_date", lang), fmt.date(st.get("date"), lang)),
        (tx("auditor", lang), st.get("auditor") or given),
        (tx("st.team", lang), ", ".join(st.get("team") or []) or given),
        (tx("client", lang), st.get("client") or given),
        (tx("st.activities", lang), st.get("activities") or tx("st.activities_value", lang)),
        (tx("st.deadline", lang), fmt.date(st.get("response_deadline"), lang)),
        (
            tx("st.distribution", lang),
            ", ".join(st.get("distribution") or []) or tx("st.distribution_value", lang),
        ),
    ]


def verdict_label(record: dict[str, Any], lang: str) -> str:
    """``Voorlopig oordeel`` for a concept, ``Oordeel`` for the final report."""
    final = (record.get("status") or {}).get("state") == "final"
    return tx("verdict" if final else "verdict_provisional", lang)


def key_messages(record: dict[str, Any], lang: str) -> list[str]:
    """At most five key messages in plain language for the management summary."""
    pop = record["scope"]["population"]
    out = [
        tx(
            "km.scope",
            lang,
            cases=fmt.num(pop["cases"], lang),
            clients=fmt.num(pop["clients"], lang),
            rules=len(record["criteria"]["rules"]),
            met=record["degree"]["overall"]["rules_met"],
            assessed=record["degree"]["overall"]["rules_assessed"],
        )
    ]
    majors = [f for f in record["findings"] if f["class"] == "major"]
    for f in majors[:2]:
        out.append(
            tx(
                "km.major",
                lang,
                id=f["id"],
                title=f["title"][lang],
                cases=fmt.num(f["evidence"]["cases"], lang),
                owners=", ".join(f.get("owners") or []) or "–",
            )
        )
    prov = [f["id"] for f in record["findings"] if f.get("provisional")]
    if prov:
        n = sum(f.get("absent_at_owner", 0) for f in record["findings"] if f.get("provisional"))
        out.append(tx("km.provisional", lang, ids=", ".join(prov), n=fmt.num(n, lang)))
    pending = record["degree"]["overall"]["pending"]
    if pending:
        out.append(tx("km.pending", lang, n=fmt.num(pending, lang)))
    joint = sum(s.get("joint", 0) for s in record["degree"]["per_seam"])
    if joint and len(out) < 5:
        out.append(tx("km.joint", lang, n=fmt.num(joint, lang)))
    return out[:5]


def owner_lines(record: dict[str, Any], lang: str) -> list[tuple[str, str, str]]:
    """Per owner organisation: its own findings (id and class) and the term it has to act in."""
    per: dict[str, list[str]] = {}
    for f in record["findings"]:
        for o in f.get("owners") or []:
            per.setdefault(o, []).append(f"{f['id']} ({short_class(f['class'], lang)})")
    weeks = (record.get("status") or {}).get("follow_up", {}).get("plan_weeks", 6)
    rows = []
    for org in sorted(per):
        nc = any(
            f["class"] in ("major", "minor") and org in (f.get("owners") or [])
            for f in record["findings"]
        )
        term = tx("term.plan", lang, weeks=weeks) if nc else tx("term.none", lang)
        rows.append((org, ", ".join(per[org]), term))
    return rows


def trend_notes(r: dict[str, Any], record: dict[str, Any], lang: str) -> list[str]:
    """Warnings beside a trend: a change in case volume per quarter; quarters below the norm."""
    import statistics

    threshold = float(record.get("settings", {}).get("volume_change", 0.3))
    trend = [t for t in r.get("trend") or [] if t["applicable"]]
    notes = []
    if len(trend) >= 3:
        counts = [t["applicable"] for t in trend]
        med = statistics.median(counts)
        odd = [t for t in trend if med and abs(t["applicable"] - med) >= threshold * med]
        if odd:
            notes.append(
                tx(
                    "trend.volume",
                    lang,
                    quarters=", ".join(
                        f"{fmt.quarter(t['quarter'], lang)} ({fmt.num(t['applicable'], lang)})"
                        for t in odd
                    ),
                    median=fmt.num(round(med), lang),
                )
            )
    below = [t for t in trend if t["compliance"] is not None and t["compliance"] < r["norm"] - 1e-9]
    if below and r.get("met"):
        notes.append(
            tx(
                "trend.below",
                lang,
                quarters=", ".join(
                    f"{fmt.quarter(t['quarter'], lang)} ({fmt.pct(t['compliance'], lang)})"
                    for t in below
                ),
            )
        )
    return notes


def member_lines(f: dict[str, Any], lang: str) -> list[str]:
    """How a grouped finding was formed: its core and consequence criteria."""
    if len(f.get("members") or []) < 2:
        return []
    return [
        tx(
            f"grp.{m['role']}",
            lang,
            what=(m.get("title") or {}).get(lang) or m["key"],
            cls=short_class(m["class"], lang),
            cases=fmt.num(m["cases"], lang),
            here=fmt.num(m["counted_here"], lang),
        )
        for m in f["members"]
    ]


def response_fields(f: dict[str, Any], record: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """Hoor en wederhoor: the owner's response, the auditor's position, diverging opinions, term."""
    r = f.get("response") or {}
    st = record.get("status") or {}
    empty = tx("not_given", lang)
    follow = st.get("follow_up") or {}
    term = (
        tx("term.follow", lang, weeks=follow.get("plan_weeks", 6),
           months=follow.get("effectiveness_months", 3))
        if f["class"] in ("major", "minor")
        else tx("term.none", lang)
    )  # fmt: skip
    return [
        (tx("resp.owner", lang), r.get("response") or empty),
        (tx("resp.position", lang), r.get("position") or empty),
        (tx("resp.diverging", lang), r.get("diverging") or "–"),
        (tx("resp.deadline", lang), fmt.date(st.get("response_deadline"), lang)),
        (tx("resp.term", lang), term),
    ]


def review_rows(record: dict[str, Any], lang: str) -> list[list[str]]:
    """Resultaten dossieronderzoek: per finding selected, reviewed and the outcomes."""
    rev = record.get("review")
    if not rev:
        return []
    rows = []
    for f in record["findings"]:
        c = (rev.get("per_finding") or {}).get(f["id"])
        if not c:
            continue
        verdict = (
            tx("rev.confirmed", lang)
            if f.get("confirmed")
            else tx("rev.not_confirmed", lang)
            if f.get("confirmed") is False
            else "–"
        )
        rows.append(
            [
                f["id"],
                fmt.num(c["selected"], lang),
                fmt.num(c["reviewed"], lang),
                fmt.num(c["confirmed"], lang),
                fmt.num(c["not_confirmed"], lang),
                fmt.num(c["recording_error"], lang),
                verdict,
            ]
        )
    return rows


REVIEW_HEADERS = ("col.nr", "rev.selected", "rev.reviewed", "rev.c", "rev.nc", "rev.err", "rev.v")


def sample_labels(f: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """The selection numbers (A-07, …) of a finding's cases in the verification selection."""
    rows = record["sample"]["rows"]
    mine = [r for r in rows if r["finding"] == f["id"] or f["id"] in (r.get("also") or [])]
    return [r.get("label") or str(r["nr"]) for r in mine]


GLOSSARY = ("zaak", "episode", "variant", "naad", "pseudoniem", "lopend", "voorlopig")


def glossary(lang: str) -> list[tuple[str, str]]:
    """The terms the report uses, with their meaning."""
    return [(tx(f"gl.{k}", lang), tx(f"gl.{k}.text", lang)) for k in GLOSSARY]


def cell(n: int | None, record: dict[str, Any], lang: str) -> str:
    """A count for a table that leaves the chain: ``< k`` for 1 … k−1 cases (small-cell rule)."""
    k = int(record.get("settings", {}).get("small_cells", 10))
    if n is None:
        return "–"
    if 0 < n < k:
        return f"< {k}"
    return fmt.num(n, lang)


def small_cell_note(record: dict[str, Any], lang: str) -> str:
    """The sentence under a table with suppressed small cells."""
    return tx("small_cells", lang, k=int(record.get("settings", {}).get("small_cells", 10)))


def programme_text(record: dict[str, Any], lang: str) -> tuple[str, list[list[str]]]:
    """The audit programme sentence and the status rows of the previous audit's findings."""
    prog = record.get("programme") or {}
    text = tx(
        "prog.text",
        lang,
        months=prog.get("periodicity_months", 12),
        next=fmt.date(prog.get("next_audit"), lang),
    )
    prev = prog.get("previous")
    if not prev:
        return text + " " + tx("prog.none", lang), []
    text += " " + tx("prog.previous", lang, date=fmt.date(prev.get("date"), lang))
    rows = [
        [
            f["id"],
            short_class(f["class"], lang),
            f["title"][lang],
            tx(f"prog.{f['status']}", lang) + (f" ({f['now']})" if f.get("now") else ""),
        ]
        for f in prev["findings"]
    ]
    return text, rows


PROGRAMME_HEADERS = ("col.nr", "col.class", "col.finding", "prog.status")


def sampling_intro(sm: dict[str, Any], lang: str) -> str:
    """What the verification selection is and how it was sized (one paragraph)."""
    return tx(
        "sampling_text",
        lang,
        absent=fmt.num(sm["absent"], lang),
        confidence=fmt.pct(sm["confidence"], lang),
        precision=fmt.pct(sm["precision"], lang),
        rate=fmt.pct(sm["expected_rate"], lang),
        rate_source=tx(f"rate.{sm['expected_rate_source']}", lang),
        minimum=sm["min_per_stratum"],
        seed=sm["seed"],
    )


def sampling_majors(sm: dict[str, Any], lang: str) -> list[str]:
    """Per major nonconformity: its verification size from its own number of cases."""
    return [
        tx(
            "sampling_major",
            lang,
            finding=m["finding"],
            n=m["n"],
            population=fmt.num(m["population"], lang),
            n0=fmt.decimal(m["n0"], lang, 2),
        )
        for m in sm["majors"]
    ]


def review_intro(rev: dict[str, Any], lang: str) -> str:
    """How many selected cases were reviewed, with the outcomes."""
    o = rev["outcomes"]
    return tx(
        "rev.intro",
        lang,
        reviewed=fmt.num(rev["reviewed"], lang),
        selected=fmt.num(rev["selected"], lang),
        c=fmt.num(o["confirmed"], lang),
        nc=fmt.num(o["not_confirmed"], lang),
        err=fmt.num(o["recording_error"], lang),
    )
