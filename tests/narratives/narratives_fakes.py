"""Helpers of the narrative tests: a real OpenAI-compatible HTTP server and a small portfolio.

The server is stdlib http.server in a thread on 127.0.0.1 (a free port), so the `openai`
package's real request path runs: headers, JSON bodies, status codes, timeouts. Each test
scripts what it returns: a queue of faults served first, then a responder that answers every
task with a grounded reply built from the facts inside the prompt. The client's capability
probes (a request with no system message) go to `capabilities`, which accepts every
structured-output mode unless a test says otherwise; GET /models lists `models`.
"""

import datetime as dt
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from builder.load.roles import load_roles, roles_path
from builder.models.achievement import Achievement, Metric
from builder.models.narrative_settings import NarrativeSettings
from builder.models.roles import RolesFile

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "site_templates"


def demo_roles() -> RolesFile:
    """The demo's interview panels (site_templates/narratives/roles.yml), as load reads them."""
    roles, problems = load_roles(roles_path(TEMPLATES), REPO)
    assert roles is not None, problems
    return roles


SECRET = "sk-test-DO-NOT-LEAK-4f9a2c"


@dataclass
class Scripted:
    """One scripted HTTP reply: status, body (bytes, str or JSON-able), headers, delay."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def completion(content: str, model: str = "fake-model") -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def task_of(request: dict[str, Any]) -> str:
    system = request["messages"][0]["content"]
    match = re.search(r"^Task: (\w+)", system, re.MULTILINE)
    assert match, system
    return match.group(1)


def facts_of(request: dict[str, Any]) -> dict[str, Any]:
    user = request["messages"][1]["content"]
    return json.loads(user[user.index("{") : user.rindex("}") + 1])


def measured_result(facts: dict[str, Any]) -> str:
    """The result a careful model writes: a figure of the facts, when they have one."""
    if facts.get("metric_sentences"):
        return facts["metric_sentences"][0]
    if facts.get("value"):
        return f"It is worth {facts['value']['usd_text']} a year to the business."
    return str(facts.get("hours_saved_text") or "")


def grounded_reply(request: dict[str, Any]) -> dict[str, Any]:
    """A valid reply for any task, quoting only facts (what a well-behaved model returns)."""
    task = task_of(request)
    facts = facts_of(request)
    if task == "star":
        t = facts["title"]
        return {
            "situation": f"The team needed {t} to work reliably in production.",
            "task": f"I was asked to own {t} from design to rollout.",
            "action": f"I designed and shipped {t} with {', '.join(facts['skills'][:2])}.",
            "result": measured_result(facts) or f"{t} shipped and stayed.",
        }
    if task == "bullets":
        return {
            "bullets": [
                f"Delivered {facts['title']} for the platform team.",
                f"Used {', '.join(facts['skills'][:3]) or 'the existing stack'} to ship it.",
            ],
            "talking_points": ["Why it mattered to users", "What I built", "How it was checked"],
            "pitch": f"I delivered {facts['title']} end to end.",
        }
    if task == "about":
        roles = ", ".join(facts["target_roles"])
        return {
            "about": f"{facts['name']} is an engineer looking for roles as {roles}. "
            f"The portfolio documents {facts['achievements']} achievements, each with its "
            "problem, the action taken and the measured result, written from the facts."
        }
    first = facts["achievements"][0]
    return {
        "answer": f"A good example is {first['title']}. I owned it from the first design "
        "to the rollout, worked with the people who used it every day, and checked the "
        "outcome against the measure we agreed on before starting."
    }


def is_probe(request: dict[str, Any]) -> bool:
    messages = request.get("messages") or [{}]
    return messages[0].get("role") != "system"


def format_type(request: dict[str, Any]) -> str | None:
    return (request.get("response_format") or {}).get("type")


def rejecting(
    kinds: set[str], status: int, message: str, then: Callable[[dict[str, Any]], Scripted]
) -> Callable[[dict[str, Any]], Scripted]:
    """A responder that refuses the response_format types in `kinds` with `status` and an
    error naming them, and otherwise answers as `then` does."""

    def respond(request: dict[str, Any]) -> Scripted:
        if format_type(request) in kinds:
            return Scripted(status, {"error": {"message": message, "type": "bad_request"}})
        return then(request)

    return respond


def probe_ok(request: dict[str, Any]) -> Scripted:
    return Scripted(body=completion(json.dumps({"ok": True})))


class FakeOpenAI:
    """The server's state: what it received and what it will send."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []  # every POST body, probes included
        self.headers: list[dict[str, str]] = []
        self.gets: list[str] = []  # paths of GET requests (the model listing)
        self.script: list[Scripted] = []
        self.responder: Callable[[dict[str, Any]], Scripted] = self.well_behaved
        self.capabilities: Callable[[dict[str, Any]], Scripted] = probe_ok
        self.models: list[str] | None = ["fake-model"]  # None: GET /models answers 404
        self.url = ""
        self.lock = threading.Lock()

    @staticmethod
    def well_behaved(request: dict[str, Any]) -> Scripted:
        return Scripted(body=completion(json.dumps(grounded_reply(request))))

    def reply_for(self, request: dict[str, Any]) -> Scripted:
        if is_probe(request):
            return self.capabilities(request)
        with self.lock:
            if self.script:
                return self.script.pop(0)
        return self.responder(request)

    def listing(self) -> Scripted:
        if self.models is None:
            return Scripted(404, {"error": {"message": "not found"}})
        data = [{"id": m, "object": "model", "owned_by": "me", "created": 0} for m in self.models]
        return Scripted(body={"object": "list", "data": data})

    @property
    def count(self) -> int:
        """Every HTTP request received: chat completions, probes and model listings."""
        return len(self.requests) + len(self.gets)

    @property
    def texts(self) -> list[dict[str, Any]]:
        """The chat requests that asked for a text (not probes)."""
        return [r for r in self.requests if not is_probe(r)]


def _handler(state: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # One buffered write per response and no Nagle delay: otherwise each request waits
        # for a delayed ACK (40 ms) and the suite crawls.
        wbufsize = 1 << 16
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with state.lock:
                state.gets.append(self.path)
            if self.path.rstrip("/").endswith("/models"):
                self.respond(state.listing())
            else:
                self.respond(Scripted(404, {"error": {"message": "not found"}}))

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                request = json.loads(raw)
            except ValueError:
                request = {}
            with state.lock:
                state.requests.append(request)
                state.headers.append({k.lower(): v for k, v in self.headers.items()})
            if not self.path.rstrip("/").endswith("/chat/completions"):
                reply = Scripted(404, {"error": {"message": "not found"}})
            else:
                reply = state.reply_for(request)
            self.respond(reply)

        def respond(self, reply: Scripted) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body
            headers = dict(reply.headers)
            if isinstance(body, bytes):
                data = body
            elif isinstance(body, str):
                data = body.encode()
                headers.setdefault("Content-Type", "text/html")
            else:
                data = json.dumps(body).encode()
                headers.setdefault("Content-Type", "application/json")
            try:
                self.send_response(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left

    return Handler


def fast_settings(**overrides: Any) -> NarrativeSettings:
    """Small timeouts, so the fault tests take milliseconds (retries wait the openai
    client's own backoff, 0.5 s and up: tests that retry keep max_retries low)."""
    base = {
        "model": "fake-model",
        "timeout_seconds": 2.0,
        "connect_timeout_seconds": 0.5,
        "max_retries": 0,
    }
    return NarrativeSettings(**{**base, **overrides})


def achievement(**fields: Any) -> Achievement:
    base: dict[str, Any] = {
        "id": "batching",
        "title": "Request batching for the embedding model",
        "date": dt.date(2024, 9, 24),
        "organisation": "Northwind AI",
        "category": "ml",
        "summary": "Added dynamic request batching in front of the embedding model.",
        "problem": "The GPU idled at 35% utilisation while p95 latency crossed the 800 ms SLO.",
        "action": "Collected requests into batches bounded by a time window and a size.",
        "result": "The evening SLO breaches stopped.",
        "skills": ["Python", "PyTorch", "FastAPI", "Prometheus"],
        "tags": ["latency", "batching"],
        "metrics": [Metric(name="p95 latency", before=974.7, after=374.9, unit="ms")],
        "related_prs": ["https://github.com/acme/gw/pull/1"],
    }
    return Achievement(**{**base, **fields})
