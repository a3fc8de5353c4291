"""One text from the model: cache first, then the endpoint, then the guard.

`ModelWriter.write` returns the accepted reply or raises Fallback with a short reason; the
caller then uses the template text. With no endpoint (replay), only cached answers are used,
which is how a CI build without a key reproduces the owner's model-written site for free.
Every verdict of the guard (accepted, or rejected and why) is cached too, so a replay sends
no request and reports the same figures.
"""

import threading
from pathlib import Path
from typing import Any

from builder.models.narrative_settings import NarrativeSettings
from builder.narratives.client import ChatClient, Endpoint, ModelError, model_label
from builder.narratives.evaluation import Job, has_figure, missing_fact
from builder.narratives.prompts import facts_json, messages, prompt
from builder.narratives.replies import Rejected, check, json_schema, texts, unknown_names
from builder.narratives.reply_cache import ReplyCache, reply_inputs, reply_key


def rejection(category: str) -> str:
    """The fallback reason of a rejected reply: the same whether it was rejected now or in
    the build that cached the verdict, so a replay reports the same figures."""
    return f"rejected by the guard: {category}"


class Fallback(Exception):
    def __init__(self, reason: str, category: str | None = None) -> None:
        self.reason = reason
        self.category = category  # the guard's category when the model's reply was rejected
        super().__init__(reason)


def guard(job: Job, data: Any) -> dict[str, Any]:
    """The grounding guard on one model reply: shape and lengths, every number a fact, a
    figure where the facts have one, no name the facts do not mention, and what the text must
    be about (the owner, the achievement). Rejected otherwise."""
    reply = check(job.task, data, job.quantities, require_figure=has_figure(job.facts))
    facts_text = facts_json(job.payload).lower()
    for text in texts(reply):
        invented = unknown_names(text, facts_text)
        if invented:
            raise Rejected("unknown name", ", ".join(invented[:3]))
    missing = missing_fact(job.task, reply, job.facts)
    if missing:
        raise Rejected("missing fact", missing)
    return reply


class ModelWriter:
    def __init__(
        self,
        endpoint: Endpoint | None,
        client: ChatClient | None,
        settings: NarrativeSettings,
        templates_dir: Path,
        cache: ReplyCache,
    ) -> None:
        self.endpoint = endpoint  # None: replay from the cache only
        self.client = client
        self.settings = settings
        self.templates_dir = templates_dir
        self.cache = cache
        self.deadline: float | None = None  # time.monotonic() past which no request starts
        self.verdicts: dict[str, int] = {}  # "accepted" or the guard's category -> texts
        self._lock = threading.Lock()

    @property
    def params(self) -> dict[str, Any]:
        return {"temperature": self.settings.temperature, "max_tokens": self.settings.max_tokens}

    def model_for(self, task: str) -> str:
        """The model of a task: routed in the settings, else the endpoint's default (ModelError
        when it cannot be chosen). A replay knows no model: the cache says which wrote it."""
        routed = self.settings.models.get(task)  # type: ignore[call-overload]
        if routed:
            return routed
        if self.client is None:
            return self.settings.model or ""
        return self.client.default_model()

    def _address(self, job: Job, variant: str) -> tuple[str, str | None, str]:
        """The reply's inputs hash, its cache key (None in a replay) and the model."""
        p = prompt(self.templates_dir, job.task, variant)
        inputs = reply_inputs(p.digest, self.params, job.payload)
        if self.client is None or self.endpoint is None:
            return inputs, None, ""
        model = self.model_for(job.task)
        return inputs, reply_key(inputs, model, self.endpoint.identity), model

    def verdict(self, job: Job, variant: str) -> dict[str, Any] | None:
        """The cached answer of a variant (accepted reply or rejection), no hit counted: the
        A/B evaluation reads this way."""
        try:
            inputs, key, _ = self._address(job, variant)
        except ModelError:
            return None
        return self.cache.peek(key, inputs)

    def write(self, job: Job, variant: str) -> tuple[dict[str, Any], str]:
        """The accepted reply and its source label, or Fallback."""
        try:
            inputs, key, model = self._address(job, variant)
        except ModelError as exc:
            raise Fallback(exc.reason) from None
        cached = self.cache.get(key, inputs)
        if cached is not None:
            reply = self._replay(job, cached)
            if reply is not None:
                return reply
        if self.client is None:
            raise Fallback("not in the cache (no endpoint configured)")
        p = prompt(self.templates_dir, job.task, variant)
        context = {**job.context, "facts_json": facts_json(job.facts)}
        try:
            data, mode = self.client.complete(
                model,
                messages(self.templates_dir, p, context),
                job.task,
                json_schema(job.task),
                deadline=self.deadline,
            )
            reply = self._check(job, data)
        except ModelError as exc:
            raise Fallback(exc.reason) from None
        except Rejected as exc:
            self._count(exc.category)
            self._store(key, inputs, job, model, p.version, "", {"rejected": exc.category})
            raise Fallback(rejection(exc.category), exc.category) from None
        self._count("accepted")
        self._store(key, inputs, job, model, p.version, mode, {"reply": reply})
        return reply, f"model:{model_label(model)}"

    def _check(self, job: Job, data: Any) -> dict[str, Any]:
        return guard(job, data)

    def _replay(self, job: Job, entry: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
        """A cached verdict: the reply if it still passes the guard, Fallback for a cached
        rejection; None when the guard got stricter since (then ask again)."""
        source = f"model:{entry.get('model', '')}"
        rejected = entry.get("rejected")
        if isinstance(rejected, str):
            self._count(rejected)
            raise Fallback(rejection(rejected), rejected)
        try:
            reply = self._check(job, entry.get("reply"))
        except Rejected:
            return None
        self._count("accepted")
        return reply, source

    def _store(
        self,
        key: str | None,
        inputs: str,
        job: Job,
        model: str,
        version: str,
        mode: str,
        answer: dict[str, Any],
    ) -> None:
        if key is None or self.endpoint is None:
            return
        entry = {
            "inputs": inputs,
            "task": job.task,
            "item": job.item,
            "model": model_label(model),
            "endpoint": self.endpoint.identity,
            "prompt": f"{job.task}.{version}",
            **({"mode": mode} if mode else {}),
            **answer,
        }
        self.cache.put(key, entry)

    def _count(self, verdict: str) -> None:
        with self._lock:
            self.verdicts[verdict] = self.verdicts.get(verdict, 0) + 1

    @property
    def requests(self) -> int:
        return self.client.requests if self.client else 0
