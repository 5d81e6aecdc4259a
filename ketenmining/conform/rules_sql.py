"""Protocol rules compiled to SQL: every case of a rule judged in one query.

The Python evaluator (:mod:`ketenmining.protocol.evaluate`) is the reference
of the rule semantics and what ``protocol test`` runs; this module states the
same semantics as set operations, so the audit judges a million events in a
few queries instead of a loop over every case. A test holds the two equal on
every case and rule of the example chain and on the protocol test cases
(``tests/test_rules_sql.py``).

Three temp tables carry what the checkers read from a prepared case:

* ``__rx_ev`` — the events of protocol steps: case index ``c``, position
  ``k`` in the case, step, org, instant ``t`` (UTC epoch seconds), local day
  ``d`` (ordinal) and ``day`` (date), working-day index ``w`` (working days
  up to and including the day, from the protocol calendar) and lifecycle;
* ``__rx_in`` — activity instances (a ``complete`` event, or a ``start``
  without one; starts and completes of a step pair first-in, first-out, so
  an instance also has the instant and day of its start: ``st``, ``sd``,
  ``sw``), numbered ``i`` within the case;
* ``__rx_pairs`` — ``duration`` pairs per step (start and matching complete,
  or first and last event of a step without starts).

The FIFO pairing without a loop: for the j-th complete of a step, with
S_j starts before it, the number of completes paired so far is
P_j = min(P_{j-1} + 1, S_j) = j + min(0, min_{j' ≤ j}(S_{j'} − j')), a
running minimum; complete j is paired when P_j > P_{j−1}, with the
P_j-th start; the starts after the last paired one stay open.

Each compiled rule is one query giving, per case it activates, the status
code and the instance or event that the evidence names; the evidence text is
written here with the evaluator's own helpers (:func:`~ketenmining.protocol.checks.iso`,
:func:`~ketenmining.protocol.windows.shift`), so it is the same text.
Rule kinds not compiled (:data:`SQL_KINDS` says which are) fall back to the
evaluator, for those rules only. The queries are plain SQL (window
functions, joins, ``FILTER``, ``arg_min``/``arg_max``; DuckDB's ``epoch`` and
``timezone`` only where the events are read, as in :mod:`.sql`) so another
engine can run them through a transpiler.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

#: Rule kinds compiled to SQL; other kinds (and ``duration`` over a span) run in the evaluator.
SQL_KINDS = frozenset(
    {
        "response",
        "not_succession",
        "handover",
        "duration",
        "no_duplicate",
        "no_ping_pong",
        "max_handovers",
        "by",
        "existence",
        "absence",
        "at_most",
        "exactly",
        "init",
        "end",
    }
)
SAT, VIOL, PEND, NA = 0, 1, 2, 3


def compiled(rule: Any) -> bool:
    """True when ``rule`` is judged in SQL (else the evaluator judges it)."""
    if rule.kind == "duration":
        return bool(rule.step)
    return rule.kind in SQL_KINDS


def _lit(value: Any) -> str:
    """A SQL literal of a string (or NULL)."""
    if value is None:
        return "NULL"
    return "'" + str(value).replace("'", "''") + "'"


def _list(values: Any) -> str:
    return "(" + ", ".join(_lit(v) for v in sorted(values)) + ")" if values else "(NULL)"


class _Side:
    """SQL expressions of one side of a comparison: instant, day ordinal, working days, date."""

    def __init__(self, t: str, d: str, w: str, day: str) -> None:
        self.t, self.d, self.w, self.day = t, d, w, day


def _side(alias: str, start: bool = False) -> _Side:
    if start:
        return _Side(f"{alias}.st", f"{alias}.sd", f"{alias}.sw", f"{alias}.sday")
    return _Side(f"{alias}.t", f"{alias}.d", f"{alias}.w", f"{alias}.day")


def bound_sql(d: Any, upper: bool, a: _Side, b: _Side) -> str:
    """``within d`` (upper) or ``after d`` between A and B, as in :func:`.windows.compile_bound`."""
    op = "<=" if upper else ">="
    n = int(d.amount)
    if d.unit in ("minutes", "hours"):
        return f"({b.t} - {a.t} {op} {float(d.fixed_seconds or 0)!r})"
    if d.unit in ("days", "weeks"):
        return f"({b.d} - {a.d} {op} {n * (7 if d.unit == 'weeks' else 1)})"
    if d.unit == "working_days":
        return f"({b.w} - {a.w} {op} {n})"
    return f"({b.day} {op} CAST({a.day} + INTERVAL '{n}' MONTH AS DATE))"


class _Env:
    """What the compiled rules share: the protocol, calendar and the data end."""

    def __init__(self, protocol: Any, cal: Any, end: tuple[float, int, int, str] | None) -> None:
        self.protocol, self.cal, self.end = protocol, cal, end
        self._iso: dict[float, str] = {}
        self._shift: dict[tuple[int, float], str] = {}
        self.end_side = (
            _Side(repr(end[0]), str(end[1]), str(end[2]), f"DATE '{end[3]}'") if end else None
        )

    def iso(self, t: float) -> str:
        """Local ISO text of an instant (:func:`.checks.iso`), remembered: violations share many."""
        got = self._iso.get(t)
        if got is None:
            from ketenmining.protocol.checks import iso

            got = self._iso[t] = iso(t, self.cal)
        return got

    def shift(self, d: Any, t: float, day: int) -> str:
        """:func:`.windows.shift` of ``d`` from (t, day), remembered per start."""
        key = (id(d), t if d.unit in ("minutes", "hours") else float(day))
        got = self._shift.get(key)
        if got is None:
            from ketenmining.protocol.windows import shift

            got = self._shift[key] = shift(d, self.cal, t, day)
        return got

    def ok(self, rule: Any, a: _Side, b: _Side) -> str:
        w = rule.window
        parts = []
        if w.after:
            parts.append(bound_sql(w.after, False, a, b))
        if w.within:
            parts.append(bound_sql(w.within, True, a, b))
        return " AND ".join(parts) or "TRUE"

    def open_violated(self, rule: Any, a: _Side) -> str:
        """An activation whose required event has not come is violated (else pending)."""
        if rule.window.within is not None:
            if self.end_side is None:
                return "TRUE"
            return f"NOT {bound_sql(rule.window.within, True, a, self.end_side)}"
        return "cs.ended"

    def window_open(self, rule: Any, a: _Side) -> str:
        """The window after the activation is still open at the data end."""
        if self.end_side is None:
            return "FALSE"
        if rule.window.within is not None:
            return bound_sql(rule.window.within, True, a, self.end_side)
        return "NOT cs.ended"


def _finish(per_case: str) -> str:
    """Every compiled rule's result: ``c, code, n, ai, bi`` per activated case.

    ``ai`` and ``bi`` are the global positions ``k`` of the instances or events
    the evidence of a violation names (the activation and its partner).
    """
    return f"SELECT c, code, n, ai, bi FROM ({per_case})"


def _status_sql(v: str, p: str, acts: str = "TRUE") -> str:
    return f"CASE WHEN {v} > 0 THEN 1 WHEN {p} > 0 THEN 2 WHEN {acts} THEN 0 ELSE 3 END"


def _per_case_found(judged: str, partner: str) -> str:
    """Per case, from rows ``c, i, found, v`` per activation: violated when one
    activation without its answer has its window closed, pending when only open
    ones miss it; the evidence is the first violated activation and ``partner``."""
    return (
        "SELECT c, count(*) AS n, "
        + _status_sql(
            "count(*) FILTER (WHERE NOT found AND v)", "count(*) FILTER (WHERE NOT found AND NOT v)"
        )
        + " AS code, min(i) FILTER (WHERE NOT found AND v) AS ai, "
        f"arg_min({partner}, i) FILTER (WHERE NOT found AND v) AS bi "
        f"FROM ({judged}) GROUP BY c"
    )


# -- rule kinds ------------------------------------------------------------------
def _response(rule: Any, env: _Env) -> str:
    a, b = _side("a"), _side("b")
    within = rule.window.within
    late = f"NOT {bound_sql(within, True, a, b)}" if within else "FALSE"
    act = _side("m")
    per_act = (
        "SELECT a.c, a.i, a.t, a.d, a.w, a.day, "
        f"min(b.i) FILTER (WHERE {env.ok(rule, a, b)}) AS jo, "
        f"min(b.i) FILTER (WHERE {late}) AS jl, min(b.i) AS jn "
        f"FROM (SELECT * FROM __rx_in WHERE step = {_lit(rule.source)}) a "
        f"LEFT JOIN (SELECT * FROM __rx_in WHERE step = {_lit(rule.target)}) b "
        "ON b.c = a.c AND b.i > a.i GROUP BY a.c, a.i, a.t, a.d, a.w, a.day"
    )
    judged = (
        f"SELECT m.c, m.i, m.jn, (m.jo IS NOT NULL AND (m.jl IS NULL OR m.jo < m.jl)) AS found, "
        f"{env.open_violated(rule, act)} AS v FROM ({per_act}) m JOIN __rx_cases cs ON cs.c = m.c"
    )
    return _finish(_per_case_found(judged, "jn"))


def _not_succession(rule: Any, env: _Env) -> str:
    a, b = _side("a"), _side("b")
    per_act = (
        f"SELECT a.c, a.i, a.t, a.d, a.w, a.day, min(b.i) FILTER (WHERE {env.ok(rule, a, b)}) AS bad "
        f"FROM (SELECT * FROM __rx_in WHERE step = {_lit(rule.source)}) a "
        f"LEFT JOIN (SELECT * FROM __rx_in WHERE step = {_lit(rule.target)}) b "
        "ON b.c = a.c AND b.i > a.i GROUP BY a.c, a.i, a.t, a.d, a.w, a.day"
    )
    judged = (
        f"SELECT m.c, m.i, m.bad, {env.window_open(rule, _side('m'))} AS open "
        f"FROM ({per_act}) m JOIN __rx_cases cs ON cs.c = m.c"
    )
    per_case = (
        "SELECT c, count(*) AS n, "
        + _status_sql(
            "count(*) FILTER (WHERE bad IS NOT NULL)",
            "count(*) FILTER (WHERE bad IS NULL AND open)",
        )
        + " AS code, min(i) FILTER (WHERE bad IS NOT NULL) AS ai, "
        "arg_min(bad, i) FILTER (WHERE bad IS NOT NULL) AS bi "
        f"FROM ({judged}) GROUP BY c"
    )
    return _finish(per_case)


def _handover(rule: Any, env: _Env) -> str:
    proto = env.protocol
    step = proto.steps[rule.step or ""]
    receivers = frozenset(proto.expand(step.handover_to or ""))
    cand = f"step = {_lit(rule.pickup)} AND " if rule.pickup else ""
    within = rule.window.within
    in_time = bound_sql(within, True, _side("f"), _side("b", start=True)) if within else "TRUE"
    first = (
        "SELECT a.c, a.i, a.t, a.d, a.w, a.day, min(b.i) AS j "
        f"FROM (SELECT * FROM __rx_in WHERE step = {_lit(step.id)}) a "
        f"LEFT JOIN (SELECT * FROM __rx_in WHERE {cand}org IN {_list(receivers)}) b "
        "ON b.c = a.c AND b.i > a.i GROUP BY a.c, a.i, a.t, a.d, a.w, a.day"
    )
    judged = (
        f"SELECT f.c, f.i, f.j, (f.j IS NOT NULL AND coalesce({in_time}, FALSE)) AS found, "
        f"{env.open_violated(rule, _side('f'))} AS v "
        f"FROM ({first}) f LEFT JOIN __rx_in b ON b.c = f.c AND b.i = f.j "
        "JOIN __rx_cases cs ON cs.c = f.c"
    )
    return _finish(_per_case_found(judged, "j"))


def _duration(rule: Any, env: _Env) -> str:
    s, e = _side("p", start=True), _side("p")
    w = rule.window
    bad_done = []
    if w.after:
        bad_done.append(f"NOT {bound_sql(w.after, False, s, e)}")
    if w.within:
        bad_done.append(f"NOT {bound_sql(w.within, True, s, e)}")
    done_bad = " OR ".join(bad_done) or "FALSE"
    if w.within is not None:
        if env.end_side is None:
            open_bad = "TRUE"
        else:
            open_bad = f"NOT {bound_sql(w.within, True, s, env.end_side)}"
    else:
        open_bad = "cs.ended"
    judged = (
        "SELECT p.c, p.ks, p.ke, CASE WHEN p.ke IS NULL THEN "
        f"(CASE WHEN {open_bad} THEN 1 ELSE 2 END) "
        f"WHEN {done_bad} THEN 1 ELSE 0 END AS st "
        f"FROM __rx_pairs p JOIN __rx_cases cs ON cs.c = p.c WHERE p.step = {_lit(rule.step)}"
    )
    per_case = (
        "SELECT c, count(*) AS n, "
        + _status_sql("count(*) FILTER (WHERE st = 1)", "count(*) FILTER (WHERE st = 2)")
        + " AS code, min(ks) FILTER (WHERE st = 1) AS ai, "
        "arg_min(ke, ks) FILTER (WHERE st = 1) AS bi "
        f"FROM ({judged}) GROUP BY c"
    )
    return _finish(per_case)


def _pairs_forbidden(rule: Any, env: _Env, scope: str, pair: str) -> str:
    """no_duplicate / no_ping_pong: a later instance j forms a forbidden pair with an earlier i."""
    a, b = _side("a"), _side("b")
    per_j = (
        f"SELECT b.c, b.i AS j, min(a.i) FILTER (WHERE {pair} AND {env.ok(rule, a, b)}) AS i "
        f"FROM (SELECT * FROM __rx_in WHERE {scope}) b "
        f"LEFT JOIN (SELECT * FROM __rx_in WHERE {scope}) a ON a.c = b.c AND a.i < b.i "
        "GROUP BY b.c, b.i"
    )
    opened = (
        f"SELECT x.c, x.i, {env.window_open(rule, _side('x'))} AS open "
        f"FROM (SELECT * FROM __rx_in WHERE {scope}) x JOIN __rx_cases cs ON cs.c = x.c"
    )
    per_case = (
        "SELECT v.c, v.n, "
        + _status_sql("v.viols", "coalesce(o.pend, 0)")
        + " AS code, v.ai, v.bi FROM ("
        "SELECT c, count(*) AS n, count(*) FILTER (WHERE i IS NOT NULL) AS viols, "
        "arg_min(i, j) FILTER (WHERE i IS NOT NULL) AS ai, min(j) FILTER (WHERE i IS NOT NULL) AS bi "
        f"FROM ({per_j}) GROUP BY c) v "
        f"LEFT JOIN (SELECT c, count(*) FILTER (WHERE open) AS pend FROM ({opened}) GROUP BY c) o "
        "ON o.c = v.c"
    )
    return _finish(per_case)


def _no_duplicate(rule: Any, env: _Env) -> str:
    steps = (rule.step,) if rule.step else rule.steps
    return _pairs_forbidden(rule, env, f"step IN {_list(steps)}", "a.org IS DISTINCT FROM b.org")


def _targets(env: _Env) -> dict[str, frozenset[str]]:
    proto = env.protocol
    return {s.id: frozenset(proto.expand(s.handover_to or "")) for s in proto.handover_steps()}


def _target_sql(targets: dict[str, frozenset[str]], step: str, org: str) -> str:
    """``org`` is a receiver of the handover ``step`` (for the step the row has)."""
    arms = " ".join(f"WHEN {_lit(s)} THEN {org} IN {_list(t)}" for s, t in sorted(targets.items()))
    return f"coalesce(CASE {step} {arms} ELSE FALSE END, FALSE)"


def _no_ping_pong(rule: Any, env: _Env) -> str:
    targets = _targets(env)
    pair = (
        f"{_target_sql(targets, 'a.step', 'b.org')} AND {_target_sql(targets, 'b.step', 'a.org')}"
    )
    return _pairs_forbidden(rule, env, f"step IN {_list(targets)}", pair)


def _max_handovers(rule: Any, env: _Env) -> str:
    limit = int(rule.count or 0)
    hsteps = _list(_targets(env))
    per_case = (
        "SELECT cs.c, coalesce(h.n, 0) AS n, "
        f"CASE WHEN coalesce(h.n, 0) > {limit} THEN 1 WHEN cs.ended THEN 0 ELSE 2 END AS code, "
        "h.ai, CAST(NULL AS BIGINT) AS bi FROM __rx_cases cs LEFT JOIN ("
        f"SELECT c, count(*) AS n, min(i) FILTER (WHERE r = {limit + 1}) AS ai FROM ("
        f"SELECT c, i, row_number() OVER (PARTITION BY c ORDER BY i) AS r FROM __rx_in "
        f"WHERE step IN {hsteps}) GROUP BY c) h ON h.c = cs.c"
    )
    return _finish(per_case)


def _by(rule: Any, env: _Env) -> str:
    proto = env.protocol
    scope = sorted(rule.steps) if rule.steps else sorted(proto.steps)
    arms = " ".join(
        f"WHEN {_lit(s)} THEN coalesce(org IN {_list(proto.responsible(s))}, FALSE)" for s in scope
    )
    per_case = (
        "SELECT c, count(*) AS n, "
        + _status_sql("count(*) FILTER (WHERE NOT ok)", "0")
        + " AS code, min(k) FILTER (WHERE NOT ok) AS ai, CAST(NULL AS BIGINT) AS bi FROM ("
        f"SELECT c, k, CASE step {arms} END AS ok FROM __rx_ev WHERE step IN {_list(scope)}) "
        "GROUP BY c"
    )
    return _finish(per_case)


def _unary(rule: Any, env: _Env) -> str:
    kind, step = rule.kind, rule.step
    n = int(rule.count) if rule.count is not None else 1
    cnt = "coalesce(u.n, 0)"
    if kind == "existence":
        code = f"CASE WHEN {cnt} >= {n} THEN 0 WHEN cs.ended THEN 1 ELSE 2 END"
        ai = "CAST(NULL AS BIGINT)"
    elif kind in ("absence", "at_most"):
        limit = 0 if kind == "absence" else n
        code = f"CASE WHEN {cnt} > {limit} THEN 1 WHEN cs.ended THEN 0 ELSE 2 END"
        ai = f"u.i{limit + 1}"
    elif kind == "exactly":
        code = (
            f"CASE WHEN {cnt} = {n} THEN (CASE WHEN cs.ended THEN 0 ELSE 2 END) "
            f"WHEN {cnt} > {n} THEN 1 WHEN cs.ended THEN 1 ELSE 2 END"
        )
        ai = f"CASE WHEN {cnt} > {n} THEN u.i{n + 1} END"
    else:
        first = "min(i)" if kind == "init" else "max(i)"
        wanted = f"arg_{'min' if kind == 'init' else 'max'}(step, i)"
        done = "" if kind == "init" else "WHEN NOT cs.ended THEN 2 "
        per_case = (
            "SELECT cs.c, 1 AS n, CASE WHEN f.i IS NULL THEN 3 "
            f"{done}WHEN f.s = {_lit(step)} THEN 0 ELSE 1 END AS code, f.i AS ai, "
            "CAST(NULL AS BIGINT) AS bi FROM __rx_cases cs LEFT JOIN ("
            f"SELECT c, {first} AS i, {wanted} AS s FROM __rx_in GROUP BY c) f ON f.c = cs.c"
        )
        return _finish(per_case)
    picks = ", ".join(
        f"min(i) FILTER (WHERE r = {m}) AS i{m}"
        for m in sorted({n + 1, 1, (0 if kind == "absence" else n) + 1})
    )
    per_case = (
        f"SELECT cs.c, {cnt} AS n, {code} AS code, {ai} AS ai, CAST(NULL AS BIGINT) AS bi "
        "FROM __rx_cases cs LEFT JOIN ("
        f"SELECT c, count(*) AS n, {picks} FROM ("
        "SELECT c, i, row_number() OVER (PARTITION BY c ORDER BY i) AS r FROM __rx_in "
        f"WHERE step = {_lit(step)}) GROUP BY c) u ON u.c = cs.c"
    )
    return _finish(per_case)


BUILDERS = {
    "response": _response,
    "not_succession": _not_succession,
    "handover": _handover,
    "duration": _duration,
    "no_duplicate": _no_duplicate,
    "no_ping_pong": _no_ping_pong,
    "max_handovers": _max_handovers,
    "by": _by,
    **dict.fromkeys(("existence", "absence", "at_most", "exactly", "init", "end"), _unary),
}


def rule_sql(rule: Any, env: _Env) -> str:
    """The query judging ``rule`` on every case it activates."""
    return BUILDERS[rule.kind](rule, env)


# -- the tables the queries read --------------------------------------------------------
def prepare_sql(
    tz: str, steps: Any, end_steps: Any, closed: Any, end: Any, duration_steps: Any
) -> list[str]:
    """Statements building ``__rx_ev``, ``__rx_in``, ``__rx_pairs`` and ``__rx_cases``.

    They read the events of protocol ``steps`` from the ``events`` view and ``__rx_days(d, w)``, the working-day index of every local day in range.
    ``k`` numbers the events in case order over the whole log, so the instance index ``i``
    is the position ``k`` of the instance's event (order within a case is all it must keep).
    """
    from ketenmining.engine.sql import CASE_ORDER

    tz = tz.replace("'", "''")
    local = f"CAST(timezone('{tz}', timestamp) AS DATE)"
    # one sort gives both numbers: c in the order of (case_id, episode), k in case order
    ev = (
        "CREATE OR REPLACE TEMP TABLE __rx_ev AS "
        "SELECT e.*, e.day - DATE '0001-01-01' + 1 AS d, wd.w FROM ("
        f"SELECT row_number() OVER (ORDER BY case_id, episode, {CASE_ORDER}) - 1 AS k, "
        "dense_rank() OVER (ORDER BY case_id, episode) - 1 AS c, case_id, episode, "
        "activity AS step, org, epoch(timestamp) AS t, "
        "coalesce(nullif(lifecycle, ''), 'complete') AS lc, "
        f"{local} AS day FROM events WHERE activity IN {_list(steps)}) e "
        "JOIN __rx_days wd ON wd.d = e.day - DATE '0001-01-01' + 1"
    )
    # starts and completes of the (case, step) pairs that have a start: FIFO pairing
    sc = (
        "CREATE OR REPLACE TEMP TABLE __rx_sc AS "
        "SELECT *, CASE WHEN lc = 'complete' THEN nc + least(0, min(CASE WHEN lc = 'complete' "
        "THEN ns - nc END) OVER (PARTITION BY c, step ORDER BY k ROWS UNBOUNDED PRECEDING)) END AS p "
        "FROM (SELECT c, k, step, lc, t, d, w, day, "
        "sum(CASE WHEN lc = 'start' THEN 1 ELSE 0 END) OVER (PARTITION BY c, step ORDER BY k "
        "ROWS UNBOUNDED PRECEDING) AS ns, "
        "sum(CASE WHEN lc = 'complete' THEN 1 ELSE 0 END) OVER (PARTITION BY c, step ORDER BY k "
        "ROWS UNBOUNDED PRECEDING) AS nc FROM __rx_ev e WHERE lc IN ('start', 'complete') "
        "AND EXISTS (SELECT 1 FROM __rx_ev s WHERE s.lc = 'start' AND s.c = e.c AND s.step = e.step)) x"
    )
    # a complete is paired when P grew; its start is the P-th start of the step
    paired = (
        "CREATE OR REPLACE TEMP TABLE __rx_paired AS "
        "SELECT x.c, x.step, x.k AS ke, s.k AS ks, s.t AS st, s.d AS sd, s.w AS sw, s.day AS sday "
        "FROM (SELECT *, p - coalesce(lag(p) OVER (PARTITION BY c, step ORDER BY k), 0) AS grew "
        "FROM __rx_sc WHERE lc = 'complete') x "
        "JOIN __rx_sc s ON s.c = x.c AND s.step = x.step AND s.lc = 'start' AND s.ns = x.p "
        "WHERE x.grew = 1"
    )
    lone = (
        "CREATE OR REPLACE TEMP TABLE __rx_lone AS "
        "SELECT s.c, s.k, s.step FROM __rx_sc s LEFT JOIN ("
        "SELECT c, step, max(p) AS used FROM __rx_sc WHERE lc = 'complete' GROUP BY c, step) u "
        "ON u.c = s.c AND u.step = s.step WHERE s.lc = 'start' AND s.ns > coalesce(u.used, 0)"
    )
    inst = (
        "CREATE OR REPLACE TEMP TABLE __rx_in AS "
        "SELECT e.k AS i, e.c, e.step, e.org, e.t, e.d, e.w, e.day, coalesce(p.st, e.t) AS st, "
        "coalesce(p.sd, e.d) AS sd, coalesce(p.sw, e.w) AS sw, coalesce(p.sday, e.day) AS sday "
        "FROM __rx_ev e LEFT JOIN __rx_paired p ON p.ke = e.k "
        "WHERE e.lc = 'complete' OR e.k IN (SELECT k FROM __rx_lone) ORDER BY e.k"
    )
    out = [ev, sc, paired, lone, inst]
    if duration_steps:
        scope = _list(duration_steps)
        out.append(
            "CREATE OR REPLACE TEMP TABLE __rx_pairs AS "
            "WITH p AS ("
            "SELECT e.c, e.step, min(e.k) AS ks, max(e.k) AS ke FROM __rx_ev e "
            f"WHERE e.step IN {scope} AND NOT EXISTS (SELECT 1 FROM __rx_ev s "
            "WHERE s.lc = 'start' AND s.c = e.c AND s.step = e.step) GROUP BY e.c, e.step "
            f"UNION ALL SELECT c, step, ks, ke FROM __rx_paired WHERE step IN {scope} "
            f"UNION ALL SELECT c, step, k AS ks, NULL AS ke FROM __rx_lone WHERE step IN {scope}) "
            "SELECT p.c, p.step, p.ks, p.ke, s.t AS st, s.d AS sd, s.w AS sw, s.day AS sday, "
            "e.t, e.d, e.w, e.day FROM p "
            "JOIN __rx_ev s ON s.k = p.ks LEFT JOIN __rx_ev e ON e.k = p.ke"
        )
    if end is None:
        ended = "TRUE"
    else:
        last, end_side = (
            _side("l"),
            _Side(repr(end[0]), str(end[1]), str(end[2]), f"DATE '{end[3]}'"),
        )
        ended = (
            f"(coalesce(l.step IN {_list(end_steps)}, FALSE) "
            f"OR coalesce({bound_sql(closed, False, last, end_side)}, FALSE))"
        )
    out.append(
        "CREATE OR REPLACE TEMP TABLE __rx_cases AS "
        f"SELECT l.c, l.case_id, l.episode, {ended} AS ended FROM ("
        "SELECT c, any_value(case_id) AS case_id, any_value(episode) AS episode, "
        "arg_max(step, k) AS step, arg_max(t, k) AS t, arg_max(d, k) AS d, "
        "arg_max(w, k) AS w, arg_max(day, k) AS day FROM __rx_ev GROUP BY c) l"
    )
    return out


def _day_table(con: Any, cal: Any, tz: str, steps: list[str], end_d: int | None) -> Any:
    """``__rx_days(d, w)``: the working-day index of every local day the data and its end span."""
    import pyarrow as pa

    tzq = tz.replace("'", "''")
    lo, hi = con.execute(
        f"SELECT min(CAST(timezone('{tzq}', timestamp) AS DATE)), "
        f"max(CAST(timezone('{tzq}', timestamp) AS DATE)) FROM events "
        "WHERE list_contains(?, activity)",
        [steps],
    ).fetchall()[0]
    if lo is None:
        lo = hi = dt.date.fromordinal(end_d) if end_d else dt.date(2000, 1, 1)
    first, last = lo.toordinal() - 1, hi.toordinal() + 1
    if end_d is not None:
        first, last = min(first, end_d), max(last, end_d)
    cal.ensure(dt.date.fromordinal(first), dt.date.fromordinal(last))
    days = list(range(first, last + 1))
    return pa.table(
        {"d": pa.array(days, pa.int64()), "w": pa.array([cal.wd(o) for o in days], pa.int64())}
    )


# -- evidence ------------------------------------------------------------------------
def _evidence(rule: Any, env: _Env, row: dict[str, Any]) -> dict[str, Any] | None:
    """The evaluator's evidence of a violation, from the instances the query named."""
    kind, w, shift = rule.kind, rule.window, env.shift

    def inst(p: str) -> dict[str, Any] | None:
        if row[f"{p}_step"] is None:
            return None
        return {"step": row[f"{p}_step"], "org": row[f"{p}_org"], "time": env.iso(row[f"{p}_t"])}

    def event(p: str) -> dict[str, Any] | None:
        got = inst(p)
        if got is not None:
            got["lifecycle"] = row[f"{p}_lc"]
        return got

    def around(deadline: bool = True, **more: Any) -> dict[str, Any]:
        ev: dict[str, Any] = {"activation": inst("a")}
        if w.within and deadline:
            ev["deadline"] = shift(w.within, row["a_t"], row["a_d"])
        if w.after:
            ev["earliest"] = shift(w.after, row["a_t"], row["a_d"])
        if not w.empty:
            ev["window"] = w.text("en")
        ev.update({k: v for k, v in more.items() if v is not None})
        return ev

    if kind == "response":
        return around(expected=rule.target, next=inst("b"))
    if kind == "not_succession":
        return around(False, forbidden=inst("b"))
    if kind == "handover":
        step = env.protocol.steps[rule.step]
        return around(
            to_org=step.handover_to,
            expected=rule.pickup or "any step by the receiving organisation",
            pickup=inst("b"),
        )
    if kind == "duration":
        ev = {"start": event("a"), "end": event("b"), "window": w.text("en")}
        if w.within:
            ev["deadline"] = shift(w.within, row["a_t"], row["a_d"])
        return ev
    if kind == "no_duplicate":
        return around(False, duplicate=inst("b"))
    if kind == "no_ping_pong":
        return around(False, back=inst("b"))
    if kind == "max_handovers":
        return {"activation": inst("a"), "found": row["n"], "allowed": int(rule.count or 0)}
    if kind == "by":
        return {
            "activation": event("a"),
            "allowed": sorted(env.protocol.responsible(row["a_step"])),
        }
    n = int(rule.count) if rule.count is not None else 1
    if kind == "existence":
        return {"found": row["n"], "required": n}
    if kind in ("absence", "at_most"):
        return {
            "activation": inst("a"),
            "found": row["n"],
            "allowed": 0 if kind == "absence" else n,
        }
    if kind == "exactly":
        if row["a_step"] is not None:
            return {"activation": inst("a"), "found": row["n"], "required": n}
        return {"found": row["n"], "required": n}
    return {"activation": inst("a"), "expected": rule.step}


# -- the whole run -----------------------------------------------------------------------
def evaluate_sql(con: Any, protocol: Any, data_end: dt.datetime | None) -> Any:
    """Every rule on every case of the ``events`` view; a :class:`~.rules.RuleRun`.

    Compiled rules run as queries; the others (see :func:`compiled`) run in the
    evaluator, case by case, for those rules only.
    """
    import numpy as np
    import pyarrow.compute as pc

    from ketenmining.conform.rules import RuleRun
    from ketenmining.protocol.calendar import WorkCalendar
    from ketenmining.protocol.evaluate import Evaluator

    cal = WorkCalendar(protocol.calendar)
    tz = protocol.calendar.timezone
    steps = list(protocol.steps)
    evaluator = Evaluator(protocol, cal)
    end = None
    if data_end is not None:
        end_t = data_end.timestamp()
        end_d = cal.local_ordinal(end_t)
        end = (end_t, end_d, 0, dt.date.fromordinal(end_d).isoformat())
    con.register("__rx_days_src", _day_table(con, cal, tz, steps, end[1] if end else None))
    con.execute("CREATE OR REPLACE TEMP TABLE __rx_days AS SELECT * FROM __rx_days_src")
    con.unregister("__rx_days_src")
    if end is not None:
        w_end = con.execute("SELECT w FROM __rx_days WHERE d = ?", [end[1]]).fetchall()[0][0]
        end = (end[0], end[1], int(w_end), end[3])
    env = _Env(protocol, cal, end)
    durations = sorted({r.step for r in protocol.rules if r.kind == "duration" and r.step})
    for statement in prepare_sql(
        tz, steps, evaluator.end_steps, protocol.case_closed_after, end, durations
    ):
        con.execute(statement)
    try:
        cases = con.sql(
            "SELECT c, case_id, episode, ended FROM __rx_cases ORDER BY c"
        ).to_arrow_table()
        # what the evidence names, by position k (one chunk, so taking rows is cheap)
        n_cases, n_rules = cases.num_rows, len(protocol.rules)
        status = np.full(n_cases * n_rules, NA, dtype=np.int8)
        evidence: dict[int, str] = {}
        fallback, violations = [], []
        for r, rule in enumerate(protocol.rules):
            if not compiled(rule):
                fallback.append(r)
                continue
            got = con.sql(rule_sql(rule, env)).to_arrow_table()
            c = got.column("c").to_numpy().astype(np.int64)
            status[c * n_rules + r] = got.column("code").to_numpy().astype(np.int8)
            violations.append((r, rule, got.filter(pc.equal(got.column("code"), 1))))
        # only the events that the evidence names come over, not the whole log
        named = _named_events(con, [v for _, _, bad in violations for v in (bad["ai"], bad["bi"])])
        for r, rule, bad in violations:
            for row in _named(bad, *named):
                ev = _evidence(rule, env, row)
                evidence[row["c"] * n_rules + r] = json.dumps(ev, ensure_ascii=False, default=str)
        if fallback:
            _fallback(con, evaluator, fallback, data_end, n_rules, status, evidence)
        ended = cases.column("ended").to_numpy(zero_copy_only=False).astype(bool)
        return RuleRun(
            cases.select(["case_id", "episode"]),
            [r.id for r in protocol.rules],
            status,
            evidence,
            ended,
        )
    finally:
        for name in TEMP_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {name}")


TEMP_TABLES = (
    "__rx_ev",
    "__rx_sc",
    "__rx_paired",
    "__rx_lone",
    "__rx_in",
    "__rx_pairs",
    "__rx_cases",
    "__rx_days",
)


def _named_events(con: Any, columns: list[Any]) -> tuple[Any, Any]:
    """The events at the positions in ``columns`` (sorted positions, their Arrow rows)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = [pc.drop_null(col).to_numpy() for col in columns if len(col)]
    ks = np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
    con.register("__rx_named", pa.table({"k": pa.array(ks, pa.int64())}))
    try:
        rows = (
            con.sql(
                "SELECT e.k, e.step, e.org, e.t, e.d, e.lc FROM __rx_ev e "
                "JOIN __rx_named n ON n.k = e.k ORDER BY e.k"
            )
            .to_arrow_table()
            .combine_chunks()
        )
    finally:
        con.unregister("__rx_named")
    return rows.column("k").to_numpy(), rows


def _named(bad: Any, ks: Any, events: Any) -> list[dict[str, Any]]:
    """Rows of violations with the step, org, time, day and lifecycle of what they name."""
    import numpy as np
    import pyarrow as pa

    cols: dict[str, Any] = {"c": bad.column("c"), "n": bad.column("n")}
    for p in ("a", "b"):
        col = bad.column(f"{p}i")
        valid = np.asarray(col.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        pos = (
            np.searchsorted(ks, col.fill_null(0).to_numpy()) if len(col) else np.zeros(0, np.int64)
        )
        idx = pa.array(pos, pa.int64(), mask=~valid)
        for name in ("step", "org", "t", "d", "lc"):
            cols[f"{p}_{name}"] = events.column(name).take(idx)
    return pa.table(cols).to_pylist()


def _fallback(
    con: Any,
    evaluator: Any,
    rules: list[int],
    data_end: dt.datetime | None,
    n_rules: int,
    status: Any,
    evidence: dict[int, str],
) -> None:
    """The rules not compiled to SQL, with the evaluator, case by case (in case order)."""
    from ketenmining.conform.rules import STATUS_CODES

    events = con.sql("SELECT c, step, org, t, lc, d FROM __rx_ev ORDER BY c, k").to_arrow_table()
    cs = events.column("c").to_numpy()
    steps = events.column("step").to_pylist()
    orgs = events.column("org").to_pylist()
    times = events.column("t").to_pylist()
    lcs = events.column("lc").to_pylist()
    days = events.column("d").to_pylist()
    import numpy as np

    bounds = [*np.flatnonzero(np.r_[True, cs[1:] != cs[:-1]]).tolist(), len(cs)] if len(cs) else [0]
    checkers = [(r, evaluator.checkers[r]) for r in rules]
    end = data_end.timestamp() if data_end is not None else None
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], bounds[k + 1]
        case = evaluator.prepare(
            steps[lo:hi], orgs[lo:hi], times[lo:hi], lcs[lo:hi], end, days[lo:hi]
        )
        for r, check in checkers:
            result = check(case)
            code = STATUS_CODES[result.status]
            status[k * n_rules + r] = code
            if code == 1 and result.evidence is not None:
                evidence[k * n_rules + r] = json.dumps(
                    result.evidence, ensure_ascii=False, default=str
                )
