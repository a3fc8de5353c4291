"""Records of the impact-model stage (owned by builder/mlops).

Two groups: the registry's own records, which are its JSON files on disk (`RunRecord`,
`RegistryState`, `PromotionRecord`), and the `ModelReport` the pages are rendered from.
"""

from typing import Literal

from pydantic import Field

from builder.models.base import Record

LabelSource = Literal["owner", "value", "inherited-owner", "inherited-value", "none"]
GateMode = Literal["gate", "drift", "refused", "privacy"]
Alias = Literal["champion", "challenger"]


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
    type: Literal["numeric", "categorical", "embedding"]
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


class OutOfFold(Record):
    item_id: str
    label: float
    prediction: float
    weak_label: bool


# -- the registry's records: the JSON files under the registry folder -------------------------


class TrainingParams(Record):
    """Everything that shapes training besides data and code (part of the run id)."""

    seed: int
    folds: int
    interval_level: float
    importance_repeats: int
    weak_label_full_scale_usd: float
    grid: dict[str, list[float | int | str]]
    fixed: dict[str, float | int | str]


class RunMetrics(Record):
    model: ScoreSet
    baseline: ScoreSet  # predict-the-mean, on the same folds


class IntervalCoverage(Record):
    """Share of held-out labels inside their CV+ interval, pooled and per fold."""

    level: float
    pooled: float | None
    folds: tuple[float | None, ...]


class DriftReference(Record):
    """The champion's frozen PR profile: drift features of the PRs it was trained beside."""

    urls: tuple[str, ...]
    columns: dict[str, tuple[float | None, ...]]


class RunRecord(Record):
    """One training run, as `runs/<run_id>.json`: inputs, hashes, fold metrics, predictions."""

    run_id: str
    sequence: int  # order of the runs on record
    version: int  # the registered model version this run produced (or reproduced)
    data_sha256: str
    code_version: str
    schema_sha256: str
    params: TrainingParams
    chosen_params: dict[str, float | int | str]
    n_rows: int
    n_owner_labels: int
    n_weak_labels: int
    n_folds: int
    metrics: RunMetrics
    coverage: IntervalCoverage
    importance: tuple[tuple[str, float, float], ...]  # (feature, mean, std) MAE increase
    out_of_fold: tuple[OutOfFold, ...]
    feature_schema: tuple[FeatureSpec, ...]
    reference: DriftReference
    libraries: dict[str, str]
    # Only in records written before the registry was committed: a clock in a committed
    # record would make two builds of the same data differ (git's history says when).
    trained_at: str | None = Field(default=None, exclude_if=lambda v: v is None)
    wall_seconds: float | None = Field(default=None, exclude_if=lambda v: v is None)
    # Training rows removed from out_of_fold because their items are no longer public (their
    # drift-reference PRs go too): the committed registry names nothing the site may not show.
    withheld: int = Field(default=0, exclude_if=lambda v: v == 0)
    # Set only when this run's model file was refused and retrained (absent from the JSON
    # otherwise, as it always was).
    retrained_after_refusal: str | None = Field(default=None, exclude_if=lambda v: v is None)


class RegistryEntry(Record):
    """One registered model version: a run and the model file it produced."""

    version: int
    run_id: str
    model_sha256: str
    sklearn: str  # the scikit-learn that pickled the file


class RetrainRequest(Record):
    """Filed when the champion's inputs drifted; the next build acts on it."""

    champion_version: int
    data_sha256: str
    reason: str


class GateSide(Record):
    """One side of a promotion decision: a run's mean fold metrics."""

    run_id: str
    mae: float | None
    mae_std: float | None
    r2: float | None
    spearman: float | None


class GateDecision(Record):
    """What the promotion gate decided; the registry applies it (see mlops/gate.py)."""

    mode: GateMode
    promoted: bool
    reason: str
    margin: float | None = None  # champion MAE minus challenger MAE (positive: better)
    spread: float | None = None  # the fold spread the margin had to beat
    challenger: GateSide | None
    champion: GateSide | None


class PromotionRecord(GateDecision):
    """One line of the append-only `promotions.jsonl`: a decision, when and between whom."""

    sequence: int
    # When: only on lines written before the registry was committed (see RunRecord).
    at: str | None = Field(default=None, exclude_if=lambda v: v is None)
    mode: GateMode = "gate"  # the oldest lines have no mode
    challenger_version: int
    champion_version: int | None


class RegistryState(Record):
    """Versions, aliases, retraining requests (`registry.json`) and the promotion log."""

    versions: tuple[RegistryEntry, ...] = ()
    aliases: dict[Alias, int] = {}
    retrain: RetrainRequest | None = None
    retrain_handled: tuple[tuple[int, str], ...] = ()  # (champion version, data sha256)
    promotions: tuple[PromotionRecord, ...] = ()  # stored in promotions.jsonl, not here

    @property
    def champion(self) -> int | None:
        return self.aliases.get("champion")

    @property
    def challenger(self) -> int | None:
        return self.aliases.get("challenger")

    def entry(self, version: int | None) -> RegistryEntry | None:
        return next((v for v in self.versions if v.version == version), None)

    def version_of_model(self, sha: str) -> int | None:
        """The version already holding this exact model file, if any (versions are files)."""
        return next((v.version for v in self.versions if v.model_sha256 == sha), None)

    @property
    def request_pending(self) -> bool:
        """A retraining request that names the current champion (not a replaced one)."""
        return self.retrain is not None and self.retrain.champion_version == self.champion


# -- what the pages show -----------------------------------------------------------------


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


class LivePreview(Record):
    """Why a live-preview report is not what `showcase build` would record: the data (or
    the model code) changed since the champion was trained, and the preview scored the
    current rows with the champion as it is; or there was no champion, and the model shown
    was trained for the preview and kept out of the registry."""

    champion_version: int | None  # None: trained for the preview, no champion on record
    data_changed: bool  # False: the same data, but the params or model code changed
    trained_rows: int  # labelled rows the model shown was trained on
    current_rows: int  # labelled rows in the data now


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
    preview: LivePreview | None = None  # set only under live preview, when stale
    message: str = ""  # why there is no model, when there is none
    # The champion beats predicting the mean by more than the fold spread: only then do
    # pages show its scores; otherwise the MLOps pages call it experimental.
    trusted: bool = False
