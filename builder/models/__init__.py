"""Pydantic records: what the owner writes (strict) and what stages pass on (typed)."""

from builder.models.achievement import Achievement, Metric
from builder.models.config import Paths, ShowcaseConfig
from builder.models.portfolio import Portfolio
from builder.models.profile import Link, Profile
from builder.models.pull_request import PullRequest

__all__ = [
    "Achievement",
    "Link",
    "Metric",
    "Paths",
    "Portfolio",
    "Profile",
    "PullRequest",
    "ShowcaseConfig",
]
