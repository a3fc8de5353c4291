"""`showcase narratives` and `showcase prompts evaluate` on a copy of the demo project."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.commands.narratives import narratives, prompts
from builder.models.mlops import ModelReport
from tests.narratives.narratives_fakes import REPO, SECRET, FakeOpenAI


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The impact model (notebooks and all) is not what these tests are about; it only adds
    # predictions to the facts, which the stage tests cover.
    monkeypatch.setattr("builder.mlops.stage.run_impact_model", lambda *args: ModelReport())
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("achievements", "site_templates", "content", "notebooks"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    (root / "achievements" / "llm_cache.jsonl").unlink(missing_ok=True)
    return root


def invoke(command, args: list[str], env: dict[str, str | None]):  # noqa: ANN001, ANN201
    base: dict[str, str | None] = {"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None}
    result = CliRunner().invoke(command, args, env={**base, **env}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_narratives_offline_reports_templates(project: Path) -> None:
    out = invoke(narratives, ["-f", str(project / "mkdocs.yml")], {})
    assert out.splitlines()[0] == "Backend:   template"
    assert "0 fell back" in out
    assert not (project / "achievements" / "llm_cache.jsonl").exists()


def test_narratives_with_a_model_then_from_the_cache(
    project: Path, fake_openai: FakeOpenAI
) -> None:
    env = {"OPENAI_BASE_URL": fake_openai.url, "OPENAI_API_KEY": SECRET}
    config = ["-f", str(project / "mkdocs.yml")]
    first = invoke(narratives, config, env)
    assert "Backend:   model" in first and " 0 fell back" in first
    assert "Endpoint:  OpenAI-compatible server at 127.0.0.1, json_schema output" in first
    texts = len(fake_openai.texts)
    assert texts > 25
    assert fake_openai.count == texts + 2  # + GET /models (no model named) and one probe
    assert f"Guard:     {texts} replies accepted, 0 rejected" in first
    cache = project / "achievements" / "llm_cache.jsonl"
    assert len(cache.read_text().splitlines()) == texts
    sent = fake_openai.count
    second = invoke(narratives, [*config, "--cache", "read-only"], env)
    assert f"Requests:  0, cache hits: {texts}" in second
    assert fake_openai.count == sent

    evaluated = invoke(prompts, ["evaluate", *config], env)
    assert len(fake_openai.texts) == 2 * texts  # variant b of every text; a was cached
    assert "prompt variants, star (the answers of fake-model to each prompt variant" in evaluated
    assert f"Requests:  {texts}; 0 texts produced no usable reply" in evaluated
    assert fake_openai.url.rsplit(":", 1)[1] not in first + second + evaluated
    assert SECRET not in cache.read_text()
