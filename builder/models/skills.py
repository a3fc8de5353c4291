"""The skill vocabulary `showcase tailor` reads postings and achievements with."""

from pydantic import Field

from builder.models.base import StrictModel

SKILLS_FILE = "skills.yml"  # the owner's optional additions, inside the data folder


class Skill(StrictModel):
    name: str = Field(min_length=1, description="Canonical name, as reports print it.")
    aliases: list[str] = Field(default_factory=list, description="Other ways postings write it.")
    group: str = Field("other", description="Family, e.g. 'mlops', 'llm', 'infrastructure'.")
    case_sensitive: bool = Field(
        False, description="Match the exact case only (for names that are also words: Go, C)."
    )


class SkillsFile(StrictModel):
    """The shipped vocabulary, or the owner's additions to it (achievements/skills.yml)."""

    version: int | None = Field(None, ge=1, description="Bumped whenever an entry changes.")
    skills: list[Skill] = Field(default_factory=list)


class SkillVocabulary(StrictModel):
    """The shipped list with the owner's entries merged in (an owner entry of the same name
    adds its aliases and may change the group)."""

    version: str = Field(description="'1', or '1+owner' when the owner's file added to it.")
    skills: tuple[Skill, ...]
