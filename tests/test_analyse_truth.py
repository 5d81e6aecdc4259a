"""Truth tests of ``analyse seams`` and ``analyse compare`` on the example chain and simulations."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ketenmining.analyse.compare import Cohort, compare_cohorts, km_median, logrank

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "midden-brabant"
PROTOCOL = ROOT / "configs" / "protocols" / "meldcode-keten.yaml"
TRUTH = json.loads((EXAMPLE / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def chain_log(example_chain_log: Path) -> Path:
    """The example chain log, stitched once for the session (conftest)."""
    return example_chain_log


def _compare(runner_args: list[str], chain_log: Path) -> list[dict]:
    from click.testing import CliRunner

    from ketenmining.cli import main

    args = [
        "analyse",
        "compare",
        str(chain_log),
        "--protocol",
        str(PROTOCOL),
        "-q",
        "--format",
        "json",
        *runner_args,
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_compare_recovers_the_pilot_effect(chain_log: Path) -> None:
    eff = TRUTH["effects"]["pilot"]
    recs = _compare(
        [
            "--start",
            eff["start"],
            "--a",
            f"werkwijze={eff['regular']}",
            "--b",
            f"werkwijze={eff['pilot']}",
        ],
        chain_log,
    )
    km = next(r for r in recs if r["measure"] == "km_median_days")
    true_diff = -eff["median_difference_days"]
    assert km["ci_low"] <= true_diff <= km["ci_high"]
    assert km["p_adjusted"] < 0.05
    assert km["ci_high"] < 0


def test_no_effect_split_shows_no_difference_within_a_way_of_working(chain_log: Path) -> None:
    """The team is a hash of the child: no effect on timing once the way of working is fixed.

    Over all episodes the team comparison mixes in the pilot's real effect: the teams'
    pilot shares differ by chance (27 % in team 0, 36 % in team 1 on this seed), and
    team 1's KM median is 4 days shorter with a bootstrap interval just below 0. Within
    one way of working there is nothing left to find.
    """
    attr = TRUTH["effects"]["no_effect"]["attribute"]
    from ketenmining.examples.sources import TT_TEAMS

    recs = _compare(
        [
            "--start",
            "overdracht",
            "--cohort",
            f"werkwijze={TRUTH['effects']['pilot']['regular']}",
            "--a",
            f"{attr}={TT_TEAMS[0]}",
            "--b",
            f"{attr}={TT_TEAMS[1]}",
        ],
        chain_log,
    )
    for measure in ("km_median_days", "median_days_finished"):
        rec = next(r for r in recs if r["measure"] == measure)
        assert rec["p_value"] >= 0.05, rec
        assert rec["ci_low"] <= 0 <= rec["ci_high"], rec


def test_pilot_shares_of_the_teams_differ_by_chance_only(chain_log: Path) -> None:
    """The generator draws the pilot independently of the team (chi-square of team × way of working)."""
    import duckdb
    from scipy.stats import chi2_contingency

    pilot = TRUTH["effects"]["pilot"]
    rows = duckdb.execute(
        "SELECT attr_team, count(DISTINCT (case_id, episode)) FILTER (WHERE attr_werkwijze = ?),"
        " count(DISTINCT (case_id, episode)) FILTER (WHERE attr_werkwijze = ?)"
        f" FROM read_parquet('{chain_log}') WHERE attr_team IS NOT NULL GROUP BY 1",
        [pilot["pilot"], pilot["regular"]],
    ).fetchall()
    assert len(rows) == 5
    assert chi2_contingency([list(r[1:]) for r in rows]).pvalue > 0.05


def test_seams_lost_handovers_match_the_truth(chain_log: Path) -> None:
    from click.testing import CliRunner

    from ketenmining.cli import main

    result = CliRunner().invoke(
        main,
        [
            "analyse",
            "seams",
            str(chain_log),
            "--protocol",
            str(PROTOCOL),
            "-q",
            "--format",
            "json",
            "--k",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # one JSON document: an object of tables
    assert set(doc) == {"seams", "org_weeks"}
    seams = doc["seams"]
    vt_tt = next(s for s in seams if (s["from_org"], s["to_org"]) == ("VT", "TT"))
    assert vt_tt["lost"] == TRUTH["counts"]["lost_handover"]
    assert vt_tt["handovers"] == vt_tt["picked_up"] + vt_tt["lost"] + vt_tt["pending"]


def _sim(rng: np.random.Generator, n: int, scale: float, open_share: float = 0.4) -> tuple:
    from ketenmining.analyse.calibration import simulate_cohort

    c = simulate_cohort(rng, n, scale, open_share)
    return c.days, c.reached


def test_km_and_logrank_equal_scipy() -> None:
    from scipy import stats

    rng = np.random.default_rng(5)
    ta, ea = _sim(rng, 150, 1.0)
    tb, eb = _sim(rng, 170, 0.8)
    assert 0.3 < (ea == 0).mean() < 0.5  # a good share censored
    sa = stats.CensoredData(uncensored=ta[ea == 1], right=ta[ea == 0])
    sb = stats.CensoredData(uncensored=tb[eb == 1], right=tb[eb == 0])
    for t, e, s in ((ta, ea, sa), (tb, eb, sb)):
        ref = stats.ecdf(s).sf
        median_ref = float(np.min(ref.quantiles[ref.probabilities < 0.5]))
        assert abs(km_median(t, e) - median_ref) < 1e-6
    chi2, p = logrank(Cohort("a", ta, ea, ta, ta), Cohort("b", tb, eb, tb, tb))
    ref = stats.logrank(sa, sb)
    assert abs(chi2 - ref.statistic**2) < 1e-6
    assert abs(p - ref.pvalue) < 1e-6


def test_batched_km_equals_statsmodels() -> None:
    """The bootstrap's batched Kaplan-Meier (all weights 1, and one resample) equals SurvfuncRight."""
    from ketenmining.analyse import kmbatch
    from ketenmining.analyse.compare import km, rmst

    rng = np.random.default_rng(11)
    t, e = _sim(rng, 300, 1.0)
    t = np.round(t)  # ties, as in day counts
    s = kmbatch.prepare(t, e)
    idx = rng.integers(0, len(t), len(t))
    weights = np.vstack([np.ones(len(t)), kmbatch.weights_from_indices(idx, len(t))[0]])
    surv = kmbatch.survival(s, weights)
    for row, (tt, ee) in enumerate(((t, e), (t[idx], e[idx]))):
        sf = km(tt, ee)
        at = np.searchsorted(s.times, sf.surv_times)
        assert np.max(np.abs(surv[row, at] - sf.surv_prob)) < 1e-9
        assert kmbatch.medians(s, surv)[row] == km_median(tt, ee)
        assert abs(kmbatch.rmsts(s, surv, 90.0)[row] - rmst(tt, ee, 90.0)) < 1e-9


def test_calibration_light() -> None:
    """400 null pairs of 200 episodes, 40 % open: false positives and CI coverage; 100 effect pairs.

    Tolerances are about 2.5 binomial standard errors at 400 pairs (1.1 points):
    false positives 5 ± 3 %, coverage 95 ± 3 %; power at 20 % faster ≥ 80 %.
    ``benchmarks/calibration.py`` runs 1,000 pairs against the tighter targets.
    """
    from ketenmining.analyse.calibration import calibrate

    null = calibrate(400, n=200, factor=1.0, seed=2026)
    assert 0.35 <= null.open_share <= 0.45
    assert 0.02 <= null.rejected <= 0.08, null
    assert 0.92 <= null.covered <= 0.98, null
    faster = calibrate(100, n=200, factor=0.8, seed=4052)
    assert faster.rejected >= 0.80, faster
    assert 0.90 <= faster.covered <= 1.0, faster


def test_small_cohorts_are_refused() -> None:
    from ketenmining.errors import KetenError

    rng = np.random.default_rng(1)
    a = Cohort("a", *_sim(rng, 5, 1.0), np.zeros(5), np.zeros(5))
    b = Cohort("b", *_sim(rng, 50, 1.0), np.zeros(50), np.zeros(50))
    with pytest.raises(KetenError, match="fewer than k = 10"):
        compare_cohorts(a, b, k=10)


def test_compare_json_follows_its_schema(chain_log: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "docs" / "analyse-compare.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    eff = TRUTH["effects"]["pilot"]
    recs = _compare(
        [
            "--start",
            eff["start"],
            "--a",
            f"werkwijze={eff['regular']}",
            "--b",
            f"werkwijze={eff['pilot']}",
        ],
        chain_log,
    )
    jsonschema.validate(recs, schema)
    assert {r["measure"] for r in recs} >= {"km_median_days", "rmst_days", "median_days_finished"}
    broken = [dict(recs[0], p_value=1.5)]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_reentry_within_12_months_matches_the_truth(chain_log: Path, tmp_path: Path) -> None:
    """Re-entry per episode: every injected re-entry seen by the data end is found, no other.

    An injected re-entry whose new report falls after the data end is pending in the
    truth; the case table must then say "not known yet" (None), never False.
    """
    from click.testing import CliRunner

    from ketenmining.cli import main
    from ketenmining.examples.truth import read_truth

    out = tmp_path / "naden"
    result = CliRunner().invoke(
        main,
        [
            "analyse",
            "seams",
            str(chain_log),
            "--protocol",
            str(PROTOCOL),
            "-q",
            "--format",
            "json",
            "--k",
            "1",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    cases = json.loads((out / "cases.json").read_text(encoding="utf-8"))
    found = {(c["case_id"], c["episode"]) for c in cases if c["reentry_12m"] is True}
    truth = read_truth(EXAMPLE / "truth.csv")
    injected = {(t["case_id"], t["episode"]) for t in truth if "reentry" in t["deviations"]}
    pending = {
        (t["case_id"], t["episode"]) for t in truth if "reentry" in t["deviations"] and t["pending"]
    }
    assert found <= injected  # no false re-entry
    missed = injected - found
    assert missed <= pending  # only those the data end cut off
    by_key = {(c["case_id"], c["episode"]): c for c in cases}
    assert all(by_key[k]["reentry_12m"] is None for k in missed)
    assert len(found) > 20


def _handovers(chain_log: Path) -> tuple[list[dict], object]:
    from ketenmining.analyse.seams import handovers
    from ketenmining.engine import connect, register_events
    from ketenmining.protocol import load_protocol
    from ketenmining.protocol.calendar import WorkCalendar

    protocol = load_protocol(PROTOCOL)
    con = connect()
    register_events(con, chain_log, None)
    return handovers(con, protocol).to_pylist(), WorkCalendar(protocol.calendar)


def test_km_share_not_picked_up_with_30_percent_open(chain_log: Path) -> None:
    """Lost handovers: 30 % of the VT→TT handovers still open at their data end.

    Each handover is followed up to the end of its block of ``days`` days, as if the
    data ended there (the log cut at a date every ``days`` days): the block length is
    the shortest at which at most 30 % are still open. The Kaplan-Meier share not
    picked up within 10 working days must then lie within 5 points of the generator's
    truth: one late (15-25 working days) or lost handover per labelled episode.
    """
    import datetime as dt

    from ketenmining.analyse.seams import elapsed, km_share_not_within
    from ketenmining.examples.truth import read_truth

    rows, cal = _handovers(chain_log)
    vt_tt = [h for h in rows if (h["from_org"], h["to_org"]) == ("VT", "TT")]
    origin = min(h["t0"] for h in vt_tt)

    def follow(days: int) -> tuple[list[float], list[bool]]:
        waits, picked = [], []
        for h in vt_tt:
            blocks = (h["t0"] - origin) // dt.timedelta(days=days) + 1
            end = origin + blocks * dt.timedelta(days=days)
            seen = h["t1"] is not None and h["t1"] <= end
            waits.append(elapsed(cal, "working_days", h["t0"], h["t1"] if seen else end))
            picked.append(seen)
        return waits, picked

    days = next(d for d in range(7, 200) if 1 - np.mean(follow(d)[1]) <= 0.30)
    waits, picked = follow(days)
    open_share = 1 - np.mean(picked)
    assert 0.25 <= open_share <= 0.30
    estimate = km_share_not_within(waits, picked, 10.0)
    truth = read_truth(EXAMPLE / "truth.csv")
    late_or_lost = sum(1 for t in truth if {"late_pickup", "lost_handover"} & set(t["deviations"]))
    true_share = late_or_lost / len(vt_tt)
    print(f"block {days} d, open {open_share:.3f}, KM {estimate:.4f}, truth {true_share:.4f}")
    assert abs(estimate - true_share) <= 0.05, (days, open_share, estimate, true_share)
    # the naive share (open ones counted as picked up in time) is biased low
    naive = sum(1 for w, p in zip(waits, picked, strict=True) if p and w > 10) / len(vt_tt)
    assert naive < estimate


def test_seams_agree_with_conform(chain_log: Path, tmp_path: Path) -> None:
    """Handovers per seam everywhere, lost handovers on every seam a protocol rule guards.

    Without a rule the two differ by definition: conform counts a handover lost when its
    case has ended without a pickup, analyse when the --deadline passed before the data
    end (the issue's definition); on this log TT→VT has 2 such lost handovers in cases
    still running, which conform does not count.
    """
    import duckdb
    from click.testing import CliRunner

    from ketenmining.cli import main

    runner = CliRunner()
    out = tmp_path / "conform"
    result = runner.invoke(
        main, ["conform", str(chain_log), "--protocol", str(PROTOCOL), "-o", str(out), "-q"]
    )
    assert result.exit_code in (0, 1), result.output
    conform = {
        (a, b): (n, lost)
        for a, b, n, lost in duckdb.execute(
            f"SELECT from_org, to_org, handovers, lost FROM read_parquet('{out / 'seams.parquet'}')"
        ).fetchall()
    }
    extra = {
        (a, b): (pp, dup)
        for a, b, pp, dup in duckdb.execute(
            "SELECT from_org, to_org, ping_pong, duplicates"
            f" FROM read_parquet('{out / 'seams.parquet'}')"
        ).fetchall()
    }
    result = runner.invoke(
        main,
        [
            "analyse",
            "seams",
            str(chain_log),
            "--protocol",
            str(PROTOCOL),
            "-q",
            "--format",
            "json",
            "--k",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    ours = {(s["from_org"], s["to_org"]): s for s in json.loads(result.stdout)["seams"]}
    assert set(ours) == set(conform)
    from ketenmining.protocol import load_protocol

    ruled = {r.step for r in load_protocol(PROTOCOL).rules if r.kind == "handover"}
    rows, _cal = _handovers(chain_log)
    guarded = {(h["from_org"], h["to_org"]) for h in rows if h["step"] in ruled}
    assert len(guarded) == 5  # all but TT→VT (terugverwijzing, outside the route: no rule)
    for (a, b), (n, lost) in conform.items():
        assert ours[(a, b)]["handovers"] == n, (a, b)
        if (a, b) in guarded:
            assert ours[(a, b)]["lost"] == lost, (a, b)
    # ping-pong and duplicate work (the same step twice, not side by side) at VT→TT
    vt_tt = ours[("VT", "TT")]
    assert (vt_tt["ping_pong_cases"], vt_tt["duplicate_cases"]) == extra[("VT", "TT")]
    assert vt_tt["duplicate_cases"] == TRUTH["counts"]["duplicate_intake"]


def test_exact_bootstrap_of_a_quantile_equals_scipys_resampling() -> None:
    """Large seams use the exact bootstrap of the order statistic: the same interval as
    scipy's ``bootstrap`` with many resamples (within 5 % of the interval's width)."""
    from scipy.stats import bootstrap

    from ketenmining.analyse.seams import exact_quantile_ci

    rng = np.random.default_rng(3)
    for x in (rng.gamma(2, 3, 3000), np.round(rng.gamma(2, 3, 3000)), rng.lognormal(0, 2, 2500)):
        for q in (0.5, 0.9):
            ref = bootstrap(
                (x,),
                lambda v, axis=-1, q=q: np.quantile(v, q, axis=axis),
                n_resamples=9999,
                method="percentile",
                vectorized=True,
                axis=-1,
                random_state=np.random.default_rng(1),
            ).confidence_interval
            lo, hi = exact_quantile_ci(list(x), q)
            width = max(ref.high - ref.low, 1e-9)
            assert abs(lo - ref.low) <= 0.05 * width + 1e-9, (q, lo, ref.low)
            assert abs(hi - ref.high) <= 0.05 * width + 1e-9, (q, hi, ref.high)


def test_large_cohorts_bootstrap_on_a_grid_agrees_with_resampling_episodes() -> None:
    """Above ``kmbatch.LARGE`` episodes the bootstrap resamples grid cells: the interval
    ends agree with resampling the episodes themselves (both 999 resamples: within
    0.5 day here, where the interval is about 3 days wide)."""
    from ketenmining.analyse import compare, kmbatch

    rng = np.random.default_rng(5)
    a = Cohort("a", *_sim(rng, 6000, 1.0), np.zeros(6000), np.zeros(6000))
    b = Cohort("b", *_sim(rng, 6000, 0.9), np.zeros(6000), np.zeros(6000))
    assert len(a.days) + len(b.days) > kmbatch.LARGE
    for summary, horizon in (("median", None), ("rmst", 100.0)):
        grid = compare.km_difference_ci(a, b, summary, horizon)
        sa, sb = kmbatch.prepare(a.days, a.reached), kmbatch.prepare(b.days, b.reached)
        exact = []
        for _ in range(999):
            wa = kmbatch.weights_from_indices(rng.integers(0, 6000, 6000), 6000)
            wb = kmbatch.weights_from_indices(rng.integers(0, 6000, 6000), 6000)
            pick = (
                kmbatch.medians
                if summary == "median"
                else (lambda s, surv: kmbatch.rmsts(s, surv, 100.0))
            )
            exact.append(
                pick(sb, kmbatch.survival(sb, wb))[0] - pick(sa, kmbatch.survival(sa, wa))[0]
            )
        lo, hi = np.percentile(exact, [2.5, 97.5])
        assert abs(grid[0] - lo) < 0.5 and abs(grid[1] - hi) < 0.5, (summary, grid, lo, hi)
        assert grid[1] - grid[0] > 1.0
