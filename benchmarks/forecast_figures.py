"""The forecast's backtest figures on the example chain, per seed, as Markdown (docs/analyse.md).

Stitches ``examples/midden-brabant`` once (``--internal``, the public demo key,
into a temporary directory) and runs the rolling backtest of ``analyse
forecast`` (33 weekly cut-offs, horizons 1-8, 200 paths per cut-off) with each
backtest seed; prints per organisation and seed the headline over horizons
1-4 (MAE ratio against seasonal-naive, DM p-value, 80 % coverage) and, for
the first seed, the per-horizon figures of the organisations downstream of a
handover. The CLI's default (``--seed 0``) runs its backtest with seed 1.

    python benchmarks/forecast_figures.py --seeds 1,2,3,4
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "midden-brabant"
DOWNSTREAM = ("TT", "RvdK")


def stitch(directory: Path) -> Path:
    """The example chain stitched into ``directory`` (a private copy of the demo key)."""
    key = directory / "demo.key"
    shutil.copyfile(EXAMPLE / "demo.key", key)
    key.chmod(0o600)
    out = directory / "keten.parquet"
    exe = Path(sys.executable).with_name("ketenmining")
    cmd = [str(exe), "stitch", "--internal", str(EXAMPLE / "keten.yaml"), "-o", str(out)]
    subprocess.run([*cmd, "--key-file", str(key), "-q"], check=True)
    return out


def main() -> None:
    """Print the Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3,4", help="comma-separated backtest seeds")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]

    from ketenmining.analyse.backtest import run_backtest
    from ketenmining.analyse.forecast_data import read_events
    from ketenmining.engine import connect

    with tempfile.TemporaryDirectory() as tmp:
        log = stitch(Path(tmp))
        con = connect()
        con.execute(f"CREATE VIEW events AS SELECT * FROM '{log}'")
        ev = read_events(con)
        runs = {seed: run_backtest(ev, seed=seed).records for seed in seeds}
    print(
        "| organisation | seed | MAE model | MAE seasonal-naive | relative MAE | DM p | "
        "vs recent mean | 80 % coverage |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for org in ("TT", "RvdK", "VT"):
        for seed, recs in runs.items():
            r = next(x for x in recs if x["organisation"] == org and x["horizon"] == "1-4")
            print(
                f"| {org} | {seed} | {r['mae_model']:.2f} | {r['mae_seasonal_naive']:.2f} | "
                f"{r['relative_mae']:.3f} | {r['dm_p_value']:.3f} | "
                f"{r['relative_mae_recent_mean']:.2f} | {r['coverage']:.3f} |"
            )
    first = runs[seeds[0]]
    print()
    print(f"Per horizon (seed {seeds[0]}):")
    print()
    print("| horizon (weeks) | " + " | ".join(str(h) for h in range(1, 9)) + " |")
    print("|---|" + "---:|" * 8)
    for org in DOWNSTREAM:
        recs = [x for x in first if x["organisation"] == org and x["horizon"] != "1-4"]
        for field, label in (("relative_mae", "relative MAE"), ("coverage", "80 % coverage")):
            cells = " | ".join(f"{x[field]:.2f}" for x in recs)
            mark = " | ".join("*" if x["beats_seasonal_naive"] else "" for x in recs)
            print(f"| {org}, {label} | {cells} |")
            if field == "relative_mae":
                print(f"| {org}, beats seasonal-naive (DM 5 %) | {mark} |")


if __name__ == "__main__":
    main()
