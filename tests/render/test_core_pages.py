"""Home page, case studies and nav: wins chosen by the data, no engine internals, grouped nav."""

import pytest

from builder.models.achievement import Category, Metric
from builder.models.value_settings import ValueSettings
from builder.render import core_pages
from builder.render.categories import ALL_CATEGORIES, GROUPS
from builder.render.core_pages import change_figure, headline_wins
from builder.render.site import achievement_groups, build_nav, is_private
from builder.text import md_inline
from tests.value.value_factories import enriched_for, make_achievement, make_portfolio


def metric(before: float | None, after: float | None) -> Metric:
    return Metric(name="throughput", before=before, after=after, unit="req/s")


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [(412, 1930, "4.7×"), (100, 145, "+45%"), (819, 542, "−34%"), (72, 0.67, "−99%")],
)
def test_change_figure(before: float, after: float, shown: str) -> None:
    assert change_figure(metric(before, after)) == shown


@pytest.mark.parametrize(("before", "after"), [(None, 5), (5, None), (0, 5), (-3, 5)])
def test_change_figure_is_empty_without_a_ratio(before, after) -> None:
    assert change_figure(metric(before, after)) == ""


def portfolio_of_wins():
    """Six achievements: changes of 10x, 3x, 1.5x, 1.05x and none; one states a dollar saving."""
    items = (
        make_achievement("tenfold", "Faster.", metrics=[metric(10, 100)]),
        make_achievement("threefold", "Faster.", metrics=[metric(30, 10)], featured=True),
        make_achievement("half-again", "Faster.", metrics=[metric(10, 15)]),
        make_achievement("tiny", "Faster.", metrics=[metric(100, 105)]),
        make_achievement("prose", "Wrote the team handbook."),
        make_achievement(
            "saver", "Cut the cloud bill from $42,000 to $29,500 per month.", category="cost"
        ),
    )
    return make_portfolio(achievements=items)


def test_headline_wins_take_the_largest_changes_and_values_featured_first() -> None:
    enriched = enriched_for(portfolio_of_wins(), ValueSettings())
    wins = headline_wins(enriched)
    ids = [w.achievement.id for w in wins]
    assert ids[0] == "threefold"  # featured first, whatever its rank
    assert {"tenfold", "threefold", "half-again", "saver"} <= set(ids)
    assert len(ids) == len(set(ids)) <= 5  # one win per achievement
    figures = {w.achievement.id: w.figure for w in wins}
    assert figures.get("tiny", "$").startswith("$")  # a 5% change is no headline figure
    assert figures["tenfold"] == "10.0×" and figures["threefold"] == "−67%"
    value = enriched.values.estimates["saver"].value_usd_per_year
    assert figures["saver"] == core_pages.usd(value)


def test_home_page_is_a_landing_page_without_jargon_up_front() -> None:
    enriched = enriched_for(portfolio_of_wins(), ValueSettings())
    home = core_pages.pages(enriched, enriched.paths.templates_dir)["index.md"]
    hero, _, below = home.partition("## Headline wins")
    assert "Ada Example" in hero and "MLOps Engineer" in hero and "downloads/resume.pdf" in hero
    assert "10.0×" in below and md_inline("throughput: 10 req/s → 100 req/s") in below
    wins, _, rest = below.partition("## Featured work")
    assert "## More work" in rest and "[Tenfold](achievements/tenfold.md)" in rest
    for jargon in ("Merged pull requests in the exports", "MAE", "FTE", "quantified"):
        assert jargon not in hero + wins


def test_case_study_has_no_engine_internals_and_a_before_after_table() -> None:
    enriched = enriched_for(portfolio_of_wins(), ValueSettings())
    page = core_pages.pages(enriched, enriched.paths.templates_dir)["achievements/tenfold.md"]
    assert "| throughput | 10 req/s | 100 req/s | 10.0× |" in page
    assert "## Result" in page and "## Stack" not in page  # no skills given, no empty section
    for internal in (
        "Story (STAR)",
        "Resume bullets",
        "Talking points",
        "owner scored",
        "Written by",
        "Predicted impact",
    ):
        assert internal not in page


def test_every_category_sits_in_exactly_one_nav_group() -> None:
    from typing import get_args

    assert set(ALL_CATEGORIES) == set(get_args(Category))
    for category in ALL_CATEGORIES:
        assert sum(category in members for _, members in GROUPS) == 1, category


def test_nav_lists_achievements_under_their_groups_not_alphabetically_at_the_top() -> None:
    enriched = enriched_for(portfolio_of_wins(), ValueSettings())
    pages = core_pages.pages(enriched, enriched.paths.templates_dir)
    nav = build_nav(pages, achievement_groups(enriched))
    assert [next(iter(entry)) for entry in nav] == ["Home", "Achievements", "Skills"]
    section = nav[1]["Achievements"]
    assert section[0] == "achievements/index.md"
    groups = {next(iter(g)): g[next(iter(g))] for g in section[1:]}
    assert list(groups) == ["Platform and reliability", "Engineering practice"]
    listed = [path for entries in groups.values() for e in entries for path in e.values()]
    assert sorted(listed) == sorted(
        f"achievements/{a.id}.md" for a in enriched.portfolio.achievements
    )
    assert is_private("interview/index.md") and not is_private("about.md")
