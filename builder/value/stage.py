"""Business-value engine: prices achievements and PRs in dollars per year, formula shown.

Read in this order: parse.py (text and units) -> signals.py (measured changes) ->
methods/ (eight pricing methods, first that fires wins) -> estimate.py (one item) ->
rollup.py and montecarlo.py (the portfolio).
"""

from collections.abc import Callable
from pathlib import Path

from builder.cache import Cache, content_hash, files_digest
from builder.models.achievement import Achievement
from builder.models.portfolio import Portfolio
from builder.models.pull_request import PullRequest
from builder.models.value import Kpi, Signal, ValueEstimate, ValueReport
from builder.models.value_settings import ValueSettings
from builder.value import rollup
from builder.value.estimate import estimate_achievement, estimate_pull_request, estimate_text
from builder.value.montecarlo import interval_90

NAMESPACE = "value-estimates"


def price_portfolio(
    portfolio: Portfolio, settings: ValueSettings, cache: Cache | None = None
) -> ValueReport:
    """Every achievement and every merged PR priced, then rolled up (deterministic). With a
    `cache`, each item's estimate is kept under a hash of the item, the rates and this engine's
    code, so a rebuild prices only the items that changed."""
    price = _remembered(settings, cache) if cache is not None else None
    estimates: dict[str, ValueEstimate] = {}
    for achievement in portfolio.achievements:
        estimates[achievement.id] = (
            price(achievement) if price else estimate_achievement(achievement, settings)
        )
    for pr in portfolio.pull_requests:
        if pr.merged:
            estimates[pr.url] = price(pr) if price else estimate_pull_request(pr, settings)
    for achievement in portfolio.achievements:
        prs = [estimates[u] for u in achievement.related_prs if u in estimates]
        estimates[achievement.id] = _at_least_its_prs(
            _costs_accepted_in_prs(estimates[achievement.id], prs), prs
        )
    keys = rollup.counted_keys(portfolio, estimates)
    counted = [estimates[k] for k in keys]
    return ValueReport(
        estimates=dict(sorted(estimates.items())),
        total_usd_per_year=rollup.total(counted),
        total_interval_90=interval_90(
            sorted(counted, key=lambda e: e.item_id), settings.monte_carlo_draws, settings.seed
        ),
        counted=tuple(keys),
        kpis=rollup.kpis(portfolio, estimates, keys, settings),
        by_method=rollup.by_method(counted),
        by_quarter=rollup.by_quarter(counted),
        draws=settings.monte_carlo_draws,
        seed=settings.seed,
    )


def _remembered(
    settings: ValueSettings, cache: Cache
) -> Callable[[Achievement | PullRequest], ValueEstimate]:
    engine = content_hash(files_digest([Path(__file__).parent]), settings.model_dump(mode="json"))

    def price(item: Achievement | PullRequest) -> ValueEstimate:
        key = content_hash(engine, type(item).__name__, item.model_dump(mode="json"))
        raw = cache.get_bytes(NAMESPACE, key)
        if raw is not None:
            return ValueEstimate.model_validate_json(raw)
        if isinstance(item, Achievement):
            estimate = estimate_achievement(item, settings)
        else:
            estimate = estimate_pull_request(item, settings)
        cache.put_bytes(NAMESPACE, key, estimate.model_dump_json().encode("utf-8"))
        return estimate

    return price


def _costs_accepted_in_prs(own: ValueEstimate, prs: list[ValueEstimate]) -> ValueEstimate:
    """A change the achievement states as worse is a trade-off when one of its PRs states the
    same figures and says the cost was accepted ("38 ms -> 46 ms, acceptable")."""
    accepted = {
        (s.metric, s.before, s.after) for e in prs for s in e.signals if s.direction == "tradeoff"
    }
    if not accepted:
        return own
    signals = tuple(
        s.model_copy(update={"direction": "tradeoff"})
        if s.direction == "regression" and (s.metric, s.before, s.after) in accepted
        else s
        for s in own.signals
    )
    return own.model_copy(update={"signals": signals})


def _at_least_its_prs(own: ValueEstimate, prs: list[ValueEstimate]) -> ValueEstimate:
    """An achievement is worth at least the best-priced PR it lists: that PR's pricing is
    taken over, and the formula says so, rather than showing less than one of its parts."""
    best = max(
        (e for e in prs if e.quantified),
        key=lambda e: (e.value_usd_per_year or 0.0, e.item_id),
        default=None,
    )
    if best is None or (own.value_usd_per_year or 0.0) >= (best.value_usd_per_year or 0.0):
        return own
    return best.model_copy(
        update={
            "item_id": own.item_id,
            "kind": own.kind,
            "title": own.title,
            "date": own.date,
            "effort_hours": own.effort_hours,
            "signals": own.signals,
            "formula": f"{best.formula} (priced from its pull request {best.item_id}, "
            "which states a larger measured change than the achievement's own text)",
            "basis": f"{best.basis}, in its pull request #{best.item_id.rsplit('/', 1)[-1]}",
        }
    )


__all__ = [
    "Kpi",
    "Signal",
    "ValueEstimate",
    "ValueReport",
    "estimate_text",
    "price_portfolio",
]
