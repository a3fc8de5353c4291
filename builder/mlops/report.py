"""The ModelReport the pages render: read back from the registry's records, so the build
that trains and the build that reuses render the same bytes."""

import numpy as np

from builder.mlops import conformal
from builder.mlops.card import build_card
from builder.mlops.conformal import predict_interval
from builder.mlops.dataset import Dataset
from builder.mlops.monitoring import pr_urls
from builder.mlops.tracking import ModelBundle
from builder.models.mlops import (
    DriftReport,
    Importance,
    ModelReport,
    OutOfFold,
    Prediction,
    PromotionDecision,
    PromotionRecord,
    RegistryState,
    RegistryVersion,
    RunRecord,
    RunSummary,
)
from builder.models.mlops_settings import MlopsSettings
from builder.models.portfolio import Portfolio


def run_summary(record: RunRecord) -> RunSummary:
    return RunSummary(
        run_id=record.run_id,
        sequence=record.sequence,
        data_sha256=record.data_sha256,
        code_version=record.code_version,
        n_rows=record.n_rows,
        n_owner_labels=record.n_owner_labels,
        n_weak_labels=record.n_weak_labels,
        params=record.chosen_params,
        model=record.metrics.model,
        baseline=record.metrics.baseline,
        coverage=record.coverage.pooled,
        coverage_level=record.coverage.level,
        coverage_folds=record.coverage.folds,
        importance_repeats=record.params.importance_repeats,
        version=record.version,
    )


# Items scored per call: CV+ holds (training rows x items) values three times over, which
# for 20,000 PRs at once would be gigabytes.
CHUNK = 2000


def _scored(ds: Dataset, bundle: ModelBundle, level: float) -> tuple[np.ndarray, ...]:
    points, lows, highs = [], [], []
    for start in range(0, len(ds.ids), CHUNK):
        x = ds.table.iloc[start : start + CHUNK]
        points.append(np.clip(bundle["final"].predict(x), *conformal.LABEL_RANGE))
        low, high = predict_interval(
            bundle["folds"], bundle["residuals"], bundle["fold_of"], x, level
        )
        lows.append(low)
        highs.append(high)
    if not points:
        return np.zeros(0), np.zeros(0), np.zeros(0)
    return np.concatenate(points), np.concatenate(lows), np.concatenate(highs)


def predictions(ds: Dataset, bundle: ModelBundle, level: float) -> dict[str, Prediction]:
    point, low, high = _scored(ds, bundle, level)
    out = {}
    for i, item in enumerate(ds.ids):
        out[item] = Prediction(
            item_id=item,
            point=round(float(point[i]), 6),
            low=round(float(low[i]), 6),
            high=round(float(high[i]), 6),
            weak_label=ds.sources[i] != "owner",
            kind="achievement" if ds.kinds[i] == "achievement" else "pull_request",
            label=ds.labels[i],
            label_source=ds.sources[i],
        )
    return out


def registry_versions(state: RegistryState) -> tuple[RegistryVersion, ...]:
    aliases: dict[int, list[str]] = {}
    for alias, v in sorted(state.aliases.items()):
        aliases.setdefault(v, []).append(alias)
    return tuple(
        RegistryVersion(
            version=v.version,
            run_id=v.run_id,
            model_sha256=v.model_sha256,
            sklearn_version=v.sklearn,
            aliases=tuple(aliases.get(v.version, [])),
        )
        for v in state.versions
    )


def promotion_decision(p: PromotionRecord) -> PromotionDecision:
    return PromotionDecision(
        sequence=p.sequence,
        challenger_version=p.challenger_version,
        champion_version=p.champion_version,
        promoted=p.promoted,
        reason=p.reason,
        mode=p.mode,
        challenger_mae=p.challenger.mae if p.challenger else None,
        champion_mae=p.champion.mae if p.champion else None,
        margin=p.margin,
        spread=p.spread,
    )


def beats_baseline(champion: RunSummary) -> bool:
    """Whether the champion's nested-CV error beats predicting the mean by more than the
    fold spread (the larger of the two standard deviations): a smaller gain is noise, and
    pages then do not show its scores as if they meant something."""
    model, base = champion.model.mae, champion.baseline.mae
    if model.mean is None or base.mean is None:
        return False
    spread = max(model.std or 0.0, base.std or 0.0)
    return base.mean - model.mean > spread


def public_out_of_fold(record: RunRecord, ds: Dataset) -> tuple[OutOfFold, ...]:
    """The champion's out-of-fold rows for items this build may publish: a run record
    written before an item went private still holds it, and the pages must not."""
    public = set(ds.ids)
    return tuple(o for o in record.out_of_fold if o.item_id in public)


def model_report(
    state: RegistryState,
    runs: list[RunRecord],
    champion_version: int,
    champion_record: RunRecord,
    bundle: ModelBundle,
    ds: Dataset,
    drift: DriftReport,
    portfolio: Portfolio,
    settings: MlopsSettings,
) -> ModelReport:
    champion = run_summary(champion_record)
    importance = sorted(
        (Importance(feature=n, mean=m, std=s) for n, m, s in champion_record.importance),
        key=lambda i: (-i.mean, i.feature),
    )
    card = build_card(
        champion,
        champion_version,
        n_items=len(ds.ids),
        n_prs=len(pr_urls(ds)),
        level=settings.interval_level,
        importance=[(i.feature, i.mean) for i in importance],
        owner=portfolio.profile.name,
        trusted=beats_baseline(champion),
    )
    request = state.retrain
    return ModelReport(
        predictions=predictions(ds, bundle, settings.interval_level),
        enabled=True,
        champion=champion,
        champion_version=champion_version,
        challenger_version=state.challenger,
        runs=tuple(run_summary(r) for r in runs),
        versions=registry_versions(state),
        promotions=tuple(promotion_decision(p) for p in state.promotions),
        features=champion_record.feature_schema,
        importance=tuple(importance),
        out_of_fold=public_out_of_fold(champion_record, ds),
        trusted=beats_baseline(champion),
        drift=drift,
        card=card,
        interval_level=settings.interval_level,
        retrain_pending=request is not None,
        retrain_reason=request.reason if request else "",
    )
