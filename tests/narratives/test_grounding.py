"""The grounding guard: figures must match the facts after unit and rounding normalisation."""

import pytest

from builder.narratives.grounding import fact_quantities, quantities, ungrounded

FACTS = fact_quantities(
    {
        "metric": "p95 latency went from 300 ms to 120 ms (60% lower)",
        "value": "$208K per year",
        "usd": 208_450.0,
        "share": "26.4% of tickets",
        "year": 2024,
        "date": "2023-04-01",
        "ratio_text": "2.5x",
    }
)


@pytest.mark.parametrize(
    "text",
    [
        "p95 latency fell to 0.3 s",  # 300 ms as seconds
        "from 300 ms to 0.12 seconds",
        "worth $208,000 a year",  # $208K written out
        "worth $208K a year",
        "worth $208,450 a year",  # the exact figure behind $208K
        "26 percent of tickets",  # 26.4% rounded, unit as a word
        "26% of tickets",
        "a 60% cut",
        "2.5x faster",
        "2.5 times faster",
        "in 2024, after the 2023 review",
        "GPT-4o on p95 with 2FA",  # identifiers are names, not figures
    ],
)
def test_supported_figures_pass(text: str) -> None:
    assert ungrounded(text, FACTS) == []


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("about 30% of tickets", ["30%"]),  # 26.4% is not 30% at any rounding
        ("latency fell to 250 ms", ["250 ms"]),
        ("worth $1.2M a year", ["$1.2M"]),
        ("4x faster", ["4x"]),  # 2.5x rounds to 3x at most
        ("saved 12 engineers", ["12"]),
        ("p95 fell to 0.2 s", ["0.2 s"]),  # 0.3 s and 0.12 s exist, 0.2 s does not
    ],
)
def test_invented_figures_are_reported(text: str, bad: list[str]) -> None:
    assert ungrounded(text, FACTS) == bad


def test_units_are_normalised_to_base_values() -> None:
    [ms] = quantities("300 ms")
    [sec] = quantities("0.3 s")
    assert (ms.dimension, ms.value) == ("time", pytest.approx(0.3))
    assert (sec.dimension, sec.value) == ("time", pytest.approx(0.3))
    [money] = quantities("$1.5M")
    assert (money.dimension, money.value) == ("money", 1_500_000)
    assert money.tolerance == pytest.approx(50_000)  # half of the last written digit


def test_a_unit_cannot_match_a_figure_of_another_unit() -> None:
    facts = fact_quantities({"a": "300 ms"})
    assert ungrounded("$300", facts) == ["$300"]
    assert ungrounded("300", facts) == []  # unitless side: compared as written
