"""Drift tests: shifted samples flagged, unshifted ones not, tiny windows get no verdict."""

import numpy as np
import pytest

from builder.mlops.drift import DriftSettings, categorical_test, check_drift, psi
from builder.models.mlops import FeatureSpec

SETTINGS = DriftSettings(min_window=30, fdr=0.05, min_effect=0.2, seed=7)
SPECS = [
    FeatureSpec(name="size", type="numeric", description="", source="pull_request"),
    FeatureSpec(name="hours", type="numeric", description="", source="pull_request"),
    FeatureSpec(
        name="decision",
        type="categorical",
        description="",
        source="pull_request",
        categories=("APPROVED", "CHANGES_REQUESTED", "other"),
    ),
]


def _sample(rng: np.random.Generator, n: int, shift: float = 0.0, approved: float = 0.7) -> dict:
    return {
        "size": list(rng.normal(100 + shift, 20, n)),
        "hours": list(rng.exponential(24, n)),
        "decision": [float(0 if rng.random() < approved else 1) for _ in range(n)],
    }


def test_shifted_sample_is_flagged():
    rng = np.random.default_rng(1)
    reference, current = _sample(rng, 300), _sample(rng, 60, shift=40)
    outcome = check_drift(SPECS, reference, current, SETTINGS)
    by_name = {f.feature: f for f in outcome.features}
    assert outcome.enough_data and outcome.drifted
    assert by_name["size"].drifted and by_name["size"].test == "Kolmogorov-Smirnov"
    assert by_name["size"].effect > 0.5 and by_name["size"].q_value < 0.001
    assert not by_name["hours"].drifted
    assert outcome.verdict == "drift in 1 of 3 features: size"
    assert {b.feature for b in outcome.histograms} >= {"size"}


def test_unshifted_sample_is_not_flagged():
    rng = np.random.default_rng(2)
    outcome = check_drift(SPECS, _sample(rng, 300), _sample(rng, 60), SETTINGS)
    assert outcome.enough_data and not outcome.drifted
    assert outcome.verdict == "no drift in 3 features"
    # q-values are Benjamini-Hochberg adjusted: never below the raw p-values.
    assert all(f.q_value >= f.p_value for f in outcome.features)


def test_categorical_shift_is_flagged():
    rng = np.random.default_rng(3)
    outcome = check_drift(SPECS, _sample(rng, 300), _sample(rng, 80, approved=0.1), SETTINGS)
    decision = {f.feature: f for f in outcome.features}["decision"]
    assert decision.drifted and decision.test == "chi-squared"
    assert decision.effect > 0.3


@pytest.mark.parametrize("n", [0, 5, 29])
def test_tiny_window_gets_no_verdict(n):
    rng = np.random.default_rng(4)
    outcome = check_drift(SPECS, _sample(rng, 300), _sample(rng, n, shift=100), SETTINGS)
    assert not outcome.enough_data and not outcome.drifted
    assert outcome.verdict == f"not enough data (n={n})"
    assert outcome.features == () and outcome.histograms == ()


def test_sparse_tables_use_exact_or_permutation_tests():
    test, _, p, _ = categorical_test(["a"] * 9 + ["b"], ["b"] * 5, seed=1)
    assert test == "Fisher exact" and 0 < p < 0.05
    test, _, p, _ = categorical_test(["a", "b", "c"] * 3, ["a", "a", "c"], seed=1)
    assert test == "chi-squared (permutation)" and 0 < p <= 1
    again = categorical_test(["a", "b", "c"] * 3, ["a", "a", "c"], seed=1)
    assert again[2] == p  # seeded


def test_psi_is_zero_for_identical_samples_and_grows_with_shift():
    rng = np.random.default_rng(5)
    base = rng.normal(0, 1, 500)
    assert psi(base, base) == pytest.approx(0.0, abs=1e-12)
    assert psi(base, base + 0.5) < psi(base, base + 1.5)


def test_the_permutation_test_draws_what_scipys_shuffling_draws():
    """Drawing the current row's counts from the hypergeometric distribution is the same null
    as shuffling the samples: the statistic is exact and the p-values agree within the
    Monte-Carlo error of 1,999 resamples."""
    import numpy as np
    from scipy.stats import PermutationMethod, chi2_contingency

    from builder.mlops.drift import _permutation_chi2

    for table in [((3, 1, 0, 2), (1, 4, 2, 0)), ((10, 2, 1, 1, 0), (7, 5, 0, 2, 3))]:
        statistic, p = _permutation_chi2(table, 7)
        method = PermutationMethod(n_resamples=1999, rng=np.random.default_rng(7))
        scipy = chi2_contingency(np.array(table), correction=False, method=method)
        assert statistic == pytest.approx(float(scipy.statistic))
        assert abs(p - float(scipy.pvalue)) < 0.04
