"""Training: a scikit-learn pipeline over named features, nested cross-validation, importance.

The pipeline is a ColumnTransformer (numeric features imputed, categoricals encoded on their
fixed vocabularies, the text embedding reduced by PCA) feeding gradient boosting. It takes
the feature DataFrame as it is, so every step, the importance and the notebook speak in
feature names.

The reported figure comes from nested cross-validation: each outer GroupKFold fold is held
out while an inner GridSearchCV picks the hyperparameters on the other folds alone, so the
score never sees data that chose the model. The outer fold models then serve the CV+
prediction intervals (conformal.py) and permutation importance on held-out folds, so every
figure refers to the same models. The champion's final model is the same search refitted
on every row. Folds are grouped, so a PR never shares a fold boundary with the achievement it
inherited a label from.
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import ConstantInputWarning, spearmanr
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import PCA
from sklearn.dummy import DummyRegressor
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OrdinalEncoder

from builder.mlops.conformal import cv_plus_coverage
from builder.mlops.features import (
    CATEGORICAL,
    NUMERIC,
    SCHEMA,
    TEXT_FEATURE,
    TEXT_PREFIX,
    column_groups,
)

# Small on purpose: a few dozen labelled items cannot support a wide search, nested CV fits
# every candidate once per inner fold of every outer fold, and the whole stage must stay
# within seconds on two cores. Depth 2 is what every earlier search picked.
PARAM_GRID: dict[str, list] = {
    "model__learning_rate": [0.05, 0.1],
}
FIXED_PARAMS: dict[str, float | int | str] = {
    "n_estimators": 80,
    "max_depth": 2,
    "min_samples_leaf": 3,
    "subsample": 0.8,
    "loss": "squared_error",
}
MIN_LABELLED = 10
MIN_GROUPS = 3
INNER_FOLDS = 3
# Eight directions of the 384-dimension embedding: what a few dozen labels can support.
TEXT_COMPONENTS = 8


def make_pipeline(seed: int, text_columns: list[str], n_rows: int) -> Pipeline:
    """Named columns in, impact score out."""
    # Trees split a sentinel below every real value off cleanly, so -1 stands for "missing"
    # (every feature is a count, share, duration or confidence, hence never negative).
    numeric = SimpleImputer(strategy="constant", fill_value=-1.0, keep_empty_features=True)
    # Categoricals as their index in the fixed vocabulary: trees split on them directly, and
    # one-hot columns would multiply the cost of every permutation-importance prediction.
    categorical = OrdinalEncoder(
        categories=[list(spec.categories) for spec in SCHEMA if spec.name in CATEGORICAL],
        handle_unknown="use_encoded_value",
        unknown_value=-1,
        encoded_missing_value=-1,
    )
    parts = [("numeric", numeric, list(NUMERIC)), ("categorical", categorical, list(CATEGORICAL))]
    if text_columns:
        # PCA is fitted inside each fold: directions learnt from held-out text would leak.
        components = max(1, min(TEXT_COMPONENTS, n_rows // 4, len(text_columns)))
        # A missing vector (text the embedder never saw) stands for the average text.
        text = Pipeline(
            [
                ("impute", SimpleImputer(strategy="mean", keep_empty_features=True)),
                ("pca", PCA(n_components=components, svd_solver="full", random_state=seed)),
            ]
        )
        parts.append(("text", text, text_columns))
    columns = ColumnTransformer(parts, remainder="drop", verbose_feature_names_out=True)
    model = GradientBoostingRegressor(random_state=seed, **FIXED_PARAMS)
    return Pipeline([("features", columns), ("model", model)])


@dataclass
class FoldScores:
    mae: list[float]
    r2: list[float | None]
    spearman: list[float | None]


@dataclass
class TrainResult:
    params: dict[str, float | int | str]
    fold_params: list[dict[str, float | int | str]]  # the inner search's pick, per outer fold
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


def _outputs(model: Pipeline, x: pd.DataFrame) -> dict[str, list[int]]:
    """Each declared feature and the columns it becomes after the ColumnTransformer."""
    names = list(model.named_steps["features"].get_feature_names_out())
    out: dict[str, list[int]] = {}
    for feature, columns in column_groups(x).items():
        if feature == TEXT_FEATURE:
            out[feature] = [j for j, n in enumerate(names) if n.startswith("text__")]
        else:
            prefix = "numeric__" if feature in NUMERIC else "categorical__"
            out[feature] = [names.index(prefix + c) for c in columns]
    return out


def permutation_importance(
    model: Pipeline, x: pd.DataFrame, y: np.ndarray, repeats: int, seed: int
) -> tuple[list[str], np.ndarray]:
    """Increase in MAE when each feature is shuffled: (feature names, (features, repeats)).

    The definition of sklearn.inspection.permutation_importance with a MAE scorer, over the
    declared features (the embedding's dimensions shuffled together, as one feature). Every
    step of the ColumnTransformer works row by row within its own columns, so shuffling a
    feature's transformed columns is shuffling the feature: the table is transformed once
    and all shuffled copies go through the boosting model in one batched predict call.
    """
    rng = np.random.default_rng(seed)
    transformed = np.asarray(model.named_steps["features"].transform(x), dtype=float)
    booster = model.named_steps["model"]
    baseline = mean_absolute_error(y, booster.predict(transformed))
    outputs = _outputs(model, x)
    n, p = len(x), len(outputs)
    batch = np.tile(transformed, (p * repeats, 1))
    for j, columns in enumerate(outputs.values()):
        for r in range(repeats):
            start = (j * repeats + r) * n
            batch[start : start + n, columns] = transformed[rng.permutation(n)][:, columns]
    predictions = booster.predict(batch).reshape(p, repeats, n)
    errors = np.abs(predictions - y[None, None, :]).mean(axis=2)
    return list(outputs), errors - baseline


def folds_for(groups: np.ndarray, k: int) -> int:
    return min(k, len(set(groups.tolist())))


def _search(seed: int, x: pd.DataFrame, groups: np.ndarray, k: int) -> GridSearchCV:
    text = [c for c in x.columns if c.startswith(TEXT_PREFIX)]
    inner = min(k, len(set(groups.tolist())))
    return GridSearchCV(
        make_pipeline(seed, text, len(x) * (inner - 1) // inner),
        PARAM_GRID,
        cv=GroupKFold(n_splits=inner),
        scoring="neg_mean_absolute_error",
        n_jobs=1,  # one process: fold scores must not depend on how the work was split
        refit=True,
    )


def _chosen(best: dict) -> dict[str, float | int | str]:
    return {**{k.removeprefix("model__"): v for k, v in sorted(best.items())}, **FIXED_PARAMS}


def _consensus(searches: list[GridSearchCV]) -> dict:
    """The candidate with the best inner score averaged over the outer folds: the final
    model's hyperparameters, chosen without another search over all the data."""
    candidates = searches[0].cv_results_["params"]
    scores = np.mean([s.cv_results_["mean_test_score"] for s in searches], axis=0)
    return candidates[int(np.argmax(scores))]


def train(
    x: pd.DataFrame,
    y: np.ndarray,
    groups: np.ndarray,
    *,
    seed: int,
    folds: int,
    level: float,
    importance_repeats: int,
) -> TrainResult:
    k = folds_for(groups, folds)
    splits = list(GroupKFold(n_splits=k).split(x, y, groups))
    fold_of = np.empty(len(y), dtype=int)
    oof = np.empty(len(y), dtype=float)
    fold_models: list[Pipeline] = []
    fold_params: list[dict[str, float | int | str]] = []
    searches: list[GridSearchCV] = []
    model_scores = FoldScores([], [], [])
    baseline_scores = FoldScores([], [], [])
    importances: list[np.ndarray] = []
    names: list[str] = []
    weights: list[int] = []
    for index, (train_idx, test_idx) in enumerate(splits):
        x_train, x_test = x.iloc[train_idx], x.iloc[test_idx]
        search = _search(seed, x_train, groups[train_idx], INNER_FOLDS)
        search.fit(x_train, y[train_idx], groups=groups[train_idx])
        fitted = search.best_estimator_
        searches.append(search)
        fold_models.append(fitted)
        fold_params.append(_chosen(search.best_params_))
        fold_of[test_idx] = index
        pred = fitted.predict(x_test)
        oof[test_idx] = pred
        _scores(y[test_idx], pred, model_scores)
        dummy = DummyRegressor(strategy="mean").fit(x_train, y[train_idx])
        _scores(y[test_idx], dummy.predict(x_test), baseline_scores)
        # Importance on the held-out fold: what the model relies on for unseen items, not
        # what it memorised.
        names, shuffled = permutation_importance(
            fitted, x_test, y[test_idx], importance_repeats, seed + index
        )
        importances.append(shuffled)
        weights.append(len(test_idx))

    stacked = np.concatenate(importances, axis=1)  # features x (folds * repeats)
    w = np.repeat(np.array(weights, dtype=float), importance_repeats)
    means = (stacked * w).sum(axis=1) / w.sum()
    stds = np.sqrt(((stacked - means[:, None]) ** 2 * w).sum(axis=1) / w.sum())
    importance = [(name, float(means[j]), float(stds[j])) for j, name in enumerate(names)]

    chosen = _consensus(searches)
    text = [c for c in x.columns if c.startswith(TEXT_PREFIX)]
    best = make_pipeline(seed, text, len(x) * (k - 1) // k).set_params(**chosen)
    best.fit(x, y)
    coverage_folds, coverage = cv_plus_coverage(best, x, y, groups, splits, level)
    return TrainResult(
        params=_chosen(chosen),
        fold_params=fold_params,
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
