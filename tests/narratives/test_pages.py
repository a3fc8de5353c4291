"""Narrative pages: interview index and scripts, About, prompt evaluation, the achievement
partial; links between them; escaping of model output; no API key in a built output folder."""

import json
from pathlib import Path

from builder.cache import Cache
from builder.models.config import ShowcaseConfig
from builder.models.enriched import Enriched
from builder.models.search import SearchIndex
from builder.narratives.environment import endpoint_environment
from builder.narratives.stage import write_narratives
from builder.render import core_pages, narrative_pages
from tests.narratives.narratives_fakes import (
    SECRET,
    TEMPLATES,
    FakeOpenAI,
    Scripted,
    completion,
    demo_roles,
    fast_settings,
    grounded_reply,
)


def enriched(portfolio, values, impact, paths, settings, environ) -> Enriched:  # noqa: ANN001
    narratives = write_narratives(
        portfolio,
        values,
        impact,
        settings,
        paths,
        Cache(paths.cache_dir),
        roles=demo_roles(),
        environ=endpoint_environment() if environ is None else environ,
    )
    return Enriched(
        config=ShowcaseConfig(narratives=settings),
        paths=paths,
        portfolio=portfolio,
        values=values,
        model=impact,
        narratives=narratives,
        search=SearchIndex(),
    )


def build_pages(e: Enriched) -> dict[str, str]:
    """The narrative pages plus each achievement's case study (which no longer repeats the
    STAR story, bullets or talking points: a reference test holds it to that)."""
    pages = narrative_pages.pages(e, TEMPLATES)
    for a in e.portfolio.achievements:
        pages[core_pages.achievement_path(a.id)] = core_pages.case_study(e, TEMPLATES, a)
    return pages


def write_out(pages: dict[str, str], out: Path) -> None:
    for path, text in pages.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def test_offline_pages_and_links(portfolio, values, impact, paths) -> None:
    pages = build_pages(enriched(portfolio, values, impact, paths, fast_settings(), {}))
    assert {
        "about.md",
        "interview/index.md",
        "interview/mlops-engineer.md",
        "interview/llm-engineer.md",
        "mlops/prompt-evaluation.md",
    } <= set(pages)
    index = pages["interview/index.md"]
    assert "[MLOps Engineer](mlops-engineer.md) | 5 |" in index
    assert "No model endpoint is configured, so all 17 texts" in index
    script = pages["interview/mlops-engineer.md"]
    assert script.count("\n## ") == 5 + 1  # five questions and the talking points
    assert "## 3. Describe your MLOps experience." in script
    linked = {
        line.split("](../achievements/")[1].split(".md")[0]
        for line in script.splitlines()
        if "](../achievements/" in line
    }
    assert linked <= {a.id for a in portfolio.achievements} and linked
    story = pages["achievements/batching.md"]
    for repeated in ("**Situation.**", "## Resume bullets", "## Talking points", "Written by"):
        assert repeated not in story
    evaluation = pages["mlops/prompt-evaluation.md"]
    assert "| a (used) | 3 |" in evaluation  # three achievements scored per variant
    assert "No model endpoint is configured for this build" in evaluation


def test_model_output_is_escaped(fake_openai: FakeOpenAI, portfolio, values, impact, paths) -> None:
    def responder(request: dict) -> Scripted:
        reply = grounded_reply(request)
        if "pitch" in reply:
            reply["pitch"] = "Click [here](javascript:alert(1)) <script>x</script> now please"
        return Scripted(body=completion(json.dumps(reply)))

    fake_openai.responder = responder
    env = {"OPENAI_BASE_URL": fake_openai.url}
    e = enriched(portfolio, values, impact, paths, fast_settings(), env)
    pages = build_pages(e)
    pack = pages["interview/index.md"]  # where the pitches land
    assert "Texts were requested from an OpenAI-compatible server at 127.0.0.1;" in pack
    port_and_path = fake_openai.url.rsplit(":", 1)[1]  # the URL is never published
    assert all(port_and_path not in page for page in pages.values())
    run = pages["mlops/prompt-evaluation.md"]
    guard = e.narratives.guard
    assert sum(guard.values()) == len(fake_openai.texts)  # every reply got a verdict
    accepted, rejected = guard["accepted"], e.narratives.guard_rejected
    assert f"of {accepted + rejected} model replies, {accepted} were accepted and {rejected}" in run
    assert "<script>" not in pack and "](javascript" not in pack
    assert "&#60;script&#62;" in pack


def test_the_api_key_never_reaches_a_built_output_folder(
    fake_openai: FakeOpenAI, portfolio, values, impact, paths, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.url)
    e = enriched(portfolio, values, impact, paths, fast_settings(), None)  # the process's
    assert e.narratives.backend == "model" and not e.narratives.fallbacks
    out = tmp_path / "site"
    write_out(build_pages(e), out)
    files = [p for p in out.rglob("*") if p.is_file()] + [
        paths.root / "achievements" / "llm_cache.jsonl"
    ]
    assert len(files) > 5
    for file in files:
        text = file.read_text()
        assert SECRET not in text, file
        assert fake_openai.url.rsplit(":", 1)[1] not in text, file  # port and path
    assert fake_openai.headers[0]["authorization"] == f"Bearer {SECRET}"
