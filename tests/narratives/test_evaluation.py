"""Prompt A/B: the rubric's parts and the paired decision."""

from builder.narratives.evaluation import Job, compare, score
from tests.narratives.narratives_fakes import achievement

FACTS = {
    "title": "Request batching",
    "metric_sentences": ["p95 latency went from 974.7 ms to 374.9 ms (62% lower)"],
    "value": None,
    "hours_saved_text": None,
}
JOB = Job(
    task="star",
    item="x",
    facts=FACTS,
    context={},
    keywords=("latency", "batching", "kubernetes"),
    facts_text="request batching cut p95 latency",  # kubernetes is not in the facts
)
GOOD = {
    "situation": "Requests queued while the GPU idled every evening.",
    "task": "I had to make the embedding model keep up with batching.",
    "action": "I added dynamic request batching in the gateway.",
    "result": "p95 latency went from 974.7 ms to 374.9 ms.",
}


def test_a_good_reply_scores_full_marks() -> None:
    assert score(JOB, GOOD) == {
        "grounded": 1.0,
        "length_ok": 1.0,
        "sections": 1.0,
        "keyword_coverage": 1.0,  # both relevant keywords used; kubernetes is not relevant
        "total": 1.0,
    }


def test_each_rubric_part_can_fail() -> None:
    bad = {**GOOD, "result": "It went much better, about 90% faster.", "task": "x"}
    parts = score(JOB, bad)
    assert parts["grounded"] == 0.0
    assert parts["length_ok"] == 0.75  # "x" is under the 4-word minimum
    assert parts["sections"] == 1.0  # all parts present and the result has a figure
    assert parts["keyword_coverage"] == 0.5  # "batching" went with the task text
    no_figure = score(JOB, {**GOOD, "result": "It went much better for everyone."})
    assert no_figure["sections"] == 0.8
    assert score(JOB, None)["total"] == 0.0


def scores(values: list[float]) -> dict[str, dict[str, float]]:
    return {
        f"i{n}": {"total": v, "grounded": 1, "length_ok": 1, "sections": 1, "keyword_coverage": v}
        for n, v in enumerate(values)
    }


def test_a_consistently_better_challenger_wins() -> None:
    base = [0.5 + 0.01 * i for i in range(12)]
    result = compare(
        "star", "prompt", "test", {"a": scores(base), "b": scores([v + 0.2 for v in base])}, "a"
    )
    assert result.winner == "b" and result.challenger == "b" and result.pairs == 12
    assert result.p_value is not None and result.p_value < 0.01
    assert "beats a" in result.decision


def test_noise_keeps_the_baseline() -> None:
    base = [0.5, 0.6, 0.7, 0.8, 0.5, 0.6, 0.7, 0.8]
    other = [0.55, 0.55, 0.75, 0.75, 0.55, 0.55, 0.75, 0.75]
    result = compare("star", "prompt", "test", {"a": scores(base), "b": scores(other)}, "a")
    assert result.winner == "a" and result.p_value is not None and result.p_value > 0.05


def test_identical_scores_and_pinning() -> None:
    same = compare("star", "template", "t", {"a": scores([0.5] * 5), "b": scores([0.5] * 5)}, "a")
    assert same.winner == "a" and same.p_value is None
    base = [0.5 + 0.01 * i for i in range(12)]
    pinned = compare(
        "star", "prompt", "t", {"a": scores(base), "b": scores([v + 0.2 for v in base])}, "a", "a"
    )
    assert pinned.winner == "a" and "pinned" in pinned.decision


def test_only_items_every_variant_has_are_paired() -> None:
    a = scores([0.5, 0.6, 0.7])
    b = {k: v for k, v in scores([0.9, 0.9, 0.9]).items() if k != "i2"}
    result = compare("star", "prompt", "t", {"a": a, "b": b}, "a")
    assert result.pairs == 2 and [v.n for v in result.variants] == [2, 2]


def test_fixture_achievement_is_valid() -> None:
    assert achievement().id == "batching"
