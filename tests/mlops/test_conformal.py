"""CV+ intervals: the quantile arithmetic, and coverage on synthetic data."""

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold

from builder.mlops.conformal import cv_plus_coverage, cv_plus_interval

UNBOUNDED = (-np.inf, np.inf)


def test_interval_uses_the_jackknife_plus_order_statistics():
    # One fold model predicting 5.0; residuals 1..9. n=9, level 0.8:
    # low = floor(0.2*10)=2nd smallest of 5-R = 5-8, high = ceil(0.8*10)=8th smallest of 5+R.
    residuals = np.arange(1.0, 10.0)
    low, high = cv_plus_interval(
        np.array([[5.0]]), residuals, np.zeros(9, dtype=int), 0.8, UNBOUNDED
    )
    assert low[0] == -3.0 and high[0] == 13.0


def test_too_few_items_give_the_whole_label_range():
    low, high = cv_plus_interval(np.array([[5.0]]), np.array([1.0, 2.0]), np.zeros(2, int), 0.9)
    assert (low[0], high[0]) == (0.0, 10.0)


def test_uses_each_items_own_fold_model():
    # Fold 0 predicts 1.0, fold 1 predicts 9.0; zero residuals; n=3, level 0.5 takes the
    # 2nd smallest on both sides, i.e. the prediction of the majority's fold model.
    predictions = np.array([[1.0], [9.0]])
    zero = np.zeros(3)
    low, high = cv_plus_interval(predictions, zero, np.array([0, 0, 1]), 0.5, UNBOUNDED)
    assert (low[0], high[0]) == (1.0, 1.0)
    low, high = cv_plus_interval(predictions, zero, np.array([1, 1, 0]), 0.5, UNBOUNDED)
    assert (low[0], high[0]) == (9.0, 9.0)


def test_coverage_on_fresh_synthetic_data_is_near_the_level():
    rng = np.random.default_rng(0)
    n, level = 200, 0.9
    x = rng.uniform(0, 10, (n, 2))
    y = x @ np.array([0.5, -0.2]) + 4 + rng.normal(0, 0.7, n)
    fold_of = np.empty(n, dtype=int)
    residuals = np.empty(n)
    models = []
    for k, (train, test) in enumerate(KFold(5, shuffle=True, random_state=0).split(x)):
        model = LinearRegression().fit(x[train], y[train])
        models.append(model)
        fold_of[test] = k
        residuals[test] = np.abs(y[test] - model.predict(x[test]))
    x_new = rng.uniform(0, 10, (4000, 2))
    y_new = x_new @ np.array([0.5, -0.2]) + 4 + rng.normal(0, 0.7, 4000)
    low, high = cv_plus_interval(
        np.vstack([m.predict(x_new) for m in models]), residuals, fold_of, level, UNBOUNDED
    )
    coverage = np.mean((y_new >= low) & (y_new <= high))
    # Guaranteed >= 1 - 2 alpha; in practice close to 1 - alpha.
    assert 0.86 <= coverage <= 0.95
    width = np.mean(high - low)
    assert 2 * 1.64 * 0.7 * 0.9 < width < 2 * 1.64 * 0.7 * 1.25  # close to the oracle width


def test_nested_coverage_estimate_is_near_the_level():
    rng = np.random.default_rng(1)
    n = 240
    x = rng.uniform(0, 10, (n, 2))
    y = x @ np.array([0.3, 0.1]) + rng.normal(0, 0.5, n)
    groups = np.arange(n) % 60
    splits = [(a, b) for a, b in KFold(4).split(x)]
    per_fold, pooled = cv_plus_coverage(LinearRegression(), x, y, groups, splits, 0.9)
    assert len(per_fold) == 4
    assert 0.84 <= pooled <= 0.97
