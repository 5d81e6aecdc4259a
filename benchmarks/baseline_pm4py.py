"""The fair pm4py baseline of the audit: what a pm4py user would write for the same checks.

Run as a script on a chain log and a protocol (``bench_audit.py`` runs it in a
fresh process and times it)::

    PYTHONPATH=. python benchmarks/baseline_pm4py.py keten.parquet meldcode-keten.yaml

What it does, the way a pm4py user writes it (pm4py's own functions on a
pm4py frame, pandas vectorised, no per-case Python loop):

* the chain log as a pandas frame, one case per client episode,
  ``pm4py.format_dataframe``;
* the activity instances (a step's complete event, or its start when it has
  none) with one ``groupby().transform``;
* the route: the protocol's route as a Petri net (the same compiled net the
  audit aligns against), ``pm4py.conformance_diagnostics_alignments`` **once**
  (pm4py aligns once per variant inside), and the fitness derived from those
  same alignments with pm4py's ``replay_fitness ... alignment_based.evaluate``
  (what ``pm4py.fitness_alignments`` does after aligning the log again);
* the twelve rules of the example protocol as vectorised pandas: the first
  event of each step per case (``pivot_table``), working days with
  ``numpy.busday_count`` over the protocol's closed days, calendar windows
  with ``DateOffset``, duplicates and ping-pong with ``shift`` within cases,
  the responsible organisation with a ``merge``; statuses satisfied /
  violated / pending / not applicable per (case, rule), counted per rule.

It writes nothing but a small JSON summary on stdout (the counts per rule and
the fitness), so that a reader can compare it with the audit's numbers. The
rule semantics are the protocol's in the simple form a pandas user would
write them (first occurrence of each step, no lifecycle pairing beyond start
and complete), so the counts are close to the audit's but need not be equal:
this is a measure of the work, not a second implementation of the protocol.
"""

from __future__ import annotations

import datetime as dt
import json
import sys


def _steps_first(inst, steps):
    """Per case: the first time of each step (NaT when absent), one pivot."""
    import pandas as pd

    sub = inst[inst["concept:name"].isin(steps)]
    first = sub.pivot_table(
        index="case:concept:name", columns="concept:name", values="time:timestamp", aggfunc="min"
    )
    for s in steps:
        if s not in first.columns:
            first[s] = pd.NaT
    return first


def _working_days(a, b, holidays):
    """Working days from local day a (exclusive) to local day b (inclusive), vectorised."""
    import numpy as np

    ok = a.notna() & b.notna()
    out = np.full(len(a), np.nan)
    da = a[ok].dt.tz_convert("Europe/Amsterdam").dt.tz_localize(None).values.astype("datetime64[D]")
    db = b[ok].dt.tz_convert("Europe/Amsterdam").dt.tz_localize(None).values.astype("datetime64[D]")
    out[ok.values] = np.busday_count(da + 1, db + 1, holidays=holidays)
    return out


def _status(applies, violated, pending):
    """satisfied / violated / pending / not_applicable from three boolean series."""
    import numpy as np

    return np.select(
        [~applies, violated, pending], ["not_applicable", "violated", "pending"], "satisfied"
    )


def rule_checks(df, protocol, end, ended):
    """The twelve rules of the example protocol as vectorised pandas; statuses per (case, rule)."""
    import numpy as np
    import pandas as pd

    from ketenmining.protocol.calendar import WorkCalendar

    cal = WorkCalendar(protocol.calendar)
    first_year, last_year = df["time:timestamp"].min().year, end.year + 1
    holidays = sorted(
        d for y in range(first_year, last_year + 1) for d in cal.holidays(y)
    )  # the protocol's closed days, handed to numpy's business-day functions
    end_ts = pd.Timestamp(end)
    complete = df[df["lifecycle"].eq("complete")]
    first = _steps_first(complete, list(protocol.steps))
    starts = _steps_first(df[df["lifecycle"].eq("start")], ["onderzoek"]).reindex(first.index)
    cases = first.index
    out = {}

    def within_wd(rule_id, a_step, b_step, n):
        a, b = first[a_step], first[b_step]
        after = b.where(b >= a)
        wd = _working_days(a, after, holidays)
        waited = _working_days(a, pd.Series(end_ts, index=a.index), holidays)
        applies = a.notna()
        violated = applies & ((after.notna() & (wd > n)) | (after.isna() & (waited > n)))
        pending = applies & after.isna() & ~violated
        out[rule_id] = _status(applies, violated, pending)

    def within_offset(rule_id, a_step, b_step, offset, after_offset=None):
        a, b = first[a_step], first[b_step]
        after = b.where(b >= a)
        deadline = a + offset
        applies = a.notna()
        late = after.notna() & (after > deadline)
        early = (
            after.notna() & (after < a + after_offset)
            if after_offset is not None
            else pd.Series(False, index=a.index)
        )
        missing = after.isna() & (deadline < end_ts)
        violated = applies & (late | early | missing)
        pending = applies & after.isna() & ~missing
        out[rule_id] = _status(applies, violated, pending)

    within_wd("MELDING-OPGEPAKT", "melding_gedaan", "melding", 3)
    within_wd("VT-5WD", "melding", "veiligheidsbeoordeling", 5)
    began, done = starts["onderzoek"], first["onderzoek"]
    applies = began.notna()
    violated = applies & (
        (done.notna() & (done > began + pd.DateOffset(weeks=10)))
        | (done.isna() & (end_ts > began + pd.DateOffset(weeks=10)))
    )
    out["VT-10W"] = _status(applies, violated, applies & done.isna() & ~violated)
    within_wd("WARM-10WD", "overdracht", "intake", 10)
    a, b = first["overdracht"], first["intake"]
    applies = a.notna()
    missing = applies & b.where(b >= a).isna()
    out["SLUITENDE-KETEN"] = _status(
        applies, missing & ended.reindex(cases, fill_value=False).values, missing
    )
    within_offset("RAAD-6W", "verzoek_raad", "raadsonderzoek", pd.DateOffset(weeks=6))

    # no second intake by another organisation within 3 months
    intakes = complete[complete["concept:name"].eq("intake")].sort_values(
        ["case:concept:name", "time:timestamp"]
    )
    prev_org = intakes.groupby("case:concept:name")["org"].shift()
    prev_t = intakes.groupby("case:concept:name")["time:timestamp"].shift()
    dup = (prev_org.notna() & (prev_org != intakes["org"])) & (
        intakes["time:timestamp"] <= prev_t + pd.DateOffset(months=3)
    )
    dup_cases = intakes.loc[dup, "case:concept:name"].unique()
    applies = first["intake"].notna()
    out["GEEN-DUBBELE-INTAKE"] = _status(applies, applies & cases.isin(dup_cases), applies & False)

    # handovers: the events of the protocol's handover steps (from the step's organisation to its target)
    targets = {s.id: s.handover_to for s in protocol.handover_steps()}
    hand = complete[complete["concept:name"].isin(list(targets))].sort_values(
        ["case:concept:name", "time:timestamp"]
    )
    hand = hand.assign(to_org=hand["concept:name"].map(targets))
    g = hand.groupby("case:concept:name")
    back_from, back_to, back_t = (
        g["org"].shift(-1),
        g["to_org"].shift(-1),
        g["time:timestamp"].shift(-1),
    )
    ping = (
        back_from.eq(hand["to_org"])
        & back_to.eq(hand["org"])
        & (back_t <= hand["time:timestamp"] + pd.DateOffset(months=6))
    )
    ping_cases = hand.loc[ping, "case:concept:name"].unique()
    n_hand = g.size().reindex(cases, fill_value=0)
    applies = pd.Series(True, index=cases)
    out["GEEN-RONDPOMPEN"] = _status(applies, cases.isin(ping_cases), applies & False)
    out["MAX-3-OVERDRACHTEN"] = _status(applies, (n_hand > 3).values, applies & False)

    # every step by its responsible organisation
    responsible = pd.DataFrame(
        [(s, o) for s in protocol.steps for o in sorted(protocol.responsible(s))],
        columns=["concept:name", "org"],
    ).assign(ok=True)
    steps_only = complete[complete["concept:name"].isin(list(protocol.steps))]
    checked = steps_only.merge(responsible, on=["concept:name", "org"], how="left")
    wrong_cases = checked.loc[checked["ok"].isna(), "case:concept:name"].unique()
    out["VERANTWOORDELIJKE-ORGANISATIE"] = _status(
        applies, cases.isin(wrong_cases), applies & False
    )

    within_offset(
        "MONITORING-3M",
        "overdracht",
        "monitoring",
        pd.DateOffset(weeks=16),
        pd.DateOffset(weeks=10),
    )

    # no new report within 12 months of closing
    closed = first["afsluiting"]
    mel = complete[complete["concept:name"].eq("melding")][["case:concept:name", "time:timestamp"]]
    later = mel.merge(closed.rename("closed").reset_index(), on="case:concept:name")
    recid = later[
        (later["time:timestamp"] > later["closed"])
        & (later["time:timestamp"] <= later["closed"] + pd.DateOffset(months=12))
    ]["case:concept:name"].unique()
    applies = closed.notna()
    pending = applies & (closed + pd.DateOffset(months=12) > end_ts) & ~cases.isin(recid)
    out["GEEN-RECIDIVE-12M"] = _status(applies, applies & cases.isin(recid), pending)

    statuses = pd.DataFrame({r.id: out[r.id] for r in protocol.rules}, index=cases)
    counts = {rid: {k: int(v) for k, v in statuses[rid].value_counts().items()} for rid in statuses}
    return statuses, counts, np.count_nonzero(statuses.values == "violated")


def main() -> None:
    """Align once, derive the fitness, check the rules; print a summary as JSON."""
    import pandas as pd
    import pyarrow.parquet as pq

    from ketenmining._pm4py import pm4py_quiet
    from ketenmining.protocol import load_protocol
    from ketenmining.protocol.compile import to_petri_net

    pm4py = pm4py_quiet()
    from pm4py.algo.evaluation.replay_fitness.variants import alignment_based

    path, protocol_path = sys.argv[1], sys.argv[2]
    meta = json.loads(pq.read_schema(path).metadata[b"ketenmining"])
    end = dt.datetime.fromisoformat(meta["data_end"])
    df = pd.read_parquet(
        path, columns=["case_id", "episode", "org", "activity", "timestamp", "lifecycle"]
    )
    df["case"] = df["case_id"] + "#" + df["episode"].astype(str)
    df = pm4py.format_dataframe(
        df, case_id="case", activity_key="activity", timestamp_key="timestamp"
    )
    protocol = load_protocol(protocol_path)
    df = df[df["concept:name"].isin(list(protocol.steps))]
    net, im, fm = to_petri_net(protocol.route)
    # activity instances: the complete event, or the start when the step has no complete
    is_complete = df["lifecycle"].eq("complete")
    has_complete = is_complete.groupby([df["case:concept:name"], df["concept:name"]]).transform(
        "any"
    )
    inst = df[is_complete | (df["lifecycle"].eq("start") & ~has_complete)]
    aligned = pm4py.conformance_diagnostics_alignments(inst, net, im, fm)
    fitness = alignment_based.evaluate(aligned)
    # a case has ended when its last event is the closing step or it is older than a year
    last = df.groupby("case:concept:name").agg(
        last_step=("concept:name", "last"), last_t=("time:timestamp", "max")
    )
    ended = last["last_step"].eq("afsluiting") | (
        last["last_t"] + pd.DateOffset(months=12) < pd.Timestamp(end)
    )
    _, counts, violated = rule_checks(df, protocol, end, ended)
    print(
        json.dumps(
            {
                "cases": int(df["case:concept:name"].nunique()),
                "fitness": fitness,
                "violated": int(violated),
                "rules": counts,
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
