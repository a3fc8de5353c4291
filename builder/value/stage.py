"""Business-value engine: prices achievements and PRs in dollars per year, formula shown.

Read in this order: parse.py (text and units) -> signals.py (measured changes) ->
methods/ (eight pricing methods, first that fires wins) -> estimate.py (one item) ->
rollup.py and montecarlo.py (the portfolio).
"""

from builder.models.portfolio import Portfolio
from builder.models.value import Kpi, Signal, ValueEstimate, ValueReport
from builder.models.value_settings import ValueSettings
from builder.value import rollup
from builder.value.estimate import estimate_achievement, estimate_pull_request, estimate_text
from builder.value.montecarlo import interval_90


def price_portfolio(portfolio: Portfolio, settings: ValueSettings) -> ValueReport:
    """Every achievement and every merged PR priced, then rolled up (pure, deterministic)."""
    estimates: dict[str, ValueEstimate] = {}
    for achievement in portfolio.achievements:
        estimates[achievement.id] = estimate_achievement(achievement, settings)
    for pr in portfolio.pull_requests:
        if pr.merged:
            estimates[pr.url] = estimate_pull_request(pr, settings)
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


__all__ = [
    "Kpi",
    "Signal",
    "ValueEstimate",
    "ValueReport",
    "estimate_text",
    "price_portfolio",
]
