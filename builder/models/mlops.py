"""Records the impact-model stage returns (owned by builder/mlops)."""

from typing import Literal

from builder.models.base import Record

LabelSource = Literal["owner", "value", "inherited-owner", "inherited-value", "none"]


class Prediction(Record):
    item_id: str
    point: float
    low: float
    high: float
    weak_label: bool = False
    kind: Literal["achievement", "pull_request"] = "achievement"
    label: float | None = None
    label_source: LabelSource = "none"


class FeatureSpec(Record):
    """One column of the declared feature schema, versioned with the model."""

    name: str
    type: Literal["numeric", "categorical"]
    description: str
    source: Literal["pull_request", "achievement", "both"]
    minimum: float | None = None
    maximum: float | None = None
    categories: tuple[str, ...] = ()
    drift: bool = False  # compared between reference and new PRs


class MetricSummary(Record):
    """Mean and spread (sample standard deviation) of one metric over the folds."""

    name: str
    mean: float | None
    std: float | None
    folds: tuple[float | None, ...]


class ScoreSet(Record):
    mae: MetricSummary
    r2: MetricSummary
    spearman: MetricSummary

    def metric(self, name: str) -> MetricSummary:
        return getattr(self, name)


class RunSummary(Record):
    """What the pages show of one training run (the JSON record holds more)."""

    run_id: str
    sequence: int
    data_sha256: str
    code_version: str
    n_rows: int
    n_owner_labels: int
    n_weak_labels: int
    params: dict[str, float | int | str]
    model: ScoreSet
    baseline: ScoreSet
    coverage: float | None
    coverage_level: float
    coverage_folds: tuple[float, ...]
    importance_repeats: int
    version: int | None = None


class RegistryVersion(Record):
    version: int
    run_id: str
    model_sha256: str
    sklearn_version: str
    aliases: tuple[str, ...] = ()


class PromotionDecision(Record):
    sequence: int
    challenger_version: int
    champion_version: int | None
    promoted: bool
    reason: str
    mode: str = "gate"
    challenger_mae: float | None
    champion_mae: float | None
    margin: float | None  # champion MAE minus challenger MAE (positive: challenger better)
    spread: float | None  # the fold spread the margin had to beat


class Importance(Record):
    feature: str
    mean: float  # increase of MAE when the feature is shuffled, averaged over folds
    std: float


class DriftFeature(Record):
    feature: str
    type: Literal["numeric", "categorical"]
    test: str
    statistic: float | None
    p_value: float | None
    q_value: float | None  # Benjamini-Hochberg adjusted
    effect: float | None  # KS D for numeric, Cramér's V for categorical
    psi: float | None  # descriptive only
    drifted: bool
    n_reference: int
    n_current: int


class HistogramBin(Record):
    feature: str
    sample: Literal["reference", "current"]
    low: float
    high: float
    share: float


class DriftReport(Record):
    champion_version: int | None = None
    n_reference: int = 0
    n_current: int = 0
    min_window: int = 0
    enough_data: bool = False
    verdict: str = "no champion yet"
    features: tuple[DriftFeature, ...] = ()
    histograms: tuple[HistogramBin, ...] = ()
    retrain_requested: bool = False


class ModelCard(Record):
    """Sections of the Model Card Toolkit schema, filled from the run and registry."""

    model_details: dict
    model_parameters: dict
    quantitative_analysis: dict
    considerations: dict


class OutOfFold(Record):
    item_id: str
    label: float
    prediction: float
    weak_label: bool


class ModelReport(Record):
    predictions: dict[str, Prediction] = {}
    enabled: bool = False
    champion: RunSummary | None = None
    champion_version: int | None = None
    challenger_version: int | None = None
    runs: tuple[RunSummary, ...] = ()
    versions: tuple[RegistryVersion, ...] = ()
    promotions: tuple[PromotionDecision, ...] = ()
    features: tuple[FeatureSpec, ...] = ()
    importance: tuple[Importance, ...] = ()
    out_of_fold: tuple[OutOfFold, ...] = ()
    drift: DriftReport = DriftReport()
    recent_drift: DriftReport | None = None  # newest PRs against older ones, descriptive
    card: ModelCard | None = None
    interval_level: float = 0.9
    retrain_pending: bool = False
    retrain_reason: str = ""
    notebook_pages: dict[str, str] = {}
    message: str = ""  # why there is no model, when there is none
