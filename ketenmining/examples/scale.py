"""The example chain at scale: generated in chunks of children, written as CSV and Parquet.

The small example (:mod:`.generate`) holds the whole population in memory and
writes the schools' export as XLSX and Veilig Thuis as XES: fine for the
bundled 2,000 children, impossible at 100 million events (an XLSX sheet holds
1,048,576 rows). The *scale form* generates the same chain in chunks of
:data:`CHUNK_CHILDREN` children, each in a worker process with random streams
of its own (seeded from the seed and the chunk's number), and writes every
export as CSV or Parquet:

==================  =====================================================
``huisartsen.csv``  as in the small form (semicolons, UTF-8 with BOM)
``scholen.csv``     semicolon CSV instead of XLSX; ``Tijdstip`` as local
                    ``%Y-%m-%d %H:%M:%S``; BSNs written as a number lose
                    their leading zero, as in the XLSX
``politie.csv``     CSV instead of JSON lines, the same fields (UTC times)
``veilig-thuis.parquet``  Parquet instead of XES: one row per event with
                    its dossier, BSN, activity, team, UTC time and lifecycle
``toegang-tilburg.csv``   as in the small form but UTF-8 (clock one hour late)
``raad.parquet``    as in the small form
==================  =====================================================

with a ``keten.yaml`` that reads these files, the protocol, the demo key,
``truth.csv`` and ``truth.json``. The chunks are concatenated in chunk order,
so the output depends only on the seed, the number of children and the
period, never on the number of workers. Within a chunk the rows of an export
are ordered by time, as a real export is; the file is a sequence of such
chunks (stitch orders the events itself).

Each chunk is a small example chain of its own: the same scenario, rates and
scheduler, so the statistics of the population are those of the small form
(``tests/test_examples_scale.py`` compares the distributions). BSNs are
unique over all chunks: chunk *c* takes valid BSNs from its own slice of an
affine permutation of the 8-digit prefixes. Memory is bounded by a chunk
(well under 1 GB per worker at any number of children); the parent process
only appends finished parts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError
from ketenmining.examples import bundle
from ketenmining.progress import SILENT, Progress

#: Children per chunk (fixed: the output must not depend on the number of workers).
CHUNK_CHILDREN = 50_000
#: The scale form takes BSNs from 2 * CHUNK_CHILDREN prefixes per chunk, of 10**8.
MAX_CHILDREN = 40_000_000
#: Above this number of children the generator writes the scale form by default.
AUTO_SCALE_CHILDREN = 1_000_000
_PERMUTATION_STEP = 38_196_601  # odd, not a multiple of 5: coprime to 10**8

#: File names of the scale form, by source code (HA, SCH, POL, VT, TT, RVDK).
SCALE_FILES = (
    "huisartsen.csv",
    "scholen.csv",
    "politie.csv",
    "veilig-thuis.parquet",
    "toegang-tilburg.csv",
    "raad.parquet",
)
#: Dossier numbers of the GPs at scale: eight digits (the small form's seven wrap at 10M).
_HA_WIDE = ("", 7_919, 104_729, 99_999_989, 8)


def chunk_bounds(children: int, size: int = CHUNK_CHILDREN) -> list[tuple[int, int]]:
    """(first, end) child indexes of the chunks of a population of ``children``."""
    return [(lo, min(lo + size, children)) for lo in range(0, children, size)]


def chunk_bsns(seed: int, chunk: int, count: int, size: int = CHUNK_CHILDREN) -> list[int]:
    """``count`` valid BSNs for ``chunk``: distinct from every other chunk's, for any seed."""
    import numpy as np

    if count > size:
        raise ValueError("a chunk holds at most CHUNK_CHILDREN children")
    offset = int(hashlib.sha256(f"ketenmining-voorbeeld:{seed}:bsn-scale".encode()).hexdigest(), 16)
    k = np.arange(chunk * 2 * size, (chunk + 1) * 2 * size, dtype=np.int64)
    prefix = (k * _PERMUTATION_STEP + offset % 10**8) % 10**8
    total = np.zeros_like(prefix)
    rest = prefix.copy()
    for weight in (2, 3, 4, 5, 6, 7, 8, 9):  # digits from the right, weights of the elfproef
        total += (rest % 10) * weight
        rest //= 10
    last = total % 11
    valid = np.flatnonzero((last != 10) & (total - last > 0))
    if len(valid) < count:
        raise AssertionError("too few valid BSNs in a chunk's slice")
    pick = valid[:count]
    return (prefix[pick] * 10 + last[pick]).tolist()


def _dossiers(org: str, index: Any) -> Any:
    """Dossier numbers (a pyarrow string array) of numpy child (or VT dossier) indexes."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ketenmining.examples.identities import _DOSSIER, _WIDTH

    if org == "HA":
        prefix, mul, off, mod, width = _HA_WIDE
    else:
        prefix, mul, off, mod = _DOSSIER[org]
        width = _WIDTH[org]
    number = (index.astype(np.int64) * mul + off) % mod
    text = pc.utf8_lpad(pc.cast(pa.array(number), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, text, "") if prefix else text


def _pick(values: tuple[str, ...], index: Any) -> Any:
    import pyarrow as pa

    return pa.array(values, pa.string()).take(pa.array(index))


class _Chunk:
    """What the writers of one chunk need: its rows' global indexes and BSNs."""

    def __init__(
        self, number: int, lo: int, total: int, size: int, bsns: list[int], orphans: list[str]
    ):
        import numpy as np

        if len(orphans) > size:
            raise AssertionError("more children without a valid BSN than a chunk has slots")
        self.number, self.lo, self.total, self.size = number, lo, total, size
        self.bsns = np.asarray(bsns, dtype=np.int64)
        self.orphans = orphans

    def global_index(self, child: Any) -> Any:
        """Global child indexes; children without a valid BSN get indexes after all children."""
        import numpy as np

        n = len(self.bsns)
        child = child.astype(np.int64)
        orphan = self.total + self.number * self.size + (child - n)
        return np.where(child < n, self.lo + child, orphan)

    def bsn_text(self, rows: Any, variant: str = "") -> Any:
        """The BSN column of ``rows``: plain, mistyped or missing as generated; variants applied."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        from ketenmining.examples.identities import mistype
        from ketenmining.examples.rows import FLAG_MISTYPED, FLAG_VARIANT

        n = len(self.bsns)
        child = rows.child.astype(np.int64)
        real = child < n
        bsn = self.bsns[np.where(real, child, 0)] if n else np.zeros(len(child), np.int64)
        text = pc.utf8_lpad(pc.cast(pa.array(bsn), pa.string()), 9, "0")
        special = np.flatnonzero(~real | (rows.flag == FLAG_MISTYPED))
        if len(special):
            plain = text.take(pa.array(special)).to_pylist()
            replaced = []
            for p, value in zip(special.tolist(), plain, strict=True):
                c = int(child[p])
                if c >= n:
                    replaced.append(self.orphans[c - n])
                else:
                    replaced.append(mistype(value, self.lo + c))
            mask = np.zeros(len(child), dtype=bool)
            mask[special] = True
            text = pc.replace_with_mask(text, pa.array(mask), pa.array(replaced, pa.string()))
        if variant:
            is_variant = pa.array(rows.flag == FLAG_VARIANT)
            if variant == "dotted":
                changed = pc.binary_join_element_wise(
                    pc.utf8_slice_codeunits(text, 0, 4),
                    pc.utf8_slice_codeunits(text, 4, 6),
                    pc.utf8_slice_codeunits(text, 6, 9),
                    ".",
                )
            else:  # a number: the leading zero is lost
                changed = pc.utf8_ltrim(text, "0")
            text = pc.if_else(is_variant, changed, text)
        return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


def _local(ts: Any, fmt: str) -> Any:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    seconds = pa.array(ts.astype(np.int64) * 60, type=pa.timestamp("s"))
    return pc.strftime(seconds, format=fmt)


def _tables(chunk: _Chunk, rows: list[Any], offsets: Any, first_day: int) -> list[Any]:
    """The six exports of a chunk as pyarrow tables, by source code."""
    import numpy as np
    import pyarrow as pa

    from ketenmining.examples.identities import FAKE_SURNAMES, FIRST_NAMES
    from ketenmining.examples.sources import (
        ACTIVITIES,
        HA,
        PILOT,
        POL,
        POL_UNITS,
        REGULAR,
        RVDK,
        RVDK_OFFICES,
        SCH,
        SCHOOLS,
        START,
        TT,
        TT_HOURS,
        TT_SKEW_MINUTES,
        TT_TEAMS,
        VT,
    )
    from ketenmining.examples.write_xes import _team

    def names(g: Any) -> Any:
        import pyarrow.compute as pc

        first = _pick(FIRST_NAMES, (g * 7) % len(FIRST_NAMES))
        last = _pick(FAKE_SURNAMES, (g // len(FIRST_NAMES)) % len(FAKE_SURNAMES))
        return pc.binary_join_element_wise(first, last, " ")

    def lifecycle(lc: Any) -> Any:
        return _pick(("complete", "start"), (lc == START).astype(np.int8))

    out: list[Any] = [None] * 6
    r = rows[HA]
    g = chunk.global_index(r.child)
    out[HA] = pa.table(
        {
            "Patientnummer": _dossiers("HA", g),
            "Naam": names(g),
            "BSN": chunk.bsn_text(r, "dotted"),
            "Actie": _pick(ACTIVITIES[HA], r.act),
            "Datum": _local(r.ts, "%d-%m-%Y %H:%M"),
        }
    )
    r = rows[SCH]
    g = chunk.global_index(r.child)
    out[SCH] = pa.table(
        {
            "Leerlingnummer": _dossiers("SCH", g),
            "Leerling": names(g),
            "Burgerservicenummer": chunk.bsn_text(r, "number"),
            "Gebeurtenis": _pick(ACTIVITIES[SCH], r.act),
            "Tijdstip": _local(r.ts, "%Y-%m-%d %H:%M:%S"),
            "School": _pick(SCHOOLS, g % len(SCHOOLS)),
        }
    )
    r = rows[POL]
    g = chunk.global_index(r.child)
    utc = r.ts - offsets[r.ts // 1440 - first_day]
    out[POL] = pa.table(
        {
            "registratienummer": _dossiers("POL", g),
            "bsn": chunk.bsn_text(r),
            "soort": _pick(ACTIVITIES[POL], r.act),
            "tijdstip": _local(utc, "%Y-%m-%dT%H:%M:%SZ"),
            "basisteam": _pick(POL_UNITS, g % len(POL_UNITS)),
        }
    )
    r = rows[VT]
    g = chunk.global_index(r.child)
    utc = (r.ts - offsets[r.ts // 1440 - first_day]).astype(np.int64) * 60_000_000
    teams = tuple(_team(a) for a in range(len(ACTIVITIES[VT])))
    out[VT] = pa.table(
        {
            "dossier": _dossiers("VT", g * 8 + r.aux.astype(np.int64)),
            "bsn": chunk.bsn_text(r),
            "activiteit": _pick(ACTIVITIES[VT], r.act),
            "team": _pick(teams, r.act),
            "tijdstip": pa.array(utc, pa.timestamp("us", tz="UTC")),
            "levenscyclus": lifecycle(r.lc),
        }
    )
    r = rows[TT]
    g = chunk.global_index(r.child)
    out[TT] = pa.table(
        {
            "Clientnummer": _dossiers("TT", g),
            "BSN": chunk.bsn_text(r),
            "Activiteit": _pick(ACTIVITIES[TT], r.act),
            "Datum en tijd": _local(r.ts + TT_SKEW_MINUTES, "%Y-%m-%d %H:%M:%S"),
            "Werkwijze": _pick((REGULAR, PILOT), (r.aux != 0).astype(np.int8)),
            "Team": _pick(TT_TEAMS, ((g * 2_654_435_761) >> 7) % len(TT_TEAMS)),
            "Uren": _pick(TT_HOURS, r.act),
        }
    )
    r = rows[RVDK]
    g = chunk.global_index(r.child)
    out[RVDK] = pa.table(
        {
            "zaaknummer": _dossiers("RvdK", g),
            "bsn": chunk.bsn_text(r),
            "handeling": _pick(ACTIVITIES[RVDK], r.act),
            "fase": _pick(("afgerond", "gestart"), (r.lc == START).astype(np.int8)),
            "datum": pa.array((r.ts // 1440).astype("int32"), pa.date32()),
            "vestiging": _pick(RVDK_OFFICES, g % len(RVDK_OFFICES)),
        }
    )
    return out


#: CSV dialect of each CSV export of the scale form (delimiter, byte-order mark).
_CSV = {0: (";", True), 1: (";", False), 2: (",", False), 4: (",", False)}


def _write_part(path: Path, table: Any, src: int, first: bool) -> None:
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    if src in _CSV:
        delimiter, bom = _CSV[src]
        with open(path, "wb") as fh:
            if first and bom:
                fh.write(b"\xef\xbb\xbf")
            pcsv.write_csv(
                table,
                fh,
                pcsv.WriteOptions(
                    include_header=first, delimiter=delimiter, quoting_style="needed"
                ),
            )
    else:
        pq.write_table(table, path, compression="zstd")


Job = tuple[int, int, int, int, int, int, str, str, str]


def generate_chunk(job: Job) -> dict[str, Any]:
    """Generate one chunk into part files in ``job``'s folder; return its counts (a worker)."""
    import numpy as np

    from ketenmining.examples.population import P_VARIANT, Population
    from ketenmining.examples.rows import FLAG_MISTYPED, utc_offsets
    from ketenmining.examples.sources import IGNORED
    from ketenmining.examples.truth import TruthWriter

    number, lo, hi, total, size, seed, start_text, end_text, folder = job
    start, end = dt.date.fromisoformat(start_text), dt.date.fromisoformat(end_text)
    parts = Path(folder)
    bsns = chunk_bsns(seed, number, hi - lo, size)
    gen = Population(hi - lo, seed, start, end, stream=f"chunk-{number}", bsns=bsns)
    with TruthWriter(parts / f"truth-{number:05d}.csv") as truth:
        gen.run(truth)
    chunk = _Chunk(number, lo, total, size, bsns, gen.orphans)
    rows = [buf.sorted_rows() for buf in gen.buffers]
    offsets = utc_offsets(start, end + dt.timedelta(days=900))
    tables = _tables(chunk, rows, offsets, gen.first)
    result: dict[str, Any] = {"rows": [], "invalid": [], "ignored": []}
    for src, table in enumerate(tables):
        _write_part(parts / f"{src}-{number:05d}", table, src, number == 0)
        r = rows[src]
        invalid = int(((r.child >= len(bsns)) | (r.flag == FLAG_MISTYPED)).sum())
        ignored = int(sum((r.act == a).sum() for a in IGNORED.get(src, ())))
        result["rows"].append(len(r))
        result["invalid"].append(invalid if src in P_VARIANT else 0)
        result["ignored"].append(ignored)
    log = gen.sched.stable_log
    result["stable"] = (
        np.array([p for p, _, _ in log], dtype=bool),
        np.array([d for _, d, _ in log], dtype=np.int32),
        np.array([r for _, _, r in log], dtype=np.int32),
    )
    result["counts"] = gen.counts
    result["last"] = gen.last
    return result


def _append(target: Any, part: Path, skip_header: bool) -> None:
    with open(part, "rb") as fh:
        if skip_header:
            fh.readline()
        shutil.copyfileobj(fh, target, 1 << 20)
    part.unlink()


def scale_config(start: dt.date, end: dt.date) -> str:
    """The chain config of the scale form: the example's, its sources reading CSV and Parquet."""
    import yaml

    config = yaml.safe_load(bundle.config_copy(start, end))
    by_id = {s["id"]: s for s in config["sources"]}
    sch = by_id["scholen"]
    sch.update(
        path="data/scholen.csv", format="csv", options={"delimiter": ";", "encoding": "utf-8"}
    )
    sch["timestamp"] = {"format": "%Y-%m-%d %H:%M:%S"}
    pol = by_id["politie"]
    pol.update(
        path="data/politie.csv", format="csv", options={"delimiter": ",", "encoding": "utf-8"}
    )
    vt = by_id["veilig-thuis"]
    vt.update(path="data/veilig-thuis.parquet", format="parquet", dossier="dossier")
    vt["client_id"] = {"column": "bsn", "kind": "bsn"}
    vt["columns"] = {"activity": "activiteit", "timestamp": "tijdstip", "lifecycle": "levenscyclus"}
    tt = by_id["toegang"]
    tt["options"] = {"delimiter": ",", "encoding": "utf-8", "decimal": ","}
    head = (
        "# Ketenconfiguratie voor het voorbeeld Midden-Brabant op schaal (gegenereerd door\n"
        "# 'python -m ketenmining.examples --scale'): elke export als CSV of Parquet.\n"
        "#   ketenmining stitch keten.yaml --key-file demo.key -o keten.parquet\n"
    )
    return head + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


def _jobs(
    children: int, size: int, seed: int, start: dt.date, end: dt.date, folder: Path
) -> Iterator[Job]:
    for number, (lo, hi) in enumerate(chunk_bounds(children, size)):
        yield (
            number,
            lo,
            hi,
            children,
            size,
            seed,
            start.isoformat(),
            end.isoformat(),
            str(folder),
        )


def generate_scale(
    out: Path,
    *,
    children: int,
    seed: int,
    start: dt.date = bundle.DEFAULT_PERIOD[0],
    end: dt.date = bundle.DEFAULT_PERIOD[1],
    workers: int | None = None,
    progress: Progress = SILENT,
    chunk_children: int = CHUNK_CHILDREN,
) -> dict[str, Any]:
    """Generate the scale form of the example chain into ``out``; return ``truth.json``'s summary.

    ``workers`` processes (default: one per CPU) generate chunks of ``chunk_children``
    (tests use small chunks; the output depends on it, never on ``workers``).
    """
    import numpy as np
    import pyarrow.parquet as pq

    from ketenmining.examples.generate import effects, static_summary
    from ketenmining.examples.sources import SOURCE_IDS
    from ketenmining.examples.truth import write_truth_json
    from ketenmining.fsutil import atomic_dir, sha256_file

    if children > MAX_CHILDREN or children > 10**8 // (2 * chunk_children) * chunk_children:
        raise KetenError(
            f"the scale form holds at most {MAX_CHILDREN:,} children",
            hint="generate fewer children (about 9.1 events per child)",
        )
    if bundle.is_bundled(out):
        raise KetenError(
            "the bundled example is the small form",
            hint="write the scale form to another folder with --out",
        )
    need_key = bundle.check_or_plan_key(out)
    chunks = len(chunk_bounds(children, chunk_children))
    workers = workers or min(os.cpu_count() or 1, chunks)
    with atomic_dir(out) as tmp:
        data, parts = tmp / "data", tmp / "parts"
        data.mkdir()
        parts.mkdir()
        csvs = {src: open(data / SCALE_FILES[src], "wb") for src in _CSV}  # noqa: SIM115
        truth = open(tmp / "truth.csv", "wb")  # noqa: SIM115 - closed below
        writers: dict[int, Any] = {}
        counts: Counter[str] = Counter()
        rows = [0] * 6
        invalid = [0] * 6
        ignored = [0] * 6
        stable: list[Any] = []
        last = 0
        step = progress.step("chunks", chunks)
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                jobs = _jobs(children, chunk_children, seed, start, end, parts)
                results = pool.map(generate_chunk, jobs)
                for number, result in enumerate(results):
                    _append(truth, parts / f"truth-{number:05d}.csv", skip_header=number > 0)
                    for src in range(6):
                        part = parts / f"{src}-{number:05d}"
                        if src in csvs:
                            _append(csvs[src], part, skip_header=False)
                        else:
                            table = pq.read_table(part)
                            if src not in writers:
                                writers[src] = pq.ParquetWriter(
                                    data / SCALE_FILES[src], table.schema, compression="zstd"
                                )
                            writers[src].write_table(table)
                            part.unlink()
                        rows[src] += result["rows"][src]
                        invalid[src] += result["invalid"][src]
                        ignored[src] += result["ignored"][src]
                    counts.update(result["counts"])
                    stable.append(result["stable"])
                    last = result["last"]
                    step.advance(1)
        finally:
            for fh in (*csvs.values(), truth):
                fh.close()
            for writer in writers.values():
                writer.close()
        step.done()
        parts.rmdir()
        pilot = np.concatenate([s[0] for s in stable])
        days = np.concatenate([s[1] for s in stable])
        regular_days = np.concatenate([s[2] for s in stable])
        summary = static_summary(seed, children, start, end, last)
        for i, sid in enumerate(SOURCE_IDS):
            summary["sources"][sid]["file"] = f"data/{SCALE_FILES[i]}"
        summary["form"] = {"name": "scale", "chunk_children": chunk_children}
        summary["counts"] = dict(sorted(counts.items()))
        summary["effects"] = effects(
            days[pilot],
            days[~pilot],
            regular_days,
            median=lambda v: float(np.median(v)) if len(v) else 0.0,
        )
        summary.update(
            {
                "rows": {SOURCE_IDS[i]: rows[i] for i in range(6)},
                "events": {SOURCE_IDS[i]: rows[i] - invalid[i] - ignored[i] for i in range(6)},
                "invalid_id_row_counts": {SOURCE_IDS[i]: invalid[i] for i in (0, 1)},
                "ignored_rows": {SOURCE_IDS[1]: ignored[1]},
                "files": {
                    **{f"data/{name}": sha256_file(data / name) for name in SCALE_FILES},
                    "truth.csv": sha256_file(tmp / "truth.csv"),
                },
            }
        )
        write_truth_json(tmp / "truth.json", summary)
        (tmp / bundle.CONFIG_NAME).write_text(scale_config(start, end), encoding="utf-8")
        (tmp / bundle.PROTOCOL_NAME).write_text(
            bundle.read_resource(bundle.PROTOCOL_NAME), encoding="utf-8"
        )
        if need_key:
            bundle.write_key(tmp / bundle.KEY_NAME)
    return summary
