"""Read the ``rules:`` list of a protocol: kinds, parameters, windows, norms, ``extends``.

A rule is a mapping with ``id``, ``text``, optional ``text_en``, ``clause``,
``severity`` (major | minor | observation, default minor), ``norm`` (``90%``,
default 100%) and exactly one kind key holding the kind's parameters, e.g.
``response: {from: melding, to: veiligheidsbeoordeling, within: 5 werkdagen}``.
``extends: OTHER-ID`` copies every field of another rule that the rule does
not set itself (a stricter variant of a rule, say); a missing or circular
``extends`` is reported as P014. Rules with schema problems are left out of
the model so later checks do not trip over them.
"""

from __future__ import annotations

from typing import Any

from ketenmining.errors import Location
from ketenmining.protocol.model import (
    RULE_KINDS,
    SEVERITIES,
    Rule,
    Window,
)
from ketenmining.protocol.reader import Reader
from ketenmining.protocol.spec import RULE, SHORTHAND_STEP, kind_params
from ketenmining.yamldoc import PathKey

RULE_ID_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def read_rules(r: Reader, raw: Any) -> list[Rule]:
    """Parse the rules list; every problem becomes a finding on ``r``."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        r.wrong_type(("rules",), "rules", "list", raw)
        return []
    items: list[tuple[int, dict[str, Any]]] = []
    for i, item in enumerate(raw):
        body = r.mapping(("rules", i), item, "a rule")
        if body is not None:
            items.append((i, body))
    by_id: dict[str, int] = {}
    for i, body in items:
        rid = body.get("id")
        if isinstance(rid, str) and rid not in by_id:
            by_id[rid] = i
    rules = []
    for i, _ in items:
        merged = _resolve_extends(r, raw, i, by_id)
        if merged is None:
            continue
        rule = _read_rule(r, i, merged, raw[i])
        if rule is not None:
            rules.append(rule)
    return rules


def _resolve_extends(
    r: Reader, raw: list[Any], index: int, by_id: dict[str, int]
) -> dict[str, tuple[Any, PathKey]] | None:
    """Fields of rule ``index`` with inherited ones filled in: key → (value, path)."""
    chain = [index]
    merged: dict[str, tuple[Any, PathKey]] = {}
    while True:
        cur = chain[-1]
        body = raw[cur]
        for key, value in body.items():
            if key in ("id", "extends") and cur != index:
                continue
            if key in RULE_KINDS and cur != index and any(k in merged for k in RULE_KINDS):
                continue  # the extending rule chose its own kind
            merged.setdefault(key, (value, ("rules", cur, key)))
        parent = body.get("extends")
        if parent is None:
            return merged
        path = ("rules", cur, "extends")
        if not isinstance(parent, str) or parent not in by_id:
            r.problem(
                path,
                "protocol.load.rule_extends_which_not",
                "protocol.load.rule_extends_which_not.hint",
                code="P014",
                title="bad-reference",
                parent=parent,
            )
            return None
        nxt = by_id[parent]
        if nxt in chain:
            names = [str(raw[c].get("id")) for c in chain] + [parent]
            r.problem(
                path,
                "protocol.load.rule_extends_itself",
                "protocol.load.rule_extends_itself.hint",
                code="P014",
                title="bad-reference",
                rid=raw[index].get("id"),
                cycle=" → ".join(names),
            )
            return None
        chain.append(nxt)


def _read_rule(
    r: Reader, index: int, merged: dict[str, tuple[Any, PathKey]], own: dict[str, Any]
) -> Rule | None:
    path: PathKey = ("rules", index)
    before = len(r.findings)
    kinds = [k for k in merged if k in RULE_KINDS]
    values = {k: v for k, (v, _) in merged.items()}
    # the id is needed on the rule after ``extends`` is applied: checked below
    r.check_keys(path, own, RULE, required=(), what=r.t("protocol.load.rule"))
    rid = None
    if "id" not in merged:
        r.problem(
            path,
            "protocol.load.rule_needs_id",
            "protocol.load.rule_needs_id.hint",
        )
    else:
        rid = r.text(merged["id"][1], merged["id"][0], "id", allow_number=True)
        if rid is not None and (not rid or not set(rid) <= RULE_ID_CHARS):
            r.problem(
                merged["id"][1],
                "protocol.load.rule_id_may_hold",
                "protocol.load.rule_id_may_hold.hint",
                rid=rid,
            )
    if "text" not in merged:
        r.problem(
            path,
            "protocol.load.rule_needs_text_saying",
            "protocol.load.rule_needs_text_saying.hint",
        )
    if len(kinds) != 1:
        r.problem(
            path,
            "protocol.load.rule_needs_exactly_one",
            "protocol.load.rule_needs_exactly_one.hint",
            found=", ".join(kinds) or r.t("protocol.load.none_given"),
            kinds=", ".join(RULE_KINDS),
        )
    fields: dict[str, Any] = {}
    for key in ("text", "text_en", "clause"):
        if key in merged:
            fields[key] = r.text(merged[key][1], merged[key][0], key)
    severity = "minor"
    if "severity" in merged:
        severity = (
            r.choice(merged["severity"][1], merged["severity"][0], "severity", SEVERITIES)
            or "minor"
        )
    norm = 1.0
    if "norm" in merged:
        norm = r.norm(merged["norm"][1], merged["norm"][0])
        norm = 1.0 if norm is None else norm
    params: dict[str, Any] = {}
    param_where: dict[str, Location] = {}
    if len(kinds) == 1:
        kind = kinds[0]
        params, param_where = _read_params(r, kind, *merged[kind])
    if len(r.findings) > before or rid is None or len(kinds) != 1:
        return None
    kind = kinds[0]
    return Rule(
        id=rid,
        kind=kind,
        text=fields.get("text") or "",
        text_en=fields.get("text_en"),
        clause=fields.get("clause"),
        severity=severity,
        norm=norm,
        step=params.get("step"),
        steps=tuple(params.get("steps", ())),
        source=params.get("from"),
        target=params.get("to"),
        pickup=params.get("pickup"),
        count=params.get("count"),
        window=Window(
            params.get("within"),
            params.get("after"),
            param_where.get("within"),
            param_where.get("after"),
        ),
        extends=values.get("extends"),
        where=r.where(path),
        param_where=param_where,
    )


def _read_params(
    r: Reader, kind: str, raw: Any, path: PathKey
) -> tuple[dict[str, Any], dict[str, Location]]:
    """Parse the parameters of one kind key."""
    if raw is None:
        raw = {}
    if isinstance(raw, str) and kind in SHORTHAND_STEP:
        return {"step": raw}, {"step": r.where(path)}
    body = r.mapping(path, raw, kind)
    if body is None:
        return {}, {}
    params = kind_params(kind)
    allowed = params.names()
    r.check_keys(path, body, params, what=kind)
    out: dict[str, Any] = {}
    where: dict[str, Location] = {}
    for key, value in body.items():
        if key not in allowed:
            continue
        kpath = (*path, key)
        where[key] = r.where(kpath)
        out[key] = r.value(kpath, value, params.field(key).node, key)
    if kind == "duration" and ("step" in body) == ("from" in body or "to" in body):
        r.problem(
            path,
            "protocol.load.duration_takes_either_step",
            "protocol.load.duration_takes_either_step.hint",
        )
    elif kind == "duration" and "step" not in body and not ("from" in body and "to" in body):
        r.problem(
            path,
            "protocol.load.span_needs_both_from",
            "protocol.load.span_needs_both_from.hint",
        )
    if kind == "duration" and "within" not in body and "after" not in body:
        r.problem(
            path,
            "protocol.load.duration_needs_within_after",
            "protocol.load.duration_needs_within_after.hint",
        )
    if kind == "no_duplicate" and ("step" in body) == ("steps" in body):
        r.problem(
            path,
            "protocol.load.no_duplicate_takes_either",
            "protocol.load.no_duplicate_takes_either.hint",
        )
    return out, where
