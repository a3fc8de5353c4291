"""Features and targets: file patterns, author history, aggregation, weak labels, groups."""

import math

from builder.mlops.dataset import build_dataset, weak_label
from builder.mlops.features import FEATURE_NAMES, FILE_PATTERNS, SCHEMA, encode, feature_rows
from builder.models.value import ValueEstimate, ValueReport
from tests.mlops.mlops_factories import make_portfolio


def _matches(kind: str, path: str) -> bool:
    return bool(FILE_PATTERNS[kind].search(path))


def test_file_patterns():
    assert _matches("tests", "tests/test_app.py") and _matches("tests", "src/app.test.ts")
    assert _matches("docs", "docs/guide.md") and _matches("docs", "README.rst")
    assert _matches("infra", "terraform/main.tf") and _matches("infra", "deploy/Dockerfile")
    assert _matches("ci", ".github/workflows/ci.yml") and not _matches("ci", "src/ci.py")
    assert _matches("ml", "training/train.py") and _matches("ml", "notebooks/eda.ipynb")
    assert not _matches("tests", "src/contest.py")


def test_rows_cover_the_declared_schema_and_aggregate_prs(portfolio):
    rows = feature_rows(portfolio, ValueReport())
    assert set(rows) == {a.id for a in portfolio.achievements} | {
        p.url for p in portfolio.pull_requests
    }
    achievement = portfolio.achievements[0]
    row = rows[achievement.id]
    assert set(row) == set(FEATURE_NAMES)
    linked = [p for p in portfolio.pull_requests if p.url in achievement.related_prs]
    assert row["prs"] == len(linked) == 4
    assert row["additions"] == sum(p.additions for p in linked)
    assert row["kind"] == "achievement" and row["category"] == achievement.category
    first_pr = rows[portfolio.pull_requests[0].url]
    assert first_pr["author_prior_prs"] == 0.0  # the owner's first PR
    assert first_pr["author_repo_share"] == 1.0  # every PR in the repo is theirs
    assert math.isnan(first_pr["team_size"])  # achievement-only feature


def test_encode_uses_fixed_vocabularies():
    vector = encode({"kind": "pull_request", "label_kind": "unheard-of", "review_decision": None})
    by_name = dict(zip(FEATURE_NAMES, vector, strict=True))
    assert by_name["kind"] == 1.0
    label_kinds = next(s for s in SCHEMA if s.name == "label_kind").categories
    assert by_name["label_kind"] == label_kinds.index("other")
    assert math.isnan(by_name["review_decision"]) and math.isnan(by_name["additions"])


def test_weak_label_scale():
    assert weak_label(0, 1e6) == 0.0
    assert weak_label(1e6, 1e6) == 10.0
    assert weak_label(1e9, 1e6) == 10.0
    assert 6.6 < weak_label(1e4, 1e6) < 6.7  # log scale: $10K is two thirds of the way


def test_targets_prefer_owner_then_value_then_inheritance():
    portfolio = make_portfolio(n_achievements=4, prs_each=2)
    unlabelled = portfolio.achievements[3]  # the fourth has no owner score
    pr_url = portfolio.achievements[0].related_prs[0]
    values = ValueReport(
        estimates={
            unlabelled.id: ValueEstimate(
                item_id=unlabelled.id, kind="achievement", value_usd_per_year=1e4
            ),
            pr_url: ValueEstimate(item_id=pr_url, kind="pull_request", value_usd_per_year=1e6),
        }
    )
    ds = build_dataset(portfolio, values, 1e6)
    label = dict(zip(ds.ids, zip(ds.labels, ds.sources, ds.groups, strict=True), strict=True))
    owner = portfolio.achievements[0]
    assert label[owner.id] == (owner.impact_score, "owner", owner.id)
    assert label[unlabelled.id][1] == "value" and label[unlabelled.id][0] == weak_label(1e4, 1e6)
    assert label[pr_url] == (10.0, "value", owner.id)  # its own value beats inheritance
    other_pr = owner.related_prs[1]
    assert label[other_pr] == (owner.impact_score, "inherited-owner", owner.id)
    unlabelled_pr = unlabelled.related_prs[0]
    assert label[unlabelled_pr][1] == "inherited-value"
    # Changing a label changes the data hash, and so the run id.
    assert ds.sha256() != build_dataset(portfolio, ValueReport(), 1e6).sha256()
