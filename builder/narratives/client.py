"""The model client: any OpenAI-compatible endpoint through the `openai` package.

Retries are the package's own (408/409/429/5xx, timeouts and connection errors, backoff and
Retry-After); this module classifies what is left into one short reason for the build report.
Once per build and per model it discovers what the server accepts: the model to use (GET
/models when the owner names none) and the best structured-output mode, json_schema ->
json_object -> plain. An error whose body names response_format, json_schema or guided_json
means "unsupported" whatever its status (llama-cpp-python answers 500), so it steps down
and never counts towards the circuit breaker, which is only for an endpoint that is down.
The base URL never leaves this module except as a host name and a hash.
"""

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from builder.cache import Cache, content_hash
from builder.models.narrative_settings import NarrativeSettings
from builder.narratives.replies import SCHEMAS, bounded_schema, extract_json

if TYPE_CHECKING:
    import openai

log = logging.getLogger("showcase")

DEFAULT_BASE_URL = "https://api.openai.com/v1"
OPENAI_HOST = "api.openai.com"
OPENAI_DEFAULT_MODEL = "gpt-4o-mini"
# Structured-output modes, best first. "json_object_schema" is llama.cpp's: json_object with
# a schema it turns into a grammar, so even a small model replies with the task's keys.
MODES = ("json_schema", "json_object_schema", "json_object", "plain")
# Words in an error body that mean "this server does not do that structured-output mode".
UNSUPPORTED_MARKERS = ("response_format", "json_schema", "guided_json")
# Local servers need no key, but the openai client insists on one; this one is not a secret.
NO_KEY = "not-needed"
CAPABILITIES_NAMESPACE = "llm-endpoints"
PROBE_SCHEMA = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
    "additionalProperties": False,
}
PROBE_MESSAGES = [{"role": "user", "content": 'Reply with the JSON object {"ok": true}.'}]


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    api_key: str = field(repr=False)

    @property
    def host(self) -> str:
        """The host name only: all a page may say about where the texts came from."""
        return urlsplit(self.base_url).hostname or ""

    @property
    def is_openai(self) -> bool:
        return self.host == OPENAI_HOST

    @property
    def kind(self) -> str:
        return "OpenAI API" if self.is_openai else "OpenAI-compatible server"

    @property
    def identity(self) -> str:
        """A hash of the URL without credentials: cache entries keep this, never the URL (a
        private endpoint's path or port is the owner's secret as much as the key)."""
        return content_hash("endpoint", public_url(self.base_url))[:16]


def public_url(url: str) -> str:
    """The URL without user:password, query or fragment (for hashing, never for pages)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))


def model_label(model: str) -> str:
    """The name a page shows: llama.cpp servers name a model by its file path, which says
    where the owner keeps files; the file name is enough."""
    if model.startswith(("/", "~", ".")) or "\\" in model or model.endswith(".gguf"):
        path = PureWindowsPath(model) if "\\" in model else PurePosixPath(model)
        return path.name or model
    return model


def resolve_endpoint(settings: NarrativeSettings, environ: Mapping[str, str]) -> Endpoint | None:
    """The endpoint to call, or None for the template backend (the openai client's convention:
    OPENAI_API_KEY, with OPENAI_BASE_URL for another server; base_url in mkdocs.yml too)."""
    if settings.backend == "template":
        return None
    key = environ.get("OPENAI_API_KEY", "").strip()
    base = environ.get("OPENAI_BASE_URL", "").strip() or (settings.base_url or "").strip()
    if not (key or base) and settings.backend == "auto":
        return None
    return Endpoint(base_url=base or DEFAULT_BASE_URL, api_key=key or NO_KEY)


class ModelError(Exception):
    """A request that produced no usable reply; `reason` is one short category."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class Unsupported(Exception):
    """The server rejected a structured-output mode: step down, the endpoint is fine."""


# Reasons that mean the endpoint is down; only these count towards the circuit breaker. A read
# timeout does not: a local server answering one request at a time is slow, not down (the
# stage's time budget bounds how long the build waits for it).
DOWN = (
    "connection refused",
    "connection failed",
    "connect timeout",
    "server error (5xx)",
    "garbage body",
)
BUDGET_SPENT = "time budget spent"


# These log every request with its full URL (and at DEBUG the request options): the base
# URL is the owner's secret and CI logs are public.
QUIET_LOGGERS = ("httpx", "httpx2", "httpcore", "openai")


class ChatClient:
    def __init__(
        self, endpoint: Endpoint, settings: NarrativeSettings, cache: Cache | None = None
    ) -> None:
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
        self.endpoint = endpoint
        self.settings = settings
        self.cache = cache
        self.requests = 0
        self.failures_in_a_row = 0
        self.modes: dict[str, str] = {}  # model -> structured-output mode found this build
        self.refusals: dict[str, str] = {}  # model -> why the probe was refused (401, 404...)
        self.listed: tuple[str, ...] | None = None
        self.context_length: int | None = None
        self._listing_done = False
        self._known_loaded = False
        self._lock = threading.Lock()
        self._discovery = threading.Lock()
        import openai  # imported when a model is asked: a template build never loads it

        self._client = openai.OpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key,
            timeout=openai.Timeout(
                settings.timeout_seconds, connect=settings.connect_timeout_seconds
            ),
            max_retries=settings.max_retries,
            # Counts every HTTP request, the client's own retries included.
            http_client=openai.DefaultHttpxClient(event_hooks={"request": [self._count]}),
        )

    def _count(self, request: Any) -> None:
        with self._lock:
            self.requests += 1

    @property
    def open_circuit(self) -> bool:
        return self.failures_in_a_row >= self.settings.failure_threshold

    # --- discovery -------------------------------------------------------------------------

    def default_model(self) -> str:
        """The model for tasks the settings do not route: the owner's choice, OpenAI's usual
        default, or the one model a local server lists; ModelError names the choice otherwise."""
        if self.settings.model:
            return self.settings.model
        if self.endpoint.is_openai:
            return OPENAI_DEFAULT_MODEL
        listed = self.list_models()
        if listed is not None and len(listed) == 1:
            return listed[0]
        if not listed:
            why = "lists no model" if listed is not None else "did not list its models"
            raise ModelError(f"no model chosen: the server {why}; set narratives.model")
        names = ", ".join(model_label(m) for m in listed[:5])
        raise ModelError(
            f"no model chosen: the server lists {len(listed)} ({names}); set narratives.model"
        )

    def list_models(self) -> tuple[str, ...] | None:
        """GET /models once per build (or from the build cache); None when the server does
        not answer it."""
        with self._discovery:
            self._load_known()
            if not self._listing_done:
                self._listing_done = True
                self.listed, self.context_length = self._list_models()
                self._store_known()
            return self.listed

    def _list_models(self) -> tuple[tuple[str, ...] | None, int | None]:
        import openai  # imported when a model is asked: a template build never loads it

        try:
            page = self._client.with_options(max_retries=0).models.list()
            models = list(page.data)
        except (openai.APIError, ValueError, TypeError) as exc:
            log.info("The endpoint did not list its models (%s)", type(exc).__name__)
            return None, None
        ids = tuple(sorted(str(m.id) for m in models if getattr(m, "id", None)))
        lengths = [
            getattr(m, name, None)
            for m in models
            for name in ("max_model_len", "context_length", "max_context_length")
        ]
        context = min((n for n in lengths if isinstance(n, int) and n > 0), default=None)
        return ids, context

    def mode_for(self, model: str, deadline: float | None = None) -> str:
        """The structured-output mode for `model`: from this build, the build cache (keyed by
        the endpoint's identity), or a short probe of each mode in turn."""
        with self._discovery:
            self._load_known()
            if model in self.refusals:
                raise ModelError(self.refusals[model])
            if model not in self.modes:
                try:
                    self.modes[model] = self._probe(model, deadline)
                except ModelError as exc:
                    if exc.reason.startswith("rejected request"):
                        # A wrong model name or key: ask once, not once per text.
                        self.refusals[model] = exc.reason
                    raise
                self._store_known()
            return self.modes[model]

    # What discovery found is kept in the build cache under the endpoint's identity (a hash
    # of its URL), so a rebuild from the reply cache sends nothing at all.

    def _cache_key(self) -> str:
        return content_hash("capabilities-v2", self.endpoint.identity)

    def _load_known(self) -> None:
        if self._known_loaded or self.cache is None:
            return
        self._known_loaded = True
        stored = self.cache.get_json(CAPABILITIES_NAMESPACE, self._cache_key())
        if not isinstance(stored, dict):
            return
        modes = stored.get("modes")
        if isinstance(modes, dict):
            self.modes.update({m: v for m, v in modes.items() if v in MODES})
        listed = stored.get("listed")
        if isinstance(listed, list) and all(isinstance(m, str) for m in listed):
            self.listed, self._listing_done = tuple(listed), True
            length = stored.get("context_length")
            self.context_length = length if isinstance(length, int) else None

    def _store_known(self) -> None:
        if self.cache is None:
            return
        entry = {
            "endpoint": self.endpoint.identity,
            "modes": dict(sorted(self.modes.items())),
            "listed": list(self.listed) if self.listed is not None else None,
            "context_length": self.context_length,
        }
        self.cache.put_json(CAPABILITIES_NAMESPACE, self._cache_key(), entry)

    def forget(self) -> None:
        """Drop what discovery stored (the server changed: a model it listed is gone)."""
        with self._discovery:
            self.modes.clear()
            self.listed, self._listing_done = None, False
            if self.cache is not None:
                self.cache.put_json(CAPABILITIES_NAMESPACE, self._cache_key(), {})

    def _probe(self, model: str, deadline: float | None) -> str:
        # OpenAI has json_schema; the llama.cpp variant is for the servers that lack it.
        modes = [m for m in MODES[:-1] if not (self.endpoint.is_openai and m == MODES[1])]
        for mode in modes:
            try:
                self._send(
                    model, PROBE_MESSAGES, "probe", PROBE_SCHEMA, mode, 16, deadline, probe=True
                )
            except Unsupported:
                log.info("The endpoint does not accept %s output; stepping down", mode)
                continue
            return mode
        return MODES[-1]

    def _step_down(self, model: str, mode: str) -> None:
        with self._discovery:
            if self.modes.get(model) == mode and mode != MODES[-1]:
                self.modes[model] = MODES[MODES.index(mode) + 1]
                self._store_known()
                log.info("The endpoint rejected %s output; stepping down", mode)

    # --- requests --------------------------------------------------------------------------

    def complete(
        self,
        model: str,
        messages: list[dict[str, str]],
        task: str,
        schema: dict[str, Any],
        deadline: float | None = None,
    ) -> tuple[Any, str]:
        """The parsed JSON reply and the mode that produced it, or ModelError / Rejected."""
        if self.open_circuit:
            raise ModelError("endpoint unavailable")
        try:
            mode = self.mode_for(model, deadline)
            while True:
                try:
                    text = self._send(
                        model, messages, task, schema, mode, self.settings.max_tokens, deadline
                    )
                    break
                except Unsupported:
                    if mode == MODES[-1]:
                        raise ModelError("rejected request (unsupported)") from None
                    self._step_down(model, mode)
                    mode = self.modes[model]
        except ModelError as exc:
            if exc.reason in DOWN:
                self._failed()
            if exc.reason == "rejected request (404)":
                self.forget()  # a stale model list, or the server moved: rediscover next time
            raise
        with self._lock:
            self.failures_in_a_row = 0
        return extract_json(text), mode

    def _send(
        self,
        model: str,
        messages: list[dict[str, str]],
        task: str,
        schema: dict[str, Any],
        mode: str,
        max_tokens: int,
        deadline: float | None = None,
        probe: bool = False,
    ) -> str:
        import openai  # imported when a model is asked: a template build never loads it

        client = self._client_for(deadline, probe)
        try:
            completion = client.chat.completions.create(
                model=model,
                messages=messages,  # type: ignore[arg-type]
                temperature=self.settings.temperature,
                max_tokens=max_tokens,
                **response_format(mode, task, schema),
            )
        except openai.APIStatusError as exc:
            # A probe also steps down on a plain 400/422: some servers refuse an unknown
            # response_format field without naming it.
            refused = probe and exc.status_code in (400, 422)
            if mode != MODES[-1] and (refused or names_response_format(exc)):
                raise Unsupported from None
            if exc.status_code == 400 and "context" in _body(exc):
                raise ModelError("prompt longer than the model's context window") from None
            raise ModelError(_status_reason(exc.status_code)) from None
        except openai.APITimeoutError as exc:
            spent = deadline is not None and time.monotonic() >= deadline
            reason = "connect timeout" if _caused_by(exc, "ConnectTimeout") else "timeout"
            raise ModelError(BUDGET_SPENT if spent else reason) from None
        except openai.APIConnectionError as exc:
            reason = "connection refused" if _refused(exc) else "connection failed"
            raise ModelError(reason) from None
        except (openai.APIResponseValidationError, ValueError, TypeError):
            raise ModelError("garbage body") from None
        content = _content(completion)
        if content is None:
            raise ModelError("garbage body")
        return content

    def _client_for(self, deadline: float | None, probe: bool) -> "openai.OpenAI":
        """The client with this request's limits: a probe is not retried (a 500 naming
        response_format is an answer, not a fault), and near the stage's deadline the read
        timeout shrinks to what is left and no retry is started."""
        import openai  # imported when a model is asked: a template build never loads it

        if self.open_circuit:  # checked again here: other threads may have opened it
            raise ModelError("endpoint unavailable")
        retries = 0 if probe else self.settings.max_retries
        read, connect = self.settings.timeout_seconds, self.settings.connect_timeout_seconds
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ModelError(BUDGET_SPENT)
            if left < read * (retries + 1):
                retries, read, connect = 0, min(left, read), min(left, connect)
        if (retries, read, connect) == (
            self.settings.max_retries,
            self.settings.timeout_seconds,
            self.settings.connect_timeout_seconds,
        ):
            return self._client
        return self._client.with_options(
            timeout=openai.Timeout(read, connect=connect), max_retries=retries
        )

    def _failed(self) -> None:
        with self._lock:
            self.failures_in_a_row += 1
            opened = self.failures_in_a_row == self.settings.failure_threshold
        if opened:
            log.warning(
                "%d model requests failed in a row; using templates for the rest of the build",
                self.failures_in_a_row,
            )


def response_format(mode: str, task: str, schema: dict[str, Any]) -> dict[str, Any]:
    if mode == "json_schema":
        return {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": f"{task}_reply", "schema": schema, "strict": True},
            }
        }
    if mode == "json_object_schema":
        bounded = bounded_schema(task) if task in SCHEMAS else schema
        return {"response_format": {"type": "json_object", "schema": bounded}}
    if mode == "json_object":
        return {"response_format": {"type": "json_object"}}
    return {}


def names_response_format(exc: "openai.APIStatusError") -> bool:
    """Whether an error's body says the structured-output mode is the problem."""
    text = _body(exc)
    return any(marker in text for marker in UNSUPPORTED_MARKERS)


def _body(exc: "openai.APIStatusError") -> str:
    """The error body, lower-cased; only the first 4 KB, as it is the server's text."""
    try:
        return exc.response.text[:4096].lower()
    except (AttributeError, UnicodeDecodeError):  # a streamed or undecodable body
        return str(exc.message)[:4096].lower()


def _status_reason(status: int) -> str:
    if status == 429:
        return "rate limited (429)"
    if status >= 500:
        return "server error (5xx)"
    return f"rejected request ({status})"


def _refused(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _caused_by(exc: BaseException, name: str) -> bool:
    """Whether the HTTP library's exception `name` is in the chain (httpx and httpx2 alike)."""
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__name__ == name:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _content(completion: Any) -> str | None:
    """The reply text, or None when the body is not a chat completion (garbage)."""
    from openai.types.chat import ChatCompletion

    if not isinstance(completion, ChatCompletion) or not completion.choices:
        return None
    message = completion.choices[0].message
    if message is None or not isinstance(message.content, str):
        return None
    return message.content
