"""build_search on tiny portfolios, with a stand-in model (no torch, no distillation)."""

import datetime as dt
import hashlib

import numpy as np
import pytest

from builder.cache import Cache
from builder.models.achievement import Achievement
from builder.models.portfolio import Portfolio
from builder.models.profile import Profile
from builder.models.search_settings import SearchSettings
from builder.models.value import ValueReport
from builder.search.client import BrowserIndex
from builder.search.embed import Embedder
from builder.search.stage import build_search
from builder.search.static_table import TokenTable, reduce_table

WORDS = ["[UNK]", "request", "batching", "aws", "bill", "cost", "the", "a", "b", "##s"]


class FakeEmbedder(Embedder):
    """Hash-seeded unit vectors: deterministic, and a text always maps to the same vector."""

    def encode(self, texts):
        self.encode_calls += 1
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
            vector = np.random.default_rng(seed).normal(size=16)
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32)


@pytest.fixture(autouse=True)
def fake_distill(monkeypatch):
    table = TokenTable(
        tokens=tuple(WORDS), vectors=np.random.default_rng(0).normal(size=(len(WORDS), 16))
    )
    monkeypatch.setattr(
        "builder.search.stage.site_table",
        lambda texts, common_words, embedder: reduce_table(table, texts, common_words),
    )


def portfolio(n: int) -> Portfolio:
    titles = ["Request batching", "AWS bill cut", "Cost report", "Batching docs"]
    achievements = tuple(
        Achievement(
            id=f"a{i}", title=titles[i], date=dt.date(2025, 1, 1 + i), summary=f"{titles[i]}."
        )
        for i in range(n)
    )
    profile = Profile(name="Sam", headline="MLOps", target_roles=["MLOps engineer"])
    return Portfolio(profile=profile, achievements=achievements, pull_requests=())


def build(n: int, tmp_path, **settings):
    cache = Cache(tmp_path)
    return build_search(
        portfolio(n),
        ValueReport(),
        SearchSettings(**settings),
        cache,
        embedder=FakeEmbedder(None, cache),
    )


def test_no_achievements_no_index(tmp_path):
    assert build(0, tmp_path).browser is None


def test_one_achievement_has_no_related_and_no_themes_but_is_searchable(tmp_path):
    index = build(1, tmp_path)
    assert index.related == {"a0": ()} and index.themes == ()
    browser = BrowserIndex(index.browser)
    assert browser.ids(browser.search("batching", 5)) == ["a0"]


def test_related_k_larger_than_the_portfolio(tmp_path):
    index = build(3, tmp_path, related_k=10)
    assert {k: len(v) for k, v in index.related.items()} == {"a0": 2, "a1": 2, "a2": 2}


def test_full_dimensions_kept_when_dims_is_null(tmp_path):
    index = build(4, tmp_path, dims=None, row_refit=None, self_check=False)
    browser = BrowserIndex(index.browser)
    assert browser.vectors.shape == (4, 16) and index.quality is None
