"""The model client: any OpenAI-compatible endpoint through the `openai` package.

Retries are ours, not the package's (it is built with max_retries=0), so every fault is
classified into a short reason for the build report and the backoff honours the settings.
Structured output steps down per model, json_schema -> json_object -> plain, when a server
rejects a mode or ignores it; the reply is validated on our side whatever the mode.
"""

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import openai
from openai.types.chat import ChatCompletion

from builder.models.narrative_settings import NarrativeSettings
from builder.narratives.replies import Rejected, extract_json

log = logging.getLogger("showcase")

DEFAULT_BASE_URL = "https://api.openai.com/v1"
MODES = ("json_schema", "json_object", "plain")
# Local servers need no key, but the openai client insists on one; this one is not a secret.
NO_KEY = "not-needed"
ENDPOINT_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL")


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    api_key: str = field(repr=False)

    @property
    def public_url(self) -> str:
        """The base URL without user:password, safe for pages, logs and cache keys."""
        return public_url(self.base_url)


def public_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))


def endpoint_environment() -> dict[str, str]:
    """The endpoint's variables from the process environment: the one place they are read
    (the pipeline and `showcase prompts evaluate` pass them to the stage)."""
    return {name: os.environ[name] for name in ENDPOINT_VARIABLES if name in os.environ}


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


class _StepDown(Exception):
    """The server rejected the structured-output mode (HTTP 400/422)."""


def _status_reason(status: int) -> str:
    if status == 429:
        return "rate limited (429)"
    if status >= 500:
        return "server error (5xx)"
    return f"rejected request ({status})"


def _retry_after(response: Any) -> float | None:
    headers = getattr(response, "headers", None) or {}
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        if "retry-after" in headers:
            return float(headers["retry-after"])
    except ValueError:
        return None
    return None


class ChatClient:
    def __init__(
        self,
        endpoint: Endpoint,
        settings: NarrativeSettings,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint
        self.settings = settings
        self.sleep = sleep
        self.requests = 0
        self.failures_in_a_row = 0
        self.modes: dict[str, str] = {}  # model -> structured-output mode that works
        self._client = openai.OpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key,
            timeout=settings.timeout_seconds,
            max_retries=0,
        )

    @property
    def open_circuit(self) -> bool:
        return self.failures_in_a_row >= self.settings.failure_threshold

    def complete(
        self, model: str, messages: list[dict[str, str]], task: str, schema: dict[str, Any]
    ) -> tuple[Any, str]:
        """The parsed JSON reply and the mode that produced it, or ModelError / Rejected."""
        if self.open_circuit:
            raise ModelError("endpoint unavailable")
        start = MODES.index(self.modes.get(model, MODES[0]))
        for mode in MODES[start:]:
            try:
                text = self._request(model, messages, task, schema, mode)
            except _StepDown:
                if mode == MODES[-1]:
                    raise ModelError("rejected request (400)") from None
                self.modes[model] = MODES[MODES.index(mode) + 1]
                log.info("%s rejected %s output; stepping down", model, mode)
                continue
            try:
                return extract_json(text), mode
            except Rejected:
                if mode == MODES[-1]:
                    raise
                # The server ignored the mode: try the next one, and start there next time.
                self.modes[model] = MODES[MODES.index(mode) + 1]
                log.info("%s ignored %s output; stepping down", model, mode)
        raise ModelError("rejected request (400)")

    def _request(
        self,
        model: str,
        messages: list[dict[str, str]],
        task: str,
        schema: dict[str, Any],
        mode: str,
    ) -> str:
        extra: dict[str, Any] = {}
        if mode == "json_schema":
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": f"{task}_reply", "schema": schema, "strict": True},
            }
        elif mode == "json_object":
            extra["response_format"] = {"type": "json_object"}
        reason = "no reply"
        retry_after: float | None = None
        for attempt in range(self.settings.max_retries + 1):
            if attempt:
                self.sleep(self._delay(attempt, retry_after))
            retry_after = None
            self.requests += 1
            try:
                completion = self._client.chat.completions.create(
                    model=model,
                    messages=messages,  # type: ignore[arg-type]
                    temperature=self.settings.temperature,
                    max_tokens=self.settings.max_tokens,
                    **extra,
                )
            except openai.APITimeoutError:
                reason = "timeout"
                continue
            except openai.APIConnectionError as exc:
                reason = "connection refused" if _refused(exc) else "connection failed"
                continue
            except openai.APIStatusError as exc:
                status = exc.status_code
                if status in (400, 422) and mode != "plain":
                    raise _StepDown from None
                if status in (408, 409, 429) or status >= 500:
                    reason = _status_reason(status)
                    retry_after = _retry_after(exc.response)
                    continue
                self._failed()
                raise ModelError(_status_reason(status)) from None
            except (openai.APIResponseValidationError, ValueError, TypeError):
                reason = "garbage body"
                continue
            content = _content(completion)
            if content is None:
                reason = "garbage body"
                continue
            self.failures_in_a_row = 0
            return content
        self._failed()
        raise ModelError(reason)

    def _failed(self) -> None:
        self.failures_in_a_row += 1
        if self.open_circuit:
            log.warning(
                "%d model requests failed in a row; using templates for the rest of the build",
                self.failures_in_a_row,
            )

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        cap = self.settings.max_backoff_seconds
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, cap)
        return min(self.settings.backoff_seconds * 2 ** (attempt - 1), cap)


def _refused(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _content(completion: Any) -> str | None:
    """The reply text, or None when the body is not a chat completion (garbage)."""
    if not isinstance(completion, ChatCompletion) or not completion.choices:
        return None
    message = completion.choices[0].message
    if message is None or not isinstance(message.content, str):
        return None
    return message.content
