"""Each of the eight methods, with several phrasings; unquantified texts stay unquantified."""

import pytest

from builder.value.stage import estimate_text

CASES = [
    # (text, method, value, confidence)
    (
        "saves 8 hours per week for senior developers on a 4-person team",
        "time_savings",
        208000.0,
        0.7,
    ),
    (
        "Saves 30 minutes per day for each of 6 data scientists",
        "time_savings",
        0.5 * 260 * 115 * 6,
        0.7,
    ),
    ("frees up 2 days per sprint for the team in total", "time_savings", 16 * 26 * 100, 0.6),
    ("saving ~10 hours/month of toil", "time_savings", 10 * 12 * 100, 0.5),
    ("Cuts p95 latency from 974.7 ms to 374.9 ms.", "performance", 0.615 * 8760 * 2, 0.6),
    (
        "Gives a 50.79x speedup on the backfill across 4 nodes",
        "performance",
        (1 - 1 / 50.79) * 4 * 8760 * 2,
        0.6,
    ),
    (
        "CI: 20 min to 8 min per run, 40 builds a day",
        "performance",
        0.2 * 40 * 260 * 100 * 0.25,
        0.7,
    ),
    ("Build time cut by 40%", "performance", 0.4 * 15 / 60 * 2500 * 100 * 0.25, 0.5),
    ("Cut cloud spend from $40K/month to $28K/month", "infrastructure", 144000.0, 0.7),
    ("Scaled the inference cluster from 12 to 4 nodes", "infrastructure", 8 * 8760 * 2.0, 0.7),
    ("Cut our $50K/month AWS bill by 30%", "infrastructure", 180000.0, 0.7),
    ("Storage on S3 from 10 TB to 4 TB", "infrastructure", 6000 * 0.023 * 12, 0.7),
    (
        "Automated the weekly release, a 3-hour manual process for 2 engineers",
        "automation",
        52 * 3 * 2 * 100,
        0.8,
    ),
    ("Manual data export (45 minutes) is now a scheduled job", "automation", 12 * 0.75 * 100, 0.5),
    ("Reduced P1 incidents from 12 to 3 per quarter", "risk_mitigation", 9 * 4 * 15000, 0.7),
    ("Canary checks prevent 2 critical outages a year", "risk_mitigation", 2 * 25000, 0.6),
    ("Escaped bugs dropped from 20 to 8 per month", "quality", 12 * 12 * 6 * 100, 0.6),
    ("Flaky failure rate from 12% to 1%", "quality", 0.11 * 2500 * 0.5 * 100, 0.6),
    ("The checkout redesign adds $30K MRR", "revenue", 360000.0, 0.7),
    ("Generated $120,000 in new annual revenue per year", "revenue", 120000.0, 0.7),
    ("This saves about $50K a year", "explicit_dollars", 50000.0, 0.5),
    ("Worth $2,000 per month in avoided contractor time", "explicit_dollars", 24000.0, 0.6),
]


@pytest.mark.parametrize(("text", "method", "value", "confidence"), CASES)
def test_method_prices_claim(text, method, value, confidence, settings):
    estimate = estimate_text(text, settings)
    assert estimate.method == method
    assert estimate.value_usd_per_year == pytest.approx(value, rel=2e-3)
    assert estimate.confidence == confidence
    assert estimate.formula.endswith("/year")
    assert estimate.assumptions


def test_worked_example_exactly(settings):
    estimate = estimate_text(
        "saves 8 hours per week for senior developers on a 4-person team", settings
    )
    assert estimate.value_usd_per_year == 208000.0
    assert estimate.confidence == 0.70
    assert estimate.formula == "8 h/week x 52 weeks x $125/h x 4 people = $208,000/year"


def test_rates_come_from_settings(settings):
    cheaper = settings.model_copy(
        update={"hourly_rate_by_role": {"senior": 100.0, "default": 80.0}}
    )
    estimate = estimate_text(
        "saves 8 hours per week for senior developers on a 4-person team", cheaper
    )
    assert estimate.value_usd_per_year == 8 * 52 * 100 * 4


BUG_FIX_PR = """## Summary

Customer-facing symptom was an intermittent error on retries.

## Changes

- delete the workaround that is no longer needed
- keep the old name as a deprecated alias for one release

## Testing

tested against staging with a replayed day of traffic

Fixes #95
"""
DOCS_PR = """docs: fix typos in README and update the install section

* document `CHUNK_TOKENS` and the v2 config format
* link to the runbook (see #42)
"""


@pytest.mark.parametrize(
    "text",
    [
        BUG_FIX_PR,
        DOCS_PR,
        "fix: off-by-one in the batch pagination",
        "chore(deps): bump numpy from 1.26.1 to 1.26.2",
        "Mentored three engineers through their first on-call rotation.",
        "",
    ],
)
def test_no_claim_is_unquantified(text, settings):
    estimate = estimate_text(text, settings)
    assert estimate.method == "unquantified"
    assert estimate.value_usd_per_year is None
    assert estimate.confidence is None
    assert not estimate.quantified


def test_confidence_stays_between_bounds(settings):
    for text, *_ in CASES:
        confidence = estimate_text(text, settings).confidence
        assert 0.4 <= confidence <= 0.9
