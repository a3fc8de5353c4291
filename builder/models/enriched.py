"""The portfolio after every enrich stage: what the renderers read."""

from builder.models.base import Record
from builder.models.config import Paths, ShowcaseConfig
from builder.models.mlops import ModelReport
from builder.models.narratives import NarrativeSet
from builder.models.portfolio import Portfolio
from builder.models.search import SearchIndex
from builder.models.value import ValueReport


class Enriched(Record):
    config: ShowcaseConfig
    paths: Paths
    site_url: str | None = None
    portfolio: Portfolio
    values: ValueReport
    model: ModelReport
    narratives: NarrativeSet
    search: SearchIndex


class SiteBundle(Record):
    """What the renderers produce: Markdown pages and binary assets, keyed by site path."""

    pages: dict[str, str]
    assets: dict[str, bytes]
    nav: list
    source_date_epoch: int = (
        0  # newest data date: pins MkDocs' build date for byte-identical builds
    )
