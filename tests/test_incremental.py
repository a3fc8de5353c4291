"""An edit to one achievement redoes that achievement's work, not the site's (no timing).

The model is a stand-in (hash-seeded vectors) so the test counts work instead of waiting for
it: which texts were embedded, which vocabulary tokens were encoded, and the cache misses per
namespace. The real token table code runs (vocabulary, rows kept, SIF weights)."""

import hashlib
from pathlib import Path

import numpy as np
import pytest
import yaml

from builder.cache import Cache
from builder.load.sources import load_sources
from builder.mlops import fingerprint
from builder.models.config import Paths, ShowcaseConfig
from builder.models.mlops import ModelReport
from builder.models.options import BuildOptions
from builder.narratives import template_backend
from builder.narratives.stage import TEMPLATE_NAMESPACE, plan, write_narratives
from builder.search.embed import TOKEN_NAMESPACE, Embedder
from builder.search.static_table import ROW_NAMESPACE, model_vocabulary, site_table
from builder.search.texts import document_text
from builder.value.stage import NAMESPACE as VALUE_NAMESPACE
from builder.value.stage import price_portfolio
from tests.conftest import copy_project

NEW_WORDS = "Checked later with zorbleflux probes and quimtrand traces."
COMMON_WORDS = 300  # fewer than the default 6,000: the counting is the same at any size


class CountingEmbedder(Embedder):
    """Records every text and token sequence it is asked to encode."""

    def __init__(self, cache: Cache, token_cache: Cache) -> None:
        super().__init__(None, cache, token_cache=token_cache)
        self.texts: list[str] = []
        self.sequences: list[list[int]] = []

    def encode(self, texts):
        self.texts += list(texts)
        return np.stack([vector(t) for t in texts])

    def encode_tokens(self, sequences, pad_id):
        self.sequences += [list(s) for s in sequences]
        self.encoded_tokens += len(sequences)
        return np.stack([vector(repr(s)) for s in sequences])


def vector(text: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
    row = np.random.default_rng(seed).normal(size=32)
    return (row / np.linalg.norm(row)).astype(np.float32)


def enrich_once(project: Path, cache: Cache):
    """The value and narrative stages over the project, counting `cache` from zero."""
    paths = Paths.resolve(ShowcaseConfig(), project)
    sources = load_sources(paths)
    portfolio = sources.portfolio.public()
    cache.reset_counts()
    values = price_portfolio(portfolio, ShowcaseConfig().value, cache)
    value_counts = (cache.miss_counts[VALUE_NAMESPACE], cache.hit_counts[VALUE_NAMESPACE])
    settings = BuildOptions().narrative_settings(ShowcaseConfig().narratives)
    write_narratives(
        portfolio, values, ModelReport(), settings, paths, cache, roles=sources.roles, environ={}
    )
    jobs = plan(portfolio, values, ModelReport(), sources.roles)
    embed = CountingEmbedder(cache, cache).embed
    mlops = fingerprint.stage_key(portfolio, values, ShowcaseConfig().mlops, project, embed, False)
    return {
        "mlops": mlops,
        "value": value_counts,
        "narratives": (cache.miss_counts[TEMPLATE_NAMESPACE], cache.hit_counts[TEMPLATE_NAMESPACE]),
        "jobs": {(j.task, j.item): j for task in jobs.values() for j in task},
        "variants": {t: len(template_backend.variants(paths.templates_dir, t)) for t in jobs},
        "items": len(values.estimates),
    }


def search_once(project: Path, caches: tuple[Cache, Cache]):
    paths = Paths.resolve(ShowcaseConfig(), project)
    portfolio = load_sources(paths).portfolio.public()
    for cache in caches:
        cache.reset_counts()
    embedder = CountingEmbedder(*caches)
    texts = [document_text(a) for a in sorted(portfolio.achievements, key=lambda a: a.id)]
    embedder.embed(texts)  # what build_search embeds first: one text per achievement
    table = site_table(texts, COMMON_WORDS, embedder)
    return portfolio, embedder, table


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("incremental")
    project = copy_project(root / "p")
    caches = (Cache(root / "project-cache"), Cache(root / "user-cache"))
    stages_before = enrich_once(project, caches[0])
    before_portfolio, cold, before = search_once(project, caches)
    target = sorted(before_portfolio.achievements, key=lambda a: a.id)[0]
    path = next(
        p for p in (project / "achievements").glob("*.yml") if f"id: {target.id}" in p.read_text()
    )
    data = yaml.safe_load(path.read_text())
    data["summary"] = f"{data['summary'].rstrip()} {NEW_WORDS}"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    stages_after = enrich_once(project, caches[0])
    after_portfolio, warm, after = search_once(project, caches)
    return {
        "stages": (stages_before, stages_after),
        "target": target.id,
        "cold": cold,
        "warm": warm,
        "caches": caches,
        "before": before,
        "after": after,
        "edited_text": document_text(
            next(a for a in after_portfolio.achievements if a.id == target.id)
        ),
    }


def test_the_cold_run_encodes_the_vocabulary_rows_it_keeps(edited) -> None:
    assert edited["cold"].encoded_tokens > 300  # common words, characters and site tokens


def test_only_the_edited_achievement_is_embedded_again(edited) -> None:
    warm = edited["warm"]
    assert warm.texts == [edited["edited_text"]]
    assert edited["caches"][0].miss_counts["embeddings"] == 1
    assert edited["caches"][0].hit_counts["embeddings"] == len(edited["cold"].texts) - 1


def test_the_base_vocabulary_is_not_encoded_again(edited) -> None:
    """Only the edit's words reach the model: its two invented words, and the vocabulary
    tokens it uses that the site never needed before ("traces", "probe ##s" for a word the
    vocabulary lacks); nothing the first run encoded is encoded again."""
    cold, warm = edited["cold"], edited["warm"]
    vocab = model_vocabulary(None)
    encoded = sorted(" ".join(vocab[i] for i in s[1:-1]) for s in warm.sequences)
    assert encoded == ["probe ##s", "qui ##mt ##rand", "traces", "z ##or ##ble ##fl ##ux"]
    assert not {tuple(s) for s in warm.sequences} & {tuple(s) for s in cold.sequences}
    assert edited["caches"][1].miss_counts[TOKEN_NAMESPACE] == 4
    # The rows are cached in groups: only the groups holding a new row are put together
    # again, from the per-token cache; every other group is read whole.
    project, user = edited["caches"]
    assert 0 < user.hit_counts[TOKEN_NAMESPACE] < cold.encoded_tokens
    assert 0 < project.miss_counts[ROW_NAMESPACE] < project.hit_counts[ROW_NAMESPACE]
    assert "zorbleflux" in edited["after"].tokens
    assert "zorbleflux" not in edited["before"].tokens
    # every row the two runs share is the same vector: the cached ones were reused as they are
    before = dict(zip(edited["before"].tokens, edited["before"].vectors, strict=True))
    for token, row in zip(edited["after"].tokens, edited["after"].vectors, strict=True):
        if token in before:
            assert np.allclose(row, before[token], rtol=1e-3, atol=1e-6), token


def test_only_the_edited_achievement_is_priced_again(edited) -> None:
    before, after = edited["stages"]
    assert before["value"] == (before["items"], 0)  # the first run prices every item
    assert after["value"] == (1, after["items"] - 1)


def test_only_the_texts_whose_facts_changed_are_written_again(edited) -> None:
    """The edited achievement's STAR story and bullets are drawn again (every template
    variant), and so is each aggregate that quotes it: none of the other achievements'."""
    before, after = edited["stages"]
    changed = [
        key
        for key, job in after["jobs"].items()
        if job.payload != before["jobs"][key].payload
        or job.facts_text != before["jobs"][key].facts_text
    ]
    own = {key for key in changed if key[0] in ("star", "bullets")}
    assert own == {("star", edited["target"]), ("bullets", edited["target"])}
    variants = after["variants"]
    redrawn = sum(variants[task] for task, _ in changed)
    kept = sum(variants[task] for task, _ in after["jobs"]) - redrawn
    assert after["narratives"] == (redrawn, kept)
    assert kept > 10 * redrawn  # the point: most of the site's texts come from the cache


def test_the_impact_model_stage_is_not_run_again(edited) -> None:
    """The summary is no feature and the value engine measured nothing new in the added
    words: the MLOps stage's inputs hash the same, so its stored report answers."""
    before, after = edited["stages"]
    assert before["mlops"] == after["mlops"]
