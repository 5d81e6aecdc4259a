"""``analyse compare``: two cohorts side by side, with censoring, intervals and the fitting test.

* time to an outcome (from ``start`` to ``outcome``): Kaplan-Meier medians
  (statsmodels ``SurvfuncRight``, open episodes censored at the data end),
  the log-rank test (``survdiff``), the median difference with a bootstrap
  95 % interval (scipy ``bootstrap`` over the Kaplan-Meier median), and the
  restricted mean time to the outcome (RMST) up to a stated horizon;
* the same duration among finished episodes only: median difference with a
  bootstrap interval and the Mann-Whitney test;
* shares (re-entry within 12 months): Fisher's exact test;
* Holm's correction across the table's tests (``multipletests``).

Cohorts with fewer than ``k`` episodes are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ketenmining.errors import KetenError

N_RESAMPLES = 999


@dataclass
class Cohort:
    """Per-episode rows of one cohort: days to the outcome, reached or censored."""

    name: str
    days: np.ndarray
    reached: np.ndarray
    handovers: np.ndarray
    reentry: np.ndarray  # 1/0, NaN where the episode was not closed


def km(days: np.ndarray, reached: np.ndarray) -> Any:
    """The Kaplan-Meier estimate (statsmodels ``SurvfuncRight``)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    return SurvfuncRight(np.asarray(days, float), np.asarray(reached, float))


def km_median(days: np.ndarray, reached: np.ndarray) -> float:
    """Kaplan-Meier median (NaN when the curve never drops to one half)."""
    value = km(days, reached).quantile(0.5)
    return float(value) if value is not None and np.isfinite(value) else float("nan")


def rmst(days: np.ndarray, reached: np.ndarray, horizon: float) -> float:
    """Restricted mean time to the outcome up to ``horizon``: the area under the KM curve."""
    sf = km(days, reached)
    times = np.concatenate([[0.0], sf.surv_times[sf.surv_times < horizon], [horizon]])
    surv = np.concatenate([[1.0], sf.surv_prob[sf.surv_times < horizon]])
    return float(np.sum(np.diff(times) * surv))


def logrank(a: Cohort, b: Cohort) -> tuple[float, float]:
    """Log-rank chi-square statistic and p-value (statsmodels ``survdiff``)."""
    from statsmodels.duration.survfunc import survdiff

    time = np.concatenate([a.days, b.days])
    status = np.concatenate([a.reached, b.reached]).astype(float)
    group = np.concatenate([np.zeros(len(a.days)), np.ones(len(b.days))])
    stat, p = survdiff(time, status, group)
    return float(stat), float(p)


def _boot(x: np.ndarray, y: np.ndarray, summary: Any, seed: int) -> tuple[float, float]:
    """Percentile bootstrap 95 % interval of ``summary(y) - summary(x)`` (999 resamples).

    The same draws and the same interval as scipy ``bootstrap`` with
    ``method="percentile"`` and a seeded generator (each sample resampled on its
    own, x first, all resamples of a sample in one draw), but the summary
    (``np.median`` or ``np.mean``) is taken along the rows of blocks of
    resamples instead of once per resample: a difference of two per-sample
    summaries needs no joint pass. The percentiles are scipy's ``quantile``.
    """
    from scipy.stats import quantile

    rng = np.random.default_rng(seed)
    theta = -_resampled(rng, np.asarray(x, float), summary)
    theta += _resampled(rng, np.asarray(y, float), summary)
    alpha = (1 - 0.95) / 2  # as scipy computes it (not exactly 0.025)
    lo, hi = quantile(theta, np.asarray([alpha, 1 - alpha]))
    return float(lo), float(hi)


def _resampled(rng: np.random.Generator, sample: np.ndarray, summary: Any) -> np.ndarray:
    """``summary`` of each of :data:`N_RESAMPLES` resamples of ``sample`` (scipy's draw).

    Medians come from :func:`_resampled_medians`, means of whole numbers (handovers)
    from :func:`_resampled_integer_means`: the same values as ``np.median`` and
    ``np.mean`` of the resampled rows, bit for bit, without their copies and sorts.
    """
    n = len(sample)
    idx = rng.integers(0, n, (N_RESAMPLES, n), dtype=np.int64)
    if summary is np.median:
        return _resampled_medians(sample, idx)
    if summary is np.mean and _small_integers(sample):
        return _resampled_integer_means(sample, idx)
    out = np.empty(N_RESAMPLES)
    step = _batch(n)
    for k in range(0, N_RESAMPLES, step):
        out[k : k + step] = summary(sample[idx[k : k + step]], axis=1)
    return out


def _resampled_medians(sample: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``np.median`` of ``sample[idx[i]]`` for each row ``i``, from counts instead of sorts.

    A resampled value's place among the others is its rank in the sorted sample, so the
    resample's k-th smallest value is the sorted sample at the first rank where the
    cumulative count of drawn ranks passes k. As ``np.median`` does: the middle value, or
    the mean of the two middle values (their sum halved) for an even count.
    """
    n = sample.shape[0]
    order = np.argsort(sample, kind="stable")
    ranked = sample[order]
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    low, high = (n - 1) // 2, n // 2  # 0-based order statistics of the median
    out = np.empty(idx.shape[0])
    for i, row in enumerate(idx):
        cum = np.cumsum(np.bincount(rank[row], minlength=n))
        a = int(np.searchsorted(cum, low, side="right"))
        b = int(np.searchsorted(cum, high, side="right"))
        out[i] = ranked[a] if low == high else (ranked[a] + ranked[b]) / 2
    return out


def _small_integers(sample: np.ndarray) -> bool:
    """Whole numbers in int16 range: their sums are exact in any order."""
    return bool(
        sample.size and np.all(np.abs(sample) < 2**15) and np.all(sample == np.round(sample))
    )


def _resampled_integer_means(sample: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``np.mean`` of ``sample[idx[i]]`` for each row, for whole-number samples.

    Every partial sum of whole numbers is exact in floating point, so ``np.mean``'s
    result is the exact integer sum divided by n: summed here on small integers.
    """
    n = sample.shape[0]
    small = sample.astype(np.int16)
    out = np.empty(idx.shape[0])
    step = _batch(n)
    for k in range(0, idx.shape[0], step):
        out[k : k + step] = small[idx[k : k + step]].sum(axis=1, dtype=np.int64) / n
    return out


def km_difference_ci(
    a: Cohort, b: Cohort, summary: str, horizon: float | None = None, seed: int = 7
) -> tuple[float, float]:
    """Bootstrap 95 % interval of a KM ``summary`` (``median`` or ``rmst``) of b minus a.

    scipy's ``bootstrap`` draws the resamples (each cohort resampled on its own,
    percentile interval); :mod:`.kmbatch` fits the Kaplan-Meier curves of a
    batch of resamples at once. Resamples whose median is not reached are
    left out of the percentiles of the median difference.
    """
    from scipy.stats import bootstrap

    from ketenmining.analyse import kmbatch

    if len(a.days) + len(b.days) > kmbatch.LARGE:
        return _large_km_difference_ci(a, b, summary, horizon, seed)
    sa, sb = kmbatch.prepare(a.days, a.reached), kmbatch.prepare(b.days, b.reached)

    def one(s: kmbatch.SortedSample, idx: np.ndarray, n: int) -> np.ndarray:
        surv = kmbatch.survival(s, kmbatch.weights_from_indices(idx, n))
        if summary == "median":
            return kmbatch.medians(s, surv)
        return kmbatch.rmsts(s, surv, float(horizon))

    def stat(ia: np.ndarray, ib: np.ndarray, axis: int = -1) -> np.ndarray:
        ia, ib = np.asarray(ia).astype(np.int64), np.asarray(ib).astype(np.int64)
        diff = one(sb, ib, len(b.days)) - one(sa, ia, len(a.days))
        return diff if np.ndim(ia) > 1 else diff[0]

    res = bootstrap(
        (np.arange(len(a.days)), np.arange(len(b.days))),
        stat,
        n_resamples=N_RESAMPLES,
        method="percentile",
        vectorized=True,
        batch=_batch(len(a.days) + len(b.days)),
        random_state=np.random.default_rng(seed),
    )
    lo, hi = res.confidence_interval.low, res.confidence_interval.high
    if not (np.isfinite(lo) and np.isfinite(hi)):
        # some resamples never reach one half: the percentiles of those that do
        rng = np.random.default_rng(seed)
        ia = rng.integers(0, len(a.days), (N_RESAMPLES, len(a.days)))
        ib = rng.integers(0, len(b.days), (N_RESAMPLES, len(b.days)))
        d = stat(ia, ib)
        d = d[np.isfinite(d)]
        if len(d) < N_RESAMPLES // 2:
            return float("nan"), float("nan")
        lo, hi = np.percentile(d, [2.5, 97.5])
    return float(lo), float(hi)


def _large_km_difference_ci(
    a: Cohort, b: Cohort, summary: str, horizon: float | None, seed: int
) -> tuple[float, float]:
    """The percentile bootstrap of :func:`km_difference_ci` for large cohorts.

    Each resample draws the counts of :func:`.kmbatch.grid_cells` (multinomial, numpy),
    so its cost does not grow with the number of episodes; resamples whose median is
    not reached are left out.
    """
    from ketenmining.analyse import kmbatch

    rng = np.random.default_rng(seed)
    top = float(max(a.days.max(), b.days.max()))
    ca = kmbatch.grid_cells(a.days, a.reached, top)
    cb = kmbatch.grid_cells(b.days, b.reached, top)

    def one(c: kmbatch.Cells) -> np.ndarray:
        surv = kmbatch.survival(c.sample, kmbatch.multinomial_weights(rng, c, N_RESAMPLES))
        if summary == "median":
            return kmbatch.medians(c.sample, surv)
        return kmbatch.rmsts(c.sample, surv, float(horizon))

    d = one(cb) - one(ca)
    d = d[np.isfinite(d)]
    if len(d) < N_RESAMPLES // 2:
        return float("nan"), float("nan")
    lo, hi = np.percentile(d, [2.5, 97.5])
    return float(lo), float(hi)


def _batch(n: int) -> int:
    """Resamples per batch so one batch's weight matrix stays near 50 MB."""
    return max(1, min(N_RESAMPLES, 6_000_000 // max(n, 1)))


def compare_cohorts(
    a: Cohort, b: Cohort, k: int, horizon: float | None = None
) -> list[dict[str, Any]]:
    """One record per measure: values per cohort, difference (b - a), 95 % CI, test, p, Holm."""
    from scipy.stats import fisher_exact, mannwhitneyu
    from statsmodels.stats.multitest import multipletests

    for c in (a, b):
        if len(c.days) < k:
            raise KetenError(
                f"cohort '{c.name}' has {len(c.days)} episodes, fewer than k = {k}",
                hint="widen the cohort (other filters or period), or lower --k for internal use",
            )
    if horizon is None:
        horizon = float(np.percentile(np.concatenate([a.days, b.days]), 90))
    out: list[dict[str, Any]] = []
    ma, mb = km_median(a.days, a.reached), km_median(b.days, b.reached)
    lo, hi = km_difference_ci(a, b, "median")
    stat, p = logrank(a, b)
    out.append(_rec("km_median_days", a, b, ma, mb, lo, hi, "log-rank", p, statistic=stat))
    ra, rb = rmst(a.days, a.reached, horizon), rmst(b.days, b.reached, horizon)
    lo, hi = km_difference_ci(a, b, "rmst", horizon, seed=8)
    out.append(_rec("rmst_days", a, b, ra, rb, lo, hi, "bootstrap", None, horizon_days=horizon))
    fa, fb = a.days[a.reached.astype(bool)], b.days[b.reached.astype(bool)]
    if len(fa) >= 2 and len(fb) >= 2:
        lo, hi = _boot(fa, fb, np.median, 9)
        p = float(mannwhitneyu(fa, fb).pvalue)
        out.append(
            _rec(
                "median_days_finished",
                a,
                b,
                float(np.median(fa)),
                float(np.median(fb)),
                lo,
                hi,
                "Mann-Whitney",
                p,
                n_a=len(fa),
                n_b=len(fb),
            )
        )
    ha, hb = a.handovers, b.handovers
    lo, hi = _boot(ha, hb, np.mean, 10)
    out.append(
        _rec(
            "handovers_per_episode",
            a,
            b,
            float(np.mean(ha)),
            float(np.mean(hb)),
            lo,
            hi,
            "Mann-Whitney",
            float(mannwhitneyu(ha, hb).pvalue),
        )
    )
    xa, xb = a.reentry[~np.isnan(a.reentry)], b.reentry[~np.isnan(b.reentry)]
    if len(xa) and len(xb):
        table = [[int(xa.sum()), int(len(xa) - xa.sum())], [int(xb.sum()), int(len(xb) - xb.sum())]]
        p = float(fisher_exact(table).pvalue)
        from statsmodels.stats.proportion import confint_proportions_2indep

        lo, hi = confint_proportions_2indep(int(xb.sum()), len(xb), int(xa.sum()), len(xa))
        out.append(
            _rec(
                "reentry_12m_share",
                a,
                b,
                float(xa.mean()),
                float(xb.mean()),
                float(lo),
                float(hi),
                "Fisher",
                p,
                n_a=len(xa),
                n_b=len(xb),
            )
        )
    tested = [i for i, r in enumerate(out) if r["p_value"] is not None]
    if tested:
        adj = multipletests([out[i]["p_value"] for i in tested], method="holm")[1]
        for i, q in zip(tested, adj, strict=True):
            out[i]["p_adjusted"] = float(q)
    return out


def _rec(
    measure: str,
    a: Cohort,
    b: Cohort,
    va: float,
    vb: float,
    lo: float,
    hi: float,
    test: str,
    p: float | None,
    n_a: int | None = None,
    n_b: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    def clean(x: float | None) -> float | None:
        return None if x is None or not np.isfinite(x) else round(float(x), 4)

    return {
        "measure": measure,
        "cohort_a": a.name,
        "cohort_b": b.name,
        "n_a": int(n_a if n_a is not None else len(a.days)),
        "n_b": int(n_b if n_b is not None else len(b.days)),
        "value_a": clean(va),
        "value_b": clean(vb),
        "difference": clean(vb - va),
        "ci_low": clean(lo),
        "ci_high": clean(hi),
        "test": test,
        "p_value": clean(p) if p is not None else None,
        "p_adjusted": None,
        **{k: clean(v) for k, v in extra.items()},
    }


def effect_text(rec: dict[str, Any], lang: str, alpha: float = 0.05) -> str:
    """Plain-language text of one record ("stable safety 12 days sooner, 95 % CI 6–18")."""
    p = rec["p_adjusted"] if rec["p_adjusted"] is not None else rec["p_value"]
    d, lo, hi = rec["difference"], rec["ci_low"], rec["ci_high"]
    name = rec["measure"]
    if p is None or d is None:
        return ""
    from ketenmining.texts import tr

    if p >= alpha:
        return tr("analyse.effect.none", lang, name=name)
    up = "up" if d > 0 else "down"
    if name.endswith("_share"):
        amount = tr("analyse.effect.points", lang, n=f"{abs(d) * 100:.1f}")
        word = tr(f"analyse.effect.share_{up}", lang)
        ci = f"{lo * 100:.1f}–{hi * 100:.1f}"
    else:
        amount = tr("analyse.effect.days", lang, n=f"{abs(d):.1f}")
        if "handovers" in name:
            amount = tr("analyse.effect.handovers", lang, n=f"{abs(d):.2f}")
        word = tr(f"analyse.effect.time_{up}", lang)
        ci = f"{lo:.1f}–{hi:.1f}"
    lead = f"{rec['cohort_b']} vs {rec['cohort_a']}: {name} {amount} {word}"
    return f"{lead}, 95 % CI {ci}"
