"""The model client against a real HTTP server: the openai client's retries, capability
discovery (structured-output modes, the model listing), fault reasons and the breaker."""

import json
import time

import pytest

from builder.cache import Cache
from builder.models.narrative_settings import NarrativeSettings
from builder.narratives.client import (
    ChatClient,
    Endpoint,
    ModelError,
    model_label,
    public_url,
    resolve_endpoint,
)
from builder.narratives.replies import Rejected, json_schema
from tests.narratives.narratives_fakes import (
    SECRET,
    FakeOpenAI,
    Scripted,
    completion,
    fast_settings,
    format_type,
    rejecting,
)

MESSAGES = [{"role": "system", "content": "Task: about"}, {"role": "user", "content": "{}"}]
OK = {"about": "text"}
# What llama-cpp-python's server answers to response_format json_schema (HTTP 500).
LLAMA_CPP_500 = (
    "1 validation error: {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
    "'msg': \"Input should be 'text' or 'json_object'\"}"
)


@pytest.fixture(autouse=True)
def answers_ok(request: pytest.FixtureRequest) -> None:
    """These tests send a fixed message: the fake answers it with OK unless told otherwise."""
    if "fake_openai" in request.fixturenames:
        request.getfixturevalue("fake_openai").responder = ok


def client(url: str, cache: Cache | None = None, **overrides: object) -> ChatClient:
    return ChatClient(Endpoint(url, SECRET), fast_settings(**overrides), cache)


def ask(c: ChatClient, model: str = "fake-model") -> object:
    return c.complete(model, MESSAGES, "about", json_schema("about"))


def ok(request: object = None) -> Scripted:
    return Scripted(body=completion(json.dumps(OK)))


def test_429_then_success_is_retried_by_the_openai_client(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [
        Scripted(429, {"error": {"message": "slow down"}}, {"retry-after-ms": "300"}),
        ok(),
    ]
    c = client(fake_openai.url, max_retries=1)
    start = time.monotonic()
    assert ask(c) == (OK, "json_schema")
    assert time.monotonic() - start >= 0.3  # the server's Retry-After was honoured
    assert len(fake_openai.texts) == 2 and c.requests == fake_openai.count == 3  # + probe


def test_5xx_is_retried_then_reported_and_counts_towards_the_breaker(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.responder = lambda request: Scripted(503, {"error": {"message": "down"}})
    c = client(fake_openai.url, max_retries=1)
    with pytest.raises(ModelError) as caught:
        ask(c)
    assert caught.value.reason == "server error (5xx)"
    assert len(fake_openai.texts) == 2
    assert c.failures_in_a_row == 1


def test_a_read_timeout_is_retried(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Scripted(delay=0.8, body=completion(json.dumps(OK))), ok()]
    c = client(fake_openai.url, timeout_seconds=0.3, max_retries=1)
    assert ask(c) == (OK, "json_schema")
    assert len(fake_openai.texts) == 2


def test_connect_and_read_timeouts_are_separate(fake_openai: FakeOpenAI) -> None:
    c = client(fake_openai.url, timeout_seconds=7, connect_timeout_seconds=0.25)
    timeout = c._client.timeout
    assert (timeout.connect, timeout.read) == (0.25, 7)


def test_connection_refused_is_reported(closed_port_url: str) -> None:
    c = client(closed_port_url, max_retries=0)
    with pytest.raises(ModelError) as caught:
        ask(c)
    assert caught.value.reason == "connection refused"


def test_garbage_body_is_reported(fake_openai: FakeOpenAI) -> None:
    fake_openai.responder = lambda request: Scripted(200, "<html>proxy error</html>")
    c = client(fake_openai.url)
    with pytest.raises(ModelError) as caught:
        ask(c)
    assert caught.value.reason == "garbage body"


def test_a_500_naming_response_format_steps_down_without_the_breaker(
    fake_openai: FakeOpenAI,
) -> None:
    # llama-cpp-python's server: json_schema is a 500 naming response_format.
    fake_openai.capabilities = rejecting({"json_schema"}, 500, LLAMA_CPP_500, ok)
    fake_openai.responder = rejecting({"json_schema"}, 500, LLAMA_CPP_500, ok)
    c = client(fake_openai.url, max_retries=2, failure_threshold=1)
    assert ask(c) == (OK, "json_object_schema")
    assert ask(c) == (OK, "json_object_schema")
    kinds = [format_type(r) for r in fake_openai.requests]
    # One probe per mode, no retry of the 500, then every text in json_object.
    assert kinds == ["json_schema", "json_object", "json_object", "json_object"]
    # llama.cpp's json_object takes the task's schema (no string lengths: they crash it).
    sent = fake_openai.texts[0]["response_format"]["schema"]
    assert sent["required"] == ["about"] and "maxLength" not in json.dumps(sent)
    assert c.failures_in_a_row == 0 and not c.open_circuit


def test_a_400_naming_json_schema_steps_down(fake_openai: FakeOpenAI) -> None:
    fake_openai.capabilities = rejecting({"json_schema"}, 400, "json_schema is not supported", ok)
    c = client(fake_openai.url)
    assert ask(c) == (OK, "json_object_schema")
    assert [format_type(r) for r in fake_openai.texts] == ["json_object"]


def test_a_server_rejecting_both_json_modes_gets_plain_text(fake_openai: FakeOpenAI) -> None:
    both = {"json_schema", "json_object"}
    fake_openai.capabilities = rejecting(both, 422, "guided_json needs outlines", ok)
    fake_openai.responder = lambda request: Scripted(
        body=completion(f"Sure:\n```json\n{json.dumps(OK)}\n```")
    )
    c = client(fake_openai.url)
    assert ask(c) == (OK, "plain")
    assert [format_type(r) for r in fake_openai.texts] == [None]


def test_a_mode_rejected_mid_build_steps_down_and_retries_the_text(
    fake_openai: FakeOpenAI,
) -> None:
    # The probe passed, but the real schema is refused: step down, same text, no breaker.
    fake_openai.responder = rejecting({"json_schema"}, 400, "invalid response_format", ok)
    c = client(fake_openai.url, failure_threshold=1)
    assert ask(c) == (OK, "json_object_schema")
    assert [format_type(r) for r in fake_openai.texts] == ["json_schema", "json_object"]
    assert not c.open_circuit


def test_discovery_is_cached_with_the_endpoint_identity(fake_openai: FakeOpenAI, tmp_path) -> None:
    fake_openai.capabilities = rejecting({"json_schema"}, 500, LLAMA_CPP_500, ok)
    cache = Cache(tmp_path)
    assert ask(client(fake_openai.url, cache)) == (OK, "json_object_schema")
    probes = len(fake_openai.requests) - len(fake_openai.texts)
    assert ask(client(fake_openai.url, cache)) == (OK, "json_object_schema")
    assert len(fake_openai.requests) - len(fake_openai.texts) == probes  # no probe again
    stored = (tmp_path / "llm-endpoints").rglob("*")
    text = "".join(p.read_text() for p in stored if p.is_file())
    assert "json_object" in text and "127.0.0.1" not in text and SECRET not in text


def test_prose_in_every_mode_is_rejected_not_crashing(fake_openai: FakeOpenAI) -> None:
    fake_openai.responder = lambda request: Scripted(body=completion("No JSON, sorry."))
    c = client(fake_openai.url)
    with pytest.raises(Rejected) as caught:
        ask(c)
    assert caught.value.reason == "not JSON" and caught.value.category == "bad JSON"


def test_circuit_opens_only_for_an_endpoint_that_is_down(closed_port_url: str) -> None:
    c = client(closed_port_url, max_retries=0, failure_threshold=2)
    for _ in range(2):
        with pytest.raises(ModelError):
            ask(c)
    with pytest.raises(ModelError) as caught:
        ask(c)
    assert caught.value.reason == "endpoint unavailable"
    assert c.requests == 2  # the third call sent nothing


def test_a_wrong_model_name_is_asked_once_and_never_opens_the_breaker(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.capabilities = lambda request: Scripted(404, {"error": {"message": "no model"}})
    c = client(fake_openai.url, failure_threshold=1)
    for _ in range(3):
        with pytest.raises(ModelError) as caught:
            ask(c)
        assert caught.value.reason == "rejected request (404)"
    assert len(fake_openai.requests) == 1 and not c.open_circuit


def test_a_server_listing_one_model_serves_it(fake_openai: FakeOpenAI) -> None:
    fake_openai.models = ["/models/SmolLM2-135M-Instruct.Q4_1.gguf"]
    c = client(fake_openai.url, model=None)
    assert c.default_model() == "/models/SmolLM2-135M-Instruct.Q4_1.gguf"
    assert c.default_model() == c.default_model()
    assert fake_openai.gets == ["/v1/models"]  # listed once per build


def test_a_server_listing_several_models_says_which_to_pick(fake_openai: FakeOpenAI) -> None:
    fake_openai.models = ["qwen2.5:7b", "llama3.2:3b"]
    with pytest.raises(ModelError) as caught:
        client(fake_openai.url, model=None).default_model()
    assert caught.value.reason == (
        "no model chosen: the server lists 2 (llama3.2:3b, qwen2.5:7b); set narratives.model"
    )


def test_a_server_whose_listing_fails(fake_openai: FakeOpenAI) -> None:
    fake_openai.models = None
    with pytest.raises(ModelError, match="did not list its models; set narratives.model"):
        client(fake_openai.url, model=None).default_model()
    named = client(fake_openai.url, model="fake-model")
    assert named.default_model() == "fake-model" and ask(named) == (OK, "json_schema")


def test_openai_needs_no_listing() -> None:
    c = ChatClient(Endpoint("https://api.openai.com/v1", SECRET), NarrativeSettings())
    assert c.default_model() == "gpt-4o-mini" and c.requests == 0


def test_key_is_sent_as_bearer_token(fake_openai: FakeOpenAI) -> None:
    ask(client(fake_openai.url))
    assert fake_openai.headers[-1]["authorization"] == f"Bearer {SECRET}"


def test_endpoint_follows_the_openai_convention() -> None:
    settings = NarrativeSettings()
    assert resolve_endpoint(settings, {}) is None
    key_only = resolve_endpoint(settings, {"OPENAI_API_KEY": "k"})
    assert key_only is not None and key_only.base_url == "https://api.openai.com/v1"
    local = resolve_endpoint(settings, {"OPENAI_BASE_URL": "http://127.0.0.1:8080/v1"})
    assert local is not None and local.base_url == "http://127.0.0.1:8080/v1"
    configured = NarrativeSettings(base_url="http://localhost:11434/v1")
    env_wins = resolve_endpoint(configured, {"OPENAI_BASE_URL": "http://other:1/v1"})
    assert env_wins is not None and env_wins.base_url == "http://other:1/v1"
    forced_off = NarrativeSettings(backend="template")
    assert resolve_endpoint(forced_off, {"OPENAI_API_KEY": "k"}) is None


def test_what_may_be_shown_of_an_endpoint() -> None:
    secret_path = Endpoint("http://user:pw@llm.internal:8443/team-x/v1/", SECRET)
    assert secret_path.host == "llm.internal"
    assert secret_path.kind == "OpenAI-compatible server"
    same = Endpoint("http://llm.internal:8443/team-x/v1", "other-key")
    assert secret_path.identity == same.identity  # credentials are not part of it
    assert "team-x" not in secret_path.identity and len(secret_path.identity) == 16
    assert Endpoint("https://api.openai.com/v1", SECRET).kind == "OpenAI API"
    assert public_url("http://user:pw@host:8080/v1/") == "http://host:8080/v1"


def test_model_labels_hide_file_paths() -> None:
    assert model_label("/home/maya/models/SmolLM2-135M-Instruct.Q4_1.gguf") == (
        "SmolLM2-135M-Instruct.Q4_1.gguf"
    )
    assert model_label("C:\\models\\qwen.gguf") == "qwen.gguf"
    assert model_label("Qwen/Qwen2.5-7B-Instruct") == "Qwen/Qwen2.5-7B-Instruct"
    assert model_label("llama3.2:3b") == "llama3.2:3b"
