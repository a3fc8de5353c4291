"""Settings of the narrative writer (owned by builder/narratives)."""

from typing import Literal

from pydantic import Field

from builder.models.base import StrictModel

Task = Literal["star", "bullets", "about", "interview"]
# The one list of cache modes: click.Choice and BuildOptions take it from here (get_args).
CacheMode = Literal["off", "read-only", "read-write", "refresh"]
Backend = Literal["auto", "template", "model"]


class NarrativeSettings(StrictModel):
    backend: Backend = Field(
        "auto",
        description=(
            "'auto': the model when OPENAI_API_KEY, OPENAI_BASE_URL or base_url is set, else "
            "templates; 'template': never call a model; 'model': the model (default endpoint "
            "when none is set)."
        ),
    )
    base_url: str | None = Field(
        None,
        description=(
            "OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 for llama.cpp's server; "
            "OPENAI_BASE_URL in the environment wins."
        ),
    )
    model: str = Field("gpt-4o-mini", description="Model used for every task not in `models`.")
    models: dict[Task, str] = Field(
        default_factory=dict,
        description="Model per task, e.g. {about: gpt-4o, bullets: gpt-4o-mini}.",
    )
    temperature: float = Field(0.0, ge=0, le=2)
    max_tokens: int = Field(700, ge=64, le=8192, description="Reply length cap per request.")
    timeout_seconds: float = Field(60.0, gt=0, description="Per request, connect and read.")
    max_retries: int = Field(2, ge=0, le=10, description="Retries after 429, 5xx, timeouts.")
    backoff_seconds: float = Field(
        1.0, ge=0, description="First retry delay; doubles per retry (a Retry-After wins)."
    )
    max_backoff_seconds: float = Field(30.0, ge=0)
    failure_threshold: int = Field(
        3,
        ge=1,
        description="Requests failing in a row (after retries) before the build stops calling "
        "the endpoint and uses templates for the rest.",
    )
    prompt_variants: dict[Task, str] = Field(
        default_factory=dict,
        description="Pin a variant (prompt and template) per task; else the A/B winner, else 'a'.",
    )
    cache_file: str = Field("achievements/llm_cache.jsonl", description="Relative to mkdocs.yml.")
    cache_mode: CacheMode = Field(
        "read-write",
        description="off: no cache; read-only: use, never write; read-write: use and add; "
        "refresh: ask the model again and overwrite.",
    )

    def model_for(self, task: str) -> str:
        return self.models.get(task, self.model)  # type: ignore[call-overload]
