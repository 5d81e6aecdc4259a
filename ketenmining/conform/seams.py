"""The seams between organisations: handovers, pickups, lost children, joint work.

A *handover* is an event of a protocol step with ``handover_to``; its
*pickup* is the first later event of the receiving organisation (of the
pickup step named by the protocol's ``handover`` rule for that step, when
there is one) — picking up means starting. Waiting times are measured from
the handover to the pickup. Whether a pickup was late or never came is the
protocol's ``handover`` rule's verdict (the evaluator), so the seam table and
the rule compliance can never disagree; without such a rule, a handover with
no pickup in a case that has ended counts as lost.

*Joint work* — the same step recorded by two organisations within a day —
is good practice (working side by side), shown but never counted against
the chain.
"""

from __future__ import annotations

import json
from typing import Any

SEAM_ARROW = "→"


def seam_name(from_org: str | None, to_org: str | None) -> str | None:
    """``VT→TT``."""
    if not from_org or not to_org:
        return None
    return f"{from_org}{SEAM_ARROW}{to_org}"


def handover_table(con: Any, protocol: Any) -> Any:
    """Every handover event with its pickup (Arrow), see :func:`conform.sql.handover_pickups_sql`."""
    return handovers_from_steps(con, handover_steps(protocol))


def handover_steps(protocol: Any) -> Any:
    """The protocol's handover steps (Arrow: step, to_org, to_orgs, pickup) for
    :func:`handovers_from_steps` and :func:`handover_counts`."""
    import pyarrow as pa

    pickups = {r.step: r.pickup for r in protocol.rules if r.kind == "handover" and r.step}
    steps = protocol.handover_steps()
    return pa.table(
        {
            "step": [s.id for s in steps],
            "to_org": [s.handover_to for s in steps],
            "to_orgs": pa.array(
                [list(protocol.expand(s.handover_to or "")) for s in steps], pa.list_(pa.string())
            ),
            "pickup": [pickups.get(s.id) for s in steps],
        },
        schema=pa.schema(
            [
                ("step", pa.string()),
                ("to_org", pa.string()),
                ("to_orgs", pa.list_(pa.string())),
                ("pickup", pa.string()),
            ]
        ),
    )


def handovers_from_steps(con: Any, spec: Any) -> Any:
    """Every handover of the steps in ``spec`` (Arrow: step, to_org, to_orgs, pickup) with its pickup.

    The one definition of a handover and its pickup: ``handover_table`` uses it for the
    protocol's handover steps, ``analyse seams`` also for steps found from the
    organisation changes in a log without a protocol.
    """
    from ketenmining.conform import sql

    con.register("__handover_steps", spec)
    try:
        return con.sql(sql.handover_pickups_sql()).to_arrow_table()
    finally:
        con.unregister("__handover_steps")


def handover_counts(con: Any, spec: Any) -> Any:
    """Handovers per episode of the steps in ``spec`` (Arrow: case_id, episode, handovers).

    The same handovers as :func:`handovers_from_steps` (one definition,
    :data:`conform.sql.HANDOVER_EVENTS`), counted without finding their pickups:
    what a per-episode table needs, at a fraction of the cost.
    """
    from ketenmining.conform import sql

    con.register("__handover_steps", spec)
    try:
        return con.sql(sql.handover_counts_sql()).to_arrow_table()
    finally:
        con.unregister("__handover_steps")


def joint_table(con: Any) -> Any:
    """Joint work: the same step by two organisations within a day (Arrow)."""
    from ketenmining.conform import sql

    return con.sql(sql.joint_work_sql()).to_arrow_table()


#: Rule kinds whose violations are seam deviations (plus the response rules across a seam).
SEAM_RULE_KINDS = ("handover", "no_ping_pong", "no_duplicate")


def rule_seam_deviations(protocol: Any, rule_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Seam deviations named from the rule verdicts: lost and late pickups, ping-pong, duplicates.

    ``rule_rows`` are violated (case, rule) rows with the evaluator's evidence
    (``detail``, JSON). Returns rows in the deviations-table contract.
    """
    kinds = {r.id: r.kind for r in protocol.rules}
    guarded = seam_response_rules(protocol)
    out: list[dict[str, Any]] = []
    for row in rule_rows:
        kind = kinds.get(row["rule_id"])
        if row["rule_id"] in guarded:
            kind = "response_at_seam"
        if kind not in (*SEAM_RULE_KINDS, "response_at_seam"):
            continue
        ev = json.loads(row["detail"]) if row.get("detail") else {}
        act = ev.get("activation") or {}
        if kind == "response_at_seam":
            # a response deadline across a seam: the receiver's step came late, or never
            nxt = ev.get("next") or {}
            dev = "late_pickup" if nxt else "lost_handover"
            to_org = nxt.get("org") or guarded[row["rule_id"]]
            if to_org == act.get("org"):
                continue  # the sender did it itself: no seam
            seam = seam_name(act.get("org"), to_org)
        elif kind == "handover":
            picked = ev.get("pickup") is not None
            dev = "late_pickup" if picked else "lost_handover"
            seam = seam_name(act.get("org"), ev.get("to_org"))
        elif kind == "no_ping_pong":
            dev = "ping_pong"
            back = ev.get("back") or {}
            seam = seam_name(act.get("org"), back.get("org"))
        else:
            dev = "duplicate"
            other = ev.get("duplicate") or {}
            seam = seam_name(act.get("org"), other.get("org"))
        out.append(
            {
                "case_id": row["case_id"],
                "episode": row["episode"],
                "kind": dev,
                "step": act.get("step"),
                "org": act.get("org"),
                "seam": seam,
                "position": -1,
                "timestamp": None,
                "detail": json.dumps({"rule": row["rule_id"], **ev}, ensure_ascii=False),
            }
        )
    return out


def seam_response_rules(protocol: Any) -> dict[str, str]:
    """``response`` rules from a handover step: rule id → the receiving organisation.

    Their missed deadlines are seam deviations (late or lost pickups) like those
    of ``handover`` rules.
    """
    out = {}
    for r in protocol.rules:
        step = protocol.steps.get(r.source or "")
        if r.kind != "response" or step is None or not step.handover_to:
            continue
        # only when the receiving organisation does the step the rule waits for (a pickup);
        # "monitor 10-16 weeks after the handover" by the sender is no seam rule
        if protocol.responsible(r.target or "") & set(protocol.expand(step.handover_to)):
            out[r.id] = step.handover_to
    return out


def lost_without_rule(con: Any, steps_with_rule: list[str]) -> list[dict[str, Any]]:
    """Handovers never picked up in an ended case, on steps no rule guards (deviation rows).

    Needs ``__handovers`` and ``__cases``. On a guarded step the rule's verdict says it.
    """
    from ketenmining.conform import sql

    out = []
    for case_id, episode, step, a, b, t0 in con.sql(
        sql.LOST_WITHOUT_RULE, params=[steps_with_rule]
    ).fetchall():
        out.append(
            {
                "case_id": case_id,
                "episode": episode,
                "kind": "lost_handover",
                "step": step,
                "org": a,
                "seam": seam_name(a, b),
                "position": -1,
                "timestamp": t0,
                "detail": json.dumps({"rule": None}),
            }
        )
    return out


def seam_summary(con: Any, seam_devs: list[dict[str, Any]]) -> Any:
    """One row per ordered pair of organisations with handovers (Arrow, the ``seams`` contract).

    Needs ``__handovers``, ``__cases`` and ``__joint`` registered in ``con``.
    Lost and late pickups, ping-pong and duplicates are counted from the
    deviation rows ``seam_devs`` (the rules' verdicts, and the lost handovers
    on steps no rule guards), so the seam table and the deviations table
    always agree.
    """
    import pyarrow as pa

    from ketenmining.conform import sql

    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, n, picked, median, p90 in con.sql(sql.SEAM_COUNTS).fetchall():
        rows[(a, b)] = {
            "from_org": a,
            "to_org": b,
            "handovers": int(n),
            "picked_up": int(picked),
            "lost": 0,
            "late": 0,
            "median_days": None if median is None else round(float(median), 2),
            "p90_days": None if p90 is None else round(float(p90), 2),
            "ping_pong": 0,
            "duplicates": 0,
            "joint": 0,
        }
    counted = {
        "lost_handover": "lost",
        "late_pickup": "late",
        "ping_pong": "ping_pong",
        "duplicate": "duplicates",
    }
    for d in seam_devs:
        if d["seam"] and d["kind"] in counted:
            a, b = d["seam"].split(SEAM_ARROW)
            key = (a, b) if (a, b) in rows else (b, a) if (b, a) in rows else None
            if key is not None:
                rows[key][counted[d["kind"]]] += 1
    for a, b, n in con.sql(sql.JOINT_PER_PAIR).fetchall():
        # joint work is counted once, at the seam between the two (the busiest direction)
        pairs = [p for p in ((a, b), (b, a)) if p in rows]
        if pairs:
            rows[max(pairs, key=lambda p: rows[p]["handovers"])]["joint"] += int(n)
    schema = pa.schema(
        [
            ("from_org", pa.string()),
            ("to_org", pa.string()),
            ("handovers", pa.int64()),
            ("picked_up", pa.int64()),
            ("lost", pa.int64()),
            ("late", pa.int64()),
            ("median_days", pa.float64()),
            ("p90_days", pa.float64()),
            ("ping_pong", pa.int64()),
            ("duplicates", pa.int64()),
            ("joint", pa.int64()),
        ]
    )
    return pa.Table.from_pylist([rows[k] for k in sorted(rows)], schema=schema)
