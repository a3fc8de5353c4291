"""The model card: Model Card Toolkit sections filled from the champion's run record.

Sections follow the toolkit's schema (model_details, model_parameters, quantitative_analysis,
considerations). No dates: the card must be the same bytes on every build of the same data.
"""

import math

from scipy.stats import t as student_t

from builder.models.mlops import ModelCard, RunSummary


def fold_interval(mean: float | None, std: float | None, folds: int, level: float) -> dict | None:
    """Student-t interval of the mean over folds. Folds share training data, so they are not
    independent and this interval is, if anything, too narrow; the card says so."""
    if mean is None or std is None or folds < 2:
        return None
    half = student_t.ppf(0.5 + level / 2, folds - 1) * std / math.sqrt(folds)
    return {"lower_bound": round(mean - half, 6), "upper_bound": round(mean + half, 6)}


def build_card(
    champion: RunSummary,
    version: int,
    n_items: int,
    n_prs: int,
    level: float,
    importance: list[tuple[str, float]],
    owner: str,
    trusted: bool = False,
) -> ModelCard:
    k = len(champion.model.mae.folds)
    metrics = []
    for side, scores in (
        ("impact model", champion.model),
        ("predict-the-mean baseline", champion.baseline),
    ):
        for name in ("mae", "r2", "spearman"):
            summary = scores.metric(name)
            metrics.append(
                {
                    "type": {"mae": "MAE", "r2": "R2", "spearman": "Spearman rho"}[name],
                    "value": summary.mean,
                    "slice": side,
                    "confidence_interval": fold_interval(summary.mean, summary.std, k, level),
                    "spread_std": summary.std,
                }
            )
    metrics.append(
        {
            "type": f"CV+ {level:.0%} interval coverage",
            "value": champion.coverage,
            "slice": "held-out folds",
            "confidence_interval": None,
            "spread_std": None,
        }
    )
    top = [name for name, _ in importance[:5]]
    weak_share = champion.n_weak_labels / champion.n_rows if champion.n_rows else 0.0
    return ModelCard(
        model_details={
            "name": "Impact model",
            "overview": (
                "Predicts the impact (0-10) of an achievement or a pull request from what the "
                "build already knows of it: the value engine's measured changes, confidence "
                "and method, its category and metrics, PR size, files, reviews and labels, "
                f"and the sentence embedding of its text, with a {level:.0%} CV+ prediction "
                "interval."
            ),
            "version": {"name": f"v{version}", "run_id": champion.run_id},
            "owners": [{"name": owner}],
            "references": ["Barber et al. (2021), Predictive inference with the jackknife+"],
        },
        model_parameters={
            "model_architecture": "scikit-learn Pipeline: a ColumnTransformer over named "
            "features (numeric imputation, ordinal encoding on fixed vocabularies, PCA of the "
            "text embedding), then GradientBoostingRegressor; hyperparameters by an inner "
            "GridSearchCV over GroupKFold inside each outer fold (nested cross-validation)",
            "hyperparameters": champion.params,
            "data": {
                "train": {
                    "rows": champion.n_rows,
                    "owner_labels": champion.n_owner_labels,
                    "weak_labels": champion.n_weak_labels,
                    "data_sha256": champion.data_sha256,
                },
                "scored": {"n_items": n_items, "n_pull_requests": n_prs},
            },
            "input_format": "the declared feature schema (see the MLOps dashboard)",
            "output_format": "impact score 0-10 with a low and high bound",
        },
        quantitative_analysis={"performance_metrics": metrics, "folds": k},
        considerations={
            "users": ["hiring managers and engineers reading this portfolio", "the owner"],
            "use_cases": [
                "ranking the owner's own achievements and PRs by likely impact",
                "spotting work whose write-up under- or over-states it",
            ],
            "limitations": [
                *(
                    []
                    if trusted
                    else [
                        "Experimental: its cross-validated error does not beat predicting the "
                        "mean by more than the fold spread, so the site does not show its "
                        "scores on achievement pages nor use them to order the resume."
                    ]
                ),
                f"{weak_share:.0%} of the training labels are weak labels (from the value "
                "engine or inherited from the achievement a PR delivered), not the owner's "
                "own scores.",
                f"Trained on {champion.n_rows} items of one person's work: it does not "
                "generalise to other people, teams or organisations.",
                "The reported figures come from nested cross-validation: hyperparameters were "
                "chosen on the training folds only, never on the fold that scores them.",
                "Fold metrics share training data; their t-intervals are too narrow if anything.",
                f"The features it relies on most ({', '.join(top) or 'none'}) describe how work "
                "was done, not what it achieved; impact is a judgement the labels encode.",
            ],
            "tradeoffs": [
                "A small search grid and shallow trees: stable on a few dozen labels, "
                "unable to find subtle interactions."
            ],
            "ethical_considerations": [
                {
                    "name": "Self-assessment bias: the owner labels their own work.",
                    "mitigation_strategy": "Labels and their source are shown beside every "
                    "prediction; weak labels are marked.",
                },
                {
                    "name": "PR activity can reward volume over value.",
                    "mitigation_strategy": "Permutation importance is published so a reader "
                    "can see when size features dominate.",
                },
                {
                    "name": "Author-history features describe people.",
                    "mitigation_strategy": "Only the owner's exported PRs are used; the model "
                    "is never applied to other people.",
                },
            ],
        },
    )
