"""Benchmark: quick-mode ``discover`` on one export against pm4py, whole processes from start to exit.

The consultant's first minute: one file, one command. Each run is a fresh
process, timed from start to exit (imports included), medians of ``--runs``
runs, the two tools interleaved in one run so machine noise hits both alike.

* **ketenmining, data work** — ``ketenmining discover LOG -o DIR --format json -q``:
  read, map timestamps, activity/organisation/swimlane graphs, variants,
  start/end activities, suppression, the JSON record. No picture, no model.
* **ketenmining, default** — ``ketenmining discover LOG -o DIR -q``: the same plus
  every map (activity frequency and performance, organisation, swimlane, variants)
  as svg and png. No model, so no pm4py (models: ``--format ...,bpmn,pnml``).
* **pm4py, the same data work** — read (``pm4py.read_xes``, or pandas
  ``read_csv`` + ``pm4py.format_dataframe``), ``discover_dfg``,
  ``get_variants``, ``get_start_activities``, ``get_end_activities``.

Logs: ``hospital_billing.csv`` and ``bpic2012.xes.gz`` from the public logs,
and a 1M-event CSV made from ``hospital_billing.csv`` (20 copies, case ids
suffixed per copy, cached under ``benchmarks/data/``). With ``--split`` a
ketenmining run of each log is profiled in-process into imports, reading,
computing and drawing.

    python benchmarks/bench_quick.py --runs 5
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DATA, PUBLIC_LOGS, REPO, machine

KM = [sys.executable, "-m", "ketenmining"]

PM4PY_SCRIPT = r"""
import sys
path = sys.argv[1]
import pm4py
if path.endswith((".xes", ".xes.gz")):
    log = pm4py.read_xes(path)
else:
    import pandas as pd
    sep = ";" if open(path, encoding="utf-8").readline().count(";") > 0 else ","
    df = pd.read_csv(path, sep=sep, dtype=str)
    log = pm4py.format_dataframe(df, case_id="case_id", activity_key="activity", timestamp_key="timestamp")
dfg, start, end = pm4py.discover_dfg(log)
variants = pm4py.get_variants(log)
starts = pm4py.get_start_activities(log)
ends = pm4py.get_end_activities(log)
print(len(dfg), len(variants), len(starts), len(ends))
"""


def million_csv(copies: int = 20) -> Path:
    """hospital_billing.csv repeated ``copies`` times with distinct case ids (about 1M events)."""
    out = DATA / f"hospital_billing_x{copies}.csv"
    if out.is_file():
        return out
    DATA.mkdir(parents=True, exist_ok=True)
    with (PUBLIC_LOGS / "hospital_billing.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    case = header.index("case_id")
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i in range(copies):
            for row in body:
                row = list(row)
                row[case] = f"{row[case]}-{i}"
                w.writerow(row)
    tmp.replace(out)
    return out


#: CPU seconds (user + system) of every finished run, by command kind, beside the wall times.
CPU: dict[str, list[float]] = {}


def timed(cmd: list[str], kind: str = "") -> float:
    """Wall seconds of one whole-process run of ``cmd``; its CPU seconds go to ``CPU[kind]``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: a finding (k hides most), still a full run
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(kind, []).append(cpu)
    return wall


def split(log: Path) -> dict[str, float]:
    """One in-process ketenmining run of ``log`` cut into imports, reading, computing, drawing."""
    code = r"""
import sys, time, json
t0 = time.perf_counter()
import duckdb, click
import ketenmining.cli
from ketenmining.discover.run import DiscoverOptions, discover
from ketenmining.discover.labels import load_labels
from ketenmining.engine import connect
from ketenmining.log import open_log
from ketenmining.logspec import LogSpec
t1 = time.perf_counter()
con = connect()
info = open_log(LogSpec(__import__("pathlib").Path(sys.argv[1])), con=con)
t2 = time.perf_counter()
labels = load_labels("nl", None, {})
discover(con, labels, DiscoverOptions(formats=("json",)))
t3 = time.perf_counter()
discover(con, labels, DiscoverOptions(formats=("svg", "png", "json"), activities=0.9, paths=0.5))
t4 = time.perf_counter()
import ketenmining.discover.models, pm4py
t5 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "reading": t2 - t1, "computing": t3 - t2,
                  "drawing": (t4 - t3) - (t3 - t2), "pm4py import (models only)": t5 - t4}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code, str(log)], cwd=REPO, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="smoke run: 1 run, small logs only")
    ap.add_argument("--split", action="store_true", help="also profile the parts of each run")
    ap.add_argument("--split-only", action="store_true", help="only profile the parts")
    args = ap.parse_args()
    runs = 1 if args.quick else args.runs
    logs = [PUBLIC_LOGS / "hospital_billing.csv"]
    if not args.quick:
        logs += [PUBLIC_LOGS / "bpic2012.xes.gz", million_csv()]
    print(f"Machine: {machine()}\n")
    timed_logs = [] if args.split_only else logs
    if timed_logs:
        print(
            "| log | events | ketenmining data (json) | ketenmining default (all maps) | pm4py "
            "| speed-up (data) | default / data |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
    for log in timed_logs:
        data, full, pm = [], [], []
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(runs):
                data.append(
                    timed(
                        [*KM, "discover", str(log), "-o", f"{tmp}/j{i}", "--format", "json", "-q"],
                        f"{log.name} data",
                    )
                )
                pm.append(
                    timed([sys.executable, "-c", PM4PY_SCRIPT, str(log)], f"{log.name} pm4py")
                )
                full.append(
                    timed(
                        [*KM, "discover", str(log), "-o", f"{tmp}/d{i}", "-q"],
                        f"{log.name} default",
                    )
                )
        events = {"hospital_billing.csv": "49,951", "bpic2012.xes.gz": "262,200"}.get(
            log.name, "999,020"
        )
        d, f, p = statistics.median(data), statistics.median(full), statistics.median(pm)
        print(
            f"| {log.name} | {events} | {d:.2f} s | {f:.2f} s | {p:.2f} s | {p / d:.1f}× | {f / d:.2f} |",
            flush=True,
        )
        print(
            f"<!-- runs: data {[round(x, 2) for x in data]} default {[round(x, 2) for x in full]} pm4py {[round(x, 2) for x in pm]} -->"
        )
        cpu = {k: statistics.median(CPU[f"{log.name} {k}"]) for k in ("data", "default", "pm4py")}
        print(
            f"<!-- CPU s (user+sys, median): data {cpu['data']:.2f} default {cpu['default']:.2f} "
            f"pm4py {cpu['pm4py']:.2f}; pm4py/data CPU {cpu['pm4py'] / cpu['data']:.1f}×; "
            f"load average {os.getloadavg()[0]:.1f} -->",
            flush=True,
        )
    if args.split or args.split_only:
        print(
            "\n| log | imports | reading | computing | drawing (all maps) | pm4py import (models only) |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for log in logs:
            parts = split(log)
            print(f"| {log.name} | " + " | ".join(f"{v:.2f} s" for v in parts.values()) + " |")


if __name__ == "__main__":
    main()
