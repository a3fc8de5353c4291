"""builder/render/search_assets.py: the browser's files, compiled from the search record."""

import datetime as dt
import json
from pathlib import Path

import numpy as np

from builder.models.search import BrowserSearch, Fusion, SearchDoc, SearchIndex, Theme
from builder.render.search_assets import PREFIX, compile_assets, lexical_json
from builder.search.lexical import build_bm25
from builder.search.quantize import decode_product, product_quantize, quantize

CLIENT = Path(__file__).resolve().parents[2] / "site_templates" / "search"


def index() -> SearchIndex:
    rng = np.random.default_rng(0)
    browser = BrowserSearch(
        docs=(
            SearchDoc(id="a", title="Alpha", snippet="A.", date=dt.date(2025, 1, 2), value=5.0),
            SearchDoc(id="b", title="Beta", snippet="B.", date=dt.date(2025, 2, 3), theme="t"),
        ),
        lexical=build_bm25(["alpha beta", "beta"]),
        names={"alpha": (0,)},
        fusion=Fusion(k=20, semantic_weight=1.0, semantic_floor=0.1),
        vectors=quantize(rng.normal(size=(2, 4))),
        tokens=("[UNK]", "alpha", "beta"),
        table=product_quantize(rng.normal(size=(3, 4)), 2, seed=1),
    )
    return SearchIndex(themes=(Theme(id="t", label="T", members=("b",)),), browser=browser)


def test_manifest_spells_page_paths_and_points_at_the_binary_files() -> None:
    assets = compile_assets(index(), CLIENT)
    data = json.loads(assets[PREFIX + "index.json"])
    assert [d["page"] for d in data["docs"]] == ["achievements/a.md", "achievements/b.md"]
    assert data["docs"][0]["date"] == "2025-01-02" and data["docs"][1]["value"] is None
    assert data["themes"] == [{"id": "t", "label": "T"}]
    assert data["semantic"] == {
        "dims": 4,
        "tokens": 3,
        "subspaces": 2,
        "vectors": "vectors.bin",
        "table": "tokens.bin",
        "vocab": "vocab.txt",
    }
    assert data["fusion"] == {"k": 20, "semantic_weight": 1.0, "semantic_floor": 0.1}
    assert data["names"] == {"alpha": [0]}
    assert assets[PREFIX + "vocab.txt"] == b"[UNK]\nalpha\nbeta\n"
    assert {PREFIX + "search.js", PREFIX + "search.css"} <= set(assets)


def test_binary_files_decode_to_the_records_numbers() -> None:
    browser = index().browser
    assert browser is not None
    raw = compile_assets(index(), CLIENT)[PREFIX + "tokens.bin"]
    # two float32 subspace scales, 2 x 256 centroids of width 2 (int8), one byte per row and slice
    assert len(raw) == 2 * 4 + 2 * 256 * 2 + 3 * 2
    scales = np.frombuffer(raw[:8], dtype="<f4").astype(np.float64)
    books = (
        np.frombuffer(raw[8 : 8 + 1024], dtype=np.int8).reshape(2, 256, 2) * scales[:, None, None]
    )
    codes = np.frombuffer(raw[8 + 1024 :], dtype=np.uint8).reshape(3, 2)
    rows = np.hstack([books[s][codes[:, s]] for s in range(2)])
    assert np.array_equal(rows, decode_product(browser.table))


def test_json_postings_are_delta_coded() -> None:
    data = lexical_json(build_bm25(["alpha beta", "beta", "gamma beta beta"]))
    beta = data["postings"][data["terms"].index("beta")]
    assert beta == [0, 1, 1, 1, 1, 2]  # docs 0, 1, 2 as deltas 0, 1, 1; tf 1, 1, 2
    assert data["lengths"] == [2, 1, 3]
