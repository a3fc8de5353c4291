"""The impact model's lifecycle in one build: train if needed, gate, watch drift, predict.

Order of a build (`run_lifecycle`):
 1. Build the training table; the run id is a hash of its data, the params and the code
    (tracking.py).
 2. A run with that id already on record (and a loadable model file) is reused: an unchanged
    rebuild trains nothing and logs nothing. Otherwise train, record and register a version.
 3. A new version faces the promotion gate against the champion (gate.py). If drift flagged
    the champion at an earlier build, the gate runs in "drift" mode.
 4. Drift: PRs not in the champion's frozen reference profile are tested against it; drift
    above threshold files a retraining request that the next build acts on (monitoring.py).
 5. The champion predicts every achievement and PR, with CV+ intervals (report.py).

Decisions change a typed `RegistryState` in memory; it is saved once, after step 4. Then
the records are cleared of items that are no longer public (the registry is committed), and
the champion's model file is copied into the registry; other model files stay in the cache.
Everything the pages show is read back from the records, so the first build (which trains),
the second (which reuses) and one on a cold cache (which rebuilds the current run's model
file to the same bytes) render the same bytes. No record holds a clock, for the same reason.

Live preview (`preview=True`, under `mkdocs serve`) writes nothing to the registry and trains
only when no champion can score the data; see `_preview`.
"""

import logging
import shutil
import tempfile
from pathlib import Path

import sklearn
from threadpoolctl import threadpool_limits

from builder.mlops import training
from builder.mlops.dataset import Dataset, build_dataset
from builder.mlops.features import Embed
from builder.mlops.gate import forced, gate, no_new_labels, unpublishable
from builder.mlops.migrate import migrate_legacy_registry
from builder.mlops.monitoring import champion_drift, recent_drift
from builder.mlops.registry import (
    ForeignModelError,
    MissingModelError,
    Registry,
    apply_decision,
    close_request,
    log_decision,
    register,
    with_alias,
    without_items,
)
from builder.mlops.report import model_report
from builder.mlops.tracking import (
    ModelBundle,
    TrainedRun,
    code_version,
    make_record,
    run_id_of,
    schema_sha256,
    train_run,
    training_params,
)
from builder.models.mlops import (
    DriftReport,
    GateDecision,
    LivePreview,
    ModelReport,
    RegistryEntry,
    RunRecord,
    TrainingParams,
)
from builder.models.mlops_settings import MlopsSettings
from builder.models.portfolio import Portfolio
from builder.models.value import ValueReport

log = logging.getLogger("showcase")


def run_lifecycle(
    portfolio: Portfolio,
    values: ValueReport,
    settings: MlopsSettings,
    root: Path,
    embed: Embed | None = None,
    preview: bool = False,
) -> ModelReport:
    # One BLAS/OpenMP thread: the models are small, and on a shared machine idle threads
    # spinning for work cost more CPU than they save (15 s against 6 s on the demo); one
    # thread also keeps every floating-point reduction in the same order.
    with threadpool_limits(limits=1):
        ds = build_dataset(
            portfolio, values, settings.weak_label_full_scale_usd, embed, settings.max_training_rows
        )
        registry = Registry(root / settings.registry_dir, root / settings.model_cache_dir)
        if preview:
            return _preview(ds, registry, portfolio, settings)
        migrate_legacy_registry(root, registry)
        return _record(ds, registry, portfolio, settings)


def _record(
    ds: Dataset, registry: Registry, portfolio: Portfolio, settings: MlopsSettings
) -> ModelReport:
    """What a build does: train if needed, gate, check drift, save the registry, report."""
    too_few = too_few_labels(ds)
    if too_few:
        registry.withhold(set(ds.ids))
        return ModelReport(enabled=True, interval_level=settings.interval_level, message=too_few)
    life = Lifecycle(registry, settings)
    record = life.current_run(ds)
    life.act_on_request(record)
    return _report(life, life.ensure_champion(record, ds), ds, portfolio, save=True)


def _preview(
    ds: Dataset, registry: Registry, portfolio: Portfolio, settings: MlopsSettings
) -> ModelReport:
    """Live preview (`mkdocs serve`): a reload per save must take seconds and must not leave
    a challenger per keystroke in the committed history, so nothing is trained while the
    champion can score the data, and nothing at all is written to the registry. The run of
    this data, when on record, is used as a build would; otherwise the champion scores the
    current rows as it is, and the report says so. Only a project without a usable champion
    trains, in a scratch copy of the registry (its model file lands in the model cache)."""
    too_few = too_few_labels(ds)
    if too_few:
        return ModelReport(enabled=True, interval_level=settings.interval_level, message=too_few)
    life = Lifecycle(registry, settings)
    record = life.recorded_run(ds)
    if record is not None:
        life.act_on_request(record)
        return _report(life, life.ensure_champion(record, ds), ds, portfolio, save=False)
    champion = life.scoring_champion(ds)
    if champion is None:
        return _trained_for_preview(ds, registry, portfolio, settings)
    # The path of a build whose challenger the gate rejected: the champion's records, its
    # model scoring today's rows, its drift check against them. A champion that learned from
    # an item gone private since is kept too (a build replaces it): it scores only public
    # rows, and _report withholds the item from the records the pages show.
    report = _report(life, champion, ds, portfolio, save=False)
    return report.model_copy(update={"preview": stale_note(life.champion_record(champion), ds)})


def _trained_for_preview(
    ds: Dataset, registry: Registry, portfolio: Portfolio, settings: MlopsSettings
) -> ModelReport:
    """A build's lifecycle against a throw-away copy of the registry: a new project's preview
    shows a model, and the committed registry stays as it was."""
    with tempfile.TemporaryDirectory(prefix="showcase-preview-") as scratch:
        copy = Path(scratch) / "registry"
        if registry.root.is_dir():
            shutil.copytree(registry.root, copy)
        # Without a model cache of its own the registry keeps new files beside its records:
        # then the copy must too, or the real registry would gain one.
        separate = registry.model_cache != registry.models_dir
        report = _record(
            ds, Registry(copy, registry.model_cache if separate else None), portfolio, settings
        )
    if report.champion is None:
        return report
    note = LivePreview(
        champion_version=None,
        data_changed=True,
        trained_rows=report.champion.n_rows,
        current_rows=report.champion.n_rows,
    )
    return report.model_copy(update={"preview": note})


def _report(
    life: "Lifecycle", version: int, ds: Dataset, portfolio: Portfolio, save: bool
) -> ModelReport:
    """The champion's drift check and report; with `save`, the registry written first."""
    registry, settings = life.registry, life.settings
    drift = life.check_champion_drift(ds, version)
    public = set(ds.ids)
    if save:
        registry.save_state(life.state)
        # After the privacy gate, which reads what the champion learned from.
        registry.withhold(public)
        registry.keep_model_files({life.entry(version).model_sha256})
    # Unsaved (a preview), the records are withheld here, as the save above does on disk:
    # the pages never name an item that is not public.
    report = model_report(
        life.state,
        [without_items(r, public) for r in registry.load_runs()],
        version,
        without_items(life.champion_record(version), public),
        life.load(version),
        ds,
        drift,
        portfolio,
        settings,
    )
    if save and report.card is not None:
        registry.save_card(version, report.card.model_dump(mode="json"))
    return report.model_copy(update={"recent_drift": recent_drift(ds, portfolio, settings)})


def stale_note(champion: RunRecord, ds: Dataset) -> LivePreview:
    """What the preview says when the champion scored data it was not trained on."""
    _, y, _, _ = ds.training()
    return LivePreview(
        champion_version=champion.version,
        data_changed=champion.data_sha256 != ds.sha256(),
        trained_rows=champion.n_rows,
        current_rows=len(y),
    )


def too_few_labels(ds: Dataset) -> str:
    """Why there is too little to train on, or "" when there is enough."""
    _, y, groups, _ = ds.training()
    n_groups = len(set(groups.tolist()))
    if len(y) >= training.MIN_LABELLED and n_groups >= training.MIN_GROUPS:
        return ""
    return (
        f"not enough labelled items to train (n={len(y)} in {n_groups} groups; "
        f"needs at least {training.MIN_LABELLED} in {training.MIN_GROUPS}): give "
        "achievements an impact_score, or link PRs to them"
    )


class Lifecycle:
    """One build's pass over the registry: its state, and the model files loaded so far."""

    def __init__(self, registry: Registry, settings: MlopsSettings) -> None:
        self.registry = registry
        self.settings = settings
        self.state = registry.load_state()
        self.bundles: dict[int, ModelBundle] = {}

    def load(self, version: int) -> ModelBundle:
        if version not in self.bundles:
            self.bundles[version] = self.registry.load_model(self.entry(version).model_sha256)
        return self.bundles[version]

    def entry(self, version: int) -> RegistryEntry:
        entry = self.state.entry(version)
        if entry is None:
            raise ForeignModelError(f"version {version} is not in the registry")
        return entry

    def record_of(self, version: int | None) -> RunRecord | None:
        entry = self.state.entry(version)
        return None if entry is None else self.registry.load_run(entry.run_id)

    def champion_record(self, version: int) -> RunRecord:
        record = self.record_of(version)
        if record is None:
            raise RuntimeError(f"champion v{version} has no run record: the registry is incomplete")
        return record

    def decide(self, decision: GateDecision, challenger_version: int) -> None:
        self.state = apply_decision(self.state, decision, challenger_version)

    # -- step 2: reuse or train -----------------------------------------------------------

    def recorded_run(self, ds: Dataset) -> RunRecord | None:
        """The run of this data, params and code when it is on record and its model file
        loads; None when only training could give it (a preview does not train)."""
        run_id = run_id_of(ds, training_params(self.settings), code_version())
        known = self.registry.load_run(run_id)
        if known is None:
            return None
        try:
            self.load(known.version)
        except ForeignModelError:  # missing, or another scikit-learn's
            return None
        return known

    def scoring_champion(self, ds: Dataset) -> int | None:
        """The champion's version when its model file loads and its feature schema is this
        data's (else it cannot score the rows), or None."""
        version = self.state.champion
        if version is None:
            return None
        try:
            self.load(version)
        except ForeignModelError:
            return None
        record = self.record_of(version)
        if record is None or record.schema_sha256 != schema_sha256(ds):
            return None
        return version

    def current_run(self, ds: Dataset) -> RunRecord:
        """The run for this data, params and code: reused when on record, else trained."""
        params = training_params(self.settings)
        code = code_version()
        run_id = run_id_of(ds, params, code)
        known = self.registry.load_run(run_id)
        refused = ""
        if known is not None:
            try:
                self.load(known.version)
                log.debug("Impact model: run %s is on record, nothing to train", run_id)
                return known
            except MissingModelError:
                log.info("Impact model: run %s is on record, its model file is not", run_id)
            except ForeignModelError as exc:
                refused = str(exc)
                log.warning("Impact model: %s; retraining run %s", refused, run_id)
        trained = train_run(ds, self.settings)
        log.info(
            "Impact model: trained run %s on %d rows in %.1fs",
            run_id,
            len(ds.labelled),
            trained.wall_seconds,
        )
        sha = self.registry.save_model(trained.bundle)
        if known is not None:
            if not refused and self.entry(known.version).model_sha256 == sha:
                # A cold cache: the same data, params and code rebuilt the same bytes.
                self.bundles[known.version] = trained.bundle
                return known
            refused = refused or "its model file was missing and retraining gave other bytes"
            return self._replace_refused(known, sha, trained, refused)
        same = self.state.version_of_model(sha)
        if same is not None:
            # A new run (say, a code change that does not touch the model) that reproduced a
            # registered model byte for byte: same file, same version, nothing to promote.
            return self._save_new_run(run_id, same, ds, trained, params, code)
        self.state, version = register(self.state, run_id, sha, sklearn.__version__)
        record = self._save_new_run(run_id, version, ds, trained, params, code)
        pending = self.state.request_pending
        champion = self.record_of(self.state.champion)
        self.decide(gate(champion, record, "drift" if pending else "gate"), version)
        if pending:
            self.state = close_request(self.state)
        return record

    def _save_new_run(
        self,
        run_id: str,
        version: int,
        ds: Dataset,
        trained: TrainedRun,
        params: TrainingParams,
        code: str,
    ) -> RunRecord:
        sequence = self.registry.run_count() + 1
        record = make_record(run_id, sequence, version, ds, trained, params, code)
        self.registry.save_run(record)
        self.bundles[version] = trained.bundle
        return record

    def _replace_refused(
        self, known: RunRecord, sha: str, trained: TrainedRun, refused: str
    ) -> RunRecord:
        """Same run, but its model file was refused: the retrained model is a new version
        that takes over whatever aliases the refused one held."""
        old = known.version
        self.state, version = register(self.state, known.run_id, sha, sklearn.__version__)
        self.bundles[version] = trained.bundle
        record = known.model_copy(update={"version": version, "retrained_after_refusal": refused})
        self.registry.save_run(record)
        if self.state.champion == old:
            reason = f"v{old} refused ({refused}); retrained as v{version}"
            self.decide(forced(record, record, reason), version)
        elif self.state.challenger == old:
            self.state = with_alias(self.state, "challenger", version)
        return record

    # -- step 3: an open retraining request, a champion that must load ---------------------

    def act_on_request(self, record: RunRecord) -> None:
        """A retraining request from an earlier build, with no new data since: the model
        retrained on the current data is this run's version, so re-decide in drift mode."""
        if not self.state.request_pending:
            if self.state.retrain is not None:
                # The champion it named has been replaced meanwhile.
                self.state = close_request(self.state)
            return
        champion = self.state.champion
        if record.version != champion:
            self.decide(gate(self.record_of(champion), record, "drift"), record.version)
        else:
            # New PRs without labels: the training data is unchanged, so retraining would
            # reproduce the champion; the log says so and the aliases stay.
            self.state = log_decision(self.state, no_new_labels(record), record.version)
        self.state = close_request(self.state)

    def ensure_champion(self, record: RunRecord, ds: Dataset) -> int:
        """The champion's version, replaced by the current run if it cannot be loaded or
        learned from an item that may no longer be published."""
        champion = self.state.champion
        if champion is None:
            self.decide(gate(None, record, "gate"), record.version)
            return record.version
        try:
            self.load(champion)
        except ForeignModelError as exc:
            reason = f"champion v{champion} cannot be loaded: {exc}"
            self.decide(forced(record, self.record_of(champion), reason), record.version)
            return record.version
        decision = unpublishable(self.champion_record(champion), record, set(ds.ids))
        if decision is not None and champion != record.version:
            # The current run trained on what is public now, so it takes over; the kept
            # model would go on scoring (and its record on showing) the withdrawn items.
            self.decide(decision, record.version)
            return record.version
        return champion

    # -- step 4: drift ----------------------------------------------------------------------

    def check_champion_drift(self, ds: Dataset, champion_version: int) -> DriftReport:
        champion = self.champion_record(champion_version)
        report, self.state = champion_drift(
            ds, champion_version, champion, self.state, self.settings
        )
        return report
