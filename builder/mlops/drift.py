"""Drift: do newly ingested PRs look like the ones the champion was trained on?

Each PR feature gets a two-sample test against the champion's frozen reference profile:
Kolmogorov-Smirnov for numeric features, chi-squared for categorical ones (Fisher's exact
test for a sparse 2x2 table, a seeded permutation chi-squared for other sparse tables, where
the asymptotic p-value is not trustworthy). With a dozen features tested at once some small
p-values are expected by chance, so p-values are adjusted with Benjamini-Hochberg, and a
feature only counts as drifted when its adjusted q-value is small *and* its effect size (KS D,
Cramér's V) is large enough to matter. PSI is reported as a descriptive figure only: it has
no sampling distribution here and its usual thresholds are folklore.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.stats import (
    chi2_contingency,
    false_discovery_control,
    fisher_exact,
    ks_2samp,
)

from builder.models.mlops import DriftFeature, DriftReport, FeatureSpec, HistogramBin

PERMUTATIONS = 1999

Columns = Mapping[str, Sequence[float | None]]  # feature name -> one value per PR

PSI_EPSILON = 1e-4
HISTOGRAM_FEATURES = 4


@dataclass(frozen=True)
class DriftSettings:
    min_window: int
    fdr: float
    min_effect: float
    seed: int


@dataclass(frozen=True)
class DriftOutcome:
    enough_data: bool
    verdict: str
    features: tuple[DriftFeature, ...]
    histograms: tuple[HistogramBin, ...]

    @property
    def drifted(self) -> bool:
        return any(f.drifted for f in self.features)


def _round(value: object) -> object:
    return round(value, 6) if isinstance(value, float) else value


def _numbers(column: Sequence[float | None]) -> np.ndarray:
    return np.array([v for v in column if v is not None and not math.isnan(v)], dtype=float)


def _categories(column: Sequence[float | None], spec: FeatureSpec) -> list[str]:
    out = []
    for v in column:
        if v is None or math.isnan(v):
            out.append("(missing)")
        else:
            index = int(v)
            out.append(spec.categories[index] if index < len(spec.categories) else "other")
    return out


def _quantile_edges(reference: np.ndarray, bins: int = 10) -> np.ndarray:
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))
    return edges


def _shares(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    if len(edges) < 2:
        return np.array([1.0])
    clipped = np.clip(values, edges[0], edges[-1])
    counts, _ = np.histogram(clipped, bins=edges)
    return counts / max(1, counts.sum())


def psi(reference: np.ndarray, current: np.ndarray) -> float | None:
    """Population stability index over the reference deciles (descriptive only)."""
    if len(reference) == 0 or len(current) == 0:
        return None
    edges = _quantile_edges(reference)
    r = np.maximum(_shares(reference, edges), PSI_EPSILON)
    c = np.maximum(_shares(current, edges), PSI_EPSILON)
    return float(np.sum((c - r) * np.log(c / r)))


def _categorical_psi(ref: list[str], cur: list[str]) -> float | None:
    if not ref or not cur:
        return None
    cats = sorted(set(ref) | set(cur))
    r = np.maximum(np.array([ref.count(c) for c in cats]) / len(ref), PSI_EPSILON)
    c = np.maximum(np.array([cur.count(k) for k in cats]) / len(cur), PSI_EPSILON)
    return float(np.sum((c - r) * np.log(c / r)))


def categorical_test(ref: list[str], cur: list[str], seed: int) -> tuple[str, float, float, float]:
    """(test name, statistic, p-value, Cramér's V) for two samples of labels."""
    cats = sorted(set(ref) | set(cur))
    table = np.array([[ref.count(c) for c in cats], [cur.count(c) for c in cats]])
    if len(cats) < 2:
        return "chi-squared", 0.0, 1.0, 0.0
    plain = chi2_contingency(table, correction=False)
    n = table.sum()
    cramers_v = math.sqrt(plain.statistic / n) if n else 0.0  # min(rows, cols) - 1 == 1
    if (plain.expected_freq >= 5).all():
        return "chi-squared", float(plain.statistic), float(plain.pvalue), cramers_v
    if table.shape == (2, 2):
        result = fisher_exact(table)
        return "Fisher exact", float(result.statistic), float(result.pvalue), cramers_v
    statistic, pvalue = _permutation_chi2(tuple(map(tuple, table.tolist())), seed)
    return "chi-squared (permutation)", statistic, pvalue, cramers_v


@lru_cache(maxsize=256)
def _permutation_chi2(table: tuple[tuple[int, ...], ...], seed: int) -> tuple[float, float]:
    """The chi-squared statistic of a 2 x k table and its permutation p-value.

    Shuffling which rows are "reference" and which "current" leaves the column totals as they
    are and draws the current row from a multivariate hypergeometric distribution: drawing
    those counts directly (all resamples at once) is the same test in linear time, where
    scipy's permutation method cross-tabulates every shuffled sample (22 s on 20,000 PRs)."""
    counts = np.array(table, dtype=np.int64)
    totals = counts.sum(axis=0)
    rng = np.random.default_rng(seed)
    current = rng.multivariate_hypergeometric(totals, int(counts[1].sum()), size=PERMUTATIONS)
    observed = _chi2(counts[None, :, :])[0]
    null = _chi2(np.stack([totals - current, current], axis=1))
    # the observed table counts as one of the resamples (a p-value is never 0)
    pvalue = (np.count_nonzero(null >= observed * (1 - 1e-12)) + 1) / (PERMUTATIONS + 1)
    return float(observed), float(pvalue)


def _chi2(tables: np.ndarray) -> np.ndarray:
    """Pearson's chi-squared statistic of each 2 x k table in a stack (no continuity fix)."""
    rows = tables.sum(axis=2, keepdims=True)
    cols = tables.sum(axis=1, keepdims=True)
    expected = rows * cols / tables.sum(axis=(1, 2), keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = np.where(expected > 0, (tables - expected) ** 2 / expected, 0.0)
    return cells.sum(axis=(1, 2))


def check_drift(
    specs: list[FeatureSpec],
    reference: Columns,
    current: Columns,
    settings: DriftSettings,
) -> DriftOutcome:
    """Compare `current` with `reference`, column by column (columns named by `specs`)."""
    n_current = len(next(iter(current.values()), []))
    if n_current < settings.min_window:
        return DriftOutcome(False, f"not enough data (n={n_current})", (), ())

    raw: list[dict] = []
    for spec in specs:
        ref_col, cur_col = reference.get(spec.name, []), current.get(spec.name, [])
        if spec.type == "numeric":
            ref, cur = _numbers(ref_col), _numbers(cur_col)
            if len(ref) == 0 or len(cur) == 0:
                raw.append(
                    dict(
                        feature=spec.name,
                        type="numeric",
                        test="no values",
                        statistic=None,
                        p_value=None,
                        effect=None,
                        psi=None,
                        n_reference=len(ref),
                        n_current=len(cur),
                    )
                )
                continue
            result = ks_2samp(ref, cur)
            raw.append(
                dict(
                    feature=spec.name,
                    type="numeric",
                    test="Kolmogorov-Smirnov",
                    statistic=float(result.statistic),
                    p_value=float(result.pvalue),
                    effect=float(result.statistic),
                    psi=psi(ref, cur),
                    n_reference=len(ref),
                    n_current=len(cur),
                )
            )
        else:
            ref_c, cur_c = _categories(ref_col, spec), _categories(cur_col, spec)
            test, stat, p, v = categorical_test(ref_c, cur_c, settings.seed)
            raw.append(
                dict(
                    feature=spec.name,
                    type="categorical",
                    test=test,
                    statistic=stat,
                    p_value=p,
                    effect=v,
                    psi=_categorical_psi(ref_c, cur_c),
                    n_reference=len(ref_c),
                    n_current=len(cur_c),
                )
            )

    tested = [r for r in raw if r["p_value"] is not None]
    if tested:
        q_values = false_discovery_control([r["p_value"] for r in tested], method="bh")
        for r, q in zip(tested, q_values, strict=True):
            r["q_value"] = float(q)
    features_list = []
    for r in raw:
        q = r.pop("q_value", None)
        drifted = q is not None and q < settings.fdr and (r["effect"] or 0.0) >= settings.min_effect
        features_list.append(
            DriftFeature(**{k: _round(v) for k, v in r.items()}, q_value=_round(q), drifted=drifted)
        )
    features = tuple(features_list)
    drifted = [f.feature for f in features if f.drifted]
    verdict = (
        f"drift in {len(drifted)} of {len(features)} features: {', '.join(drifted)}"
        if drifted
        else f"no drift in {len(features)} features"
    )
    return DriftOutcome(True, verdict, features, histograms(specs, reference, current, features))


def drift_report(
    outcome: DriftOutcome,
    n_reference: int,
    n_current: int,
    settings: DriftSettings,
    champion_version: int | None = None,
    retrain_requested: bool = False,
) -> DriftReport:
    """The one way a DriftReport is made: the champion check passes its version and whether
    it asked for retraining; the descriptive newest-against-older check passes neither."""
    return DriftReport(
        champion_version=champion_version,
        n_reference=n_reference,
        n_current=n_current,
        min_window=settings.min_window,
        enough_data=outcome.enough_data,
        verdict=outcome.verdict,
        features=outcome.features,
        histograms=outcome.histograms,
        retrain_requested=retrain_requested,
    )


def histograms(
    specs: list[FeatureSpec],
    reference: Columns,
    current: Columns,
    features: tuple[DriftFeature, ...],
) -> tuple[HistogramBin, ...]:
    """Shares per reference-decile bin for the numeric features that moved most."""
    numeric = {s.name for s in specs if s.type == "numeric"}
    ranked = sorted(
        (f for f in features if f.feature in numeric and f.effect is not None),
        key=lambda f: (-(f.effect or 0.0), f.feature),
    )[:HISTOGRAM_FEATURES]
    bins: list[HistogramBin] = []
    for feature in ranked:
        ref, cur = _numbers(reference[feature.feature]), _numbers(current[feature.feature])
        edges = _quantile_edges(ref)
        if len(edges) < 2:
            edges = np.array([edges[0], edges[0] + 1.0])
        for sample, values in (("reference", ref), ("current", cur)):
            for i, share in enumerate(_shares(values, edges)):
                bins.append(
                    HistogramBin(
                        feature=feature.feature,
                        sample=sample,
                        low=round(float(edges[i]), 6),
                        high=round(float(edges[i + 1]), 6),
                        share=round(float(share), 6),
                    )
                )
    return tuple(bins)
