"""One achievement, as the owner writes it in YAML."""

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from builder.models.base import StrictModel
from builder.models.profile import Link

Category = Literal[
    "mlops",
    "llm",
    "genai",
    "ml",
    "data",
    "infrastructure",
    "observability",
    "reliability",
    "security",
    "cost",
    "developer-experience",
    "leadership",
    "other",
]


class Metric(StrictModel):
    name: str = Field(description="What was measured, e.g. 'p95 latency'.")
    before: float | None = None
    after: float | None = None
    unit: str = Field("", description="Unit of before/after, e.g. 'ms', 'USD/month', 'h/week'.")
    note: str = ""


class Achievement(StrictModel):
    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=80,
        description="Stable slug, used in URLs: lowercase letters, digits and dashes.",
    )
    title: str = Field(min_length=1)
    date: dt.date = Field(description="When it shipped (or started, with end_date).")
    end_date: dt.date | None = Field(None, description="Last day, for work spanning a range.")
    organisation: str | None = None
    experience: str | None = Field(
        None,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Key of the profile's experience entry this belongs to (else matched by "
        "organisation and date).",
    )
    project: str | None = None
    summary: str = Field(min_length=1, description="Two or three sentences (Markdown).")
    problem: str = ""
    action: str = ""
    result: str = ""
    skills: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    category: Category = "other"
    metrics: list[Metric] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    related_prs: list[str] = Field(
        default_factory=list, description="URLs of pull requests that delivered this work."
    )
    team_size: int | None = Field(None, ge=1, description="People who benefit or took part.")
    beneficiary_role: str | None = Field(
        None, description="Who benefits, e.g. 'senior developer' (prices hours saved)."
    )
    hours_saved_per_week: float | None = Field(
        None, ge=0, description="Hours saved per week PER PERSON; multiplied by team_size."
    )
    effort_hours: float | None = Field(None, ge=0, description="Effort spent, for ROI.")
    impact_score: float | None = Field(
        None, ge=0, le=10, description="Owner's own impact label 0-10 (trains the impact model)."
    )
    featured: bool = False
    private: bool = Field(False, description="Private achievements never reach the site.")
    draft: bool = Field(False, description="Set by 'showcase ingest'; remove once reviewed.")

    @model_validator(mode="after")
    def _end_after_start(self) -> "Achievement":
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        return self

    @property
    def text(self) -> str:
        """All prose of the achievement, in reading order (what the value engine parses)."""
        parts = [self.title, self.summary, self.problem, self.action, self.result]
        return "\n\n".join(p for p in parts if p)
