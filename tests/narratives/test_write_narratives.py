"""The narrative stage end to end: template backend offline, model backend against a real
HTTP server, the reply cache, fallbacks and their reasons, and the API key kept out."""

import json
import logging
from pathlib import Path

import pytest

from builder.cache import Cache
from builder.models.narratives import NarrativeSet
from builder.models.options import BuildOptions
from builder.narratives.facts import achievement_facts
from builder.narratives.grounding import fact_quantities
from builder.narratives.replies import check
from builder.narratives.stage import write_narratives
from tests.narratives.narratives_fakes import (
    SECRET,
    FakeOpenAI,
    Scripted,
    completion,
    demo_roles,
    fast_settings,
    format_type,
    grounded_reply,
    probe_ok,
    rejecting,
)


def run(portfolio, values, impact, paths, settings, environ) -> NarrativeSet:  # noqa: ANN001
    return write_narratives(
        portfolio,
        values,
        impact,
        settings,
        paths,
        Cache(paths.cache_dir),
        roles=demo_roles(),
        environ=environ,
    )


def model_env(fake: FakeOpenAI) -> dict[str, str]:
    return {"OPENAI_BASE_URL": fake.url, "OPENAI_API_KEY": SECRET}


def cache_file(paths) -> Path:  # noqa: ANN001
    return paths.root / "achievements" / "llm_cache.jsonl"


def test_offline_build_uses_templates_for_everything(portfolio, values, impact, paths) -> None:
    result = run(portfolio, values, impact, paths, fast_settings(), {})
    assert result.backend == "template"
    assert set(result.achievements) == {"batching", "mlops-pipeline", "rag-eval"}
    assert result.fallbacks == () and result.requests == 0
    assert [s.slug for s in result.interviews] == ["mlops-engineer", "llm-engineer"]
    assert all(len(s.answers) == 5 for s in result.interviews)
    assert result.texts == 3 * 2 + 1 + 10
    story = result.achievements["batching"]
    assert story.source == story.bullets_source == "template"
    assert "974.7 ms to 374.9 ms" in " ".join(story.bullets)
    # a modelled performance value is not said aloud in the story; the measured change is
    assert "$" not in story.star["result"] and "374.9 ms" in story.star["result"]
    assert 2 <= len(story.bullets) <= 3 and len(story.talking_points) >= 3
    assert "Maya Okafor" in result.about
    assert not cache_file(paths).exists()


def test_template_outputs_pass_the_guard_they_would_impose_on_a_model(
    portfolio, values, impact, paths
) -> None:
    result = run(portfolio, values, impact, paths, fast_settings(), {})
    for a in portfolio.achievements:
        facts = fact_quantities(achievement_facts(a, portfolio, values, impact))
        n = result.achievements[a.id]
        check("star", n.star, facts)
        check(
            "bullets",
            {"bullets": n.bullets, "talking_points": n.talking_points, "pitch": n.pitch},
            facts,
        )


def test_template_backend_is_deterministic(portfolio, values, impact, paths) -> None:
    first = run(portfolio, values, impact, paths, fast_settings(), {})
    second = run(portfolio, values, impact, paths, fast_settings(), {})
    assert first.model_dump_json() == second.model_dump_json()


def test_model_backend_writes_every_text_and_caches_them(
    fake_openai, portfolio, values, impact, paths
) -> None:
    result = run(portfolio, values, impact, paths, fast_settings(), model_env(fake_openai))
    assert result.backend == "model"
    assert result.fallbacks == ()
    # One text per request, plus one probe of the structured-output mode.
    assert result.requests == fake_openai.count == result.texts + 1
    assert len(fake_openai.texts) == result.texts
    assert result.output_mode == "json_schema"
    assert result.guard == {"accepted": result.texts}
    assert result.achievements["batching"].source == "model:fake-model"
    assert result.interviews[0].answers[0].source == "model:fake-model"
    lines = cache_file(paths).read_text().splitlines()
    assert len(lines) == result.texts
    keys = [json.loads(line)["key"] for line in lines]
    assert keys == sorted(keys)  # stable order: a deterministic, diffable file


def test_a_cached_build_makes_zero_requests(fake_openai, portfolio, values, impact, paths) -> None:
    first = run(portfolio, values, impact, paths, fast_settings(), model_env(fake_openai))
    before = cache_file(paths).read_bytes()
    sent = fake_openai.count
    second = run(portfolio, values, impact, paths, fast_settings(), model_env(fake_openai))
    assert fake_openai.count == sent
    assert second.requests == 0 and second.cache_hits == second.texts
    assert second.achievements == first.achievements
    assert second.guard == first.guard
    assert cache_file(paths).read_bytes() == before


def test_cache_replay_without_any_endpoint(
    fake_openai, portfolio, values, impact, paths, monkeypatch
) -> None:
    # The owner builds with OPENAI_API_KEY only (the default endpoint, played by the fake);
    # CI has no key and replays the committed cache without sending anything.
    monkeypatch.setattr("builder.narratives.client.DEFAULT_BASE_URL", fake_openai.url)
    first = run(portfolio, values, impact, paths, fast_settings(), {"OPENAI_API_KEY": SECRET})
    sent = fake_openai.count
    replay = run(portfolio, values, impact, paths, fast_settings(), {})
    assert replay.backend == "cache replay"
    assert replay.requests == 0 and fake_openai.count == sent and replay.fallbacks == ()
    assert replay.achievements == first.achievements
    forced = run(portfolio, values, impact, paths, fast_settings(backend="template"), {})
    assert forced.backend == "template"


def test_a_cached_build_needs_no_live_server(fake_openai, portfolio, values, impact, paths) -> None:
    settings = fast_settings(base_url=fake_openai.url)
    first = run(portfolio, values, impact, paths, settings, {})
    fake_openai.responder = lambda request: Scripted(500, {"error": {"message": "down"}})
    again = run(portfolio, values, impact, paths, settings, {})
    assert again.fallbacks == () and again.requests == 0
    assert again.achievements == first.achievements


def test_an_invented_number_is_rejected_and_the_template_used(
    fake_openai, portfolio, values, impact, paths
) -> None:
    def responder(request: dict) -> Scripted:
        reply = grounded_reply(request)
        if "situation" in reply:
            reply["result"] = "Latency fell by 73% and the team saved 40 hours a week."
        return Scripted(body=completion(json.dumps(reply)))

    fake_openai.responder = responder
    result = run(portfolio, values, impact, paths, fast_settings(), model_env(fake_openai))
    star_fallbacks = [f for f in result.fallbacks if f.task == "star"]
    assert len(star_fallbacks) == 3
    assert {f.reason for f in star_fallbacks} == {"rejected by the guard: invented number"}
    assert len(result.fallbacks) == 3
    assert result.guard == {"accepted": result.texts - 3, "invented number": 3}
    story = result.achievements["batching"]
    assert story.source == "template" and story.bullets_source == "model:fake-model"
    assert "73%" not in story.star["result"]
    entries = [json.loads(line) for line in cache_file(paths).read_text().splitlines()]
    stars = [e for e in entries if e["task"] == "star"]
    # The verdict is cached so a replay asks nothing, but never the invented text.
    assert [e["rejected"] for e in stars] == ["invented number"] * 3
    assert all("reply" not in e for e in stars)
    assert "73%" not in cache_file(paths).read_text()
    sent = fake_openai.count
    replay = run(portfolio, values, impact, paths, fast_settings(), model_env(fake_openai))
    assert fake_openai.count == sent and replay.guard == result.guard
    assert replay.fallback_reasons == result.fallback_reasons


def test_429_then_success_is_retried_within_the_build(
    fake_openai, portfolio, values, impact, paths
) -> None:
    fake_openai.script = [
        Scripted(429, {"error": {"message": "rate limited"}}, {"retry-after-ms": "1"})
    ]
    settings = fast_settings(max_retries=1)
    result = run(portfolio, values, impact, paths, settings, model_env(fake_openai))
    assert result.fallbacks == ()
    assert len(fake_openai.texts) == result.texts + 1


def test_a_server_without_json_modes_still_yields_valid_narratives(
    fake_openai, portfolio, values, impact, paths
) -> None:
    def fenced(request: dict) -> Scripted:
        reply = json.dumps(grounded_reply(request))
        return Scripted(body=completion(f"Here you go:\n```json\n{reply}\n```"))

    refuse = {"json_schema", "json_object"}
    fake_openai.capabilities = rejecting(refuse, 400, "unknown field response_format", probe_ok)
    fake_openai.responder = fenced
    result = run(portfolio, values, impact, paths, fast_settings(), model_env(fake_openai))
    assert result.fallbacks == () and result.output_mode == "plain"
    assert result.achievements["rag-eval"].source == "model:fake-model"
    modes = {json.loads(line)["mode"] for line in cache_file(paths).read_text().splitlines()}
    assert modes == {"plain"}
    assert {format_type(r) for r in fake_openai.texts} == {None}
    assert fake_openai.count == result.texts + 3  # three probes, then one request per text


def test_a_server_answering_prose_only_falls_back_to_templates(
    fake_openai, portfolio, values, impact, paths
) -> None:
    fake_openai.responder = lambda request: Scripted(body=completion("I cannot do JSON."))
    result = run(portfolio, values, impact, paths, fast_settings(), model_env(fake_openai))
    assert len(result.fallbacks) == result.texts
    assert result.fallback_reasons == {"rejected by the guard: bad JSON": result.texts}
    assert result.guard == {"accepted": 0, "bad JSON": result.texts}
    assert all(n.source == "template" for n in result.achievements.values())


def test_a_dead_server_completes_the_build_and_caches_nothing(
    fake_openai, portfolio, values, impact, paths
) -> None:
    boom = lambda request: Scripted(500, {"error": {"message": "boom"}})  # noqa: E731
    fake_openai.responder = fake_openai.capabilities = boom
    result = run(
        portfolio, values, impact, paths, fast_settings(max_retries=1), model_env(fake_openai)
    )
    assert len(result.fallbacks) == result.texts
    assert result.fallback_reasons == {
        "endpoint unavailable": result.texts - 3,
        "server error (5xx)": 3,  # failure_threshold: then the build stops asking
    }
    assert fake_openai.count == 3  # three probes (a probe is never retried), nothing more
    assert not cache_file(paths).exists()  # errors are never cached


def test_connection_refused_falls_back(closed_port_url, portfolio, values, impact, paths) -> None:
    env = {"OPENAI_BASE_URL": closed_port_url}
    result = run(portfolio, values, impact, paths, fast_settings(max_retries=0), env)
    assert result.fallback_reasons["connection refused"] == 3
    assert (
        result.achievements["batching"].star
        == run(portfolio, values, impact, paths, fast_settings(), {}).achievements["batching"].star
    )


@pytest.mark.parametrize(
    ("mode", "requests_second_run", "file_written"),
    [("read-write", 0, True), ("read-only", None, False), ("off", None, False)],
)
def test_cache_modes(
    fake_openai, portfolio, values, impact, paths, mode, requests_second_run, file_written
) -> None:
    settings = fast_settings(cache_mode=mode)
    first = run(portfolio, values, impact, paths, settings, model_env(fake_openai))
    assert cache_file(paths).exists() == file_written
    second = run(portfolio, values, impact, paths, settings, model_env(fake_openai))
    assert first.requests == first.texts + 1  # + the probe, kept in the build cache
    assert second.requests == (first.texts if requests_second_run is None else 0)


def test_refresh_asks_again_and_rewrites_identical_bytes(
    fake_openai, portfolio, values, impact, paths
) -> None:
    run(portfolio, values, impact, paths, fast_settings(), model_env(fake_openai))
    before = cache_file(paths).read_bytes()
    refreshed = run(
        portfolio,
        values,
        impact,
        paths,
        fast_settings(cache_mode="refresh"),
        model_env(fake_openai),
    )
    assert refreshed.requests == refreshed.texts
    assert cache_file(paths).read_bytes() == before


def test_cache_mode_from_the_build_options(fake_openai, portfolio, values, impact, paths) -> None:
    settings = BuildOptions(llm_cache="off").narrative_settings(fast_settings())
    run(portfolio, values, impact, paths, settings, model_env(fake_openai))
    assert fake_openai.count > 0 and not cache_file(paths).exists()


def test_without_a_roles_file_the_stage_names_it(portfolio, values, impact, paths) -> None:
    from builder.errors import ShowcaseInputError

    with pytest.raises(ShowcaseInputError, match="narratives/roles.yml: roles file not found"):
        write_narratives(
            portfolio,
            values,
            impact,
            fast_settings(),
            paths,
            Cache(paths.cache_dir),
            roles=None,
            environ={},
        )


def test_models_are_routed_by_task(fake_openai, portfolio, values, impact, paths) -> None:
    settings = fast_settings(models={"about": "big-model", "bullets": "small-model"})
    result = run(portfolio, values, impact, paths, settings, model_env(fake_openai))
    used = {
        (r["messages"][0]["content"].split("Task: ")[1].split()[0], r["model"])
        for r in fake_openai.texts
    }
    assert used == {
        ("star", "fake-model"),
        ("bullets", "small-model"),
        ("about", "big-model"),
        ("interview", "fake-model"),
    }
    assert result.about_source == "model:big-model"
    assert result.models["bullets"] == "small-model"


def test_the_api_key_never_reaches_cache_logs_or_result(
    fake_openai, portfolio, values, impact, paths, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    result = run(portfolio, values, impact, paths, fast_settings(), model_env(fake_openai))
    assert fake_openai.headers[0]["authorization"] == f"Bearer {SECRET}"  # it was used
    assert SECRET not in cache_file(paths).read_text()
    assert SECRET not in result.model_dump_json()
    assert SECRET not in caplog.text


def test_a_portfolio_without_achievements_still_gets_an_about_text(
    portfolio, values, impact, paths
) -> None:
    empty = portfolio.model_copy(update={"achievements": (), "pull_requests": ()})
    result = run(empty, values, impact, paths, fast_settings(), {})
    assert result.achievements == {} and result.interviews == ()
    assert result.about.startswith("I'm Maya Okafor, a senior MLOps engineer.")
