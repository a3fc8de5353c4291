"""Exact names first and nonsense answered by nothing, on the browser's Python port."""

import datetime as dt

import numpy as np

from builder.models.achievement import Achievement
from builder.models.search import Fusion
from builder.search.client import BrowserIndex
from builder.search.quantize import decode_product, product_quantize
from builder.search.stage import names_index
from builder.search.texts import exact_names, name_key, title_words


def achievement(**fields) -> Achievement:
    base = {"id": "a", "title": "A title", "date": dt.date(2025, 1, 1), "summary": "Words."}
    return Achievement(**{**base, **fields})


def test_names_are_identifiers_code_spans_and_skills():
    item = achievement(
        title="Add `--pin-python` to the installer",
        summary="Reads `UV_NO_CACHE`, calls Lock::from_toml, see `uv tool audit`. Done.",
        skills=["GitHub Actions"],
    )
    names = exact_names(item)
    assert {"--pin-python", "uv_no_cache", "lock::from_toml", "uv tool audit"} <= names
    assert "github actions" in names
    assert "done" not in names and "reads" not in names


def test_name_key_ignores_case_accents_and_edge_punctuation():
    assert name_key("  `Lock::From_TOML`, ") == "lock::from_toml"
    assert name_key("Café  Déjà") == "cafe deja"
    assert title_words("Add `--cert` support") == ["add", "--cert", "support"]


def test_exact_name_and_title_phrase_rank_first(demo_index):
    port = BrowserIndex(demo_index.browser)
    for i, doc in enumerate(demo_index.browser.docs):
        words = doc.title.split()
        for query in (doc.title, " ".join(words[:3]).lower()):
            ranked = port.search(query, 5)
            exact = port.exact(query)
            assert i in exact, query
            assert {index for index, _ in ranked[: len(exact)]} == exact or len(exact) > 5


def test_a_skill_typed_exactly_puts_its_achievements_first(demo_index, portfolio):
    port = BrowserIndex(demo_index.browser)
    skill = demo_index.browser.suggestions[0]
    having = {a.id for a in portfolio.achievements if skill in a.skills}
    top = port.ids(port.search(skill, len(having)))
    assert set(top) == having


def test_nonsense_finds_nothing_but_real_queries_still_do(demo_index):
    port = BrowserIndex(demo_index.browser)
    for query in ("asdkjh qwzx", "qwertyuiop asdfghjkl", "zxcvbnm lkjhgf"):
        assert port.search(query) == [], query
    assert port.ids(port.search("cut cloud costs", 3))[0] == "aws-cost-reduction"


def test_floor_minus_one_brings_back_the_semantic_tail_of_a_real_query(demo_index):
    loose = demo_index.browser.model_copy(
        update={"fusion": Fusion(k=20, semantic_weight=1.0, semantic_floor=-1.0)}
    )
    port = BrowserIndex(loose)
    assert len(port.search("coaching junior colleagues", 30)) == len(demo_index.browser.docs)
    # with no floor at all, gibberish still finds nothing: it holds no word the table knows
    assert port.search("asdkjh qwzx", 10) == []


def test_names_index_maps_each_name_to_its_achievements():
    items = [
        achievement(id="a", summary="Sets `UV_CACHE`."),
        achievement(id="b", summary="Also UV_CACHE and PyO3."),
    ]
    names = names_index(items)
    assert names["uv_cache"] == (0, 1)
    assert names["pyo3"] == (1,)


def test_product_quantisation_keeps_rows_close_and_is_deterministic():
    rng = np.random.default_rng(5)
    matrix = rng.normal(size=(600, 24)).astype(np.float32)
    coded = product_quantize(matrix, 6, seed=7)
    assert (coded.subspaces, len(coded.codes), len(coded.scales)) == (6, 600 * 6, 6)
    assert all(0 <= c <= 255 for c in coded.codes)
    assert all(-127 <= c <= 127 for c in coded.centroids)
    decoded = decode_product(coded)
    cosine = (
        (decoded * matrix).sum(1) / np.linalg.norm(decoded, axis=1) / np.linalg.norm(matrix, axis=1)
    )
    assert cosine.mean() > 0.9
    assert product_quantize(matrix, 6, seed=7) == coded


def test_few_rows_are_stored_exactly_up_to_int8():
    matrix = np.eye(4, dtype=np.float32)
    decoded = decode_product(product_quantize(matrix, 2, seed=1))
    assert np.allclose(decoded, matrix, atol=1 / 127)
