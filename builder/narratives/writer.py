"""One text from the model: cache first, then the endpoint, then the guard.

`ModelWriter.write` returns the accepted reply or raises Fallback with a short reason; the
caller then uses the template text. With no endpoint (replay), only cached replies are used,
which is how a CI build without a key reproduces the owner's model-written site for free.
"""

from pathlib import Path
from typing import Any

from builder.models.narrative_settings import NarrativeSettings
from builder.narratives.client import ChatClient, Endpoint, ModelError
from builder.narratives.evaluation import Job
from builder.narratives.prompts import facts_json, messages, prompt
from builder.narratives.replies import Rejected, check, json_schema
from builder.narratives.reply_cache import ReplyCache, reply_key


class Fallback(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class ModelWriter:
    def __init__(
        self,
        base_url: str,
        client: ChatClient | None,
        settings: NarrativeSettings,
        templates_dir: Path,
        cache: ReplyCache,
    ) -> None:
        self.base_url = base_url  # without credentials: part of every cache key
        self.client = client  # None: replay from the cache only
        self.settings = settings
        self.templates_dir = templates_dir
        self.cache = cache

    @classmethod
    def for_endpoint(
        cls,
        endpoint: Endpoint,
        settings: NarrativeSettings,
        templates_dir: Path,
        cache: ReplyCache,
        live: bool = True,
    ) -> "ModelWriter":
        client = ChatClient(endpoint, settings) if live else None
        return cls(endpoint.public_url, client, settings, templates_dir, cache)

    @property
    def params(self) -> dict[str, Any]:
        return {"temperature": self.settings.temperature, "max_tokens": self.settings.max_tokens}

    def key(self, job: Job, variant: str) -> str:
        p = prompt(self.templates_dir, job.task, variant)
        model = self.settings.model_for(job.task)
        return reply_key(model, self.base_url, p.digest, self.params, job.payload)

    def cached(self, job: Job, variant: str) -> dict[str, Any] | None:
        """The cached reply of a variant, if any (for the A/B evaluation; no hit counted)."""
        return self.cache.peek(self.key(job, variant))

    def write(self, job: Job, variant: str) -> tuple[dict[str, Any], str]:
        """The accepted reply and its source label, or Fallback."""
        model = self.settings.model_for(job.task)
        p = prompt(self.templates_dir, job.task, variant)
        key = reply_key(model, self.base_url, p.digest, self.params, job.payload)
        source = f"model:{model}"
        cached = self.cache.get(key)
        if cached is not None:
            try:
                return check(job.task, cached, job.quantities), source
            except Rejected:
                pass  # the guard got stricter since: ask again
        if self.client is None:
            raise Fallback("not in the cache (no endpoint configured)")
        context = {**job.context, "facts_json": facts_json(job.facts)}
        try:
            data, mode = self.client.complete(
                model, messages(self.templates_dir, p, context), job.task, json_schema(job.task)
            )
            reply = check(job.task, data, job.quantities)
        except ModelError as exc:
            raise Fallback(exc.reason) from None
        except Rejected as exc:
            raise Fallback(exc.reason) from None
        self.cache.put(
            key,
            {
                "task": job.task,
                "item": job.item,
                "model": model,
                "base_url": self.base_url,
                "prompt": f"{job.task}.{p.version}",
                "mode": mode,
                "reply": reply,
            },
        )
        return reply, source

    @property
    def requests(self) -> int:
        return self.client.requests if self.client else 0
