"""Experiment tracking: what identifies a training run, and the record it leaves.

A run id is a hash of the training data, the params and the code that shapes the model, so
an unchanged rebuild finds its run on record and trains nothing.
"""

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import numpy as np

from builder.cache import content_hash
from builder.mlops import conformal, dataset, features, training
from builder.mlops.dataset import Dataset
from builder.mlops.features import SCHEMA, with_ranges
from builder.mlops.monitoring import drift_columns, pr_urls
from builder.mlops.registry import library_versions
from builder.models.mlops import (
    DriftReference,
    IntervalCoverage,
    MetricSummary,
    OutOfFold,
    RunMetrics,
    RunRecord,
    ScoreSet,
    TrainingParams,
)
from builder.models.mlops_settings import MlopsSettings

# Only the modules that shape the model: editing pages or drift code must not retrain.
MODEL_CODE = (features, dataset, training, conformal)


class ModelBundle(TypedDict):
    """What a model file holds (a plain dict when pickled, as notebooks expect)."""

    final: Any  # the pipeline refitted on every labelled row: the point prediction
    folds: list[Any]  # one pipeline per fold: the CV+ interval
    residuals: np.ndarray
    fold_of: np.ndarray


@dataclass(frozen=True)
class TrainedRun:
    bundle: ModelBundle
    result: training.TrainResult
    wall_seconds: float


def code_version() -> str:
    """Hash of the model-shaping source and the library versions that execute it."""
    digest = hashlib.sha256()
    for module in MODEL_CODE:
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(repr(sorted(library_versions().items())).encode())
    return digest.hexdigest()[:16]


def training_params(settings: MlopsSettings) -> TrainingParams:
    return TrainingParams(
        seed=settings.seed,
        folds=settings.folds,
        interval_level=settings.interval_level,
        importance_repeats=settings.importance_repeats,
        weak_label_full_scale_usd=settings.weak_label_full_scale_usd,
        grid=training.PARAM_GRID,
        fixed=training.FIXED_PARAMS,
    )


def run_id_of(ds: Dataset, params: TrainingParams, code: str) -> str:
    return content_hash(ds.sha256(), params.model_dump(mode="json"), code)[:16]


def schema_sha256(ds: Dataset) -> str:
    """The declared schema, its version and the table's columns (an embedder of another width
    is a new schema: the champion could not score the data)."""
    declared = [[s.name, s.type, list(s.categories)] for s in SCHEMA]
    declared.insert(0, ["version", features.SCHEMA_VERSION])
    if len(ds.table.columns) == len(features.NUMERIC) + len(features.CATEGORICAL):
        return content_hash(declared)  # no embedding
    return content_hash(declared, list(ds.table.columns))


def train_run(ds: Dataset, settings: MlopsSettings) -> TrainedRun:
    x, y, groups, _ = ds.training()
    start = time.perf_counter()
    result = training.train(
        x,
        y,
        groups,
        seed=settings.seed,
        folds=settings.folds,
        level=settings.interval_level,
        importance_repeats=settings.importance_repeats,
    )
    bundle = ModelBundle(
        final=result.final,
        folds=result.fold_models,
        residuals=result.residuals,
        fold_of=result.fold_of,
    )
    return TrainedRun(bundle, result, time.perf_counter() - start)


def _r(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _summary(name: str, values: list[float | None]) -> MetricSummary:
    seen = [v for v in values if v is not None]
    return MetricSummary(
        name=name,
        mean=_r(float(np.mean(seen))) if seen else None,
        std=_r(float(np.std(seen, ddof=1))) if len(seen) > 1 else None,
        folds=tuple(_r(v) for v in values),
    )


def _scores(fold: training.FoldScores) -> ScoreSet:
    return ScoreSet(
        mae=_summary("mae", fold.mae),
        r2=_summary("r2", fold.r2),
        spearman=_summary("spearman", fold.spearman),
    )


def make_record(
    run_id: str,
    sequence: int,
    version: int,
    ds: Dataset,
    trained: TrainedRun,
    params: TrainingParams,
    code: str,
) -> RunRecord:
    result = trained.result
    x, y, _, ids = ds.training()
    sources = dict(zip(ds.ids, ds.sources, strict=True))
    urls = pr_urls(ds)
    columns = drift_columns(ds, urls)
    return RunRecord(
        run_id=run_id,
        sequence=sequence,
        version=version,
        data_sha256=ds.sha256(),
        code_version=code,
        schema_sha256=schema_sha256(ds),
        params=params,
        chosen_params=result.params,
        n_rows=len(y),
        n_owner_labels=sum(1 for i in ids if sources[i] == "owner"),
        n_weak_labels=sum(1 for i in ids if sources[i] != "owner"),
        n_folds=result.n_folds,
        metrics=RunMetrics(model=_scores(result.model), baseline=_scores(result.baseline)),
        coverage=IntervalCoverage(
            level=params.interval_level,
            pooled=_r(result.coverage),
            folds=tuple(_r(c) for c in result.coverage_folds),
        ),
        importance=tuple(
            (name, round(float(mean), 6), round(float(std), 6))
            for name, mean, std in result.importance
        ),
        out_of_fold=tuple(
            OutOfFold(
                item_id=item,
                label=round(float(label), 6),
                prediction=round(float(pred), 6),
                weak_label=sources[item] != "owner",
            )
            for item, label, pred in zip(ids, y.tolist(), result.oof.tolist(), strict=True)
        ),
        feature_schema=tuple(with_ranges(x)),
        reference=DriftReference(
            urls=tuple(urls), columns={name: tuple(col) for name, col in columns.items()}
        ),
        libraries=library_versions(),
    )
