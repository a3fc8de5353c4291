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
            "OPENAI_BASE_URL in the environment wins. Never published: pages name the host."
        ),
    )
    model: str | None = Field(
        None,
        description="Model for every task not in `models`. Unset: gpt-4o-mini on OpenAI, the "
        "one model another server lists at GET /models (name one when it lists several).",
    )
    models: dict[Task, str] = Field(
        default_factory=dict,
        description="Model per task, e.g. {about: gpt-4o, bullets: gpt-4o-mini}.",
    )
    temperature: float = Field(0.0, ge=0, le=2)
    max_tokens: int = Field(700, ge=64, le=8192, description="Reply length cap per request.")
    timeout_seconds: float = Field(
        60.0, gt=0, description="Per request: how long to wait for the reply (read timeout)."
    )
    connect_timeout_seconds: float = Field(
        5.0, gt=0, description="Per request: how long to wait for the connection to open."
    )
    max_retries: int = Field(
        2,
        ge=0,
        le=10,
        description="Retries of the openai client after 408, 409, 429, 5xx, timeouts and "
        "connection errors, with its backoff (0.5 s doubling to 8 s) or the server's "
        "Retry-After.",
    )
    failure_threshold: int = Field(
        3,
        ge=1,
        description="Requests failing in a row because the endpoint is down (no connection, "
        "timeouts, 5xx after retries) before the build stops calling it and uses templates.",
    )
    concurrency: int = Field(4, ge=1, le=32, description="Requests in flight at once.")
    budget_seconds: float = Field(
        900.0,
        gt=0,
        description="Time for the whole narratives stage; past it, the remaining texts come "
        "from the reply cache or the templates (the build report says how many).",
    )
    prompt_variants: dict[Task, str] = Field(
        default_factory=dict,
        description="Pin a variant (prompt and template) per task; else the A/B winner, else 'a'.",
    )
    publish_interview: bool = Field(
        False,
        description="Publish the interview pack (scripts per role, pitches) on the site. Off: "
        "it is written to .showcase-private/interview/ next to mkdocs.yml, never into site/.",
    )
    cache_file: str = Field("achievements/llm_cache.jsonl", description="Relative to mkdocs.yml.")
    cache_mode: CacheMode = Field(
        "read-write",
        description="off: no cache; read-only: use, never write; read-write: use and add; "
        "refresh: ask the model again and overwrite. Writing keeps only the entries this "
        "build used.",
    )
