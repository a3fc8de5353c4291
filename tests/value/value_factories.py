"""Builders of small portfolios and an Enriched bundle for the value tests."""

import datetime as dt
from pathlib import Path

from builder.models.achievement import Achievement
from builder.models.config import Paths, ShowcaseConfig
from builder.models.enriched import Enriched
from builder.models.mlops import ModelReport
from builder.models.narratives import NarrativeSet
from builder.models.portfolio import Portfolio
from builder.models.profile import Profile
from builder.models.pull_request import PullRequest
from builder.models.search import SearchIndex
from builder.models.value_settings import ValueSettings
from builder.value.stage import price_portfolio

ROOT = Path(__file__).resolve().parents[2]


def make_pr(number: int, title: str, body: str = "", merged: bool = True) -> PullRequest:
    created = dt.datetime(2025, 1 + number % 12, 3, tzinfo=dt.UTC)
    return PullRequest(
        url=f"https://github.com/acme/app/pull/{number}",
        number=number,
        repo="acme/app",
        title=title,
        body=body,
        state="merged" if merged else "open",
        created_at=created,
        merged_at=created if merged else None,
        source_shape="gh-pr-list",
        source_file="exports/test.json",
    )


def make_achievement(id_: str, summary: str, **fields: object) -> Achievement:
    base = {"title": id_.replace("-", " ").title(), "date": dt.date(2025, 3, 1)}
    base.update(fields)
    return Achievement(id=id_, summary=summary, **base)


def make_portfolio(
    achievements: tuple[Achievement, ...] = (),
    prs: tuple[PullRequest, ...] = (),
    team_size: int | None = None,
) -> Portfolio:
    profile = Profile(
        name="Ada Example",
        headline="MLOps engineer",
        target_roles=["MLOps Engineer"],
        team_size=team_size,
    )
    return Portfolio(profile=profile, achievements=achievements, pull_requests=prs)


def enriched_for(portfolio: Portfolio, settings: ValueSettings) -> Enriched:
    config = ShowcaseConfig(value=settings)
    return Enriched(
        config=config,
        paths=Paths.resolve(config, ROOT),
        portfolio=portfolio,
        values=price_portfolio(portfolio, settings),
        model=ModelReport(),
        narratives=NarrativeSet(),
        search=SearchIndex(),
    )
