"""Features and targets: file patterns, aggregation, the named table, weak labels, groups,
and the cap on training rows."""

import math

import numpy as np

from builder.mlops.dataset import build_dataset, capped, weak_label
from builder.mlops.features import (
    CATEGORICAL,
    FEATURE_NAMES,
    FILE_PATTERNS,
    NUMERIC,
    TEXT_FEATURE,
    column_groups,
    fact_text,
    feature_rows,
    frame,
    item_texts,
)
from builder.models.value import Signal, ValueEstimate, ValueReport
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
    assert set(row) == set(FEATURE_NAMES) - {TEXT_FEATURE}
    linked = [p for p in portfolio.pull_requests if p.url in achievement.related_prs]
    assert row["prs"] == len(linked) == 4
    assert row["additions"] == sum(p.additions for p in linked)
    assert row["kind"] == "achievement" and row["category"] == achievement.category
    first_pr = rows[portfolio.pull_requests[0].url]
    assert math.isnan(first_pr["team_size"])  # achievement-only feature
    assert "author_prior_prs" not in first_pr  # a clock for one person's PRs, not impact
    assert math.isnan(first_pr["value_confidence"]) and first_pr["value_method"] is None


def _signal(direction: str) -> Signal:
    return Signal(
        metric="latency", quantity=-10.0, unit="ms", relative_change_pct=-50.0, direction=direction
    )


def test_value_engine_findings_are_features_but_not_its_dollar_figure():
    portfolio = make_portfolio(n_achievements=2, prs_each=1)
    first = portfolio.achievements[0]
    estimate = ValueEstimate(
        item_id=first.id,
        kind="achievement",
        value_usd_per_year=50_000,
        method="performance",
        confidence=0.7,
        signals=(_signal("improvement"), _signal("improvement"), _signal("regression")),
    )
    row = feature_rows(portfolio, ValueReport(estimates={first.id: estimate}))[first.id]
    assert row["value_signals"] == 3.0 and row["value_improvements"] == 2.0
    assert row["value_confidence"] == 0.7 and row["value_method"] == "performance"
    assert 50_000 not in row.values()  # the weak label's source never becomes a feature


def test_table_has_named_columns_and_embedding_dimensions(portfolio):
    rows = feature_rows(portfolio, ValueReport())
    ids = list(rows)
    vectors = np.arange(len(ids) * 3, dtype=float).reshape(len(ids), 3)
    table = frame(rows, ids, vectors)
    assert list(table.index) == ids
    assert list(table.columns) == [*NUMERIC, *CATEGORICAL, "text_000", "text_001", "text_002"]
    assert table.loc[ids[0], "text_002"] == 2.0
    assert table["additions"].dtype == float and table["kind"].iloc[-1] == "pull_request"
    groups = column_groups(table)
    assert groups[TEXT_FEATURE] == ["text_000", "text_001", "text_002"]
    assert groups["additions"] == ["additions"]
    # without an embedder, no text columns (and no text feature)
    assert TEXT_FEATURE not in column_groups(frame(rows, ids, None))


def test_embedded_texts_are_an_achievements_story_and_facts_and_a_prs_title(portfolio):
    told = portfolio.achievements[0].model_copy(
        update={"result": "Queries answered in  half the time.", "tags": ["search"]}
    )
    portfolio = with_achievement(portfolio, told)
    pr = portfolio.pull_requests[0]
    texts = item_texts(portfolio, [told.id, pr.url])
    assert texts[0] == (
        f"{told.title.rstrip('.')}. Queries answered in half the time. "
        f"Skills: {', '.join(told.skills)}. Tags: search."
    )
    assert texts[1] == pr.title
    # the summary is the pitch, not a feature: rewording it changes no text and no row
    reworded = told.model_copy(update={"summary": "Another pitch with words never seen."})
    assert fact_text(reworded) == texts[0]
    rows = feature_rows(portfolio, ValueReport())
    after = feature_rows(with_achievement(portfolio, reworded), ValueReport())
    assert repr(after[told.id]) == repr(rows[told.id])
    # the story is: its words are counted
    longer = told.model_copy(update={"result": told.result + " Twice audited since."})
    after = feature_rows(with_achievement(portfolio, longer), ValueReport())
    assert after[told.id]["body_words"] == rows[told.id]["body_words"] + 3


def with_achievement(portfolio, achievement):
    items = tuple(achievement if a.id == achievement.id else a for a in portfolio.achievements)
    return portfolio.model_copy(update={"achievements": items})


def test_training_rows_are_capped_keeping_owner_labels_and_label_shares():
    ids = [f"item-{i:04d}" for i in range(1000)]
    labels = [float(i % 10) + 0.5 for i in range(1000)]
    sources = ["owner" if i < 30 else "value" for i in range(1000)]
    picked = capped(ids, labels, sources, limit=230)
    assert len(picked) == 230
    assert set(range(30)) <= set(picked)  # every owner label
    weak = [i for i in picked if i >= 30]
    per_band = np.bincount([int(labels[i]) for i in weak], minlength=10)
    assert per_band.min() >= 19 and per_band.max() <= 21  # each band keeps its tenth
    assert capped(ids, labels, sources, limit=230) == picked  # deterministic
    # One more item changes at most a few picks: the sample is stable.
    more = capped([*ids, "item-new"], [*labels, 3.5], [*sources, "value"], limit=230)
    assert len(set(more) ^ set(picked)) <= 4
    assert capped(ids, labels, sources, limit=5000) == tuple(range(1000))


def test_dataset_trains_on_the_capped_rows_only(portfolio):
    full = build_dataset(portfolio, ValueReport(), 1e6)
    small = build_dataset(portfolio, ValueReport(), 1e6, max_rows=40)
    assert len(full.labelled) == full.n_labelled > 40
    assert len(small.labelled) == 40 and small.n_labelled == full.n_labelled
    assert len(small.ids) == len(full.ids)  # every item is still scored
    assert small.sha256() != full.sha256()


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
