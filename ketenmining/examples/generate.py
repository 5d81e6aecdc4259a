"""Generate the example chain: six exports, the chain config, the demo key and the ground truth.

:func:`generate_chain` is the stage behind ``python -m ketenmining.examples``.
The :class:`~.population.Population` generates every child's rows and truth
rows; then each export is sorted by time and written by its own writer.
Everything is written into a temporary folder and moved into place only when
complete. The same seed gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError
from ketenmining.examples import bundle
from ketenmining.examples.calendar import date_of
from ketenmining.examples.population import (
    DEFAULT_CHILDREN,
    DEFAULT_SEED,
    MIN_PERIOD_DAYS,
    P_MISTYPED,
    P_ORPHAN,
    P_VARIANT,
    Population,
)
from ketenmining.examples.rows import FLAG_MISTYPED, ExportContext, Rows, utc_offsets
from ketenmining.examples.scenario import (
    CLEAN_SECOND_EPISODE,
    COMBINE_LATE_ASSESSMENT,
    LABELS,
    PILOT_FACTOR,
    SEASONS,
    TREND_PER_YEAR,
)
from ketenmining.examples.sources import (
    FILES,
    HA,
    IGNORED,
    ORGS,
    PILOT,
    POL,
    REGULAR,
    RVDK,
    SCH,
    SOURCE_IDS,
    TT,
    TT_SKEW_MINUTES,
    VT,
)
from ketenmining.examples.truth import TruthWriter, write_truth_json
from ketenmining.fsutil import atomic_dir, sha256_file
from ketenmining.privacy.pseudonym import normalise_bsn
from ketenmining.progress import SILENT, Progress
from ketenmining.version import __version__


def _writers() -> dict[int, Callable[[Path, Rows, ExportContext], None]]:
    from ketenmining.examples.write_csv import write_huisartsen, write_toegang
    from ketenmining.examples.write_jsonl import write_politie
    from ketenmining.examples.write_parquet import write_raad
    from ketenmining.examples.write_xes import write_veilig_thuis
    from ketenmining.examples.write_xlsx import write_scholen

    return {
        HA: write_huisartsen,
        SCH: write_scholen,
        POL: write_politie,
        VT: write_veilig_thuis,
        TT: write_toegang,
        RVDK: write_raad,
    }


def _invalid_rows(rows: Rows, ctx: ExportContext) -> list[int]:
    """1-based row numbers of rows whose BSN is invalid; each one is checked to fail the elfproef."""
    import numpy as np

    positions = np.flatnonzero((rows.child >= ctx.children) | (rows.flag == FLAG_MISTYPED))
    for p in positions.tolist():
        if normalise_bsn(ctx.bsn(int(rows.child[p]), int(rows.flag[p]))) is not None:
            raise AssertionError("an invalid-id row has a valid BSN")
    return [p + 1 for p in positions.tolist()]


def generate_chain(
    out: Path,
    *,
    children: int = DEFAULT_CHILDREN,
    seed: int = DEFAULT_SEED,
    start: dt.date = bundle.DEFAULT_PERIOD[0],
    end: dt.date = bundle.DEFAULT_PERIOD[1],
    progress: Progress = SILENT,
    readme: bool = False,
) -> dict[str, Any]:
    """Generate the example chain into ``out``; return the summary written to ``truth.json``.

    Writes ``out/data/<six exports>``, ``out/truth.csv``, ``out/truth.json``, and, when
    ``out`` is not the bundled folder, ``out/keten.yaml``, the protocol it names
    (``out/meldcode-keten.yaml``), ``out/demo.key`` and, with ``readme``, the example's
    ``out/README.md``.
    """
    if children < 1:
        raise KetenError("--children must be at least 1")
    if (end - start).days < MIN_PERIOD_DAYS:
        raise KetenError(
            f"the period {start}..{end} is too short",
            hint=f"give at least {MIN_PERIOD_DAYS} days between --start and --end, so deviations fit",
        )
    bundled = bundle.is_bundled(out)
    if bundled and (start, end) != bundle.DEFAULT_PERIOD:
        raise KetenError(
            "the bundled example covers 2023-01-01..2024-12-31",
            hint="write another period to another folder with --out",
        )
    side_files = {} if bundled else bundle.side_files(start, end, readme=readme)
    need_key = bundle.check_or_plan_key(out)

    gen = Population(children, seed, start, end)
    ctx = ExportContext(
        bsns=gen.bsns,
        orphans=gen.orphans,
        offsets=utc_offsets(start, end + dt.timedelta(days=900)),
        offset_first_day=gen.first,
    )
    with atomic_dir(out) as tmp:
        (tmp / "data").mkdir()
        with TruthWriter(tmp / "truth.csv") as truth:
            gen.run(truth, progress)
        rows_per_source: dict[str, int] = {}
        events_per_source: dict[str, int] = {}
        invalid: dict[str, list[int]] = {}
        ignored: dict[str, int] = {}
        hashes: dict[str, str] = {}
        writers = _writers()
        step = progress.step("exports", len(SOURCE_IDS))
        for src, source_id in enumerate(SOURCE_IDS):
            rows = gen.buffers[src].sorted_rows()
            path = tmp / "data" / FILES[src]
            writers[src](path, rows, ctx)
            hashes[f"data/{FILES[src]}"] = sha256_file(path)
            bad = _invalid_rows(rows, ctx)
            skipped = int(sum((rows.act == a).sum() for a in IGNORED.get(src, ())))
            rows_per_source[source_id] = len(rows)
            events_per_source[source_id] = len(rows) - len(bad) - skipped
            if src in P_VARIANT:
                invalid[source_id] = bad
            if src in IGNORED:
                ignored[source_id] = skipped
            step.advance(1)
        step.done()
        hashes["truth.csv"] = sha256_file(tmp / "truth.csv")
        summary = _summary(gen, children, seed, start, end)
        summary.update(
            {
                "rows": rows_per_source,
                "events": events_per_source,
                "invalid_id_rows": invalid,
                "ignored_rows": ignored,
                "files": hashes,
            }
        )
        write_truth_json(tmp / "truth.json", summary)
        for name, text in side_files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        if need_key:
            bundle.write_key(tmp / bundle.KEY_NAME)
    return summary


def write_example(
    directory: Path, force: bool = False, progress: Progress = SILENT
) -> dict[str, Any]:
    """``ketenmining example``: the example chain with its README into ``directory``; its summary.

    A folder that is not empty is refused unless ``force``; the bundled
    example folder of the source tree is refused always (it is regenerated
    with ``python -m ketenmining.examples``).
    """
    from ketenmining.errors import Location

    if directory.exists() and any(directory.iterdir()) and not force:
        raise KetenError(
            "folder is not empty",
            hint="choose a new folder, or use --force to write the example's files into it",
            where=Location(str(directory)),
        )
    if bundle.is_bundled(directory):
        raise KetenError(
            "this is the bundled example folder of the source tree",
            hint="choose another folder; regenerate the bundled one with 'python -m ketenmining.examples'",
            where=Location(str(directory)),
        )
    return generate_chain(directory, progress=progress, readme=True)


def _summary(
    gen: Population, children: int, seed: int, start: dt.date, end: dt.date
) -> dict[str, Any]:
    summary = static_summary(seed, children, start, end, gen.last)
    summary["counts"] = dict(sorted(gen.counts.items()))
    log = gen.sched.stable_log
    summary["effects"] = effects(
        [days for is_pilot, days, _ in log if is_pilot],
        [days for is_pilot, days, _ in log if not is_pilot],
        [regular_days for _, _, regular_days in log],
    )
    return summary


def static_summary(
    seed: int, children: int, start: dt.date, end: dt.date, last: int
) -> dict[str, Any]:
    """The parts of ``truth.json`` that follow from the parameters (counts and effects empty)."""
    return {
        "generator": "ketenmining.examples",
        "version": __version__,
        "seed": seed,
        "children": children,
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "data_end": date_of(last).isoformat(),
        "sources": {
            sid: {"org": ORGS[i], "file": f"data/{FILES[i]}"} for i, sid in enumerate(SOURCE_IDS)
        },
        "labels": {
            label.name: {
                "rate": label.rate,
                "rules": list(label.rules),
                "route_deviation": label.route_deviation,
                "nl": label.text_nl,
                "en": label.text_en,
            }
            for label in LABELS
        },
        "rates": {label.name: label.rate for label in LABELS},
        "combine": {"late_assessment": COMBINE_LATE_ASSESSMENT},
        "clean_second_episode_rate": CLEAN_SECOND_EPISODE,
        "counts": {},
        "clock_skew": {"org": "TT", "source": "toegang", "offset_minutes": TT_SKEW_MINUTES},
        "invalid_id_rates": {"mistyped_duplicate": P_MISTYPED, "child_without_valid_bsn": P_ORPHAN},
        "effects": {},
    }


def _median(values: list[int]) -> float:
    import statistics

    return float(statistics.median(values)) if values else 0.0


def effects(
    pilot: Any, regular: Any, today: Any, median: Callable[[Any], float] | None = None
) -> dict[str, Any]:
    """The known effects ``analyse compare`` and ``analyse forecast`` must recover.

    ``pilot`` and ``regular``: days from the last handover to stable safety of every
    scheduled Toegang episode that reaches it, by cohort (including those the end of
    the data cuts off: what a censored estimate targets); ``today``: what the regular
    way of working would have taken for each of them.
    """
    _median_of = median or _median
    return {
        "pilot": {
            "attribute": "werkwijze",
            "pilot": PILOT,
            "regular": REGULAR,
            "start": "overdracht",
            "outcome": "stabiele_veiligheid",
            "factor": PILOT_FACTOR,
            "text_en": "the pilot reaches stable safety after 0.8 times the regular days from handover",
            "text_nl": "de pilot bereikt stabiele veiligheid na 0,8 keer de reguliere dagen na overdracht",
            "episodes": {"pilot": len(pilot), "regular": len(regular)},
            "median_days": {
                "pilot": _median_of(pilot),
                "regular": _median_of(regular),
                "regular_timing_all": _median_of(today),
            },
            "median_difference_days": round(_median_of(today) - _median_of(pilot), 1),
        },
        "no_effect": {
            "attribute": "team",
            "text_en": "the Toegang team is drawn by a hash of the child, independent of every timing",
            "text_nl": "het team van Toegang volgt uit een hash van het kind, los van elke doorlooptijd",
        },
        "inflow": {
            "seasons": [
                {
                    "name": name,
                    "from": f"{lo[0]:02d}-{lo[1]:02d}",
                    "to": f"{hi[0]:02d}-{hi[1]:02d}",
                    "factor": factor,
                }
                for name, lo, hi, factor in SEASONS
            ],
            "trend_per_year": TREND_PER_YEAR,
        },
    }
