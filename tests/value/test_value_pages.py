"""The impact dashboard and the per-achievement and home partials show computed figures."""

from builder.render.templates import render
from builder.render.value_pages import pages
from tests.value.value_factories import enriched_for, make_achievement, make_portfolio


def test_impact_page_shows_total_interval_charts_and_links(small_portfolio, settings):
    enriched = enriched_for(small_portfolio, settings)
    page = pages(enriched, enriched.paths.templates_dir)["impact/index.md"]
    total = enriched.values.total_usd_per_year
    low, high = enriched.values.total_interval_90
    assert page.startswith("# Business impact")
    assert f"${total:,.0f} per year" in page
    assert f"${low:,.0f} to ${high:,.0f}" in page
    assert page.count("<svg") == 2
    assert "(../achievements/report-automation.md)" in page
    assert "not enough data" in page  # e.g. risk mitigation: no incidents stated


def test_impact_page_without_data_says_so(settings):
    portfolio = make_portfolio(achievements=(make_achievement("quiet", "Wrote docs."),))
    enriched = enriched_for(portfolio, settings)
    page = pages(enriched, enriched.paths.templates_dir)["impact/index.md"]
    assert "Total value: not enough data" in page
    assert "<svg" not in page


def test_pr_titles_are_escaped(settings):
    from tests.value.value_factories import make_pr

    portfolio = make_portfolio(
        prs=(
            make_pr(9, "[x](javascript:alert(1)) saves $5,000 per month", "saves $5,000 per month"),
        )
    )
    enriched = enriched_for(portfolio, settings)
    page = pages(enriched, enriched.paths.templates_dir)["impact/index.md"]
    assert "[x](javascript" not in page
    assert "&#91;x&#93;" in page


def test_achievement_partial_shows_formula_and_inputs(small_portfolio, settings):
    enriched = enriched_for(small_portfolio, settings)
    context = {"e": enriched, "p": small_portfolio, "profile": small_portfolio.profile}
    text = render(
        enriched.paths.templates_dir,
        "partials/achievement_value.md.j2",
        a=small_portfolio.achievement("report-automation"),
        **context,
    )
    assert "$208,000 per year" in text
    assert "confidence 0.70" in text
    assert "8 h/week x 52 weeks x" in text
    quiet = render(
        enriched.paths.templates_dir,
        "partials/achievement_value.md.j2",
        a=small_portfolio.achievement("mentoring"),
        **context,
    )
    assert "Unquantified" in quiet
    home = render(enriched.paths.templates_dir, "partials/home_value.md.j2", **context)
    assert f"${enriched.values.total_usd_per_year:,.0f} per year" in home
    assert "[Business impact](impact/index.md)" in home
