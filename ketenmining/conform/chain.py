"""Check a chain log against the agreed protocol: route, rules and seams, per case.

* **Route** — the protocol's route compiles to a workflow net; every variant
  of activity instances (a step's complete event, or its start when it has
  none) is aligned once, optimally, and the deviations are named in the
  protocol's words (skipped, extra, not in the protocol, wrong order), plus
  steps done by an organisation that is not responsible (wrong organisation).
* **Rules** — every rule on every case, compiled to SQL
  (:mod:`ketenmining.conform.rules_sql`) with the semantics of the protocol's
  evaluator, the code ``protocol test`` runs (a test holds the two equal);
  incomplete cases are judged only on what they could already have done
  (``pending``).
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
    unexported: list[str] | tuple[str, ...] = (),
) -> ConformResult:
    """Check the ``events`` view in ``con`` against ``protocol``.

    ``unexported`` are protocol steps that no source exports. The data cannot
    show them, so the rules that name them are *not assessed* (their
    judgements get the status ``not_assessed``) and a route deviation "step
    skipped" on them is left out: a limitation of the data, not a
    nonconformity of the organisation.
    """
    import dataclasses

    import pyarrow as pa

    from ketenmining.conform import sql
    from ketenmining.conform.models import RouteNet
    from ketenmining.conform.route import align_route, prepare_route
    from ketenmining.conform.rules_sql import evaluate_sql
    from ketenmining.conform.seams import (
        handover_table,
        joint_table,
        lost_without_rule,
        rule_seam_deviations,
        seam_response_rules,
        seam_summary,
    )
    from ketenmining.conform.tables import ordered
    from ketenmining.engine import scalar
    from ketenmining.protocol.compile import resolve_route, to_petri_net

    protocol = resolve_route(protocol)
    events_total = int(scalar(con, "SELECT count(*) FROM events") or 0)
    if unexported:
        # the data cannot show these steps: their absence is no route deviation
        route_tree = _optional_steps(protocol.route, set(unexported))
        protocol = dataclasses.replace(protocol, route=route_tree)
    # every rule on every case: compiled to SQL (the evaluator for kinds that are not)
    step = progress.step("regels per zaak / rules per case", total=None)
    run = evaluate_sql(con, protocol, data_end)
    step.done()
    from ketenmining._pm4py import pm4py_quiet

    pm4py_quiet()
    con.execute(sql.route_events_sql())
    prepare_route(con, "route_events", progress)
    con.register("__handovers", handover_table(con, protocol))
    con.register("__joint", joint_table(con))
    wrong_org = _wrong_org(con, protocol)
    net, im, fm = to_petri_net(protocol.route)
    con.register("__run_cases", run.cases.append_column("ended", pa.array(run.ended, pa.bool_())))
    con.execute(sql.OPEN_CASES)
    route = align_route(
        con,
        RouteNet(net, im, fm, source=protocol.file, sha256=protocol.sha256),
        workers=workers,
        progress=progress,
        open_cases="__open_cases",
    )
    step = progress.step("naden en samenvatting / seams and summary", total=None)
    con.register("__route_cases", route.cases)
    cases = con.sql(sql.CASES_WITH_END).to_arrow_table()
    con.register("__cases", cases)
    rules, violated = _rules_table(con, run, protocol)
    limited = sorted(r.id for r in protocol.rules if set(r.referenced_steps()) & set(unexported))
    if limited:
        rules = _not_assessed(rules, limited)
        violated = [v for v in violated if v["rule_id"] not in limited]
    guarded = seam_response_rules(protocol)
    has_rule = sorted(
        {r.step for r in protocol.rules if r.kind == "handover" and r.step}
        | {r.source for r in protocol.rules if r.id in guarded and r.source}
    )
    seam_devs = _dedupe(rule_seam_deviations(protocol, violated) + lost_without_rule(con, has_rule))
    seams = seam_summary(con, seam_devs)
    deviations = _deviations(
        _protocol_words(route.deviations, protocol),
        wrong_org,
        seam_devs,
        con.sql("SELECT * FROM __joint").to_arrow_table(),
    )
    cases = _count_deviations(cases, deviations)
    summary, trend = _rule_summary(con, rules, protocol)
    fitness = _fitness(con, route, deviations, protocol)
    step.done()
    return ConformResult(
        cases=ordered("cases", cases),
        deviations=ordered("deviations", deviations),
        rules=ordered("rules", rules),
        rule_summary=summary,
        rule_trend=ordered("rule_trend", trend),
        seams=ordered("seams", seams),
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
            "data_limited": {"steps": sorted(unexported), "rules": limited},
            "events": events_total,
        },
    )


def _not_assessed(rules: Any, rule_ids: list[str]) -> Any:
    """Judgements of ``rule_ids`` become ``not_assessed`` (not applicable ones stay so)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    status = rules.column("status")
    hit = pc.and_(
        pc.is_in(rules.column("rule_id"), value_set=pa.array(rule_ids, pa.string())),
        pc.invert(pc.equal(status, "not_applicable")),
    )
    new = pc.if_else(hit, pa.scalar("not_assessed", pa.string()), status)
    return rules.set_column(rules.column_names.index("status"), "status", new)


def _optional_steps(node: Any, steps: set[str]) -> Any:
    """The route with every step of ``steps`` made optional: its absence is no deviation."""
    import dataclasses

    if node.kind == "step":
        if node.step in steps:
            return dataclasses.replace(node, kind="optional", step=None, children=(node,))
        return node
    kids = tuple(_optional_steps(child, steps) for child in node.children)
    return dataclasses.replace(node, children=kids)


def _wrong_org(con: Any, protocol: Any) -> Any:
    import pyarrow as pa

    from ketenmining.conform import sql

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


def _rules_table(con: Any, run: Any, protocol: Any) -> tuple[Any, list[dict[str, Any]]]:
    """The ``rules`` contract table (every judged (case, rule)) and the violated rows with evidence."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ketenmining.conform import sql
    from ketenmining.conform.rules import STATUS_NAMES
    from ketenmining.conform.seams import SEAM_RULE_KINDS, seam_response_rules

    n_rules = len(run.rule_ids)
    # a rule about a handover step is judged at that handover's seam (e.g. HA→VT), per case
    handover_steps = {st.id for st in protocol.handover_steps()}
    rule_step = {}
    for r in protocol.rules:
        for candidate in (r.step, r.source):
            if candidate in handover_steps:
                rule_step[r.id] = candidate
                break
    con.register(
        "__rule_steps",
        pa.table(
            {"rule_id": list(rule_step), "step": list(rule_step.values())},
            schema=pa.schema([("rule_id", pa.string()), ("step", pa.string())]),
        ),
    )
    # compact inputs: DuckDB joins the names on (no column of 12 x cases strings built here)
    n = run.status.size  # every (case, rule): not_applicable rows say so too
    con.register("__rules_raw", pa.table({"k": np.arange(n, dtype=np.int64), "code": run.status}))
    con.register(
        "__rule_cases",
        pa.table(
            {
                "case_idx": np.arange(run.cases.num_rows, dtype=np.int64),
                "case_id": run.cases.column("case_id"),
                "episode": run.cases.column("episode"),
            }
        ),
    )
    con.register(
        "__rule_names",
        pa.table(
            {
                "rule_idx": np.arange(n_rules, dtype=np.int64),
                "rule_id": run.rule_ids,
                # the place of the rule id in sorted order: rows sort on two integers
                "rule_rank": [sorted(run.rule_ids).index(r) for r in run.rule_ids],
            }
        ),
    )
    con.register(
        "__status_names",
        pa.table(
            {"code": np.arange(4, dtype=np.int8), "status": [STATUS_NAMES[k] for k in range(4)]}
        ),
    )
    keys = np.fromiter(run.evidence.keys(), dtype=np.int64, count=len(run.evidence))
    con.register(
        "__rule_evidence",
        pa.table({"k": keys, "detail": pa.array(list(run.evidence.values()), pa.string())}),
    )
    try:
        table = con.sql(
            sql.rules_with_case_info(protocol.calendar.timezone), params=[n_rules, n_rules]
        ).to_arrow_table()
    finally:
        for name in ("__rules_raw", "__rule_cases", "__rule_names", "__status_names"):
            con.unregister(name)
        con.unregister("__rule_evidence")
        con.unregister("__rule_steps")
    # only the verdicts of rules at a seam become seam deviations (rule_seam_deviations)
    at_seam = [r.id for r in protocol.rules if r.kind in SEAM_RULE_KINDS]
    at_seam += list(seam_response_rules(protocol))
    violated = table.filter(
        pc.and_(
            pc.equal(table.column("status"), "violated"),
            pc.is_in(table.column("rule_id"), value_set=pa.array(at_seam, pa.string())),
        )
    )
    rows = violated.select(["case_id", "episode", "rule_id", "detail"]).to_pylist()
    return table, rows


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


def _count_deviations(cases: Any, deviations: Any) -> Any:
    """``n_deviations`` of every case = its rows in the deviations table (joint work is none).

    The one definition of "a deviation of this case": route, organisation and
    seam deviations alike; every total and summary counts these rows.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    real = deviations.filter(pc.not_equal(deviations.column("kind"), "joint"))
    counts = real.group_by(["case_id", "episode"], use_threads=False).aggregate([([], "count_all")])
    keyed = cases.select(["case_id", "episode"]).append_column(
        "__row", pa.array(np.arange(cases.num_rows, dtype=np.int64))
    )
    joined = keyed.join(counts, ["case_id", "episode"], join_type="left outer").sort_by("__row")
    n = pc.fill_null(joined.column("count_all"), 0).cast(cases.schema.field("n_deviations").type)
    return cases.set_column(cases.column_names.index("n_deviations"), "n_deviations", n)


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

    from ketenmining.conform import sql

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


def _fitness(con: Any, route: Any, deviations: Any, protocol: Any) -> dict[str, Any]:
    """Route fitness overall, per organisation and per seam.

    Per organisation: 1 − (its deviating moves) / (its events + the steps it
    skipped), where a skipped step belongs to those of its responsible
    organisations that take part in the case, else to its one responsible
    organisation; a role step none of whose members took part is charged to
    no one and counted under ``uncharged``.
    Per seam: the mean fitness of the cases with a handover on that seam.
    """
    from ketenmining.conform import sql

    summary = route.summary
    con.register("__deviations", deviations)
    responsible = {s: sorted(protocol.responsible(s)) for s in protocol.steps}
    try:
        events = dict(con.sql(sql.EVENTS_PER_ORG).fetchall())
        moves: dict[str, int] = {}
        skipped: dict[str, int] = {}
        uncharged: dict[str, int] = {}
        for kind, step, org, case_orgs, n in con.sql(sql.ROUTE_DEVIATIONS_PER_ORG).fetchall():
            if kind == "skipped":
                present = set((case_orgs or "").split(","))
                owners = [o for o in responsible.get(step, []) if o in present]
                if not owners and len(responsible.get(step, [])) == 1:
                    owners = responsible[step]  # the one responsible organisation
                if not owners:  # a role none of whose members took part: charge no one
                    uncharged[step] = uncharged.get(step, 0) + int(n)
                for o in owners:
                    skipped[o] = skipped.get(o, 0) + int(n)
            else:
                owners = [org] if org else []
            for o in owners:
                moves[o] = moves.get(o, 0) + int(n)
        per_seam = {seam: round(float(f), 4) for seam, f in con.sql(sql.SEAM_FITNESS).fetchall()}
    finally:
        con.unregister("__deviations")
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
        "per_seam": per_seam,
        # skipped steps of a role none of whose members took part in the case: no one's fitness
        "uncharged": dict(sorted(uncharged.items())),
    }
