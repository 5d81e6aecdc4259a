"""The data-quality report of a stitched chain log, as data.

What a data officer and an auditor need to trust (or distrust) the chain
log: per source the rows read, rejected and ignored, unmapped activity
names, the time range and granularity, duplicates, events outside the
period or in the future, DST trouble; for the chain the clients seen by one
organisation only (unlinked or never referred on), and suspected clock skew
at a seam — the same joint activity recorded by two organisations with a
consistent offset (e.g. one organisation's export an hour off: a time-zone
or DST bug).

Only counts, row numbers and activity names appear here, never an id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ketenmining.errors import Finding
from ketenmining.runclock import run_time
from ketenmining.texts import tr

#: Thresholds for a suspected clock skew at a seam.
SKEW_MIN_PAIRS = 10
SKEW_MIN_MINUTES = 30.0
SKEW_MIN_CONSISTENCY = 0.6


def quality_report(result: Any, config: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    """Build the data-quality record for a :class:`~ketenmining.stitch.build.StitchResult`."""
    from ketenmining.engine import connect
    from ketenmining.stitch import sql as q
    from ketenmining.stitch.build import source_entry

    now = now or run_time()
    con = connect()
    if getattr(result, "path", None) is not None and result.table is None:
        # the chain log on disk is sorted by case id already: the id itself serves as the rank
        path = str(result.path).replace("'", "''")
        con.execute(f"CREATE VIEW chain AS SELECT *, case_id AS __case FROM read_parquet('{path}')")
    else:
        con.register("chain", with_case_rank(result.table))
    stats = {r[0]: r for r in con.execute(q.DQ_SOURCE_STATS).fetchall()}
    dups = dict(con.execute(q.DQ_DUPLICATES).fetchall())
    p_from = _local_midnight(config.period_from, config.timezone)
    p_to = (
        _local_midnight(config.period_to + dt.timedelta(days=1), config.timezone)
        if config.period_to
        else None
    )
    params = [p_from, p_from, p_to, p_to, now.isoformat()]
    params = [p.isoformat() if isinstance(p, dt.datetime) else p for p in params]
    period = {r[0]: r[1:] for r in con.execute(q.DQ_OUT_OF_PERIOD, params).fetchall()}

    sources = []
    findings: list[Finding] = []
    for ld in result.loads:
        sid = ld.source.id
        st = stats.get(sid)
        events = int(st[1]) if st else 0
        rec: dict[str, Any] = {
            **source_entry(ld),
            "events": events,
            "clients": int(st[2]) if st else 0,
            "rejected": dict(ld.data.reject_counts),
            "rejected_rows": _first_rows(ld.data.rejects),
            "ignored_rows": int(ld.data.stats.get("ignored_rows", 0)),
            "unmapped": dict(
                sorted(ld.data.stats.get("unmapped", {}).items(), key=lambda kv: -kv[1])
            ),
            "first": st[3].isoformat() if st and st[3] else None,
            "last": st[4].isoformat() if st and st[4] else None,
            "granularity": _granularity(st) if st else None,
            "duplicates": int(dups.get(sid, 0)),
            "before_period": int(period.get(sid, (0, 0, 0))[0] or 0),
            "after_period": int(period.get(sid, (0, 0, 0))[1] or 0),
            "future": int(period.get(sid, (0, 0, 0))[2] or 0),
            "dst_ambiguous": int(ld.data.stats.get("dst_ambiguous", 0)),
            "dst_nonexistent": int(ld.data.stats.get("dst_nonexistent", 0)),
            "embedded_ids": int(ld.data.stats.get("embedded_ids", 0)),
            "nul_bytes": int(ld.data.stats.get("nul_bytes", 0)),
            "embedded_client_ids": int(ld.data.stats.get("embedded_client_ids", 0)),
        }
        sources.append(rec)
        findings.extend(_source_findings(rec))

    per_count = dict(con.execute(q.DQ_ORGS_PER_CLIENT).fetchall())
    clients = sum(per_count.values())
    single = per_count.get(1, 0)
    per_org = {
        org: {"clients": int(n), "linked": int(linked), "linked_share": (linked / n) if n else None}
        for org, n, linked in con.execute(q.DQ_LINKED_PER_ORG).fetchall()
    }
    linkage = {
        "clients": int(clients),
        "clients_by_number_of_orgs": {int(k): int(v) for k, v in per_count.items()},
        "single_org_clients": int(single),
        "single_org_share": (single / clients) if clients else None,
        "per_org": per_org,
    }
    if clients and single:
        findings.append(
            _finding(
                "DQ006", "info", single=single, clients=clients, share=f"{single / clients:.0%}"
            )
        )
    unmapped = ((result.meta or {}).get("protocol") or {}).get("unmapped_steps") or []
    if unmapped:
        findings.append(
            _finding("DQ010", "warning", count=len(unmapped), steps=", ".join(unmapped))
        )
    skew = _skew(con)
    for s in skew:
        if s["suspected"]:
            findings.append(_skew_finding(s))
    con.close()
    return {
        "chain": config.name,
        "created": now.isoformat(timespec="seconds"),
        "period": {
            "from": config.period_from.isoformat() if config.period_from else None,
            "to": config.period_to.isoformat() if config.period_to else None,
        },
        "events": int(result.events),
        "sources": sources,
        "linkage": linkage,
        "seams": skew,
        "findings": [f.as_record() for f in findings],
    }


def with_case_rank(table: Any) -> Any:
    """The chain log (sorted by case id) plus ``__case``: an integer per client, cheap to group on."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = table.column("case_id")
    n = table.num_rows
    change = np.zeros(n, dtype=np.int32)
    if n > 1:
        change[1:] = np.asarray(
            pc.not_equal(ids.slice(1), ids.slice(0, n - 1)).to_numpy(zero_copy_only=False),
            dtype=np.int32,
        )
    return table.append_column("__case", pa.array(np.cumsum(change, dtype=np.int32)))


def _local_midnight(day: dt.date | None, tz: str) -> dt.datetime | None:
    if day is None:
        return None
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(day, dt.time(0), ZoneInfo(tz)).astimezone(dt.UTC)


def _first_rows(rejects: Any, limit: int = 20) -> list[dict[str, Any]]:
    if rejects is None or rejects.num_rows == 0:
        return []
    rows = rejects.select(["source_row", "reason"]).slice(0, limit).to_pylist()
    return [{"row": int(r["source_row"]), "reason": r["reason"]} for r in rows]


def _granularity(st: Any) -> str:
    share_midnight, share_min, share_sec = st[5], st[6], st[7]
    if share_midnight is not None and share_midnight >= 0.99:
        return "day"
    if share_min is not None and share_min >= 0.99:
        return "minute"
    if share_sec is not None and share_sec >= 0.99:
        return "second"
    return "sub-second"


def finding_text(code: str, part: str, lang: str, data: dict[str, Any]) -> str:
    """Render the ``part`` (title, message, hint) of a data-quality finding in ``lang``."""
    from ketenmining.privacy.apply import reason_text

    values = dict(data)
    if isinstance(values.get("reasons"), dict):
        values["reasons"] = "; ".join(
            f"{reason_text(k, lang)}: {v}" for k, v in values["reasons"].items()
        )
    if code == "DQ007":
        values["when"] = tr(f"stitch.when.{data.get('kind') or 'constant'}", lang)
    return tr(f"stitch.{code}.{part}", lang, **values)


def _finding(code: str, severity: str, **data: Any) -> Finding:
    return Finding(
        code,
        finding_text(code, "title", "en", data),
        finding_text(code, "message", "en", data),
        severity,
        hint=finding_text(code, "hint", "en", data),
        data=data,
    )


def _source_findings(rec: dict[str, Any]) -> list[Finding]:
    sid = rec["id"]
    out: list[Finding] = []
    n_rej = sum(rec["rejected"].values())
    if n_rej:
        rows = ", ".join(str(r["row"]) for r in rec["rejected_rows"][:10])
        out.append(
            _finding(
                "DQ001",
                "warning",
                source=sid,
                count=n_rej,
                reasons=dict(rec["rejected"]),
                rows=rows,
            )
        )
    if rec["unmapped"]:
        names = ", ".join(f"'{k}' ({v})" for k, v in list(rec["unmapped"].items())[:8])
        out.append(
            _finding("DQ002", "warning", source=sid, count=len(rec["unmapped"]), names=names)
        )
    if rec["duplicates"]:
        out.append(_finding("DQ003", "warning", source=sid, count=rec["duplicates"]))
    if rec["before_period"] or rec["after_period"]:
        out.append(
            _finding(
                "DQ004",
                "warning",
                source=sid,
                before=rec["before_period"],
                after=rec["after_period"],
            )
        )
    if rec["future"]:
        out.append(_finding("DQ005", "warning", source=sid, count=rec["future"]))
    if rec["dst_ambiguous"] or rec["dst_nonexistent"]:
        out.append(
            _finding(
                "DQ008",
                "info",
                source=sid,
                ambiguous=rec["dst_ambiguous"],
                nonexistent=rec["dst_nonexistent"],
            )
        )
    if rec["granularity"] == "day":
        out.append(_finding("DQ009", "info", source=sid))
    if rec.get("embedded_ids"):
        out.append(_finding("DQ011", "warning", source=sid, count=rec["embedded_ids"]))
    if rec.get("nul_bytes"):
        out.append(_finding("DQ012", "warning", source=sid, count=rec["nul_bytes"]))
    if rec.get("embedded_client_ids"):
        out.append(_finding("DQ013", "warning", source=sid, count=rec["embedded_client_ids"]))
    return out


def _skew(con: Any) -> list[dict[str, Any]]:
    from ketenmining.engine import scalar
    from ketenmining.stitch import sql as q

    out = []
    for org_a, org_b, pairs, med, med_summer, med_winter, n_summer, n_winter in con.execute(
        q.DQ_PAIRED_OFFSETS
    ).fetchall():
        consistency = None
        if pairs and med is not None:
            consistency = scalar(con, q.DQ_PAIRED_CONSISTENCY, [med, org_a, org_b])
        suspected = bool(
            pairs >= SKEW_MIN_PAIRS
            and med is not None
            and abs(med) >= SKEW_MIN_MINUTES
            and (consistency or 0) >= SKEW_MIN_CONSISTENCY
        )
        kind = None
        if suspected:
            summer_off = med_summer is not None and abs(med_summer) >= SKEW_MIN_MINUTES
            winter_off = med_winter is not None and abs(med_winter) >= SKEW_MIN_MINUTES
            kind = (
                "constant" if (summer_off and winter_off) or not (n_summer and n_winter) else "dst"
            )
        out.append(
            {
                "org_a": org_a,
                "org_b": org_b,
                "pairs": int(pairs),
                "median_offset_min": round(float(med), 1) if med is not None else None,
                "median_summer_min": round(float(med_summer), 1)
                if med_summer is not None
                else None,
                "median_winter_min": round(float(med_winter), 1)
                if med_winter is not None
                else None,
                "consistency": round(float(consistency), 3) if consistency is not None else None,
                "suspected": suspected,
                "kind": kind,
            }
        )
    return out


def _skew_finding(s: dict[str, Any]) -> Finding:
    late, early = (
        (s["org_b"], s["org_a"]) if s["median_offset_min"] > 0 else (s["org_a"], s["org_b"])
    )
    return _finding(
        "DQ007",
        "warning",
        late=late,
        early=early,
        minutes=f"{abs(s['median_offset_min']):.0f}",
        pairs=s["pairs"],
        consistency=f"{s['consistency']:.0%}",
        kind=s["kind"],
        org_a=s["org_a"],
        org_b=s["org_b"],
        offset_min=s["median_offset_min"],
    )
