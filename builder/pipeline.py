"""The one place that orders the stages: load -> enrich -> render. Read this first.

Each stage takes typed records and returns typed records; none reaches back into an earlier
one. Writing to disk is not here: MkDocs writes the pages this returns (see mkdocs_plugin.py),
and write.py swaps the finished site into place.
"""

from pathlib import Path

from builder.cache import Cache
from builder.load import load_portfolio
from builder.mlops.stage import run_impact_model
from builder.models.config import Paths, ShowcaseConfig
from builder.models.enriched import Enriched, SiteBundle
from builder.narratives.stage import write_narratives
from builder.progress import stage
from builder.render.site import render_site
from builder.search.stage import build_search
from builder.value.stage import price_portfolio


def enrich(config: ShowcaseConfig, root: Path, site_url: str | None = None) -> Enriched:
    """Load the owner's data and run every enrich stage over what may be published."""
    paths = Paths.resolve(config, root)
    cache = Cache(paths.cache_dir)
    with stage("Loading achievements and PR exports"):
        portfolio = load_portfolio(paths).public()
    with stage("Pricing business value"):
        values = price_portfolio(portfolio, config.value)
    with stage("Training and checking the impact model"):
        model = run_impact_model(portfolio, values, config.mlops, paths, cache)
    with stage("Writing narratives"):
        narratives = write_narratives(portfolio, values, model, config.narratives, paths, cache)
    with stage("Embedding and indexing for search"):
        search = build_search(
            portfolio, values, config.search, cache, client_dir=paths.templates_dir / "search"
        )
    return Enriched(
        config=config,
        paths=paths,
        site_url=site_url,
        portfolio=portfolio,
        values=values,
        model=model,
        narratives=narratives,
        search=search,
    )


def build(config: ShowcaseConfig, root: Path, site_url: str | None = None) -> SiteBundle:
    """Everything the site needs, as in-memory pages and assets."""
    enriched = enrich(config, root, site_url)
    with stage("Rendering pages, charts and PDFs"):
        return render_site(enriched)
