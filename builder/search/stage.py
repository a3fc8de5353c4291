"""Semantic search: embeddings, FAISS indexes, and the index the browser searches with.

build_search reads top to bottom: embed the achievements with the full model (cached), find
related achievements and themes with FAISS, fit the static token table the browser embeds
queries with, gather the browser's index (documents, BM25, quantised vectors and table), then
check the browser's search against the full model and plain keyword search. The browser's
files are compiled from that record by builder/render/search_assets.py.
"""

import hashlib
import logging
from collections import Counter
from collections.abc import Sequence

import numpy as np

from builder.cache import Cache, content_hash
from builder.models.achievement import Achievement
from builder.models.portfolio import Portfolio
from builder.models.search import (
    BrowserSearch,
    FloorCalibration,
    Fusion,
    ProductCodes,
    Scores,
    SearchDoc,
    SearchIndex,
    SearchQuality,
    Theme,
)
from builder.models.search_settings import SearchSettings
from builder.models.themes import ThemeVocabulary
from builder.models.value import ValueReport
from builder.search import related as related_search
from builder.search.client import DEFAULT_RULE, BrowserIndex
from builder.search.embed import Embedder
from builder.search.evaluate import evaluate
from builder.search.floor import site_fusion
from builder.search.lexical import build_bm25
from builder.search.quantize import encode_product, product_quantize, quantize
from builder.search.static_table import (
    NAMESPACE,
    TokenTable,
    fit_table,
    pack_fit,
    principal_axes,
    project,
    refit_rows,
    site_table,
    unpack_fit,
)
from builder.search.texts import (
    document_text,
    exact_names,
    lexical_text,
    snippet,
    word_windows,
)
from builder.search.themes import build_themes

log = logging.getLogger(__name__)

SELF_CHECK_QUERIES = 300
# Fusion gives up a little on queries keyword search already answers perfectly (the self-check's
# PR titles mostly are) to win paraphrases; only a larger gap means the semantic layer is off.
TOLERANCE = 0.05
FIT_SETTINGS = {"dims", "common_words", "fit_windows", "ridge_alpha", "row_refit", "seed"}
PQ_NAMESPACE = "search-pq"
LAST_NAMESPACE = "search-last"  # the last build's axes and codebooks, for the live preview
SUGGESTED_SKILLS = 6


def build_search(
    portfolio: Portfolio,
    values: ValueReport,
    settings: SearchSettings,
    cache: Cache,
    embedder: Embedder | None = None,
    vocabulary: ThemeVocabulary | None = None,
    preview: bool = False,
) -> SearchIndex:
    """`preview` (the live-preview server): a table that changed is fitted on the last
    build's axes and coded with its codebooks, and the self-check waits for the build."""
    if not settings.enabled or not portfolio.achievements:
        return SearchIndex()
    achievements = sorted(portfolio.achievements, key=lambda a: a.id)
    ids = [a.id for a in achievements]
    texts = [document_text(a) for a in achievements]
    embedder = embedder or Embedder(settings.model, cache)
    full = embedder.embed(texts)

    related = related_search.related(ids, full, settings.related_k)
    themes = build_themes(achievements, full, settings.themes, settings.seed, vocabulary)

    fit_texts = training_windows(ids, texts, settings)
    if settings.fit_pr_titles:
        fit_texts = sorted(set(fit_texts) | {pr.title for pr in portfolio.pull_requests})
    fitted, axes = query_table(texts, full, fit_texts, embedder, settings, cache, preview)
    browser = BrowserSearch(
        docs=tuple(search_doc(a, values, themes) for a in achievements),
        lexical=build_bm25([lexical_text(a) for a in achievements]),
        names=names_index(achievements),
        suggestions=top_skills(achievements),
        # a stand-in until site_fusion measures this site's floor on the shipped numbers
        fusion=DEFAULT_RULE.applied(semantic_floor=1.0),
        vectors=quantize(project(full, axes)),
        tokens=fitted.tokens,
        table=coded_table(fitted, settings, cache, preview),
    )
    browser = fused(browser, settings, cache, preview)
    quality = None
    if settings.self_check and not preview:
        quality = self_check(browser, portfolio, ids, texts, full, embedder, settings)
    return SearchIndex(related=related, themes=themes, browser=browser, quality=quality)


def query_table(
    texts: Sequence[str],
    full: np.ndarray,
    fit_texts: Sequence[str],
    embedder: Embedder,
    settings: SearchSettings,
    cache: Cache,
    preview: bool = False,
) -> tuple[TokenTable, np.ndarray | None]:
    """The browser's token table and the projection of document vectors into its space,
    cached by everything they depend on (a warm build neither distils nor refits)."""
    key = content_hash(
        "query-table",
        embedder.identity,
        list(texts),
        list(fit_texts),
        settings.model_dump(include=FIT_SETTINGS),
    )
    cached = cache.get_bytes(NAMESPACE, key)
    if cached is not None:
        return unpack_fit(cached)
    fit_vectors = embedder.embed(list(fit_texts)) if fit_texts else full[:0]
    last = cache.get_bytes(LAST_NAMESPACE, "fit") if preview else None
    if last is not None:
        axes = unpack_fit(last)[1]  # the SVD is a second of a reload: the last build's axes
    else:
        axes = principal_axes(np.vstack([full, fit_vectors]), settings.dims)
    table = site_table(texts, settings.common_words, embedder)
    targets = project(np.vstack([full, fit_vectors]), axes)
    fitted = fit_table(table, [*texts, *fit_texts], targets, settings.ridge_alpha)
    if settings.row_refit is not None and last is None:  # the second pass waits for a build
        fitted = refit_rows(fitted, [*texts, *fit_texts], targets, settings.row_refit)
    if last is None:  # a preview's table is its own: never served to a build
        cache.put_bytes(NAMESPACE, key, pack_fit(fitted, axes))
        cache.put_bytes(LAST_NAMESPACE, "fit", pack_fit(fitted, axes))
    return fitted, axes


def fused(
    browser: BrowserSearch, settings: SearchSettings, cache: Cache, preview: bool
) -> BrowserSearch:
    """The fusion rule with this site's floor, measured on its own numbers by a build; the
    live preview takes the last build's (the calibration is a second of a reload)."""
    last = cache.get_json(LAST_NAMESPACE, "floor") if preview else None
    if last is not None:
        return browser.model_copy(
            update={
                "fusion": Fusion.model_validate(last["fusion"]),
                "floor": FloorCalibration.model_validate(last["floor"]),
            }
        )
    browser = site_fusion(browser, DEFAULT_RULE, settings.seed)
    if not preview and browser.floor is not None:
        measured = {"fusion": browser.fusion.model_dump(), "floor": browser.floor.model_dump()}
        cache.put_json(LAST_NAMESPACE, "floor", measured)
    return browser


def coded_table(
    fitted: TokenTable, settings: SearchSettings, cache: Cache, preview: bool = False
) -> ProductCodes:
    """The token table by product quantisation, cached by the table's bytes (k-means over
    thousands of rows is the slow part of a warm build otherwise)."""
    table = hashlib.sha256(fitted.vectors.astype("<f4").tobytes()).hexdigest()
    key = content_hash("pq", list(fitted.tokens), table, settings.table_subspaces, settings.seed)
    raw = cache.get_bytes(PQ_NAMESPACE, key)
    if raw is not None:
        return ProductCodes.model_validate_json(raw)
    last = cache.get_bytes(LAST_NAMESPACE, "pq") if preview else None
    if last is not None:  # k-means is seconds of a reload: the last build's codebooks
        return encode_product(fitted.vectors, ProductCodes.model_validate_json(last))
    coded = product_quantize(fitted.vectors, settings.table_subspaces, settings.seed)
    cache.put_bytes(PQ_NAMESPACE, key, coded.model_dump_json().encode())
    cache.put_bytes(LAST_NAMESPACE, "pq", coded.model_dump_json().encode())
    return coded


def top_skills(
    achievements: Sequence[Achievement], count: int = SUGGESTED_SKILLS
) -> tuple[str, ...]:
    uses = Counter(skill for a in achievements for skill in dict.fromkeys(a.skills))
    return tuple(skill for skill, _ in sorted(uses.items(), key=lambda p: (-p[1], p[0]))[:count])


def names_index(achievements: Sequence[Achievement]) -> dict[str, tuple[int, ...]]:
    """Exact name key -> indexes of the achievements holding it (achievements in id order)."""
    found: dict[str, list[int]] = {}
    for index, achievement in enumerate(achievements):
        for name in exact_names(achievement):
            found.setdefault(name, []).append(index)
    return {name: tuple(found[name]) for name in sorted(found)}


def training_windows(
    ids: Sequence[str], texts: Sequence[str], settings: SearchSettings
) -> list[str]:
    per_doc = max(2, min(200, settings.fit_windows // max(1, len(ids))))
    windows: list[str] = []
    for own, text in zip(ids, texts, strict=True):
        windows += word_windows(text, per_doc, f"fit:{settings.seed}:{own}")
    return sorted(set(windows))


def search_doc(a: Achievement, values: ValueReport, themes: Sequence[Theme]) -> SearchDoc:
    estimate = values.estimates.get(a.id)
    return SearchDoc(
        id=a.id,
        title=a.title,
        snippet=snippet(a),
        date=a.date,
        value=estimate.value_usd_per_year if estimate else None,
        theme=next((t.id for t in themes if a.id in t.members), None),
    )


def self_check(
    browser_search: BrowserSearch,
    portfolio: Portfolio,
    ids: Sequence[str],
    texts: Sequence[str],
    full: np.ndarray,
    embedder: Embedder,
    settings: SearchSettings,
) -> SearchQuality:
    """The site's own texts as queries: each PR title, answered by the achievements that list
    the PR (PR titles are written apart from the achievement prose, so they share fewer words
    with it than any excerpt would); word windows of each achievement when no PR is linked.
    Warns when the browser's fused ranking does worse than keyword search alone."""
    queries = self_check_queries(portfolio, ids, texts, settings.seed)
    browser = BrowserIndex(browser_search)
    query_vectors = dict(zip(queries, embedder.embed(list(queries)), strict=True))

    def full_model(query: str) -> list[str]:
        return [ids[i] for i, _ in related_search.search(full, query_vectors[query], 10)]

    quality = SearchQuality(
        queries=len(queries),
        full_model=evaluate(full_model, queries),
        browser=evaluate(lambda q: browser.ids(browser.search(q, 10)), queries),
        lexical=evaluate(lambda q: browser.ids(browser.lexical(q)[:10]), queries),
    )
    if below(quality.browser, quality.lexical):
        log.warning(
            "In-browser search ranks the site's own texts worse than keyword search alone "
            "(MRR %.3f vs %.3f, recall@5 %.3f vs %.3f): check search.dims / common_words.",
            quality.browser.mrr,
            quality.lexical.mrr,
            quality.browser.recall_at_5,
            quality.lexical.recall_at_5,
        )
    return quality


def self_check_queries(
    portfolio: Portfolio, ids: Sequence[str], texts: Sequence[str], seed: int
) -> dict[str, set[str]]:
    titles = {pr.url: pr.title for pr in portfolio.pull_requests}
    queries: dict[str, set[str]] = {}
    for achievement in portfolio.achievements:
        for url in achievement.related_prs:
            if url in titles:
                queries.setdefault(titles[url], set()).add(achievement.id)
    if not queries:
        for own, text in zip(ids, texts, strict=True):
            for window in word_windows(text, 1, f"check:{seed}:{own}", shortest=3, longest=6):
                queries.setdefault(window, set()).add(own)
    return dict(sorted(queries.items())[:SELF_CHECK_QUERIES])


def below(candidate: Scores, reference: Scores, tolerance: float = TOLERANCE) -> bool:
    return (
        candidate.mrr < reference.mrr - tolerance
        or candidate.recall_at_5 < reference.recall_at_5 - tolerance
    )


__all__ = ["SearchIndex", "Theme", "build_search"]
