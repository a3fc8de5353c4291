"""The impact dashboard and the per-achievement and home partials show computed figures."""

from builder.render.templates import render
from builder.render.value_pages import pages
from builder.text import about_usd
from tests.value.value_factories import enriched_for, make_achievement, make_portfolio


def test_impact_page_shows_total_interval_charts_and_links(small_portfolio, settings):
    enriched = enriched_for(small_portfolio, settings)
    page = pages(enriched, enriched.paths.templates_dir)["impact/index.md"]
    total = enriched.values.total_usd_per_year
    low, high = enriched.values.total_interval_90
    assert page.startswith("# Business impact")
    # the sentence rounds; the exact sum is only in the key figures table
    assert f"Estimated value of this work: **{about_usd(total, (low, high))}**" in page
    assert f"| Total value per year | &#36;{total:,.0f}/year |" in page  # escaped by md
    assert f"{total:,.0f}" in page and page.count(f"{total:,.0f}") == 1
    assert page.count('<figure class="showcase-chart">') == 2
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
    # one line up front, the formula folded under a details block
    assert "Estimated value: **about $210K/year**, from the hours saved it states." in text
    assert '??? note "How this was estimated"' in text
    assert "    **$208,000 per year** by time savings, confidence 0.70 of 0.90." in text
    assert "8 h/week x 52 weeks x" in text
    assert "n/a" not in text
    quiet = render(
        enriched.paths.templates_dir,
        "partials/achievement_value.md.j2",
        a=small_portfolio.achievement("mentoring"),
        **context,
    )
    assert quiet.strip() == ""  # no price and no measured change: nothing to say
    home = render(enriched.paths.templates_dir, "partials/home_value.md.j2", **context)
    total = enriched.values.total_usd_per_year
    assert about_usd(total, enriched.values.total_interval_90) in home
    assert "[Business impact](impact/index.md)" in home


def _value_block(settings, summary: str) -> str:
    portfolio = make_portfolio(achievements=(make_achievement("one", summary),))
    enriched = enriched_for(portfolio, settings)
    context = {"e": enriched, "p": portfolio, "profile": portfolio.profile}
    return render(
        enriched.paths.templates_dir,
        "partials/achievement_value.md.j2",
        a=portfolio.achievement("one"),
        **context,
    )


def test_value_block_drops_empty_columns_and_repeated_rows(settings):
    # relative changes only: no Before/After columns, and the same change told twice is one row
    text = _value_block(
        settings, "An fp8 KV cache gives about 26% less memory. About 26% less memory per replica."
    )
    assert "| Measure | Change | Reading |" in text
    assert text.count("| memory | -26.0% | better |") == 1
    assert "n/a" not in text


def test_value_block_names_an_accepted_cost(settings):
    text = _value_block(
        settings, "Search moved to Postgres; p95 latency 38 ms -> 46 ms, which is acceptable."
    )
    assert "| latency | 38 ms | 46 ms | +21.1% | worse, a cost accepted |" in text
    assert "Not priced in dollars" in text
