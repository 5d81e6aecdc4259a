"""Write a stitched chain log with its rejects and data-quality report, all or nothing.

A renderer of the stitch result: it sits in :mod:`ketenmining.report` so that the
stitch stage never imports a renderer (renderers depend on results, never the reverse).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ketenmining.fsutil import atomic_paths, place_file


def output_paths(out: Path) -> dict[str, Path]:
    """The files a stitch writes beside ``out`` (the chain log)."""
    stem = out.name[: -len(".parquet")] if out.name.endswith(".parquet") else out.name
    return {
        "chainlog": out,
        "rejects": out.with_name(f"{stem}.rejects.csv"),
        "quality_json": out.with_name(f"{stem}.quality.json"),
        "quality_txt": out.with_name(f"{stem}.quality.txt"),
    }


def write_rejects_csv(rejects: Any, path: Path) -> None:
    """Rejected rows as CSV: source, row, reason (code and text), activity, timestamp — never an id."""
    import pyarrow as pa

    from ketenmining.privacy.apply import reason_text
    from ketenmining.safetext import write_arrow_csv

    codes = rejects.column("reason").to_pylist()
    texts = pa.array([reason_text(c, "en") for c in codes], pa.string())
    index = rejects.column_names.index("reason") + 1
    write_arrow_csv(rejects.add_column(index, "reason_text", texts), path)


def write_stitch_outputs(
    result: Any, quality: dict[str, Any], out: Path, lang: str
) -> dict[str, Path]:
    """Write chain log, rejects and quality report (json + text) atomically together."""
    from ketenmining.chainlog import write_parquet_with_meta
    from ketenmining.report.quality import render_text

    paths = output_paths(out)
    with atomic_paths(*paths.values()) as tmps:
        tmp = dict(zip(paths, tmps, strict=True))
        if getattr(result, "path", None) is not None and result.table is None:
            place_file(result.path, tmp["chainlog"])
        else:
            write_parquet_with_meta(result.table, tmp["chainlog"], result.meta)
        write_rejects_csv(result.rejects, tmp["rejects"])
        tmp["quality_json"].write_text(
            json.dumps(quality, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        tmp["quality_txt"].write_text(render_text(quality, lang), encoding="utf-8")
    return paths


def write_pseudonymised(export: Any, out: Path) -> tuple[Path, Path]:
    """Write a pseudonymised export and its rejects beside it, atomically together."""
    from ketenmining.chainlog import write_parquet_with_meta

    rejects_path = out.with_name(out.name[: -len(".parquet")] + ".rejects.csv")
    with atomic_paths(out, rejects_path) as (tmp_out, tmp_rej):
        write_parquet_with_meta(export.data.table, tmp_out, export.meta)
        write_rejects_csv(export.data.rejects, tmp_rej)
    return out, rejects_path
