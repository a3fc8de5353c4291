"""The `showcase` plugin's settings, read from the `plugins:` entry of mkdocs.yml."""

from pathlib import Path

from pydantic import Field

from builder.models.base import StrictModel
from builder.models.mlops_settings import MlopsSettings
from builder.models.narrative_settings import NarrativeSettings
from builder.models.pdf_settings import PdfSettings
from builder.models.search_settings import SearchSettings
from builder.models.value_settings import ValueSettings


class ShowcaseConfig(StrictModel):
    data_dir: str = Field("achievements", description="Owner's YAML, relative to mkdocs.yml.")
    profile_file: str = Field("profile.yml", description="Profile file inside data_dir.")
    exports_dir: str = Field("exports", description="PR exports folder inside data_dir.")
    cache_dir: str = Field(".cache/showcase", description="Content-addressed cache folder.")
    templates_dir: str = Field("site_templates", description="Jinja2 templates folder.")
    github_host: str = Field(
        "github.com",
        pattern=r"^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$",
        description="Host of your PR URLs: github.com, or your GitHub Enterprise host.",
    )
    value: ValueSettings = Field(default_factory=ValueSettings)
    mlops: MlopsSettings = Field(default_factory=MlopsSettings)
    narratives: NarrativeSettings = Field(default_factory=NarrativeSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    pdf: PdfSettings = Field(default_factory=PdfSettings)


class Paths(StrictModel):
    """Absolute locations, resolved once against the folder holding mkdocs.yml."""

    root: Path
    data_dir: Path
    profile_file: Path
    exports_dir: Path
    cache_dir: Path
    templates_dir: Path
    github_host: str = "github.com"  # not a path, but every loader of PR exports needs it

    @classmethod
    def resolve(cls, config: ShowcaseConfig, root: Path) -> "Paths":
        data = root / config.data_dir
        return cls(
            root=root,
            data_dir=data,
            profile_file=data / config.profile_file,
            exports_dir=data / config.exports_dir,
            cache_dir=root / config.cache_dir,
            templates_dir=root / config.templates_dir,
            github_host=config.github_host,
        )
