"""Interview panels per target role: site_templates/narratives/roles.yml, edited by the owner."""

from pydantic import Field

from builder.models.base import StrictModel

ROLES_FILE = "narratives/roles.yml"  # under templates_dir


class RoleQuestion(StrictModel):
    question: str = Field(description="What the interviewer asks.")
    categories: tuple[str, ...] = Field((), description="Achievement categories that answer it.")
    keywords: tuple[str, ...] = Field((), description="Words in an achievement that fit it.")


class RolePanel(StrictModel):
    name: str | None = Field(None, description="The role, for the owner's reference.")
    match: tuple[str, ...] = Field(
        (), description="A target role containing any of these phrases gets this panel."
    )
    keywords: tuple[str, ...] = Field((), description="Words the whole panel listens for.")
    questions: tuple[RoleQuestion, ...] = ()


class GenericPanel(StrictModel):
    """For a target role no panel matches (its own words are added to the keywords)."""

    keywords: tuple[str, ...] = ()
    questions: tuple[RoleQuestion, ...] = ()


class RolesFile(StrictModel):
    common_questions: tuple[RoleQuestion, ...] = Field(
        (), description="Asked in every panel, first."
    )
    roles: tuple[RolePanel, ...] = ()
    generic: GenericPanel = Field(default_factory=GenericPanel)
