"""The owner's profile: who they are and which roles they are after."""

from typing import Literal

from pydantic import Field

from builder.models.base import StrictModel


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
    years_experience: float | None = Field(None, ge=0)
