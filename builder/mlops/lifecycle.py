"""The impact model's lifecycle in one build: train if needed, gate, watch drift, predict.

Order of a build:
 1. Build the training table; the run id is a hash of its data, the params and the code.
 2. A run with that id already on record (and a loadable model file) is reused: an unchanged
    rebuild trains nothing and logs nothing. Otherwise train, record and register a version.
 3. A new version faces the promotion gate against the champion. If drift flagged the
    champion at an earlier build, the gate runs in "drift" mode (see `gate`).
 4. Drift: PRs not in the champion's frozen reference profile are tested against it; drift
    above threshold files a retraining request that the next build acts on.
 5. The champion predicts every achievement and PR, with CV+ intervals.

Everything the pages show is read back from the JSON records, so the first build (which
trains) and the second (which reuses) render the same bytes.
"""

import datetime as dt
import hashlib
import logging
import time
from pathlib import Path

import numpy as np
import sklearn

from builder.cache import content_hash
from builder.mlops import conformal, dataset, features, training
from builder.mlops.card import build_card
from builder.mlops.conformal import predict_interval
from builder.mlops.dataset import Dataset, build_dataset
from builder.mlops.drift import DriftSettings, check_drift
from builder.mlops.features import SCHEMA, with_ranges
from builder.mlops.registry import (
    ForeignModelError,
    Registry,
    library_versions,
    register,
    version_entry,
    version_of_model,
)
from builder.models.mlops import (
    DriftReport,
    FeatureSpec,
    Importance,
    MetricSummary,
    ModelReport,
    OutOfFold,
    Prediction,
    PromotionDecision,
    RegistryVersion,
    RunSummary,
    ScoreSet,
)
from builder.models.mlops_settings import MlopsSettings
from builder.models.portfolio import Portfolio
from builder.models.value import ValueReport

log = logging.getLogger("showcase")

# Only the modules that shape the model: editing pages or drift code must not retrain.
MODEL_CODE = (features, dataset, training, conformal)


def code_version() -> str:
    """Hash of the model-shaping source and the library versions that execute it."""
    digest = hashlib.sha256()
    for module in MODEL_CODE:
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(repr(sorted(library_versions().items())).encode())
    return digest.hexdigest()[:16]


def training_params(settings: MlopsSettings) -> dict:
    return {
        "seed": settings.seed,
        "folds": settings.folds,
        "interval_level": settings.interval_level,
        "importance_repeats": settings.importance_repeats,
        "weak_label_full_scale_usd": settings.weak_label_full_scale_usd,
        "grid": training.PARAM_GRID,
        "fixed": training.FIXED_PARAMS,
    }


def schema_sha256() -> str:
    return content_hash([[s.name, s.type, list(s.categories)] for s in SCHEMA])


def _r(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _summary(name: str, values: list[float | None]) -> dict:
    seen = [v for v in values if v is not None]
    return {
        "name": name,
        "mean": _r(float(np.mean(seen))) if seen else None,
        "std": _r(float(np.std(seen, ddof=1))) if len(seen) > 1 else None,
        "folds": [_r(v) for v in values],
    }


def _scores(fold: training.FoldScores) -> dict:
    return {
        "mae": _summary("mae", fold.mae),
        "r2": _summary("r2", fold.r2),
        "spearman": _summary("spearman", fold.spearman),
    }


def drift_columns(ds: Dataset, urls: list[str]) -> dict[str, list[float | None]]:
    """Drift features of the given PRs, column by column (NaN as None for JSON)."""
    index = {item: i for i, item in enumerate(ds.ids)}
    out: dict[str, list[float | None]] = {}
    for j, spec in enumerate(SCHEMA):
        if spec.drift:
            column = [float(ds.matrix[index[u], j]) for u in urls]
            out[spec.name] = [None if np.isnan(v) else round(v, 9) for v in column]
    return out


def _pr_urls(ds: Dataset) -> list[str]:
    return [item for item, kind in zip(ds.ids, ds.kinds, strict=True) if kind == "pull_request"]


def make_record(
    run_id: str,
    ds: Dataset,
    result: training.TrainResult,
    params: dict,
    code: str,
    wall_seconds: float,
) -> dict:
    x, y, _, ids = ds.training()
    sources = dict(zip(ds.ids, ds.sources, strict=True))
    urls = _pr_urls(ds)
    return {
        "run_id": run_id,
        "data_sha256": ds.sha256(),
        "code_version": code,
        "params": params,
        "chosen_params": result.params,
        "n_rows": len(y),
        "n_owner_labels": sum(1 for i in ids if sources[i] == "owner"),
        "n_weak_labels": sum(1 for i in ids if sources[i] != "owner"),
        "n_folds": result.n_folds,
        "metrics": {"model": _scores(result.model), "baseline": _scores(result.baseline)},
        "coverage": {
            "level": params["interval_level"],
            "pooled": _r(result.coverage),
            "folds": [_r(c) for c in result.coverage_folds],
        },
        "importance": [[name, _r(mean), _r(std)] for name, mean, std in result.importance],
        "out_of_fold": [
            {
                "item_id": item,
                "label": _r(label),
                "prediction": _r(pred),
                "weak_label": sources[item] != "owner",
            }
            for item, label, pred in zip(ids, y.tolist(), result.oof.tolist(), strict=True)
        ],
        "feature_schema": [s.model_dump(mode="json") for s in with_ranges(x.tolist())],
        "schema_sha256": schema_sha256(),
        "reference": {"urls": urls, "columns": drift_columns(ds, urls)},
        "libraries": library_versions(),
        # Recorded, never rendered: pages must not change with the clock.
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "wall_seconds": round(wall_seconds, 3),
    }


def _side(record: dict | None) -> dict | None:
    if record is None:
        return None
    model = record["metrics"]["model"]
    return {
        "run_id": record["run_id"],
        "mae": model["mae"]["mean"],
        "mae_std": model["mae"]["std"],
        "r2": model["r2"]["mean"],
        "spearman": model["spearman"]["mean"],
    }


def log_decision(registry: Registry, **fields: object) -> dict:
    """Append one decision to the promotion log (its time is kept there, never rendered)."""
    entry = {
        "sequence": len(registry.promotions()) + 1,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **fields,
    }
    registry.append_promotion(entry)
    return entry


def gate(
    registry: Registry,
    state: dict,
    challenger_version: int,
    challenger: dict,
    champion: dict | None,
    mode: str,
    forced_reason: str | None = None,
) -> dict:
    """Decide, record and apply one promotion.

    "gate": promote only if the challenger's mean fold MAE beats the champion's by more than
    the fold spread (the larger of the two standard deviations): a smaller gain is noise.
    "drift": the champion's inputs have moved away from its training data, so its metrics no
    longer describe it; the retrained challenger is promoted unless it is worse by more than
    the fold spread.
    """
    champion_version = state["aliases"].get("champion")
    ch, cp = _side(challenger), _side(champion)
    margin = spread = None
    if forced_reason is not None:
        promoted, reason = True, forced_reason
    elif cp is None:
        promoted, reason = True, "first model: there was no champion"
    elif champion is not None and champion.get("schema_sha256") != challenger["schema_sha256"]:
        promoted, reason = True, "feature schema changed: the champion cannot score the data"
    else:
        margin = round(cp["mae"] - ch["mae"], 6)
        spread = round(max(cp["mae_std"] or 0.0, ch["mae_std"] or 0.0), 6)
        if mode == "drift":
            promoted = margin >= -spread
            reason = (
                f"drift retraining: challenger MAE {ch['mae']:.3f} vs champion "
                f"{cp['mae']:.3f}; "
                + ("not worse by more than" if promoted else "worse by more than")
                + f" the fold spread {spread:.3f}"
            )
        else:
            promoted = margin > spread
            reason = (
                f"challenger MAE {ch['mae']:.3f} vs champion {cp['mae']:.3f}: gain {margin:.3f} "
                + (">" if promoted else "is not more than")
                + f" fold spread {spread:.3f}"
            )
    entry = log_decision(
        registry,
        mode=mode,
        challenger_version=challenger_version,
        champion_version=champion_version,
        promoted=promoted,
        reason=reason,
        margin=margin,
        spread=spread,
        challenger=ch,
        champion=cp,
    )
    if promoted:
        state["aliases"]["champion"] = challenger_version
        state["aliases"].pop("challenger", None)
    else:
        state["aliases"]["challenger"] = challenger_version
    return entry


class Lifecycle:
    """One build's pass over the registry (keeps the loaded bundles together)."""

    def __init__(self, registry: Registry, settings: MlopsSettings) -> None:
        self.registry = registry
        self.settings = settings
        self.state = registry.state()
        self.bundles: dict[int, dict] = {}

    def load(self, version: int) -> dict:
        if version not in self.bundles:
            entry = version_entry(self.state, version)
            if entry is None:
                raise ForeignModelError(f"version {version} is not in the registry")
            self.bundles[version] = self.registry.load_model(entry["model_sha256"])
        return self.bundles[version]

    def _train(self, ds: Dataset) -> tuple[dict, training.TrainResult, float]:
        x, y, groups, _ = ds.training()
        start = time.perf_counter()
        result = training.train(
            x,
            y,
            groups,
            seed=self.settings.seed,
            folds=self.settings.folds,
            level=self.settings.interval_level,
            importance_repeats=self.settings.importance_repeats,
        )
        bundle = {
            "final": result.final,
            "folds": result.fold_models,
            "residuals": result.residuals,
            "fold_of": result.fold_of,
        }
        return bundle, result, time.perf_counter() - start

    def current_run(self, ds: Dataset) -> tuple[dict, int]:
        """The run for this data, params and code: reused when on record, else trained."""
        params = training_params(self.settings)
        code = code_version()
        run_id = content_hash(ds.sha256(), params, code)[:16]
        record = self.registry.run(run_id)
        refused: str | None = None
        if record is not None:
            try:
                self.load(record["version"])
                log.debug("Impact model: run %s is on record, nothing to train", run_id)
                return record, record["version"]
            except ForeignModelError as exc:
                refused = str(exc)
                log.warning("Impact model: %s; retraining run %s", refused, run_id)
        bundle, result, seconds = self._train(ds)
        log.info(
            "Impact model: trained run %s on %d rows in %.1fs", run_id, len(ds.labelled), seconds
        )
        sha = self.registry.save_model(bundle)
        same = version_of_model(self.state, sha) if record is None else None
        if record is None and same is not None:
            # A new run (say, a code change that does not touch the model) that reproduced a
            # registered model byte for byte: same file, same version, nothing to promote.
            record = make_record(run_id, ds, result, params, code, seconds)
            record["sequence"] = len(self.registry.runs()) + 1
            record["version"] = same
            self.registry.save_run(record)
            self.bundles[same] = bundle
            return record, same
        version = register(self.state, run_id, sha, sklearn.__version__)
        self.bundles[version] = bundle
        if record is None:
            record = make_record(run_id, ds, result, params, code, seconds)
            record["sequence"] = len(self.registry.runs()) + 1
            record["version"] = version
            self.registry.save_run(record)
            pending = self._pending_request()
            champion = self.record_of(self.state["aliases"].get("champion"))
            gate(
                self.registry, self.state, version, record, champion, "drift" if pending else "gate"
            )
            if pending:
                self._close_request()
            return record, version
        # Same run, but its model file was refused: the retrained model is a new version that
        # takes over whatever aliases the refused one held.
        old = record["version"]
        record["version"] = version
        record["retrained_after_refusal"] = refused
        self.registry.save_run(record)
        if self.state["aliases"].get("champion") == old:
            gate(
                self.registry,
                self.state,
                version,
                record,
                record,
                "refused",
                forced_reason=f"v{old} refused ({refused}); retrained as v{version}",
            )
        elif self.state["aliases"].get("challenger") == old:
            self.state["aliases"]["challenger"] = version
        return record, version

    def record_of(self, version: int | None) -> dict | None:
        entry = version_entry(self.state, version)
        return None if entry is None else self.registry.run(entry["run_id"])

    def _pending_request(self) -> bool:
        request = self.state.get("retrain")
        return bool(request) and request.get("champion_version") == self.state["aliases"].get(
            "champion"
        )

    def _close_request(self) -> None:
        request = self.state.get("retrain")
        if request:
            self.state.setdefault("retrain_handled", []).append(
                [request["champion_version"], request["data_sha256"]]
            )
        self.state["retrain"] = None

    def act_on_request(self, current_version: int, record: dict) -> None:
        """A retraining request from an earlier build, with no new data since: the model
        retrained on the current data is this run's version, so re-decide in drift mode."""
        if not self._pending_request():
            if self.state.get("retrain"):
                self._close_request()  # the champion it named has been replaced meanwhile
            return
        champion_version = self.state["aliases"].get("champion")
        if current_version != champion_version:
            champion = self.record_of(champion_version)
            gate(self.registry, self.state, current_version, record, champion, "drift")
        else:
            # New PRs without labels: the training data is unchanged, so retraining would
            # reproduce the champion bit for bit. Say so rather than pretend to retrain.
            log_decision(
                self.registry,
                mode="drift",
                challenger_version=current_version,
                champion_version=champion_version,
                promoted=False,
                reason="drift retraining found no new labelled data: retraining would "
                "reproduce the champion; label the new work (impact_score, or link its PRs "
                "to an achievement) to retrain on it",
                margin=None,
                spread=None,
                challenger=_side(record),
                champion=_side(record),
            )
        self._close_request()

    def ensure_champion(self, current_version: int, record: dict) -> int:
        """The champion's version, replacing it by the current run if it cannot be loaded."""
        champion = self.state["aliases"].get("champion")
        if champion is None:
            gate(self.registry, self.state, current_version, record, None, "gate")
            return current_version
        try:
            self.load(champion)
            return champion
        except ForeignModelError as exc:
            gate(
                self.registry,
                self.state,
                current_version,
                record,
                self.record_of(champion),
                "refused",
                forced_reason=f"champion v{champion} cannot be loaded: {exc}",
            )
            return current_version

    def drift_settings(self) -> DriftSettings:
        return DriftSettings(
            min_window=self.settings.drift_min_window,
            fdr=self.settings.drift_fdr,
            min_effect=self.settings.drift_min_effect,
            seed=self.settings.seed,
        )

    def recent_drift(self, ds: Dataset, portfolio: Portfolio) -> DriftReport | None:
        """The newest quarter of PRs (at least one minimum window) against the older ones.

        Descriptive only: it says whether the owner's recent work looks different, which the
        champion check cannot while every PR is in the champion's reference. It never asks
        for retraining."""
        ordered = [
            p.url for p in sorted(portfolio.pull_requests, key=lambda p: (p.created_at, p.url))
        ]
        window = max(self.settings.drift_min_window, len(ordered) // 4)
        if len(ordered) < 2 * window:
            return None
        older, newer = ordered[:-window], ordered[-window:]
        specs = [s for s in SCHEMA if s.drift]
        outcome = check_drift(
            specs, drift_columns(ds, older), drift_columns(ds, newer), self.drift_settings()
        )
        return DriftReport(
            n_reference=len(older),
            n_current=len(newer),
            min_window=self.settings.drift_min_window,
            enough_data=outcome.enough_data,
            verdict=outcome.verdict,
            features=outcome.features,
            histograms=outcome.histograms,
        )

    def drift(self, ds: Dataset, champion_version: int) -> DriftReport:
        champion = self.record_of(champion_version)
        assert champion is not None
        reference = champion["reference"]
        known = set(reference["urls"])
        new_urls = [u for u in _pr_urls(ds) if u not in known]
        specs = [s for s in SCHEMA if s.drift]
        outcome = check_drift(
            specs,
            reference["columns"],
            drift_columns(ds, new_urls),
            self.drift_settings(),
        )
        requested = False
        if outcome.drifted:
            key = [champion_version, ds.sha256()]
            if key not in self.state.get("retrain_handled", []):
                self.state["retrain"] = {
                    "champion_version": champion_version,
                    "data_sha256": ds.sha256(),
                    "reason": outcome.verdict,
                }
                requested = True
        return DriftReport(
            champion_version=champion_version,
            n_reference=len(reference["urls"]),
            n_current=len(new_urls),
            min_window=self.settings.drift_min_window,
            enough_data=outcome.enough_data,
            verdict=outcome.verdict,
            features=outcome.features,
            histograms=outcome.histograms,
            retrain_requested=requested,
        )


def run_summary(record: dict) -> RunSummary:
    def scores(side: str) -> ScoreSet:
        m = record["metrics"][side]
        return ScoreSet(
            mae=MetricSummary(**{**m["mae"], "folds": tuple(m["mae"]["folds"])}),
            r2=MetricSummary(**{**m["r2"], "folds": tuple(m["r2"]["folds"])}),
            spearman=MetricSummary(**{**m["spearman"], "folds": tuple(m["spearman"]["folds"])}),
        )

    return RunSummary(
        run_id=record["run_id"],
        sequence=record["sequence"],
        data_sha256=record["data_sha256"],
        code_version=record["code_version"],
        n_rows=record["n_rows"],
        n_owner_labels=record["n_owner_labels"],
        n_weak_labels=record["n_weak_labels"],
        params=record["chosen_params"],
        model=scores("model"),
        baseline=scores("baseline"),
        coverage=record["coverage"]["pooled"],
        coverage_level=record["coverage"]["level"],
        coverage_folds=tuple(record["coverage"]["folds"]),
        importance_repeats=record["params"]["importance_repeats"],
        version=record.get("version"),
    )


def predictions(ds: Dataset, bundle: dict, level: float) -> dict[str, Prediction]:
    point = np.clip(bundle["final"].predict(ds.matrix), *conformal.LABEL_RANGE)
    low, high = predict_interval(
        bundle["folds"], bundle["residuals"], bundle["fold_of"], ds.matrix, level
    )
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


def run_lifecycle(
    portfolio: Portfolio, values: ValueReport, settings: MlopsSettings, root: Path
) -> ModelReport:
    ds = build_dataset(portfolio, values, settings.weak_label_full_scale_usd)
    _, y, groups, _ = ds.training()
    n_groups = len(set(groups.tolist()))
    if len(y) < training.MIN_LABELLED or n_groups < training.MIN_GROUPS:
        return ModelReport(
            enabled=True,
            interval_level=settings.interval_level,
            message=(
                f"not enough labelled items to train (n={len(y)} in {n_groups} groups; "
                f"needs at least {training.MIN_LABELLED} in {training.MIN_GROUPS}): give "
                "achievements an impact_score, or link PRs to them"
            ),
        )
    registry = Registry(root / settings.registry_dir)
    life = Lifecycle(registry, settings)
    record, version = life.current_run(ds)
    life.act_on_request(version, record)
    champion_version = life.ensure_champion(version, record)
    drift = life.drift(ds, champion_version)
    registry.save_state(life.state)
    report = build_report(registry, life, ds, champion_version, drift, portfolio, settings)
    if report.card is not None:
        registry.save_card(champion_version, report.card.model_dump(mode="json"))
    return report.model_copy(update={"recent_drift": life.recent_drift(ds, portfolio)})


def build_report(
    registry: Registry,
    life: Lifecycle,
    ds: Dataset,
    champion_version: int,
    drift: DriftReport,
    portfolio: Portfolio,
    settings: MlopsSettings,
) -> ModelReport:
    state = life.state
    champion_record = life.record_of(champion_version)
    assert champion_record is not None
    champion = run_summary(champion_record)
    aliases: dict[int, list[str]] = {}
    for alias, v in sorted(state["aliases"].items()):
        aliases.setdefault(v, []).append(alias)
    versions = tuple(
        RegistryVersion(
            version=v["version"],
            run_id=v["run_id"],
            model_sha256=v["model_sha256"],
            sklearn_version=v["sklearn"],
            aliases=tuple(aliases.get(v["version"], [])),
        )
        for v in state["versions"]
    )
    promotions = tuple(
        PromotionDecision(
            sequence=p["sequence"],
            challenger_version=p["challenger_version"],
            champion_version=p["champion_version"],
            promoted=p["promoted"],
            reason=p["reason"],
            mode=p.get("mode", "gate"),
            challenger_mae=(p["challenger"] or {}).get("mae"),
            champion_mae=(p["champion"] or {}).get("mae"),
            margin=p["margin"],
            spread=p["spread"],
        )
        for p in registry.promotions()
    )
    importance = sorted(
        (Importance(feature=n, mean=m, std=s) for n, m, s in champion_record["importance"]),
        key=lambda i: (-i.mean, i.feature),
    )
    request = state.get("retrain")
    card = build_card(
        champion,
        champion_version,
        n_items=len(ds.ids),
        n_prs=len(_pr_urls(ds)),
        level=settings.interval_level,
        importance=[(i.feature, i.mean) for i in importance],
        owner=portfolio.profile.name,
    )
    return ModelReport(
        predictions=predictions(ds, life.load(champion_version), settings.interval_level),
        enabled=True,
        champion=champion,
        champion_version=champion_version,
        challenger_version=state["aliases"].get("challenger"),
        runs=tuple(run_summary(r) for r in registry.runs()),
        versions=versions,
        promotions=promotions,
        features=tuple(FeatureSpec(**s) for s in champion_record["feature_schema"]),
        importance=tuple(importance),
        out_of_fold=tuple(OutOfFold(**o) for o in champion_record["out_of_fold"]),
        drift=drift,
        card=card,
        interval_level=settings.interval_level,
        retrain_pending=bool(request),
        retrain_reason=request["reason"] if request else "",
    )
