"""What the stages hand on: the owner's files as loaded, and the portfolio after enrich."""

from builder.models.base import Record
from builder.models.config import Paths, ShowcaseConfig
from builder.models.mlops import ModelReport
from builder.models.narratives import NarrativeSet
from builder.models.portfolio import Portfolio
from builder.models.roles import RolesFile
from builder.models.search import SearchIndex
from builder.models.themes import ThemeVocabulary
from builder.models.value import ValueReport


class Sources(Record):
    """The load stage's output: every owner-edited file, validated."""

    portfolio: Portfolio
    roles: RolesFile | None = None  # None: no roles file (the narratives stage says so)
    themes: ThemeVocabulary | None = None  # None: the vocabulary shipped with the package


class Enriched(Record):
    """The portfolio after the enrich stages. A full build fills every field; a command that
    stops the pipeline early (`until=`) gets None for the stages after it."""

    config: ShowcaseConfig
    paths: Paths
    site_url: str | None = None
    portfolio: Portfolio
    roles: RolesFile | None = None
    values: ValueReport | None = None
    model: ModelReport | None = None
    narratives: NarrativeSet | None = None
    search: SearchIndex | None = None


class SiteBundle(Record):
    """What the renderers produce: Markdown pages and binary assets, keyed by site path."""

    pages: dict[str, str]
    assets: dict[str, bytes]
    nav: list
    # The owner's own pages (the interview pack unless published): never part of site/;
    # keyed by path under .showcase-private/ (publish/private.py writes them there).
    private_pages: dict[str, str] = {}
    source_date_epoch: int = (
        0  # newest data date: pins MkDocs' build date for byte-identical builds
    )
