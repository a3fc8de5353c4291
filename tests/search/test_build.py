"""build_search on the demo portfolio: related, themes, the browser's index, caching and
determinism (and the files render compiles from it)."""

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from builder.cache import Cache
from builder.models.search_settings import SearchSettings
from builder.render.search_assets import PREFIX, compile_assets
from builder.search.client import BrowserIndex
from builder.search.embed import Embedder
from builder.search.quantize import quantize
from builder.search.reference import full_model_search
from builder.search.stage import below, build_search, self_check
from builder.search.texts import document_text
from tests.search.conftest import search_in_child

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "site_templates" / "search"

# needs the real model on a cold cache (the session's first build)
pytestmark = pytest.mark.slow


def manifest(assets: dict[str, bytes]) -> dict:
    return json.loads(assets[PREFIX + "index.json"])


def test_related_are_other_achievements_most_similar_first(demo_index, portfolio):
    ids = {a.id for a in portfolio.achievements}
    assert set(demo_index.related) == ids
    for own, others in demo_index.related.items():
        assert len(others) == 3 and own not in others and set(others) <= ids
    assert "vllm-serving-migration" in demo_index.related["embedding-request-batching"]


def test_every_achievement_is_in_exactly_one_labelled_theme(demo_index, portfolio):
    members = [m for t in demo_index.themes for m in t.members]
    assert sorted(members) == sorted(a.id for a in portfolio.achievements)
    assert len({t.id for t in demo_index.themes}) == len(demo_index.themes) >= 2
    assert all(t.label and len(t.terms) == 3 for t in demo_index.themes)


def test_assets_are_compact_binary_and_carry_what_the_page_shows(
    demo_index, demo_assets, portfolio, values
):
    data = manifest(demo_assets)
    count, dims = len(portfolio.achievements), data["semantic"]["dims"]
    assert dims == SearchSettings().dims
    assert len(demo_assets[PREFIX + "vectors.bin"]) == count * (4 + dims)
    vocab = demo_assets[PREFIX + "vocab.txt"].decode().splitlines()
    assert data["semantic"]["tokens"] == len(vocab)
    subspaces = data["semantic"]["subspaces"]
    # product codes: subspace scales, int8 codebooks of 256 centroids, one byte per row and slice
    assert (
        len(demo_assets[PREFIX + "tokens.bin"])
        == 4 * subspaces + 256 * dims + len(vocab) * subspaces
    )
    assert {PREFIX + "search.js", PREFIX + "search.css"} <= set(demo_assets)
    docs = {d["id"]: d for d in data["docs"]}
    for a in portfolio.achievements:
        doc = docs[a.id]
        assert doc["title"] == a.title and doc["date"] == a.date.isoformat()
        assert doc["page"] == f"achievements/{a.id}.md"
        assert doc["value"] == values.estimates[a.id].value_usd_per_year
        assert doc["theme"] in {t.id for t in demo_index.themes}


def test_warm_build_reencodes_nothing_and_gives_identical_bytes(cold, portfolio, values):
    cache = Cache(cold.cache.root)
    embedder = Embedder(None, cache)
    warm = build_search(portfolio, values, SearchSettings(), cache, embedder=embedder)
    assert cold.embedder.encode_calls > 0
    assert embedder.encode_calls == 0 and "backend" not in embedder.__dict__
    assert cache.misses == 0  # embeddings and the distilled table all came from the cache
    assert warm.browser == cold.index.browser
    assert compile_assets(warm, CLIENT) == compile_assets(cold.index, CLIENT)
    assert warm.related == cold.index.related and warm.themes == cold.index.themes


def test_warm_build_does_not_even_import_torch(cold, portfolio, tmp_path):
    child = search_in_child(portfolio, cold.cache.root, tmp_path)
    assert child["misses"] == 0 and child["heavy"] == []


def test_browser_path_finds_paraphrases(demo_index):
    browser = BrowserIndex(demo_index.browser)
    assert "embedding-request-batching" in browser.ids(
        browser.search("made model serving faster", 3)
    )
    assert browser.ids(browser.search("cut cloud costs", 3))[0] == "aws-cost-reduction"
    # an exact acronym still wins through the keyword half
    assert browser.ids(browser.search("SBOM", 1)) == ["base-image-scanning"]


def test_self_check_passes_on_the_demo_and_is_reported(demo_index):
    quality = demo_index.quality
    assert quality is not None and quality.queries > 20
    assert not below(quality.browser, quality.lexical)
    assert quality.full_model.mrr > 0.5


def test_self_check_warns_when_the_semantic_layer_is_broken(cold, portfolio, caplog):
    """Document vectors shifted by one row: the semantic half points at the wrong pages."""
    shipped = cold.index.browser
    vectors = BrowserIndex(shipped).vectors
    broken = shipped.model_copy(update={"vectors": quantize(np.roll(vectors, 1, axis=0))})
    ids = [d.id for d in shipped.docs]
    texts = [document_text(portfolio.achievement(i)) for i in ids]
    full = cold.embedder.embed(texts)
    with caplog.at_level(logging.WARNING, logger="builder.search"):
        quality = self_check(broken, portfolio, ids, texts, full, cold.embedder, SearchSettings())
    assert below(quality.browser, quality.lexical)
    assert "worse than keyword search alone" in caplog.text


def test_full_model_reference_search(cold, portfolio):
    results = full_model_search(
        portfolio, SearchSettings(), cold.cache, "cut cloud costs", 3, embedder=cold.embedder
    )
    assert [r["id"] for r in results][0] == "aws-cost-reduction"
    assert set(results[0]) == {"id", "title", "score"}  # page URLs are render's to spell
    assert results[0]["score"] >= results[1]["score"] >= results[2]["score"]


def test_disabled_search_builds_nothing(portfolio, values, tmp_path):
    index = build_search(portfolio, values, SearchSettings(enabled=False), Cache(tmp_path))
    assert index.browser is None and index.related == {} and index.themes == ()


def test_a_preview_reuses_the_last_builds_axes_codebooks_and_floor(
    cold, portfolio, values, monkeypatch: pytest.MonkeyPatch
):
    """Under `serve`, an edit refits the table on the last build's axes, codes it with the last
    codebooks and keeps the last floor: none of the slow fits runs, and only a build writes
    the table others may reuse."""
    from builder.search import stage

    first = sorted(portfolio.achievements, key=lambda a: a.id)[0]
    edited = first.model_copy(update={"summary": first.summary + " Also checked nightly."})
    changed = portfolio.model_copy(
        update={"achievements": [edited, *[a for a in portfolio.achievements if a != first]]}
    )
    slow = ("principal_axes", "product_quantize", "refit_rows", "site_fusion")
    for name in slow:
        monkeypatch.setattr(stage, name, lambda *a, _n=name, **k: pytest.fail(f"{_n} ran"))
    cache = Cache(cold.cache.root)
    preview = build_search(changed, values, SearchSettings(), cache, cold.embedder, preview=True)
    assert preview.quality is None  # the self-check waits for the build
    assert preview.browser.tokens == cold.index.browser.tokens
    assert preview.browser.floor == cold.index.browser.floor
    assert preview.browser.table.centroids == cold.index.browser.table.centroids
    assert preview.browser.vectors != cold.index.browser.vectors  # the edit is searchable
    assert cache.miss_counts[stage.NAMESPACE] == 1 and cache.miss_counts[stage.PQ_NAMESPACE] == 1
    again = Cache(cold.cache.root)
    build_search(
        changed, values, SearchSettings(self_check=False), again, cold.embedder, preview=True
    )
    assert again.miss_counts[stage.NAMESPACE] == 1  # a preview's table was not kept for builds
