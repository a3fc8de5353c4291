"""The owner's profile: who they are and which roles they are after."""

from typing import Literal

from pydantic import Field, model_validator

from builder.models.base import StrictModel
from builder.models.cv import (
    Certification,
    Education,
    Experience,
    Language,
    Publication,
    SkillGroup,
    Talk,
)


class Link(StrictModel):
    label: str = Field(description="Text shown for the link, e.g. 'GitHub'.")
    url: str = Field(pattern=r"^(https?://|mailto:)", description="http(s) or mailto URL.")


class Profile(StrictModel):
    name: str = Field(min_length=1, description="Full name shown on the site and the PDFs.")
    headline: str = Field(min_length=1, description="One line under the name.")
    target_roles: list[str] = Field(
        min_length=1, description="Roles the portfolio is aimed at, e.g. 'MLOps Engineer'."
    )
    summary: str = Field("", description="A short paragraph about the owner (Markdown).")
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+$")
    location: str | None = None
    remote: Literal["remote", "hybrid", "onsite", "open"] = Field(
        "open", description="Work-place preference."
    )
    links: list[Link] = Field(default_factory=list)
    team_size: int | None = Field(
        None, ge=1, description="Size of the owner's usual team (used for velocity KPIs)."
    )
    years_experience: float | None = Field(
        None, ge=0, description="Years of experience; counted from `experience` when left out."
    )
    experience: list[Experience] = Field(
        default_factory=list, description="Positions held, any order (the CV lists newest first)."
    )
    education: list[Education] = Field(default_factory=list)
    skill_groups: list[SkillGroup] = Field(
        default_factory=list,
        description="Skills grouped as the resume shows them; without it, a built-in mapping "
        "sorts the achievements' skills into languages, ML/LLM, infrastructure and data.",
    )
    certifications: list[Certification] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    talks: list[Talk] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_experience_keys(self) -> "Profile":
        keys = [e.key for e in self.experience if e.key is not None]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"experience keys must be unique; repeated: {', '.join(repeated)}")
        return self
