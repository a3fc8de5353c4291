"""Portfolio roll-up: every item gets an entry, nothing counted twice, KPIs null without data."""

import pytest

from builder.value.montecarlo import interval_90
from builder.value.rollup import KPIS
from builder.value.stage import price_portfolio
from tests.value.value_factories import make_achievement, make_portfolio, make_pr


def test_every_achievement_and_merged_pr_has_an_estimate(small_portfolio, settings):
    report = price_portfolio(small_portfolio, settings)
    expected = {a.id for a in small_portfolio.achievements} | {
        pr.url for pr in small_portfolio.pull_requests if pr.merged
    }
    assert set(report.estimates) == expected
    assert report.estimates["https://github.com/acme/app/pull/3"].method == "unquantified"
    assert report.estimates["mentoring"].method == "unquantified"


def test_pr_inside_priced_achievement_is_not_counted_twice(small_portfolio, settings):
    report = price_portfolio(small_portfolio, settings)
    assert "https://github.com/acme/app/pull/1" not in report.counted
    parts = [
        report.estimates["report-automation"].value_usd_per_year,  # 208,000
        report.estimates["aws-bill"].value_usd_per_year,  # 150,000
        report.estimates["https://github.com/acme/app/pull/2"].value_usd_per_year,
    ]
    assert parts[:2] == [208000.0, 150000.0]
    assert report.total_usd_per_year == pytest.approx(sum(parts))
    low, high = report.total_interval_90
    assert low < report.total_usd_per_year < high


def test_kpis_from_stated_inputs(small_portfolio, settings):
    report = price_portfolio(small_portfolio, settings)
    assert report.kpi("hours_saved").value == 8 * 52 * 4
    assert report.kpi("fte_equivalent").value == pytest.approx(8 * 52 * 4 / 1800, abs=1e-4)
    assert report.kpi("velocity_increase").value == pytest.approx(1664 / (5 * 1800) * 100, abs=1e-3)
    assert report.kpi("infra_cost_reduction").value == 150000.0
    assert report.kpi("infra_cost_reduction_pct").value == pytest.approx(
        12500 / 42000 * 100, abs=1e-3
    )
    assert report.kpi("roi_multiple").value == pytest.approx(208000 / (40 * 100), abs=1e-3)
    assert report.kpi("coverage").value == pytest.approx(200 / 3, abs=1e-3)
    assert report.kpi("median_speedup").value == pytest.approx(974.7 / 374.9, abs=1e-3)
    by_method = {m.method: m.usd_per_year for m in report.by_method}
    assert by_method["time_savings"] == 208000.0
    assert [q.period for q in report.by_quarter] == sorted(q.period for q in report.by_quarter)


@pytest.mark.parametrize(
    "key",
    [
        "time_to_market",
        "risk_mitigation",
        "manual_runs",
        "users_affected",
        "revenue",
        "payback_months",
    ],
)
def test_kpi_is_null_without_inputs(key, settings):
    portfolio = make_portfolio(
        achievements=(make_achievement("speed", "Cuts p95 latency from 974.7 ms to 374.9 ms."),)
    )
    kpi = price_portfolio(portfolio, settings).kpi(key)
    assert kpi.value is None
    assert kpi.shown == "not enough data"


def test_empty_portfolio_has_no_total(settings):
    report = price_portfolio(make_portfolio(prs=(make_pr(5, "docs: typo"),)), settings)
    assert report.total_usd_per_year is None
    assert report.total_interval_90 is None
    assert all(k.value is None for k in report.kpis if k.key != "coverage")
    assert report.kpi("coverage").value is None


def test_monte_carlo_is_deterministic_and_seeded(small_portfolio, settings):
    first = price_portfolio(small_portfolio, settings)
    again = price_portfolio(small_portfolio, settings)
    assert first.total_interval_90 == again.total_interval_90
    other = price_portfolio(small_portfolio, settings.model_copy(update={"seed": 1}))
    assert other.total_interval_90 != first.total_interval_90
    counted = [first.estimates[k] for k in first.counted]
    assert interval_90(counted, 2000, settings.seed) == interval_90(counted, 2000, settings.seed)


def test_every_kpi_comes_from_one_row_of_the_table(small_portfolio, settings):
    report = price_portfolio(small_portfolio, settings)
    keys = [d.key for d in KPIS]
    assert len(set(keys)) == len(keys)
    assert [k.key for k in report.kpis] == keys
    assert [k.label for k in report.kpis] == [d.label for d in KPIS]
