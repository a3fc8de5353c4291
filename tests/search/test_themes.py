"""Themes: the demo's work lands under named kinds of work; the rules behind the assignment."""

import datetime as dt
import re
from typing import get_args

import numpy as np
import pytest
from pydantic import ValidationError

from builder.models.achievement import Achievement, Category
from builder.models.themes import ThemeRule, ThemeVocabulary
from builder.search.themes import build_themes, default_vocabulary, ranked_rules, score


def item(id_: str, title: str, category: str = "other", skills: tuple[str, ...] = ()):
    return Achievement(
        id=id_,
        title=title,
        date=dt.date(2025, 1, 1),
        summary=f"{title}.",
        category=category,
        skills=list(skills),
    )


def vectors(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, 8))


@pytest.fixture(scope="module")
def demo_themes(portfolio):
    achievements = sorted(portfolio.achievements, key=lambda a: a.id)
    themes = build_themes(achievements, vectors(len(achievements)), None, 7)
    return {m: t for t in themes for m in t.members}, themes


def test_demo_vllm_migration_lands_in_the_inference_theme(demo_themes):
    by_member, _ = demo_themes
    theme = by_member["vllm-serving-migration"]
    assert (theme.id, theme.label) == ("inference-gpu-efficiency", "Inference and GPU efficiency")
    assert {"embedding-request-batching", "gpu-scheduling"} <= set(theme.members)


def test_demo_security_and_rollouts_are_not_one_theme(demo_themes):
    by_member, _ = demo_themes
    assert by_member["base-image-scanning"].label == "Security and supply chain"
    assert by_member["prompt-injection-guardrails"] is by_member["base-image-scanning"]
    assert by_member["canary-rollouts"].label == "Platform reliability"
    assert by_member["rag-search"].label == "Retrieval and RAG"
    assert by_member["mentoring-engineers"].label == "Technical leadership and mentoring"


def test_demo_names_are_names_and_every_achievement_has_one(demo_themes, portfolio):
    by_member, themes = demo_themes
    assert set(by_member) == {a.id for a in portfolio.achievements}
    assert sum(len(t.members) for t in themes) == len(portfolio.achievements)
    for theme in themes:
        assert "," not in theme.label and re.fullmatch(r"[A-Z][A-Za-z ]+", theme.label)
        assert len(theme.members) >= 2
    sizes = [len(t.members) for t in themes]
    assert sizes == sorted(sizes, reverse=True) and len(themes) == 10


def test_assignment_does_not_depend_on_the_vectors_when_the_labels_decide(portfolio):
    achievements = sorted(portfolio.achievements, key=lambda a: a.id)
    one = build_themes(achievements, vectors(len(achievements), 1), None, 7)
    two = build_themes(achievements, vectors(len(achievements), 2), None, 7)
    assert one == two


def test_score_weighs_category_then_title_then_skills():
    rule = ThemeRule(
        id="r",
        label="Reliability",
        categories=("reliability",),
        skills=("Grafana",),
        title_words=("canary", "runbook"),
    )
    assert score(rule, item("a", "Canary rollouts", "reliability", ("grafana",))) == 3 + 2 + 1
    assert score(rule, item("b", "On-call runbooks")) == 2  # plural and case-insensitive
    assert score(rule, item("c", "Canaryish runbookery")) == 0  # whole words only


def test_ties_go_to_the_theme_listed_first():
    rules = default_vocabulary().themes
    gpu = item("g", "GPU plan", "infrastructure")  # 2 for inference by title, 3 for infra
    assert ranked_rules(rules, gpu)[:2] == ["cloud-infrastructure-cost", "inference-gpu-efficiency"]
    tie = item("t", "Serving costs")  # 2 each: inference is listed before infrastructure
    assert ranked_rules(rules, tie)[:2] == ["inference-gpu-efficiency", "cloud-infrastructure-cost"]


def small_portfolio() -> list[Achievement]:
    return [
        item("a1", "Canary rollouts", "reliability"),
        item("a2", "On-call runbooks", "reliability"),
        item("a3", "Dashboards for serving", "observability"),
        item("b1", "Faster CI", "developer-experience"),
        item("b2", "Flaky tests quarantined", "developer-experience"),
        item("c1", "Mentored two engineers", "leadership", ("CI/CD",)),
    ]


def test_a_theme_of_one_joins_its_members_next_choice():
    themes = build_themes(small_portfolio(), vectors(6), None, 7)
    by_member = {m: t.id for t in themes for m in t.members}
    assert by_member["c1"] == "developer-productivity"  # leadership alone; CI/CD is next
    assert [len(t.members) for t in themes] == [3, 3]


def test_an_achievement_no_theme_names_joins_its_nearest_theme():
    achievements = [*small_portfolio()[:5], item("z", "Something else entirely")]
    points = np.array([[1, 0], [1, 0.1], [1, -0.1], [0, 1], [0.1, 1], [0.2, 1]], dtype=float)
    themes = build_themes(achievements, points, None, 7)
    by_member = {m: t.id for t in themes for m in t.members}
    assert by_member["z"] == "developer-productivity"


def test_requested_caps_the_count_and_zero_or_a_tiny_portfolio_turns_themes_off():
    achievements = small_portfolio()
    capped = build_themes(achievements, vectors(6), 1, 7)
    assert len(capped) == 1 and len(capped[0].members) == 6
    assert build_themes(achievements, vectors(6), 0, 7) == ()
    assert build_themes(achievements[:5], vectors(5), None, 7) == ()


def test_a_portfolio_outside_the_vocabulary_is_clustered_and_named_by_its_stack():
    achievements = [item(f"x{i}", f"Thing {i}", skills=("Rust",)) for i in range(8)]
    themes = build_themes(achievements, vectors(8), None, 7)
    assert themes and all(t.label.startswith("Work with Rust") for t in themes)
    assert len({t.label for t in themes}) == len(themes)
    assert sorted(m for t in themes for m in t.members) == sorted(a.id for a in achievements)


def test_the_shipped_vocabulary_places_every_named_category():
    covered = {c for rule in default_vocabulary().themes for c in rule.categories}
    # "ml" and "other" say too little: skills and title decide, else the nearest neighbours
    assert covered == set(get_args(Category)) - {"ml", "other"}


@pytest.mark.parametrize(
    "themes, message",
    [
        ([{"id": "a", "label": "Rate, traffic, latency"}], "not a list"),
        ([{"id": "a", "label": "A"}, {"id": "a", "label": "B"}], "appears twice"),
    ],
)
def test_a_vocabulary_rejects_keyword_lists_and_repeated_ids(themes, message):
    with pytest.raises(ValidationError, match=message):
        ThemeVocabulary.model_validate({"themes": themes})


def test_an_owner_vocabulary_replaces_the_shipped_one():
    vocabulary = ThemeVocabulary(
        themes=(
            ThemeRule(id="shipping", label="Shipping faster", categories=("developer-experience",)),
            ThemeRule(id="keeping-it-up", label="Keeping it up", categories=("reliability",)),
        )
    )
    themes = build_themes(small_portfolio(), vectors(6), None, 7, vocabulary)
    by_member = {m: t.label for t in themes for m in t.members}
    assert {t.label for t in themes} == {"Shipping faster", "Keeping it up"}
    assert by_member["a1"] == by_member["a2"] == "Keeping it up"
    assert by_member["b1"] == by_member["b2"] == "Shipping faster"
    assert len(by_member) == 6  # observability and leadership join their nearest theme
