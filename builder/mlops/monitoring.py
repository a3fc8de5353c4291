"""Which PRs the drift tests compare, and what a drifted champion leaves in the registry.

Two checks, one report type (`drift.drift_report`):
- the champion check: PRs the champion has not seen against its frozen reference profile;
  drift there files a retraining request that the next build acts on;
- the recent check: the newest quarter of PRs against the older ones. Descriptive only: it
  says whether recent work looks different, which the champion check cannot while every PR
  is in the champion's reference. It never asks for retraining.
"""

import numpy as np

from builder.mlops.dataset import Dataset
from builder.mlops.drift import DriftSettings, check_drift, drift_report
from builder.mlops.features import SCHEMA, codes
from builder.mlops.registry import request_retraining
from builder.models.mlops import DriftReport, RegistryState, RunRecord
from builder.models.mlops_settings import MlopsSettings
from builder.models.portfolio import Portfolio

DRIFT_SPECS = [s for s in SCHEMA if s.drift]


def pr_urls(ds: Dataset) -> list[str]:
    return [item for item, kind in zip(ds.ids, ds.kinds, strict=True) if kind == "pull_request"]


def drift_columns(ds: Dataset, urls: list[str]) -> dict[str, list[float | None]]:
    """Drift features of the given PRs, column by column (NaN as None for JSON; categoricals
    as their index in the fixed vocabulary)."""
    rows = ds.table.loc[urls]
    out: dict[str, list[float | None]] = {}
    for spec in DRIFT_SPECS:
        column = codes(rows, spec) if spec.type == "categorical" else rows[spec.name].tolist()
        out[spec.name] = [None if np.isnan(v) else round(float(v), 9) for v in column]
    return out


def drift_settings(settings: MlopsSettings) -> DriftSettings:
    return DriftSettings(
        min_window=settings.drift_min_window,
        fdr=settings.drift_fdr,
        min_effect=settings.drift_min_effect,
        seed=settings.seed,
    )


def champion_drift(
    ds: Dataset,
    champion_version: int,
    champion: RunRecord,
    state: RegistryState,
    settings: MlopsSettings,
) -> tuple[DriftReport, RegistryState]:
    """PRs new to the champion against its reference; the state with any retraining request.

    A request is filed once per (champion, data): after it has been handled, the same drift
    on the same data does not ask again."""
    known = set(champion.reference.urls)
    new_urls = [u for u in pr_urls(ds) if u not in known]
    tests = drift_settings(settings)
    outcome = check_drift(
        DRIFT_SPECS, champion.reference.columns, drift_columns(ds, new_urls), tests
    )
    requested = outcome.drifted and (champion_version, ds.sha256()) not in state.retrain_handled
    if requested:
        state = request_retraining(state, champion_version, ds.sha256(), outcome.verdict)
    report = drift_report(
        outcome,
        n_reference=len(champion.reference.urls),
        n_current=len(new_urls),
        settings=tests,
        champion_version=champion_version,
        retrain_requested=requested,
    )
    return report, state


def recent_drift(ds: Dataset, portfolio: Portfolio, settings: MlopsSettings) -> DriftReport | None:
    """The newest quarter of PRs (at least one minimum window) against the older ones."""
    ordered = [p.url for p in sorted(portfolio.pull_requests, key=lambda p: (p.created_at, p.url))]
    window = max(settings.drift_min_window, len(ordered) // 4)
    if len(ordered) < 2 * window:
        return None
    older, newer = ordered[:-window], ordered[-window:]
    tests = drift_settings(settings)
    outcome = check_drift(DRIFT_SPECS, drift_columns(ds, older), drift_columns(ds, newer), tests)
    return drift_report(outcome, n_reference=len(older), n_current=len(newer), settings=tests)
