"""builder/render/pdf/bullets.py and figures.py: one CV line per achievement, checked."""

import pytest

from builder.models.achievement import Metric
from builder.models.narratives import AchievementNarrative
from builder.render.pdf.bullets import acceptable, write_bullet
from builder.text import quantity, round_in_text
from tests.publish.cv_factory import achievement


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (0.67, "h", "40 min"),
        (974.7, "ms", "975 ms"),
        (0.62, "s", "620 ms"),
        (42000, "USD/month", "$42,000/month"),
        (7.8, "%", "7.8%"),
        (22.73, "s", "22.7 s"),
        (50.79, "x", "50.8x"),
        (23, "count", "23"),
    ],
)
def test_figures_read_as_a_person_writes_them(value: float, unit: str, expected: str) -> None:
    assert quantity(value, unit) == expected


def test_figures_in_a_sentence_are_rounded_but_versions_are_not() -> None:
    text = "From 974.7 ms to 374.9 ms and 72 h to 0.67 h on Python 3.11.2."
    assert round_in_text(text) == "From 975 ms to 375 ms and 72 h to 40 min on Python 3.11.2."


def test_a_figure_less_sentence_is_completed_with_the_largest_change() -> None:
    item = achievement(
        title="Request batching for the embedding model",
        summary="Added dynamic batching in front of the embedding model.",
        metrics=[
            Metric(name="p95 latency", before=974.7, after=374.9, unit="ms"),
            Metric(name="error rate", before=1.0, after=0.9, unit="%"),
        ],
    )
    assert write_bullet(item, None) == (
        "Added dynamic batching in front of the embedding model, cutting p95 latency from "
        "975 ms to 375 ms."
    )


def test_narrative_bullets_are_checked_before_use() -> None:
    item = achievement(
        title="Request batching for the embedding model",
        summary="The embedding service was slow under load.",
        metrics=[Metric(name="throughput", before=212, after=545, unit="req/s")],
    )
    narrative = AchievementNarrative(
        achievement_id="x",
        bullets=(
            "Request batching for the embedding model at Acme (2024): throughput went up.",
            "Raised the throughput from 212 req/s to 545 req/s.",  # names nothing of the work
            "Confidence 0.7: built it with Python.",
            "Raised embedding throughput from 212 to 545 requests per second with batching.",
        ),
    )
    assert write_bullet(item, narrative) == (
        "Raised embedding throughput from 212 to 545 requests per second with batching."
    )


def test_the_owners_result_sentence_beats_a_narrative_one() -> None:
    item = achievement(
        title="Migrated chat model serving to vLLM",
        summary="Replaced the old server with vLLM for 4.7x the output tokens per second.",
        result="Served 1,930 tokens/s instead of 412.",
        metrics=[Metric(name="output tokens per second", before=412, after=1930)],
    )
    narrative = AchievementNarrative(
        achievement_id="x", bullets=("Raised vLLM output tokens per second from 412 to 1,930.",)
    )
    assert write_bullet(item, narrative) == "Served 1,930 tokens/s instead of 412."


@pytest.mark.parametrize(
    "line",
    [
        "The pipeline got faster.",  # no verb first
        "Built it, shipped in 3 merged pull requests.",  # engine vocabulary
        "Led the work as Senior Engineer on the team.",  # repeats the entry's title
        "Cut " + "very " * 60 + "much.",  # too long for a CV line
    ],
)
def test_lines_a_cv_cannot_use(line: str) -> None:
    assert not acceptable(line, titles=("Senior Engineer",))


def test_last_resort_is_the_title_as_something_done() -> None:
    item = achievement(title="SBOM gate for base images", summary="It exists now.")
    assert write_bullet(item, None) == "Delivered SBOM gate for base images."
