"""What the MLOps stage reads, as one hash: when it is unchanged the stage's last report is
the answer, and scikit-learn, scipy, pandas and the notebook kernel are never imported.

The stage reads the feature rows, the labels' sources (owner scores, the value engine's
yearly figures, which PRs delivered which achievement), the texts of the text feature and
the model that embeds them, the owner's name (the model card says it), the settings, the
committed registry, the model files in the cache, the notebooks, and the code and libraries
that run it. An edit to an achievement's prose changes none of these unless the value engine
measured something new in it (features.py says why prose is not a feature).

A report is stored only when the build left the registry and the model cache as it found
them: then a rerun on the same inputs would do the same and write nothing, so skipping it
loses nothing. The build after a training run therefore runs the stage once more (training
nothing) and stores its report.
"""

import hashlib
import math
from pathlib import Path

from builder.bundle_cache import PACKAGE, library_versions
from builder.cache import canonical_json, content_hash, files_digest
from builder.mlops.features import Embed, embedder_identity, feature_rows, item_texts
from builder.models.mlops_settings import MlopsSettings
from builder.models.portfolio import Portfolio
from builder.models.value import ValueReport

NAMESPACE = "mlops-report"
VERSION = "mlops-stage-v1"


def _plain(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _inputs(portfolio: Portfolio, values: ValueReport, embed: Embed | None) -> str:
    rows = feature_rows(portfolio, values)
    ids = list(rows)
    labels = {
        "owner": {a.id: a.impact_score for a in portfolio.achievements},
        "delivered": {a.id: list(dict.fromkeys(a.related_prs)) for a in portfolio.achievements},
        "value": {k: e.value_usd_per_year for k, e in sorted(values.estimates.items())},
    }
    texts = item_texts(portfolio, ids) if embed is not None else []
    table = [[i, {k: _plain(v) for k, v in rows[i].items()}] for i in ids]
    payload = [table, labels, texts, embedder_identity(embed), portfolio.profile.name]
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def state_digest(root: Path, settings: MlopsSettings) -> str:
    """The files the stage may write: the registry, by bytes, and the model cache, by names
    and sizes (model files are named by their content's hash)."""
    models = root / settings.model_cache_dir
    listing = (
        sorted((p.name, p.stat().st_size) for p in models.iterdir() if p.is_file())
        if models.is_dir()
        else []
    )
    return content_hash(files_digest([root / settings.registry_dir]), listing)


def stage_key(
    portfolio: Portfolio,
    values: ValueReport,
    settings: MlopsSettings,
    root: Path,
    embed: Embed | None,
    preview: bool,
) -> str:
    return content_hash(
        VERSION,
        _inputs(portfolio, values, embed),
        settings.model_dump(mode="json"),
        preview,
        state_digest(root, settings),
        files_digest([root / settings.notebooks_dir]),
        files_digest([PACKAGE]),
        library_versions(),
    )
