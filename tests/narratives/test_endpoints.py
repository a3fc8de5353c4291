"""The narrative stage against servers that behave like the real ones: llama-cpp-python's 500
on json_schema, a 400 naming json_schema, one listed model, a failing model listing, replies
out of order under concurrency, a server too slow for the time budget; and what the reply
cache keeps (only what the build used, never the endpoint's URL)."""

import json
import logging
import random
import threading
import time
from pathlib import Path

import pytest

from builder.cache import Cache
from builder.models.narratives import NarrativeSet
from builder.narratives.client import BUDGET_SPENT
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

LLAMA_CPP_500 = (
    "1 validation error: {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
    "'msg': \"Input should be 'text' or 'json_object'\"}"
)


def run(portfolio, values, impact, paths, settings, fake: FakeOpenAI) -> NarrativeSet:  # noqa: ANN001
    return write_narratives(
        portfolio,
        values,
        impact,
        settings,
        paths,
        Cache(paths.cache_dir),
        roles=demo_roles(),
        environ={"OPENAI_BASE_URL": fake.url, "OPENAI_API_KEY": SECRET},
    )


def cache_text(paths: Path) -> str:
    return (paths.root / "achievements" / "llm_cache.jsonl").read_text()


@pytest.mark.parametrize(
    ("status", "message"),
    [(500, LLAMA_CPP_500), (400, "'json_schema' is not a supported response format")],
    ids=["500-naming-response_format", "400-naming-json_schema"],
)
def test_a_refused_json_schema_steps_down_and_every_text_comes_from_the_model(
    fake_openai, portfolio, values, impact, paths, status, message
) -> None:
    fake_openai.capabilities = rejecting({"json_schema"}, status, message, probe_ok)
    fake_openai.responder = rejecting({"json_schema"}, status, message, fake_openai.well_behaved)
    settings = fast_settings(max_retries=2, failure_threshold=1)
    result = run(portfolio, values, impact, paths, settings, fake_openai)
    assert result.fallbacks == () and result.output_mode == "json_object_schema"
    assert result.guard == {"accepted": result.texts}
    assert {format_type(r) for r in fake_openai.texts} == {"json_object"}
    assert result.requests == result.texts + 2  # two probes, no retry of the refusal


def test_a_server_listing_one_model_is_used_when_none_is_named(
    fake_openai, portfolio, values, impact, paths
) -> None:
    fake_openai.models = ["/srv/models/SmolLM2-135M-Instruct.Q4_1.gguf"]
    result = run(portfolio, values, impact, paths, fast_settings(model=None), fake_openai)
    assert result.fallbacks == ()
    assert {r["model"] for r in fake_openai.requests} == set(fake_openai.models)
    # Pages name the file, not where the server keeps it.
    assert result.achievements["batching"].source == "model:SmolLM2-135M-Instruct.Q4_1.gguf"
    assert result.models["star"] == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert "/srv/models" not in result.model_dump_json() + cache_text(paths)
    assert fake_openai.gets == ["/v1/models"]
    again = run(portfolio, values, impact, paths, fast_settings(model=None), fake_openai)
    assert again.requests == 0 and fake_openai.gets == ["/v1/models"]  # discovery cached


def test_a_failing_model_listing_says_which_setting_to_fill(
    fake_openai, portfolio, values, impact, paths
) -> None:
    fake_openai.models = None
    result = run(portfolio, values, impact, paths, fast_settings(model=None), fake_openai)
    reason = "no model chosen: the server did not list its models; set narratives.model"
    assert result.fallback_reasons == {reason: result.texts}
    assert fake_openai.requests == [] and len(fake_openai.gets) == 1
    named = run(portfolio, values, impact, paths, fast_settings(), fake_openai)
    assert named.fallbacks == ()


def test_several_listed_models_name_the_choices(
    fake_openai, portfolio, values, impact, paths
) -> None:
    fake_openai.models = ["qwen2.5:7b", "llama3.2:3b"]
    result = run(portfolio, values, impact, paths, fast_settings(model=None), fake_openai)
    assert list(result.fallback_reasons) == [
        "no model chosen: the server lists 2 (llama3.2:3b, qwen2.5:7b); set narratives.model"
    ]


def shuffled_delays(fake: FakeOpenAI, seed: int) -> None:
    """Answer each text after a random delay, so replies come back in another order."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def respond(request: dict) -> Scripted:
        with lock:
            delay = rng.uniform(0, 0.05)
        return Scripted(body=completion(json.dumps(grounded_reply(request))), delay=delay)

    fake.responder = respond


def test_replies_out_of_order_give_the_same_bytes(
    fake_openai, portfolio, values, impact, paths, tmp_path
) -> None:
    outputs = []
    for n, (concurrency, seed) in enumerate([(1, 0), (4, 1), (8, 2)]):
        shuffled_delays(fake_openai, seed)
        project = paths.model_copy(
            update={"root": tmp_path / f"p{n}", "cache_dir": tmp_path / f"c{n}"}
        )
        result = run(
            portfolio, values, impact, project, fast_settings(concurrency=concurrency), fake_openai
        )
        assert result.fallbacks == ()
        outputs.append(
            (result.model_copy(update={"requests": 0}).model_dump_json(), cache_text(project))
        )
    assert outputs[0] == outputs[1] == outputs[2]


def test_concurrency_is_bounded(fake_openai, portfolio, values, impact, paths) -> None:
    in_flight = {"now": 0, "most": 0}
    lock = threading.Lock()

    def respond(request: dict) -> Scripted:
        with lock:
            in_flight["now"] += 1
            in_flight["most"] = max(in_flight["most"], in_flight["now"])
        time.sleep(0.05)
        with lock:
            in_flight["now"] -= 1
        return Scripted(body=completion(json.dumps(grounded_reply(request))))

    fake_openai.responder = respond
    result = run(portfolio, values, impact, paths, fast_settings(concurrency=3), fake_openai)
    assert result.fallbacks == () and in_flight["most"] == 3


def test_a_server_slower_than_the_budget_ends_the_stage_on_time(
    fake_openai, portfolio, values, impact, paths, caplog
) -> None:
    # A reply takes 3 s (think 30 s on a real CPU server), the stage may take 2 s.
    fake_openai.responder = lambda request: Scripted(
        body=completion(json.dumps(grounded_reply(request))), delay=3.0
    )
    caplog.set_level(logging.INFO, logger="showcase")
    start = time.monotonic()
    run(portfolio, values, impact, paths, fast_settings(backend="template"), fake_openai)
    offline = time.monotonic() - start  # the stage's own work, on this machine right now
    settings = fast_settings(timeout_seconds=30, budget_seconds=2.0)
    start = time.monotonic()
    result = run(portfolio, values, impact, paths, settings, fake_openai)
    elapsed = time.monotonic() - start
    assert elapsed < 2.0 + offline + 1.0, (elapsed, offline)
    assert result.fallback_reasons == {BUDGET_SPENT: result.texts}
    assert len(fake_openai.texts) <= 4  # only what was in flight when the budget ran out
    assert f"{result.texts} texts came from the templates: the 2 s time budget" in caplog.text


def test_past_the_budget_cached_texts_are_still_used(
    fake_openai, portfolio, values, impact, paths
) -> None:
    first = run(portfolio, values, impact, paths, fast_settings(), fake_openai)
    fake_openai.responder = lambda request: Scripted(
        body=completion(json.dumps(grounded_reply(request))), delay=3.0
    )
    late = run(portfolio, values, impact, paths, fast_settings(budget_seconds=0.5), fake_openai)
    assert late.fallbacks == () and late.requests == 0
    assert late.achievements == first.achievements


def test_the_cache_keeps_only_what_the_build_used_and_never_the_url(
    fake_openai, portfolio, values, impact, paths
) -> None:
    run(portfolio, values, impact, paths, fast_settings(), fake_openai)
    assert "rag-eval" in cache_text(paths)
    # The owner makes rag-eval private: the pipeline no longer passes it to the stage.
    fewer = portfolio.model_copy(
        update={"achievements": tuple(a for a in portfolio.achievements if a.id != "rag-eval")}
    )
    run(fewer, values, impact, paths, fast_settings(), fake_openai)
    text = cache_text(paths)
    assert "rag-eval" not in text and "Evaluation harness" not in text
    assert fake_openai.url.split("//")[1] not in text and "127.0.0.1" not in text
    assert SECRET not in text
    entries = [json.loads(line) for line in text.splitlines()]
    assert {len(e["endpoint"]) for e in entries} == {16}  # a hash of the URL


def test_pages_get_the_host_never_the_url(fake_openai, portfolio, values, impact, paths) -> None:
    result = run(portfolio, values, impact, paths, fast_settings(), fake_openai)
    assert (result.endpoint, result.endpoint_kind) == ("127.0.0.1", "OpenAI-compatible server")
    dumped = result.model_dump_json()
    assert fake_openai.url not in dumped and fake_openai.url.rsplit(":", 1)[1] not in dumped
