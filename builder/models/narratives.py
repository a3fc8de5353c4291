"""Records the narrative stage returns (owned by builder/narratives).

Every text here is untrusted (the owner's prose or a model's reply): pages escape it.
"""

from builder.models.base import Record

TEMPLATE_SOURCE = "template"


class AchievementNarrative(Record):
    achievement_id: str
    star: dict[str, str] = {}  # situation, task, action, result
    bullets: tuple[str, ...] = ()
    talking_points: tuple[str, ...] = ()
    pitch: str = ""
    source: str = TEMPLATE_SOURCE  # "template" or "model:<name>" (of the STAR story)
    bullets_source: str = TEMPLATE_SOURCE  # bullets, talking points and pitch


class InterviewAnswer(Record):
    question: str
    answer: str
    achievement_ids: tuple[str, ...]  # what the answer draws on, linked from the page
    source: str = TEMPLATE_SOURCE


class InterviewScript(Record):
    role: str
    slug: str
    answers: tuple[InterviewAnswer, ...]


class Fallback(Record):
    """One text that did not come from the model, and why."""

    task: str
    item: str  # achievement id, "about", or "<role-slug>#<question number>"
    reason: str


class VariantScore(Record):
    variant: str
    mean: float
    grounded_rate: float
    length_ok_rate: float
    sections_rate: float
    keyword_coverage: float
    n: int


class TaskEvaluation(Record):
    """Prompt A/B for one task: per-variant scores and the paired test of the top two."""

    task: str
    kind: str  # "template" or "prompt" variants
    scored: str  # what was scored: template outputs, cached model replies, ...
    variants: tuple[VariantScore, ...]
    baseline: str
    challenger: str | None = None
    pairs: int = 0
    statistic: float | None = None
    p_value: float | None = None
    winner: str
    decision: str  # one sentence: why this variant is used


class NarrativeSet(Record):
    achievements: dict[str, AchievementNarrative] = {}
    about: str = ""
    about_source: str = TEMPLATE_SOURCE
    interviews: tuple[InterviewScript, ...] = ()
    backend: str = TEMPLATE_SOURCE  # "template", "model" or "cache replay"
    # Where the texts came from, at most the host: the base URL itself is never published.
    endpoint: str | None = None  # host name, when a model was configured
    endpoint_kind: str | None = None  # "OpenAI API" or "OpenAI-compatible server"
    output_mode: str | None = None  # structured output the server accepted: json_schema, ...
    models: dict[str, str] = {}  # task -> model, when a model was configured
    prompt_versions: dict[str, str] = {}  # task -> "<variant>@<hash12>" used for this build
    fallbacks: tuple[Fallback, ...] = ()
    texts: int = 0  # generated texts in total (model or template)
    requests: int = 0  # HTTP requests sent to the model
    cache_hits: int = 0
    evaluations: tuple[TaskEvaluation, ...] = ()
    # The grounding guard on the model's replies: "accepted" and each rejection category
    # (invented number, missing fact, bad JSON, off-length) -> texts.
    guard: dict[str, int] = {}
    budget_seconds: float | None = None  # the stage's time budget, when a model was called

    @property
    def guard_rejected(self) -> int:
        return sum(n for verdict, n in self.guard.items() if verdict != "accepted")

    @property
    def fallback_reasons(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for fallback in self.fallbacks:
            counts[fallback.reason] = counts.get(fallback.reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
