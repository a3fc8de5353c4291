"""Interview panels per target role and the achievements picked for each question."""

from builder.narratives.interview import panels, pick
from tests.narratives.narratives_fakes import demo_roles


def test_known_roles_get_their_panel_and_unknown_ones_the_generic_panel() -> None:
    found = panels(demo_roles(), ["MLOps Engineer", "Senior MLOps Engineer", "Data Wrangler"])
    assert [p.slug for p in found] == ["mlops-engineer", "senior-mlops-engineer", "data-wrangler"]
    assert found[0].questions[:3] == found[2].questions[:3]  # the common questions first
    assert "How do you take a model from a notebook to production?" in [
        q.text for q in found[1].questions
    ]
    assert "wrangler" in found[2].keywords  # generic panel listens for the role's own words
    assert len(found[2].questions) == 5


def test_slugs_are_unique_and_never_the_index_page() -> None:
    found = panels(demo_roles(), ["Index", "LLM Engineer", "LLM engineer"])
    assert [p.slug for p in found] == ["index-2", "llm-engineer", "llm-engineer-2"]


def facts(id_: str, category: str, text: str, metrics: bool = False) -> dict:
    return {
        "id": id_,
        "title": text,
        "summary": "",
        "problem": "",
        "action": "",
        "result": "",
        "skills": [],
        "tags": [],
        "metrics": [{"name": "latency"}] if metrics else [],
        "category": category,
        "value": None,
        "featured": False,
    }


def test_pick_gives_each_question_its_own_best_fitting_main_example() -> None:
    panel = panels(demo_roles(), ["MLOps Engineer"])[0]
    pool = [
        facts("pipeline", "mlops", "deployment pipeline with a model registry and ci rollout"),
        facts("incident", "reliability", "incident postmortem, alert and rollback on-call"),
        facts("evaluation", "llm", "evaluation of model accuracy with a drift dashboard"),
        facts("platform", "llm", "llm serving platform and retrieval system architecture"),
        facts("handbook", "leadership", "wrote a handbook"),
        facts("notebook", "infrastructure", "docker kubernetes serving for notebook models"),
    ]
    mains = [pick(q, panel, pool, {})[0] for q in panel.questions]
    assert len(set(mains)) == len(mains) == 5
    # Q1 "a complex AI system" and Q4 "notebook to production" both like the pipeline; the
    # assignment gives it to the question it fits best and Q1 the platform
    assert mains[0] == "platform" and mains[4] == "incident"


def test_the_second_example_is_one_no_other_answer_uses() -> None:
    panel = panels(demo_roles(), ["MLOps Engineer"])[0]
    pool = [facts(f"a{i}", "mlops", "pipeline deployment registry") for i in range(12)]
    used: dict[str, int] = {}
    said: list[str] = []
    for q in panel.questions:
        ids = pick(q, panel, pool, used)
        for i in ids:
            used[i] = used.get(i, 0) + 1
        said.extend(ids)
    assert len(said) == len(set(said)) == 10


def test_pick_with_fewer_achievements_than_questions_still_answers_each() -> None:
    panel = panels(demo_roles(), ["MLOps Engineer"])[0]
    pool = [facts("only", "mlops", "pipeline")]
    assert all(pick(q, panel, pool, {}) == ["only"] for q in panel.questions)
