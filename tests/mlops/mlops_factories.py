"""Small synthetic portfolios and samples for the mlops tests (fast, seeded)."""

import datetime as dt
import random

from builder.models.achievement import Achievement
from builder.models.mlops import (
    DriftReference,
    IntervalCoverage,
    MetricSummary,
    RunMetrics,
    RunRecord,
    ScoreSet,
    TrainingParams,
)
from builder.models.mlops_settings import MlopsSettings
from builder.models.portfolio import Portfolio
from builder.models.profile import Profile
from builder.models.pull_request import PullRequest

# Fewer folds and shuffles than the defaults: the same code paths, a fraction of the time.
FAST = MlopsSettings(folds=4, importance_repeats=3, execute_notebooks=False, drift_min_window=20)

START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def make_pr(
    rng: random.Random, index: int, big: float = 1.0, repo: str = "acme/app"
) -> PullRequest:
    additions = int(rng.lognormvariate(4.0, 1.0) * big)
    files = [f"src/mod_{index}_{j}.py" for j in range(rng.randint(1, 4))]
    if rng.random() < 0.5:
        files.append(f"tests/test_mod_{index}.py")
    created = START + dt.timedelta(days=index, hours=rng.randint(0, 12))
    return PullRequest(
        url=f"https://github.com/{repo}/pull/{index}",
        number=index,
        repo=repo,
        title=f"Change {index}: speed up step by {rng.randint(5, 60)}%",
        body="word " * rng.randint(5, 120),
        author="owner",
        state="merged",
        created_at=created,
        merged_at=created + dt.timedelta(hours=rng.randint(1, 96)),
        additions=additions,
        deletions=int(additions * rng.random()),
        changed_files=len(files),
        files=tuple(files),
        labels=(rng.choice(["bug", "feature", "docs", "infra"]),),
        review_decision=rng.choice(["APPROVED", "APPROVED", "CHANGES_REQUESTED"]),
        review_count=rng.randint(0, 5),
        comment_count=rng.randint(0, 10),
        source_shape="gh-pr-list",
        source_file="exports/prs.json",
    )


def make_portfolio(n_achievements: int = 20, prs_each: int = 4, seed: int = 0) -> Portfolio:
    """Achievements whose owner score grows with the size and test share of their PRs."""
    rng = random.Random(seed)
    prs: list[PullRequest] = []
    achievements: list[Achievement] = []
    for i in range(n_achievements):
        mine = [make_pr(rng, len(prs) + k + 1) for k in range(prs_each)]
        prs += mine
        size = sum(p.additions or 0 for p in mine)
        tests = sum(any("tests/" in f for f in p.files) for p in mine) / len(mine)
        score = min(10.0, round(2 + size / 150 + 3 * tests + rng.uniform(-0.5, 0.5), 1))
        achievements.append(
            Achievement(
                id=f"work-{i:02d}",
                title=f"Work item {i}",
                date=dt.date(2024, 1, 1) + dt.timedelta(days=7 * i),
                summary=f"Cut latency by {rng.randint(10, 50)}% for {rng.randint(2, 9)} teams.",
                category=rng.choice(["mlops", "infrastructure", "data"]),
                skills=["python"],
                related_prs=[p.url for p in mine],
                impact_score=score if i % 4 != 3 else None,  # a quarter unlabelled
                team_size=rng.randint(2, 12),
            )
        )
    profile = Profile(name="Test Owner", headline="Engineer", target_roles=["MLOps Engineer"])
    return Portfolio(profile=profile, achievements=tuple(achievements), pull_requests=tuple(prs))


def with_new_prs(portfolio: Portfolio, count: int, big: float, seed: int = 1) -> Portfolio:
    """The portfolio plus `count` unlinked PRs, `big` times the usual size."""
    rng = random.Random(seed)
    start = len(portfolio.pull_requests) + 1000
    extra = tuple(make_pr(rng, start + k, big=big, repo="acme/new") for k in range(count))
    return portfolio.model_copy(update={"pull_requests": portfolio.pull_requests + extra})


def make_run_record(run_id: str, mae: float, std: float, version: int = 1) -> RunRecord:
    """A run record with the given mean fold MAE and spread, the rest placeholders."""

    def metric(name: str, mean: float, spread: float) -> MetricSummary:
        return MetricSummary(name=name, mean=mean, std=spread, folds=(mean - spread, mean + spread))

    scores = ScoreSet(
        mae=metric("mae", mae, std),
        r2=metric("r2", 0.1, 0.1),
        spearman=metric("spearman", 0.5, 0.1),
    )
    return RunRecord(
        run_id=run_id,
        sequence=1,
        version=version,
        data_sha256="data",
        code_version="code",
        schema_sha256="same",
        params=TrainingParams(
            seed=7,
            folds=2,
            interval_level=0.9,
            importance_repeats=1,
            weak_label_full_scale_usd=1e6,
            grid={},
            fixed={},
        ),
        chosen_params={},
        n_rows=10,
        n_owner_labels=10,
        n_weak_labels=0,
        n_folds=2,
        metrics=RunMetrics(model=scores, baseline=scores),
        coverage=IntervalCoverage(level=0.9, pooled=0.9, folds=(0.9, 0.9)),
        importance=(),
        out_of_fold=(),
        feature_schema=(),
        reference=DriftReference(urls=(), columns={}),
        libraries={},
        trained_at="2024-01-01T00:00:00+00:00",
        wall_seconds=0.0,
    )
