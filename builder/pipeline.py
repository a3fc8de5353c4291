"""The one place that orders the stages: load -> enrich -> render. Read this first.

Each stage takes typed records and returns typed records; none reaches back into an earlier
one. Every caller that needs earlier stages comes here: the MkDocs plugin and `showcase
build` for the whole site, the other commands with `until=` for the stages they need.
Options reach the stages as one BuildOptions record. Writing to disk is not here: MkDocs
writes the pages this returns (see publish/plugin.py), and publish/write.py swaps the
finished site into place.

A Session is what a long-lived caller keeps between builds (`mkdocs serve`): the open
caches, with an in-memory layer over the disk, and the loaded sentence-transformer, so a
reload re-reads nothing it has seen and loads no model twice. A one-shot build makes a
fresh one.
"""

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from builder import bundle_cache
from builder.cache import Cache, user_cache_dir
from builder.load.sources import load_sources
from builder.models.config import Paths, ShowcaseConfig
from builder.models.enriched import Enriched, SiteBundle
from builder.models.options import BuildOptions
from builder.narratives.environment import endpoint_environment
from builder.progress import stage

log = logging.getLogger("showcase")

if TYPE_CHECKING:
    from builder.search.embed import Embedder

Stage = Literal["load", "value", "mlops", "narratives", "search"]


@dataclass
class Session:
    """Caches and models that outlive one build (kept by the MkDocs plugin under serve)."""

    caches: dict[Path, Cache] = field(default_factory=dict)
    embedders: dict[tuple[Path, str | None], "Embedder"] = field(default_factory=dict)
    # vocabulary token vectors depend on the model alone: shared by every project of the user
    token_cache_dir: Path = field(default_factory=user_cache_dir)

    def cache(self, folder: Path) -> Cache:
        if folder not in self.caches:
            self.caches[folder] = Cache(folder, memory=True)
        return self.caches[folder]

    def preload(self, config: ShowcaseConfig, root: Path) -> None:
        """Load the embedding model in the background, so the first reload after an edit
        does not wait for it (the first build of a `serve` may not have needed it)."""
        cache = self.cache(Paths.resolve(config, root).cache_dir)
        embedder = self.embedder(config.search.model, cache)
        if "backend" not in vars(embedder):  # not loaded yet (a cached_property)
            threading.Thread(target=lambda: embedder.backend, daemon=True).start()

    def embedder(self, model: str | None, cache: Cache) -> "Embedder":
        """One Embedder per model: its model is loaded at most once."""
        from builder.search.embed import Embedder

        key = (cache.root, model)
        if key not in self.embedders:
            tokens = self.cache(self.token_cache_dir)
            self.embedders[key] = Embedder(model, cache, token_cache=tokens)
        return self.embedders[key]


def enrich(
    config: ShowcaseConfig,
    root: Path,
    options: BuildOptions,
    until: Stage = "search",
    session: Session | None = None,
) -> Enriched:
    """Load the owner's data (every file validated first) and run the enrich stages over what
    may be published, stopping after `until`: the later stages' fields stay None."""
    # The stages are imported when they run: a build served from the site cache (see
    # build) loads no machine-learning library.
    from builder.mlops.stage import run_impact_model
    from builder.narratives.stage import write_narratives
    from builder.search.stage import build_search
    from builder.value.stage import price_portfolio

    session = session or Session()
    paths = Paths.resolve(config, root)
    cache = session.cache(paths.cache_dir)
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
        values = price_portfolio(portfolio, config.value, cache)
    enriched = enriched.model_copy(update={"values": values})
    if until == "value":
        return enriched

    with stage("Training and checking the impact model"):
        # The model's text feature is the search stage's own vectors: one embedder, and
        # each text encoded once per build (search then finds them in the cache).
        embedder = session.embedder(config.search.model, cache)
        model = run_impact_model(
            portfolio, values, config.mlops, paths, cache, embedder.embed, options.preview
        )
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
        embedder = session.embedder(config.search.model, cache)
        search = build_search(
            portfolio,
            values,
            config.search,
            cache,
            embedder,
            vocabulary=sources.themes,
            preview=options.preview,
        )
    return enriched.model_copy(update={"search": search})


def build(
    config: ShowcaseConfig, root: Path, options: BuildOptions, session: Session | None = None
) -> SiteBundle:
    """Everything the site needs, as in-memory pages and assets: the bundle of the last build
    when nothing it read has changed since, else a new one."""
    session = session or Session()
    paths = Paths.resolve(config, root)
    cache = session.cache(paths.cache_dir)
    environ = endpoint_environment()
    cached = bundle_cache.load(cache, bundle_cache.fingerprint(config, paths, options, environ))
    if cached is not None:
        log.info("Nothing changed since the last build: its pages are used as they are")
        return cached
    enriched = enrich(config, root, options, session=session)
    with stage("Rendering pages, charts and PDFs"):
        from builder.render.site import render_site

        bundle = render_site(enriched)
    if replayable(enriched):
        key = bundle_cache.fingerprint(config, paths, options, environ)
        bundle_cache.store(cache, key, bundle)
    return bundle


def replayable(enriched: Enriched) -> bool:
    """A bundle may stand in for the next build when that build would make the same one: not
    when a model was asked this time (the next build replays its cache and says so) or some
    texts fell back to the templates (the endpoint may answer next time)."""
    narratives = enriched.narratives
    if narratives is None or narratives.endpoint is None:
        return True
    return narratives.requests == 0 and not narratives.fallbacks
