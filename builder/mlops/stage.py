"""Impact model and its MLOps lifecycle: train, track, register, explain, watch for drift.

The lifecycle's modules (scikit-learn, scipy, pandas, the notebook kernel) are imported only
when the stage's inputs changed since a build that stored its report (fingerprint.py)."""

from builder.cache import Cache
from builder.mlops import fingerprint
from builder.mlops.features import Embed
from builder.models.config import Paths
from builder.models.mlops import ModelReport, Prediction
from builder.models.mlops_settings import MlopsSettings
from builder.models.portfolio import Portfolio
from builder.models.value import ValueReport


def run_impact_model(
    portfolio: Portfolio,
    values: ValueReport,
    settings: MlopsSettings,
    paths: Paths,
    cache: Cache,
    embed: Embed | None = None,
    preview: bool = False,
) -> ModelReport:
    """Train (only when data, params or code changed), gate, check drift, predict; then
    execute the notebooks against the registry this left behind. The report is stored by
    the stage's inputs (fingerprint.py) once they leave the registry as they found it.
    `embed` maps texts to sentence vectors (the pipeline passes its session's embedder,
    shared with search); without it the model has no text feature. With `preview` (live
    reload under `mkdocs serve`) nothing is written to the registry, no model is trained
    while the champion can score the data and no notebook kernel is started: the pages say
    so."""
    if not settings.enabled:
        from builder.mlops.registry import Registry

        # Nothing is trained, but the committed registry still must not name what went
        # private since.
        public = {a.id for a in portfolio.achievements} | {p.url for p in portfolio.pull_requests}
        if not preview:
            Registry(paths.root / settings.registry_dir).withhold(public)
        return ModelReport(message="the impact model is switched off (mlops.enabled: false)")
    key = fingerprint.stage_key(portfolio, values, settings, paths.root, embed, preview)
    stored = cache.get_bytes(fingerprint.NAMESPACE, key)
    if stored is not None:
        return ModelReport.model_validate_json(stored)
    before = fingerprint.state_digest(paths.root, settings)
    report = _run(portfolio, values, settings, paths, cache, embed, preview)
    if fingerprint.state_digest(paths.root, settings) != before:
        if not _settled(paths, settings):
            return report  # a retraining request is for the next build to act on
        # The run trained or pruned: once more over what it left (a reuse, no training, the
        # same report), so the next build with these inputs can skip the stage.
        key = fingerprint.stage_key(portfolio, values, settings, paths.root, embed, preview)
        before = fingerprint.state_digest(paths.root, settings)
        report = _run(portfolio, values, settings, paths, cache, embed, preview)
        if fingerprint.state_digest(paths.root, settings) != before:
            return report
    cache.put_bytes(fingerprint.NAMESPACE, key, report.model_dump_json().encode("utf-8"))
    return report


def _settled(paths: Paths, settings: MlopsSettings) -> bool:
    """No retraining request waits in the registry (drift files one for the next build)."""
    from builder.mlops.registry import Registry

    return Registry(paths.root / settings.registry_dir).load_state().retrain is None


def _run(
    portfolio: Portfolio,
    values: ValueReport,
    settings: MlopsSettings,
    paths: Paths,
    cache: Cache,
    embed: Embed | None,
    preview: bool,
) -> ModelReport:
    from builder.mlops.lifecycle import run_lifecycle
    from builder.mlops.notebooks import run_notebooks

    report = run_lifecycle(portfolio, values, settings, paths.root, embed, preview)
    if settings.execute_notebooks and report.champion is not None:
        pages = run_notebooks(paths.root, settings, report, cache, preview)
        report = report.model_copy(update={"notebook_pages": pages})
    return report


__all__ = ["ModelReport", "Prediction", "run_impact_model"]
