"""The whole `showcase build` with a model endpoint: narratives from the model, key nowhere."""

from pathlib import Path

from tests.conftest import copy_project, run_showcase
from tests.narratives.narratives_fakes import FakeOpenAI

SECRET = "sk-test-SITE-BUILD-never-publish-0123456789"


def test_a_model_build_never_writes_the_key(
    fake_openai: FakeOpenAI, demo_project: Path, demo_site: Path, tmp_path: Path
) -> None:
    project = copy_project(tmp_path / "p", with_cache_from=demo_project)
    env = {"OPENAI_API_KEY": SECRET, "OPENAI_BASE_URL": fake_openai.url}
    result = run_showcase("build", cwd=project, env=env)
    assert fake_openai.count > 0  # the build really talked to the model
    assert fake_openai.headers[0]["authorization"] == f"Bearer {SECRET}"
    cache_file = project / "achievements" / "llm_cache.jsonl"
    assert cache_file.is_file()
    written = [p for p in (project / "site").rglob("*") if p.is_file()]
    written += [p for p in (project / ".cache").rglob("*") if p.is_file()] + [cache_file]
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path
    assert SECRET not in result.stdout + result.stderr
    pack = project / ".showcase-private" / "interview" / "index.md"  # private by default
    assert "Texts were requested from an OpenAI-compatible server at 127.0.0.1;" in pack.read_text()
    assert SECRET not in pack.read_text()
    port_and_path = fake_openai.url.rsplit(":", 1)[1]  # the base URL is never published
    for path in [*written, pack]:
        assert port_and_path.encode() not in path.read_bytes(), path
    assert port_and_path not in result.stdout + result.stderr
