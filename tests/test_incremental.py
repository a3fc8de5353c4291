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
from builder.models.config import Paths, ShowcaseConfig
from builder.search.embed import TOKEN_NAMESPACE, Embedder
from builder.search.static_table import model_vocabulary, site_table
from builder.search.texts import document_text
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
    before_portfolio, cold, before = search_once(project, caches)
    target = sorted(before_portfolio.achievements, key=lambda a: a.id)[0]
    path = next(
        p for p in (project / "achievements").glob("*.yml") if f"id: {target.id}" in p.read_text()
    )
    data = yaml.safe_load(path.read_text())
    data["summary"] = f"{data['summary'].rstrip()} {NEW_WORDS}"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    after_portfolio, warm, after = search_once(project, caches)
    return {
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
    assert edited["caches"][1].hit_counts[TOKEN_NAMESPACE] == cold.encoded_tokens
    assert "zorbleflux" in edited["after"].tokens
    assert "zorbleflux" not in edited["before"].tokens
    # every row the two runs share is the same vector: the cached ones were reused as they are
    before = dict(zip(edited["before"].tokens, edited["before"].vectors, strict=True))
    for token, row in zip(edited["after"].tokens, edited["after"].vectors, strict=True):
        if token in before:
            assert np.allclose(row, before[token], rtol=1e-3, atol=1e-6), token
