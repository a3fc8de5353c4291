"""Matching on a tiny portfolio with a bag-of-words embedder: no model needed."""

import datetime as dt

from builder.models.achievement import Achievement, Metric
from builder.models.portfolio import Portfolio
from builder.models.profile import Profile
from builder.narratives.grounding import fact_quantities, quantities, ungrounded
from builder.tailor.letter import cover_letter
from builder.tailor.stage import tailor
from tests.tailor.fake_embedder import fake_embed

POSTING = """# Senior LLM Engineer

## Requirements

- Serve open models with vLLM on Kubernetes.
- Build retrieval-augmented search with FAISS.
- Experience with Kafka streaming.
"""


def achievement(id: str, title: str, summary: str, skills: list[str], **extra) -> Achievement:
    return Achievement(
        id=id, title=title, date=dt.date(2024, 1, 1), summary=summary, skills=skills, **extra
    )


def portfolio(*achievements: Achievement) -> Portfolio:
    profile = Profile.model_validate(
        {"name": "Ada Example", "headline": "LLM engineer", "target_roles": ["LLM Engineer"]}
    )
    return Portfolio(profile=profile, achievements=achievements, pull_requests=())


SERVING = achievement(
    "vllm-serving",
    "Moved model serving to vLLM on Kubernetes",
    "Served open models with vLLM on Kubernetes, cutting p95 latency from 900 ms to 300 ms.",
    ["vLLM", "Kubernetes"],
    metrics=[Metric(name="p95 latency", before=900, after=300, unit="ms")],
)
SEARCH = achievement(
    "rag",
    "Retrieval search with FAISS",
    "Built retrieval-augmented search with FAISS.",
    ["FAISS"],
)
SECRET = achievement(
    "secret-kafka",
    "Kafka streaming platform",
    "Ran Kafka streaming for everything.",
    ["Kafka"],
    private=True,
)


def run(*achievements: Achievement):
    from pathlib import Path

    from builder.load.skills import load_vocabulary

    vocabulary = load_vocabulary(None, Path("."))
    return tailor(POSTING, portfolio(*achievements), vocabulary, fake_embed, fake_embed)


def test_each_requirement_gets_its_evidence_with_support_and_change() -> None:
    report = run(SERVING, SEARCH)
    serving, search, kafka = report.matches
    assert serving.evidence[0].achievement_id == "vllm-serving"
    assert serving.evidence[0].skills == ("vLLM", "Kubernetes")
    assert serving.evidence[0].change == "p95 latency: 900 → 300 ms"
    assert "vLLM on Kubernetes" in serving.evidence[0].support
    assert search.evidence[0].achievement_id == "rag"
    assert serving.covered and search.covered and not kafka.covered
    assert report.coverage.must_total == 3 and report.coverage.must_covered == 2
    assert [g.text for g in report.requirement_gaps] == ["Experience with Kafka streaming."]
    assert [g.skill for g in report.skill_gaps] == ["Kafka"]
    assert report.best_evidence[0] in {"vllm-serving", "rag"}


def test_private_achievements_are_never_evidence() -> None:
    report = run(SERVING, SEARCH, SECRET)
    ids = {e.achievement_id for m in report.matches for e in m.evidence}
    assert "secret-kafka" not in ids
    assert [g.skill for g in report.skill_gaps] == ["Kafka"]
    assert all(g.nearest_id != "secret-kafka" for g in report.skill_gaps)


def test_an_empty_portfolio_reports_every_requirement_as_a_gap() -> None:
    report = run()
    assert report.coverage.must_covered == 0
    assert len(report.requirement_gaps) == 3


def test_the_letter_states_no_number_the_facts_do_not_hold() -> None:
    report = run(SERVING, SEARCH)
    letter = cover_letter(report, portfolio().profile)
    facts = fact_quantities(
        [
            SERVING.model_dump(mode="json"),
            SEARCH.model_dump(mode="json"),
            report.coverage.model_dump(),
        ]
    )
    assert quantities(letter)  # it does quote figures
    assert ungrounded(letter, facts) == []
    assert "900 → 300 ms" in letter and "Ada Example" in letter
    assert "Of the 3 must-have requirements" in letter and "evidence for 2" in letter
