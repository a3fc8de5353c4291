"""Training: a scikit-learn pipeline, its hyperparameter search and k-fold evaluation.

Gradient boosting on a handful of hand-made features, searched over a small grid with
GroupKFold so a PR never shares a fold boundary with the achievement it inherited a label
from. The same fold models serve three purposes: the CV metrics, the CV+ prediction
intervals (conformal.py) and permutation importance on held-out folds, so nothing is fitted
twice and every figure refers to the same models.
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy.stats import ConstantInputWarning, spearmanr
from sklearn.base import clone
from sklearn.dummy import DummyRegressor
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import Pipeline

from builder.mlops.conformal import cv_plus_coverage
from builder.mlops.features import SCHEMA

# Small on purpose: a few dozen labelled items cannot support a wide search, and the whole
# stage must stay within seconds on two cores.
PARAM_GRID: dict[str, list] = {
    "model__max_depth": [2, 3],
    "model__learning_rate": [0.05, 0.1],
}
FIXED_PARAMS: dict[str, float | int | str] = {
    "n_estimators": 80,
    "min_samples_leaf": 3,
    "subsample": 0.8,
    "loss": "squared_error",
}
MIN_LABELLED = 10
MIN_GROUPS = 3


def make_pipeline(seed: int) -> Pipeline:
    """Impute, then gradient boosting."""
    # Trees split a sentinel below every real value off cleanly, so -1 stands for "missing"
    # (every feature is a count, share, duration or vocabulary index, hence never negative).
    # Categoricals stay as their index in the fixed vocabulary: trees split on them directly,
    # and one-hot columns would triple the cost of every permutation-importance prediction.
    impute = SimpleImputer(strategy="constant", fill_value=-1.0, keep_empty_features=True)
    model = GradientBoostingRegressor(random_state=seed, **FIXED_PARAMS)
    return Pipeline([("impute", impute), ("model", model)])


@dataclass
class FoldScores:
    mae: list[float]
    r2: list[float | None]
    spearman: list[float | None]


@dataclass
class TrainResult:
    params: dict[str, float | int | str]
    n_folds: int
    final: Pipeline
    fold_models: list[Pipeline]
    fold_of: np.ndarray  # fold index of each training row
    oof: np.ndarray  # out-of-fold prediction of each training row
    residuals: np.ndarray  # |y - oof|
    model: FoldScores
    baseline: FoldScores
    coverage_folds: list[float]
    coverage: float | None
    importance: list[tuple[str, float, float]]  # (feature, mean, std)


def _spearman(y: np.ndarray, pred: np.ndarray) -> float | None:
    if len(y) < 3 or np.ptp(pred) == 0 or np.ptp(y) == 0:
        return None  # undefined for constant input (the mean baseline, always)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConstantInputWarning)
        rho = spearmanr(y, pred).statistic
    return None if math.isnan(rho) else float(rho)


def _r2(y: np.ndarray, pred: np.ndarray) -> float | None:
    if len(y) < 2 or np.ptp(y) == 0:
        return None
    return float(r2_score(y, pred))


def _scores(y: np.ndarray, pred: np.ndarray, into: FoldScores) -> None:
    into.mae.append(float(mean_absolute_error(y, pred)))
    into.r2.append(_r2(y, pred))
    into.spearman.append(_spearman(y, pred))


def permutation_importance(
    model: Pipeline, x: np.ndarray, y: np.ndarray, repeats: int, seed: int
) -> np.ndarray:
    """Increase in MAE when each column is shuffled: (features, repeats).

    The definition of sklearn.inspection.permutation_importance with a MAE scorer, but every
    shuffled copy goes through one batched predict call: a few hundred small predict calls
    (with their validation overhead) were most of the stage's run time.
    """
    rng = np.random.default_rng(seed)
    baseline = mean_absolute_error(y, model.predict(x))
    n, p = x.shape
    batch = np.tile(x, (p * repeats, 1))
    for j in range(p):
        for r in range(repeats):
            start = (j * repeats + r) * n
            batch[start : start + n, j] = x[rng.permutation(n), j]
    predictions = model.predict(batch).reshape(p, repeats, n)
    errors = np.abs(predictions - y[None, None, :]).mean(axis=2)
    return errors - baseline


def folds_for(groups: np.ndarray, k: int) -> int:
    return min(k, len(set(groups.tolist())))


def train(
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    *,
    seed: int,
    folds: int,
    level: float,
    importance_repeats: int,
) -> TrainResult:
    k = folds_for(groups, folds)
    splitter = GroupKFold(n_splits=k)
    search = GridSearchCV(
        make_pipeline(seed),
        PARAM_GRID,
        cv=splitter,
        scoring="neg_mean_absolute_error",
        n_jobs=1,
        refit=True,
    )
    search.fit(x, y, groups=groups)
    best = search.best_estimator_
    params = {
        **{k.removeprefix("model__"): v for k, v in sorted(search.best_params_.items())},
        **FIXED_PARAMS,
    }

    splits = list(splitter.split(x, y, groups))
    fold_of = np.empty(len(y), dtype=int)
    oof = np.empty(len(y), dtype=float)
    fold_models: list[Pipeline] = []
    model_scores = FoldScores([], [], [])
    baseline_scores = FoldScores([], [], [])
    importances: list[np.ndarray] = []
    weights: list[int] = []
    for index, (train_idx, test_idx) in enumerate(splits):
        fitted = clone(best).fit(x[train_idx], y[train_idx])
        fold_models.append(fitted)
        fold_of[test_idx] = index
        pred = fitted.predict(x[test_idx])
        oof[test_idx] = pred
        _scores(y[test_idx], pred, model_scores)
        dummy = DummyRegressor(strategy="mean").fit(x[train_idx], y[train_idx])
        _scores(y[test_idx], dummy.predict(x[test_idx]), baseline_scores)
        # Importance on the held-out fold: what the model relies on for unseen items, not
        # what it memorised.
        importances.append(
            permutation_importance(
                fitted, x[test_idx], y[test_idx], importance_repeats, seed + index
            )
        )
        weights.append(len(test_idx))

    stacked = np.concatenate(importances, axis=1)  # features x (folds * repeats)
    w = np.repeat(np.array(weights, dtype=float), importance_repeats)
    means = (stacked * w).sum(axis=1) / w.sum()
    stds = np.sqrt(((stacked - means[:, None]) ** 2 * w).sum(axis=1) / w.sum())
    importance = [(spec.name, float(means[j]), float(stds[j])) for j, spec in enumerate(SCHEMA)]

    coverage_folds, coverage = cv_plus_coverage(best, x, y, groups, splits, level)
    return TrainResult(
        params=params,
        n_folds=k,
        final=best,
        fold_models=fold_models,
        fold_of=fold_of,
        oof=oof,
        residuals=np.abs(y - oof),
        model=model_scores,
        baseline=baseline_scores,
        coverage_folds=coverage_folds,
        coverage=coverage,
        importance=importance,
    )
