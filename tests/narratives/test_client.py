"""The model client against a real HTTP server: retries, backoff, step-down, fault reasons."""

import json

import pytest

from builder.models.narrative_settings import NarrativeSettings
from builder.narratives.client import ChatClient, Endpoint, ModelError, public_url, resolve_endpoint
from builder.narratives.replies import Rejected, json_schema
from tests.narratives.narratives_fakes import (
    SECRET,
    FakeOpenAI,
    Scripted,
    completion,
    fast_settings,
)

MESSAGES = [{"role": "system", "content": "Task: about"}, {"role": "user", "content": "{}"}]
OK = {"about": "text"}


def client(url: str, **overrides: object) -> tuple[ChatClient, list[float]]:
    slept: list[float] = []
    c = ChatClient(Endpoint(url, SECRET), fast_settings(**overrides), sleep=slept.append)
    return c, slept


def ask(c: ChatClient) -> object:
    return c.complete("fake-model", MESSAGES, "about", json_schema("about"))


def ok() -> Scripted:
    return Scripted(body=completion(json.dumps(OK)))


def test_429_then_success_is_retried_after_retry_after(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [
        Scripted(429, {"error": {"message": "slow down"}}, {"retry-after-ms": "20"}),
        ok(),
    ]
    c, slept = client(fake_openai.url)
    assert ask(c) == (OK, "json_schema")
    assert fake_openai.count == 2
    assert slept == [pytest.approx(0.02)]  # the server's Retry-After, not our backoff


def test_5xx_backs_off_exponentially_then_gives_up(fake_openai: FakeOpenAI) -> None:
    fake_openai.responder = lambda request: Scripted(503, {"error": {"message": "down"}})
    c, slept = client(fake_openai.url, max_retries=2, backoff_seconds=0.01)
    with pytest.raises(ModelError) as caught:
        ask(c)
    assert caught.value.reason == "server error (5xx)"
    assert fake_openai.count == 3
    assert slept == [pytest.approx(0.01), pytest.approx(0.02)]


def test_timeout_then_success(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [Scripted(delay=0.6, body=completion(json.dumps(OK))), ok()]
    c, _ = client(fake_openai.url, timeout_seconds=0.2)
    assert ask(c) == (OK, "json_schema")
    assert c.requests == 2


def test_connection_refused_is_reported(closed_port_url: str) -> None:
    c, _ = client(closed_port_url, max_retries=1)
    with pytest.raises(ModelError) as caught:
        ask(c)
    assert caught.value.reason == "connection refused"


def test_garbage_body_is_retried_then_reported(fake_openai: FakeOpenAI) -> None:
    fake_openai.responder = lambda request: Scripted(200, "<html>proxy error</html>")
    c, _ = client(fake_openai.url, max_retries=1)
    with pytest.raises(ModelError) as caught:
        ask(c)
    assert caught.value.reason == "garbage body"
    assert fake_openai.count == 2


def test_rejected_json_schema_steps_down_to_json_object(fake_openai: FakeOpenAI) -> None:
    def responder(request: dict) -> Scripted:
        if request.get("response_format", {}).get("type") == "json_schema":
            return Scripted(400, {"error": {"message": "response_format not supported"}})
        return ok()

    fake_openai.responder = responder
    c, _ = client(fake_openai.url)
    assert ask(c) == (OK, "json_object")
    assert ask(c) == (OK, "json_object")  # remembered: no second json_schema attempt
    kinds = [r.get("response_format", {}).get("type") for r in fake_openai.requests]
    assert kinds == ["json_schema", "json_object", "json_object"]


def test_a_server_ignoring_json_mode_steps_down_to_plain(fake_openai: FakeOpenAI) -> None:
    def responder(request: dict) -> Scripted:
        if "response_format" in request:
            return Scripted(body=completion("Here is a nice answer without any structure."))
        return Scripted(body=completion(f"Sure:\n```json\n{json.dumps(OK)}\n```"))

    fake_openai.responder = responder
    c, _ = client(fake_openai.url)
    assert ask(c) == (OK, "plain")
    assert fake_openai.count == 3


def test_prose_in_every_mode_is_rejected_not_crashing(fake_openai: FakeOpenAI) -> None:
    fake_openai.responder = lambda request: Scripted(body=completion("No JSON, sorry."))
    c, _ = client(fake_openai.url)
    with pytest.raises(Rejected) as caught:
        ask(c)
    assert caught.value.reason == "not JSON"


def test_circuit_opens_after_repeated_failures(closed_port_url: str) -> None:
    c, _ = client(closed_port_url, max_retries=0, failure_threshold=2)
    for _ in range(2):
        with pytest.raises(ModelError):
            ask(c)
    with pytest.raises(ModelError) as caught:
        ask(c)
    assert caught.value.reason == "endpoint unavailable"
    assert c.requests == 2  # the third call sent nothing


def test_key_is_sent_as_bearer_token(fake_openai: FakeOpenAI) -> None:
    fake_openai.script = [ok()]
    c, _ = client(fake_openai.url)
    ask(c)
    assert fake_openai.headers[0]["authorization"] == f"Bearer {SECRET}"


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


def test_public_url_drops_credentials() -> None:
    assert public_url("http://user:pw@host:8080/v1/") == "http://host:8080/v1"
