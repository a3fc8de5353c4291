"""The one place that orders the stages: load -> enrich -> render. Read this first.

Each stage takes typed records and returns typed records; none reaches back into an earlier
one. Every caller that needs earlier stages comes here: the MkDocs plugin and `showcase
build` for the whole site, the other commands with `until=` for the stages they need.
Options reach the stages as one BuildOptions record. Writing to disk is not here: MkDocs
writes the pages this returns (see publish/plugin.py), and publish/write.py swaps the
finished site into place.
"""

from pathlib import Path
from typing import Literal

from builder.cache import Cache
from builder.load.sources import load_sources
from builder.mlops.stage import run_impact_model
from builder.models.config import Paths, ShowcaseConfig
from builder.models.enriched import Enriched, SiteBundle
from builder.models.options import BuildOptions
from builder.narratives.client import endpoint_environment
from builder.narratives.stage import write_narratives
from builder.progress import stage
from builder.render.site import render_site
from builder.search.stage import build_search
from builder.value.stage import price_portfolio

Stage = Literal["load", "value", "mlops", "narratives", "search"]


def enrich(
    config: ShowcaseConfig, root: Path, options: BuildOptions, until: Stage = "search"
) -> Enriched:
    """Load the owner's data (every file validated first) and run the enrich stages over what
    may be published, stopping after `until`: the later stages' fields stay None."""
    paths = Paths.resolve(config, root)
    cache = Cache(paths.cache_dir)
    with stage("Loading achievements and PR exports"):
        sources = load_sources(paths)
    portfolio = sources.portfolio.public()
    enriched = Enriched(
        config=config,
        paths=paths,
        site_url=options.site_url,
        portfolio=portfolio,
        roles=sources.roles,
    )
    if until == "load":
        return enriched

    with stage("Pricing business value"):
        values = price_portfolio(portfolio, config.value)
    enriched = enriched.model_copy(update={"values": values})
    if until == "value":
        return enriched

    with stage("Training and checking the impact model"):
        model = run_impact_model(portfolio, values, config.mlops, paths, cache)
    enriched = enriched.model_copy(update={"model": model})
    if until == "mlops":
        return enriched

    with stage("Writing narratives"):
        narratives = write_narratives(
            portfolio,
            values,
            model,
            options.narrative_settings(config.narratives),
            paths,
            cache,
            roles=sources.roles,
            environ=endpoint_environment(),
        )
    enriched = enriched.model_copy(update={"narratives": narratives})
    if until == "narratives":
        return enriched

    with stage("Embedding and indexing for search"):
        search = build_search(portfolio, values, config.search, cache)
    return enriched.model_copy(update={"search": search})


def build(config: ShowcaseConfig, root: Path, options: BuildOptions) -> SiteBundle:
    """Everything the site needs, as in-memory pages and assets."""
    enriched = enrich(config, root, options)
    with stage("Rendering pages, charts and PDFs"):
        return render_site(enriched)
