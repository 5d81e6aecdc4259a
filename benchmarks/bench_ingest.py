"""Benchmark ingest: read+map throughput per format, and the XES reader against pm4py.

    python benchmarks/bench_ingest.py                       # 200k events per format
    python benchmarks/bench_ingest.py --events 1000000      # the 1M-event target
    python benchmarks/bench_ingest.py --formats csv,xes --repeat 3 --skip-pm4py

For each format a synthetic export (Dutch-looking, fake ids) is written once to
``benchmarks/data/`` (git-ignored); each measurement runs in a fresh process
(imports warmed up first), timing ``read_mapped`` only and reporting its peak
memory. The XES comparison reads BPI Challenge 2012 from the shared public
logs with ketenmining's reader and with ``pm4py.read_xes``. Timings are noisy
on a shared machine: take the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import PUBLIC_LOGS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
BPIC = PUBLIC_LOGS / "bpic2012.xes.gz"
FORMATS = ("csv", "csv-cp1252", "parquet", "jsonl", "xes", "xlsx")
#: XLSX is read cell by cell by openpyxl; keep it small.
XLSX_MAX = 50_000
ACTIVITIES = [
    "Melding ontvangen",
    "Veiligheidsbeoordeling",
    "Onderzoek",
    "Overdracht aan Toegang",
    "Intake gezin",
    "Huisbezoek",
    "Huisbezoek (gezamenlijk)",
    "Monitoring",
    "Stabiele veiligheid vastgesteld",
    "Afsluiting dossier",
    "Overleg zorgteam",
    "Terugverwijzing naar Veilig Thuis",
]


def _rows(n: int, seed: int = 7) -> dict[str, list]:
    rnd = random.Random(seed)
    start = 1_672_531_200  # 2023-01-01
    ids = [str(100_000_000 + rnd.randrange(899_999_999)) for _ in range(max(1, n // 8))]
    case = [ids[rnd.randrange(len(ids))] for _ in range(n)]
    stamps = sorted(start + rnd.randrange(2 * 365 * 86400) for _ in range(n))
    return {
        "BSN": case,
        "Activiteit": [ACTIVITIES[rnd.randrange(len(ACTIVITIES))] for _ in range(n)],
        "Tijd": stamps,
        "Uren": [f"{rnd.randrange(1, 40)},{rnd.randrange(10)}" for _ in range(n)],
        "Opmerking": ["vrije tekst die niet meereist – café" for _ in range(n)],
    }


def _local(ts: int) -> str:
    return time.strftime("%d-%m-%Y %H:%M", time.gmtime(ts))


def make_file(fmt: str, n: int) -> Path:
    """Write (once) a synthetic export of ``n`` events in ``fmt``."""
    import pyarrow as pa

    DATA.mkdir(parents=True, exist_ok=True)
    ext = {"csv-cp1252": "cp1252.csv", "xes": "xes.gz"}.get(fmt, fmt)
    path = DATA / f"bench-{n}.{ext}"
    if path.exists():
        return path
    rows = _rows(n)
    stamps = [_local(t) for t in rows["Tijd"]]
    tmp = path.with_suffix(path.suffix + ".part")
    if fmt in ("csv", "csv-cp1252"):
        enc = "cp1252" if fmt == "csv-cp1252" else "utf-8"
        with open(tmp, "w", encoding=enc, newline="") as fh:
            fh.write("BSN;Activiteit;Tijd;Uren;Opmerking\n")
            for i in range(n):
                fh.write(
                    f"{rows['BSN'][i]};{rows['Activiteit'][i]};{stamps[i]};{rows['Uren'][i]};{rows['Opmerking'][i]}\n"
                )
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        table = pa.table(
            {**rows, "Tijd": pa.array([t * 1_000_000 for t in rows["Tijd"]], pa.timestamp("us"))}
        )
        pq.write_table(table, tmp)
    elif fmt == "jsonl":
        with open(tmp, "w", encoding="utf-8") as fh:
            for i in range(n):
                rec = {
                    "BSN": rows["BSN"][i],
                    "Activiteit": rows["Activiteit"][i],
                    "Tijd": stamps[i],
                    "Uren": rows["Uren"][i],
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif fmt == "xlsx":
        import datetime as dt

        import openpyxl

        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("Export")
        ws.append(["BSN", "Activiteit", "Tijd", "Uren", "Opmerking"])
        for i in range(n):
            ws.append(
                [
                    int(rows["BSN"][i]),
                    rows["Activiteit"][i],
                    dt.datetime(1970, 1, 1) + dt.timedelta(seconds=rows["Tijd"][i]),
                    rows["Uren"][i],
                    rows["Opmerking"][i],
                ]
            )
        wb.save(tmp)
    elif fmt == "xes":
        by_case: dict[str, list[int]] = {}
        for i, c in enumerate(rows["BSN"]):
            by_case.setdefault(c, []).append(i)
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as fh:
            fh.write(
                '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n'
            )
            for c, idx in by_case.items():
                fh.write(
                    f'<trace><string key="concept:name" value="dossier-{c}"/><string key="client:bsn" value="{c}"/>\n'
                )
                for i in idx:
                    iso = time.strftime("%Y-%m-%dT%H:%M:%S.000+00:00", time.gmtime(rows["Tijd"][i]))
                    fh.write(
                        f'<event><string key="concept:name" value="{rows["Activiteit"][i]}"/>'
                        f'<date key="time:timestamp" value="{iso}"/>'
                        f'<string key="lifecycle:transition" value="complete"/>'
                        f'<string key="Uren" value="{rows["Uren"][i]}"/></event>\n'
                    )
                fh.write("</trace>\n")
            fh.write("</log>\n")
    tmp.rename(path)
    return path


def source_for(fmt: str, path: Path) -> Any:
    """The source mapping for a synthetic export."""
    from ketenmining.config.model import ColumnMap, ReadOptions, SourceConfig, TimestampSpec

    if fmt == "xes":
        return SourceConfig(
            id="vt",
            org="VT",
            path=path,
            format="xes",
            id_column="case:client:bsn",
            id_kind="bsn",
            columns=ColumnMap(
                "concept:name",
                "time:timestamp",
                lifecycle="lifecycle:transition",
                attributes=(("uren", "Uren"),),
            ),
            activity_map=(("Melding ontvangen", "melding"), ("Onderzoek", "onderzoek")),
        )
    options = ReadOptions(
        delimiter=";", decimal=",", encoding="cp1252" if fmt == "csv-cp1252" else "utf-8"
    )
    ts = (
        TimestampSpec()
        if fmt in ("parquet", "xlsx")
        else TimestampSpec(formats=("%d-%m-%Y %H:%M",))
    )
    return SourceConfig(
        id=fmt,
        org="TT",
        path=path,
        format="csv" if fmt.startswith("csv") else fmt,
        id_column="BSN",
        id_kind="bsn",
        columns=ColumnMap("Activiteit", "Tijd", attributes=(("uren", "Uren"),)),
        options=options,
        timestamp=ts,
        activity_map=(("Intake gezin", "intake_tt"), ("Huisbezoek", "huisbezoek")),
        ignore_names=("Overleg zorgteam",),
    )


def measure_one(kind: str, arg: str) -> dict:
    """Run in a child process: time one read (warm imports), report seconds, rows and peak memory."""
    import resource

    import duckdb  # noqa: F401 - warm imports outside the timing
    import pyarrow as pa

    pa.array(["warm"])
    sys.path.insert(0, str(ROOT))
    if kind == "pm4py":
        from ketenmining._pm4py import pm4py_quiet

        pm4py = pm4py_quiet()
        t = time.perf_counter()
        df = pm4py.read_xes(arg)
        seconds, rows = time.perf_counter() - t, len(df)
    elif kind == "xes-reader":
        from ketenmining.config.model import ReadOptions
        from ketenmining.ingest.readers import read_table

        cols = [
            "case:concept:name",
            "concept:name",
            "time:timestamp",
            "lifecycle:transition",
            "org:resource",
        ]
        t = time.perf_counter()
        table = read_table(Path(arg), "xes", ReadOptions(), cols)
        seconds, rows = time.perf_counter() - t, table.num_rows
    else:
        from ketenmining.ingest import read_mapped

        src = source_for(kind, Path(arg))
        t = time.perf_counter()
        mapped = read_mapped(src)
        seconds, rows = time.perf_counter() - t, mapped.rows_read
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "seconds": seconds, "rows": rows, "peak_mb": round(peak_mb)}


def run_child(kind: str, arg: str, repeat: int) -> dict:
    """Best of ``repeat`` fresh-process runs."""
    best = None
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, arg],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=200_000, help="events per synthetic file")
    parser.add_argument(
        "--formats", default=",".join(FORMATS), help="comma-separated: " + ",".join(FORMATS)
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement (best is kept)")
    parser.add_argument(
        "--skip-pm4py", action="store_true", help="skip the comparison with pm4py.read_xes"
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "ARG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_one(*args.child)))
        return
    print(f"read+map (read_mapped), best of {args.repeat}; peak = process peak RSS")
    print(f"{'format':<12}{'events':>10}{'seconds':>10}{'events/s':>12}{'peak MB':>9}")
    for fmt in args.formats.split(","):
        n = min(args.events, XLSX_MAX) if fmt == "xlsx" else args.events
        path = make_file(fmt, n)
        r = run_child(fmt, str(path), args.repeat)
        print(
            f"{fmt:<12}{r['rows']:>10}{r['seconds']:>10.2f}{r['rows'] / r['seconds']:>12,.0f}{r['peak_mb']:>9}"
        )
    if not args.skip_pm4py and BPIC.exists():
        ours = run_child("xes-reader", str(BPIC), args.repeat)
        theirs = run_child("pm4py", str(BPIC), args.repeat)
        print(f"\nXES on {BPIC.name} ({ours['rows']} events):")
        print(f"  ketenmining read_table  {ours['seconds']:6.2f} s  peak {ours['peak_mb']} MB")
        print(f"  pm4py.read_xes          {theirs['seconds']:6.2f} s  peak {theirs['peak_mb']} MB")
        print(f"  ratio (pm4py / ours)    {theirs['seconds'] / ours['seconds']:6.1f}x")
    elif not args.skip_pm4py:
        print(f"\nXES comparison left out: {BPIC} not found (run `make public-logs`)")


if __name__ == "__main__":
    main()
