"""Settings of the impact model and its lifecycle (owned by builder/mlops)."""

from pydantic import Field

from builder.models.base import StrictModel


class MlopsSettings(StrictModel):
    enabled: bool = Field(True, description="Train and show the impact model.")
    seed: int = Field(7, description="Seed of every random step (boosting, shuffles, tests).")
    registry_dir: str = Field(
        "achievements/registry",
        description="The model registry's records, relative to mkdocs.yml: commit this folder "
        "(the nightly workflow does), so history outlives any cache.",
    )
    model_cache_dir: str = Field(
        ".cache/showcase/models",
        description="Model files, relative to mkdocs.yml: a cache (the champion's file is also "
        "kept in registry_dir; any other is retrained from its record when missing).",
    )
    folds: int = Field(5, ge=2, le=10, description="k of the k-fold cross-validation.")
    interval_level: float = Field(
        0.9, gt=0.5, lt=1.0, description="Coverage the CV+ prediction intervals aim for."
    )
    importance_repeats: int = Field(
        10, ge=1, le=100, description="Shuffles per feature and held-out fold."
    )
    weak_label_full_scale_usd: float = Field(
        1_000_000.0,
        gt=1,
        description="Yearly value (USD) that maps to a weak label of 10 on the log scale.",
    )
    max_training_rows: int = Field(
        600,
        ge=20,
        description="Most rows the impact model trains on: every owner label, then a "
        "stratified, deterministic sample of weak labels (keeps large exports fast).",
    )
    drift_min_window: int = Field(
        30, ge=5, description="Fewest new PRs before drift gets a verdict."
    )
    drift_fdr: float = Field(
        0.05, gt=0, lt=1, description="False discovery rate (Benjamini-Hochberg) for drift."
    )
    drift_min_effect: float = Field(
        0.2,
        gt=0,
        le=1,
        description="Smallest effect (KS D or Cramér's V) that counts as drift.",
    )
    notebooks_dir: str = Field(
        "notebooks", description="Executed into pages; relative to mkdocs.yml."
    )
    execute_notebooks: bool = Field(
        True, description="Execute notebooks_dir/*.ipynb into pages under mlops/."
    )
    notebook_timeout_s: int = Field(
        60, ge=5, description="Per-cell limit when executing notebooks."
    )
