"""Fixtures for the value tests: their own small inputs, no demo data needed."""

import datetime as dt

import pytest

from builder.models.achievement import Metric
from builder.models.portfolio import Portfolio
from builder.models.value_settings import ValueSettings
from tests.value.value_factories import make_achievement, make_portfolio, make_pr


@pytest.fixture
def settings() -> ValueSettings:
    return ValueSettings(monte_carlo_draws=2000)


@pytest.fixture
def small_portfolio() -> Portfolio:
    return make_portfolio(
        achievements=(
            make_achievement(
                "report-automation",
                "The weekly report saves 8 hours per week for senior developers on a "
                "4-person team.",
                effort_hours=40,
                related_prs=["https://github.com/acme/app/pull/1"],
            ),
            make_achievement(
                "aws-bill",
                "Rightsized the GPU nodes.",
                date=dt.date(2024, 11, 5),
                metrics=[
                    Metric(name="monthly AWS bill", before=42000, after=29500, unit="USD/month")
                ],
            ),
            make_achievement("mentoring", "Mentored three engineers through their first on-call."),
        ),
        prs=(
            make_pr(1, "feat: weekly report", "saves 8 hours per week for the team"),
            make_pr(2, "perf: faster index", "Cuts p95 latency from 974.7 ms to 374.9 ms."),
            make_pr(3, "fix: off-by-one in pagination", "Fixes #12"),
            make_pr(4, "wip: unmerged", "50.79x speedup", merged=False),
        ),
        team_size=5,
    )
