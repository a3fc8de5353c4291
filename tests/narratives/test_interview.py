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


def test_pick_prefers_fitting_and_unused_achievements() -> None:
    panel = panels(demo_roles(), ["MLOps Engineer"])[0]
    question = panel.questions[2]  # Describe your MLOps experience.
    pool = [
        facts("pipeline", "mlops", "deployment pipeline with a model registry"),
        facts("handbook", "leadership", "wrote a handbook"),
        facts("drift", "mlops", "drift monitoring"),
    ]
    assert pick(question, panel, pool, {}) == ["pipeline", "drift"]
    assert pick(question, panel, pool, {"pipeline": 6}) == ["drift", "handbook"]
