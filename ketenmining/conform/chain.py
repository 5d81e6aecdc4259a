"""Check a chain log against the agreed protocol: route, rules and seams, per case.

* **Route** — the protocol's route compiles to a workflow net; every variant
  of activity instances (a step's complete event, or its start when it has
  none) is aligned once, optimally, and the deviations are named in the
  protocol's words (skipped, extra, not in the protocol, wrong order), plus
  steps done by an organisation that is not responsible (wrong organisation).
* **Rules** — every rule on every case with the protocol's own evaluator, the
  same code ``protocol test`` runs; incomplete cases are judged only on what
  they could already have done (``pending``).
* **Seams** — handovers and their pickups, lost and late pickups, ping-pong,
  duplicate work, and joint work (good practice).

The result is a :class:`~ketenmining.conform.result.ConformResult`, the
contract the audit reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ketenmining.conform.result import ConformResult
from ketenmining.progress import SILENT, Progress

DEVIATION_COLUMNS = (
    "case_id",
    "episode",
    "kind",
    "step",
    "org",
    "seam",
    "position",
    "timestamp",
    "detail",
)


def conform_protocol(
    con: Any,
    protocol: Any,
    data_end: dt.datetime | None,
    workers: int | None = None,
    progress: Progress = SILENT,
) -> ConformResult:
    """Check the ``events`` view in ``con`` against ``protocol``."""
    from ketenmining.conform.models import RouteNet
    from ketenmining.conform.route import conform_route
    from ketenmining.conform.rules import evaluate_rules
    from ketenmining.engine import sql
    from ketenmining.protocol.compile import resolve_route, to_petri_net

    protocol = resolve_route(protocol)
    run = evaluate_rules(con, protocol, data_end, workers=workers, progress=progress)
    con.register("__open_cases", _open_cases(run))
    con.execute(sql.route_events_sql())
    net, im, fm = to_petri_net(protocol.route)
    route = conform_route(
        con,
        RouteNet(net, im, fm, source=protocol.file, sha256=protocol.sha256),
        workers=workers,
        progress=progress,
        source="route_events",
        open_cases="__open_cases",
    )
    wrong_org = _wrong_org(con, protocol)
    step = progress.step("naden en samenvatting / seams and summary", total=None)
    cases = _cases_with_end(route.cases, run)
    quarters = _quarters(con, protocol.calendar.timezone)
    rules, violated = _rules_table(run, protocol, cases, quarters)
    from ketenmining.conform.seams import (
        handover_table,
        joint_table,
        rule_seam_deviations,
        seam_summary,
    )

    seam_devs = _dedupe(rule_seam_deviations(protocol, violated))
    handovers = handover_table(con, protocol)
    joint = joint_table(con)
    ended = {
        (c, e): bool(x)
        for c, e, x in zip(
            cases.column("case_id").to_pylist(),
            cases.column("episode").to_pylist(),
            cases.column("ended").to_pylist(),
            strict=True,
        )
    }
    has_rule = {r.step for r in protocol.rules if r.kind == "handover" and r.step}
    seams = seam_summary(handovers, joint, seam_devs, ended, has_rule)
    deviations = _deviations(
        _protocol_words(route.deviations, protocol), wrong_org, seam_devs, joint
    )
    summary, trend = _rule_summary(con, rules, protocol)
    fitness = _fitness(con, route, deviations, cases, protocol, handovers)
    step.done()
    return ConformResult(
        cases=cases,
        deviations=deviations,
        rules=rules,
        rule_summary=summary,
        rule_trend=trend,
        seams=seams,
        fitness=fitness,
        variants=len(route.alignments),
        data_end=data_end.isoformat() if data_end else None,
        meta={
            "protocol": protocol.ref,
            "protocol_sha256": protocol.sha256,
            # protocol steps kept off the route (in_route: false) are expected, not worth a warning
            "warnings": []
            if set(route.unknown_activities) <= set(protocol.steps)
            else route.warnings,
            "unknown_activities": [a for a in route.unknown_activities if a not in protocol.steps],
        },
    )


def _open_cases(run: Any) -> Any:
    """The cases still running at the data end (judged on what they could already have done)."""
    import numpy as np
    import pyarrow as pa

    keep = pa.array(np.flatnonzero(~run.ended))
    return run.cases.take(keep)


def _wrong_org(con: Any, protocol: Any) -> Any:
    import pyarrow as pa

    from ketenmining.engine import sql

    pairs = [(s, org) for s in protocol.steps for org in sorted(protocol.responsible(s))]
    table = pa.table(
        {"step": [p[0] for p in pairs], "org": [p[1] for p in pairs]},
        schema=pa.schema([("step", pa.string()), ("org", pa.string())]),
    )
    con.register("__responsible", table)
    try:
        return con.sql(sql.wrong_org_sql()).to_arrow_table()
    finally:
        con.unregister("__responsible")


def _cases_with_end(route_cases: Any, run: Any) -> Any:
    """The route's case table plus ``ended`` (from the evaluator; cases without protocol steps: true)."""
    import pyarrow as pa

    ended = {
        (c, e): bool(x)
        for c, e, x in zip(
            run.cases.column("case_id").to_pylist(),
            run.cases.column("episode").to_pylist(),
            run.ended,
            strict=True,
        )
    }
    flags = [
        ended.get((c, e), True)
        for c, e in zip(
            route_cases.column("case_id").to_pylist(),
            route_cases.column("episode").to_pylist(),
            strict=True,
        )
    ]
    return route_cases.append_column("ended", pa.array(flags, pa.bool_()))


def _quarters(con: Any, tz: str) -> dict[tuple[str, int], str]:
    rows = con.sql(
        "SELECT case_id, episode, strftime(timezone(?, min(timestamp)), '%Y') || '-Q' || "
        "CAST(quarter(timezone(?, min(timestamp))) AS VARCHAR) FROM events GROUP BY case_id, episode",
        params=[tz, tz],
    ).fetchall()
    return {(c, e): q for c, e, q in rows}


def _rules_table(
    run: Any, protocol: Any, cases: Any, quarters: dict[tuple[str, int], str]
) -> tuple[Any, list[dict[str, Any]]]:
    """The ``rules`` contract table (every judged (case, rule)) and the violated rows with evidence."""
    import numpy as np
    import pyarrow as pa

    from ketenmining.conform.rules import STATUS_NAMES
    from ketenmining.conform.seams import seam_name

    n_rules = len(run.rule_ids)
    orgs_of = {
        (c, e): o
        for c, e, o in zip(
            cases.column("case_id").to_pylist(),
            cases.column("episode").to_pylist(),
            cases.column("orgs").to_pylist(),
            strict=True,
        )
    }
    rule_seam = {}
    for r in protocol.rules:
        if r.kind == "handover" and r.step in protocol.steps:
            st = protocol.steps[r.step]
            rule_seam[r.id] = seam_name(
                "/".join(protocol.expand(st.by[0])) if st.by else None, st.handover_to
            )
    keep = np.flatnonzero(run.status != 3)
    case_idx, rule_idx = keep // n_rules, keep % n_rules
    case_ids = run.cases.column("case_id").to_pylist()
    episodes = run.cases.column("episode").to_pylist()
    rows_case = [case_ids[i] for i in case_idx]
    rows_ep = [episodes[i] for i in case_idx]
    rows_rule = [run.rule_ids[j] for j in rule_idx]
    statuses = [STATUS_NAMES[int(s)] for s in run.status[keep]]
    details = [run.evidence.get(int(k)) for k in keep]
    table = pa.table(
        {
            "case_id": pa.array(rows_case, pa.string()),
            "episode": pa.array(rows_ep, pa.int32()),
            "rule_id": pa.array(rows_rule, pa.string()),
            "status": pa.array(statuses, pa.string()),
            "quarter": pa.array(
                [quarters.get(k) for k in zip(rows_case, rows_ep, strict=True)], pa.string()
            ),
            "orgs": pa.array(
                [orgs_of.get(k) for k in zip(rows_case, rows_ep, strict=True)], pa.string()
            ),
            "seam": pa.array([rule_seam.get(r) for r in rows_rule], pa.string()),
            "detail": pa.array(details, pa.string()),
        }
    )
    violated = [
        {"case_id": c, "episode": e, "rule_id": r, "detail": d}
        for c, e, r, s, d in zip(rows_case, rows_ep, rows_rule, statuses, details, strict=True)
        if s == "violated"
    ]
    return table, violated


def _protocol_words(route_devs: Any, protocol: Any) -> Any:
    """A protocol step the route does not know (``in_route: false``) is an extra step, not an unknown one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kinds = route_devs.column("kind")
    known = pc.is_in(
        route_devs.column("step"), value_set=pa.array(list(protocol.steps), pa.string())
    )
    relabel = pc.and_(pc.equal(kinds, "not_in_protocol"), pc.fill_null(known, False))
    fixed = pc.if_else(relabel, pa.scalar("extra"), kinds)
    return route_devs.set_column(route_devs.column_names.index("kind"), "kind", fixed)


def _dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in rows:
        key = (r["case_id"], r["episode"], r["kind"], r["seam"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _deviations(
    route_devs: Any, wrong_org: Any, seam_devs: list[dict[str, Any]], joint: Any
) -> Any:
    """All deviations in one table (the ``deviations`` contract), ordered by case."""
    import pyarrow as pa

    from ketenmining.conform.seams import seam_name

    schema = pa.schema(
        [
            ("case_id", pa.string()),
            ("episode", pa.int32()),
            ("kind", pa.string()),
            ("step", pa.string()),
            ("org", pa.string()),
            ("seam", pa.string()),
            ("position", pa.int64()),
            ("timestamp", pa.timestamp("us", tz="UTC")),
            ("detail", pa.string()),
        ]
    )
    parts = [
        route_devs.select(list(DEVIATION_COLUMNS)).cast(schema),
        wrong_org.select(list(DEVIATION_COLUMNS)).cast(schema),
    ]
    if seam_devs:
        parts.append(pa.Table.from_pylist(seam_devs, schema=schema))
    joint_rows = [
        {
            "case_id": j["case_id"],
            "episode": j["episode"],
            "kind": "joint",
            "step": j["step"],
            "org": f"{j['org_a']}+{j['org_b']}",
            "seam": seam_name(j["org_a"], j["org_b"]),
            "position": -1,
            "timestamp": j["timestamp"],
            "detail": None,
        }
        for j in joint.to_pylist()
    ]
    if joint_rows:
        parts.append(pa.Table.from_pylist(joint_rows, schema=schema))
    table = pa.concat_tables(parts)
    return table.sort_by([("case_id", "ascending"), ("episode", "ascending")])


def _rule_summary(con: Any, rules: Any, protocol: Any) -> tuple[Any, Any]:
    """Compliance per rule (against its norm) and per quarter."""
    import pyarrow as pa

    from ketenmining.engine import sql

    con.register("__rules", rules)
    try:
        per_rule = {r[0]: r for r in con.sql(sql.RULE_SUMMARY).fetchall()}
        trend = con.sql(sql.RULE_TREND).to_arrow_table()
    finally:
        con.unregister("__rules")
    out = []
    for r in protocol.rules:
        _, satisfied, violated, pending = per_rule.get(r.id, (r.id, 0, 0, 0))
        applicable = int(satisfied) + int(violated)
        compliance = (int(satisfied) / applicable) if applicable else None
        out.append(
            {
                "rule_id": r.id,
                "applicable": applicable,
                "satisfied": int(satisfied),
                "violated": int(violated),
                "pending": int(pending),
                "compliance": compliance,
                "norm": float(r.norm),
                "met": None if compliance is None else compliance >= float(r.norm),
            }
        )
    schema = pa.schema(
        [
            ("rule_id", pa.string()),
            ("applicable", pa.int64()),
            ("satisfied", pa.int64()),
            ("violated", pa.int64()),
            ("pending", pa.int64()),
            ("compliance", pa.float64()),
            ("norm", pa.float64()),
            ("met", pa.bool_()),
        ]
    )
    return pa.Table.from_pylist(out, schema=schema), trend


def _fitness(
    con: Any, route: Any, deviations: Any, cases: Any, protocol: Any, handovers: Any
) -> dict[str, Any]:
    """Route fitness overall, per organisation and per seam.

    Per organisation: 1 − (its deviating moves) / (its events + the steps it
    skipped), where a skipped step belongs to those of its responsible
    organisations that take part in the case (else its first one).
    Per seam: the mean fitness of the cases with a handover on that seam.
    """
    from ketenmining.engine import sql

    summary = route.summary
    con.register("__deviations", deviations)
    con.register("__cases", cases)
    responsible = {s: sorted(protocol.responsible(s)) for s in protocol.steps}
    try:
        events = dict(con.sql(sql.EVENTS_PER_ORG).fetchall())
        moves: dict[str, int] = {}
        skipped: dict[str, int] = {}
        for kind, step, org, case_orgs, n in con.sql(sql.ROUTE_DEVIATIONS_PER_ORG).fetchall():
            if kind == "skipped":
                # a skipped step belongs to its responsible organisations that take part in the case
                present = set((case_orgs or "").split(","))
                owners = [o for o in responsible.get(step, []) if o in present] or responsible.get(
                    step, []
                )[:1]
                for o in owners:
                    skipped[o] = skipped.get(o, 0) + int(n)
            else:
                owners = [org] if org else []
            for o in owners:
                moves[o] = moves.get(o, 0) + int(n)
    finally:
        con.unregister("__deviations")
        con.unregister("__cases")
    per_org = {}
    for org in sorted(set(events) | set(skipped)):
        denominator = events.get(org, 0) + skipped.get(org, 0)
        if denominator:
            per_org[org] = round(1 - moves.get(org, 0) / denominator, 4)
    return {
        "overall": summary.average_trace_fitness,
        "log_fitness": summary.log_fitness,
        "fitting_cases": summary.fitting_cases,
        "cases": summary.cases,
        "per_org": per_org,
        "per_seam": _seam_fitness(handovers, cases),
    }


def _seam_fitness(handovers: Any, cases: Any) -> dict[str, float]:
    from ketenmining.conform.seams import seam_name

    fit = {
        (c, e): f
        for c, e, f in zip(
            cases.column("case_id").to_pylist(),
            cases.column("episode").to_pylist(),
            cases.column("fitness").to_pylist(),
            strict=True,
        )
    }
    per: dict[str, set[tuple[str, int]]] = {}
    for h in handovers.to_pylist():
        per.setdefault(seam_name(h["from_org"], h["to_org"]) or "", set()).add(
            (h["case_id"], h["episode"])
        )
    return {
        seam: round(sum(fit[k] for k in keys if k in fit) / len(keys), 4)
        for seam, keys in sorted(per.items())
        if keys
    }
