"""CV+ (cross-validation jackknife+) prediction intervals, Barber et al. 2021.

Why CV+ and not a bootstrap spread: a bootstrap spread describes how much the *fitted model*
moves, not where a *new label* will fall, and it under-covers on small data. CV+ uses each
training item's out-of-fold residual together with the model that did not see that item, and
guarantees at least 1 - 2*alpha coverage (about 1 - alpha in practice) for exchangeable data,
without a separate calibration split that a few dozen labels cannot spare.

For a new x and training items i with fold k(i), out-of-fold residual R_i and fold model
mu_{-k(i)}:
    low  = the floor(alpha (n+1))-th smallest of  mu_{-k(i)}(x) - R_i
    high = the ceil((1-alpha)(n+1))-th smallest of mu_{-k(i)}(x) + R_i
"""

import math
from collections.abc import Sequence

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import GroupKFold

LABEL_RANGE = (0.0, 10.0)
INNER_FOLDS = 3


def cv_plus_interval(
    fold_predictions: np.ndarray,
    residuals: np.ndarray,
    fold_of: np.ndarray,
    level: float,
    bounds: tuple[float, float] = LABEL_RANGE,
) -> tuple[np.ndarray, np.ndarray]:
    """Intervals for m new points.

    fold_predictions: (K, m) predictions of each fold model; residuals and fold_of: (n,) for
    the training items. Infinite ends (too few items for the level) and ends beyond the label
    scale are clipped to `bounds`: clipping to the range every label lies in cannot exclude a
    label, so coverage is kept.
    """
    n = len(residuals)
    alpha = 1.0 - level
    per_item = fold_predictions[fold_of]  # (n, m): mu_{-k(i)}(x) for every i
    lows = np.sort(per_item - residuals[:, None], axis=0)
    highs = np.sort(per_item + residuals[:, None], axis=0)
    # The tolerance keeps 1 - 0.8 = 0.19999999999999996 from dropping an order statistic.
    k_low = math.floor(alpha * (n + 1) + 1e-9)
    k_high = math.ceil((1 - alpha) * (n + 1) - 1e-9)
    m = fold_predictions.shape[1]
    low = lows[k_low - 1] if k_low >= 1 else np.full(m, -np.inf)
    high = highs[k_high - 1] if k_high <= n else np.full(m, np.inf)
    return np.clip(low, *bounds), np.clip(high, *bounds)


def predict_interval(
    fold_models: Sequence, residuals: np.ndarray, fold_of: np.ndarray, x: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray]:
    predictions = np.vstack([model.predict(x) for model in fold_models])
    return cv_plus_interval(predictions, residuals, fold_of, level)


def _rows(x, index: np.ndarray):
    """Rows by position, of a feature DataFrame or a plain array."""
    return x.iloc[index] if hasattr(x, "iloc") else x[index]


def cv_plus_coverage(
    estimator,
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    splits: Sequence[tuple[np.ndarray, np.ndarray]],
    level: float,
) -> tuple[list[float], float | None]:
    """Observed coverage of CV+ intervals on held-out folds.

    For each outer fold, CV+ is rebuilt from scratch on the other folds only (its own inner
    folds, models and residuals), then checked on the held-out items. Per-fold coverage and
    the pooled share of labels inside their interval.
    """
    covered = 0
    total = 0
    per_fold: list[float] = []
    for train_idx, test_idx in splits:
        inner_groups = groups[train_idx]
        # Three inner folds: enough residuals for the quantiles, and a third of the fits.
        k = min(INNER_FOLDS, len(set(inner_groups.tolist())))
        if k < 2:
            continue
        fold_of = np.empty(len(train_idx), dtype=int)
        residuals = np.empty(len(train_idx), dtype=float)
        predictions = []
        x_train, y_train, x_test = _rows(x, train_idx), y[train_idx], _rows(x, test_idx)
        for index, (a, b) in enumerate(
            GroupKFold(n_splits=k).split(x_train, y_train, inner_groups)
        ):
            model = clone(estimator).fit(_rows(x_train, a), y_train[a])
            fold_of[b] = index
            residuals[b] = np.abs(y_train[b] - model.predict(_rows(x_train, b)))
            predictions.append(model.predict(x_test))
        low, high = cv_plus_interval(np.vstack(predictions), residuals, fold_of, level)
        inside = (y[test_idx] >= low) & (y[test_idx] <= high)
        per_fold.append(float(inside.mean()))
        covered += int(inside.sum())
        total += len(test_idx)
    return per_fold, (covered / total if total else None)
