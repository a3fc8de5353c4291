"""The theme vocabulary: a few named kinds of work, each matched to achievements by their
category, skills, tags and title words (builder/search/themes.yml, or the owner's own)."""

from pydantic import Field, field_validator

from builder.models.achievement import Category
from builder.models.base import StrictModel

THEMES_FILE = "themes.yml"  # the owner's vocabulary, under templates_dir (optional)


class ThemeRule(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60, description="URL slug.")
    label: str = Field(
        min_length=1, max_length=60, description="What a reader sees, e.g. 'Platform reliability'."
    )
    categories: tuple[Category, ...] = Field(
        (), description="Achievement categories of this theme."
    )
    skills: tuple[str, ...] = Field(
        (), description="Skills or tags that point here (case-insensitive, exact)."
    )
    title_words: tuple[str, ...] = Field(
        (), description="Words or phrases in an achievement's title that point here."
    )

    @field_validator("label")
    @classmethod
    def _a_name_not_a_list(cls, label: str) -> str:
        # "Gateway, GPU, minutes" is what the old keyword labels looked like: a name reads better
        if "," in label or ";" in label:
            raise ValueError("a theme's label is a name ('Platform reliability'), not a list")
        return label


class ThemeVocabulary(StrictModel):
    themes: tuple[ThemeRule, ...] = Field(min_length=1)

    @field_validator("themes")
    @classmethod
    def _ids_unique(cls, themes: tuple[ThemeRule, ...]) -> tuple[ThemeRule, ...]:
        seen: set[str] = set()
        for rule in themes:
            if rule.id in seen:
                raise ValueError(f"theme id {rule.id!r} appears twice")
            seen.add(rule.id)
        return themes
