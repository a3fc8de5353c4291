"""The browser's search files, compiled from the search stage's record.

Files (all under assets/search/):
- index.json   keyword layer, loaded with the page: documents (title, page, snippet, date,
               value, theme), BM25 postings, exact names, the fusion weights, and how to
               find the semantic layer.
- vectors.bin  document vectors, int8 with one float32 scale per vector.
- tokens.bin   the query token table by product quantisation.
- vocab.txt    the table's tokens, one per line, in row order (the WordPiece vocabulary).
- match.json   what the /match/ page reads a posting with (builder/tailor/browser.py): the
               skill vocabulary, each document's claim sentences and skills, the reader's
               rules; fetched on first use, like the semantic layer.
- search.js, match.js, search.css  the clients (copied from site_templates/search/).

Binary layouts (little-endian; builder/search/quantize.py chooses the numbers):
- vectors.bin  `count` float32 scales, then `count * dims` int8 codes; a row decodes as
               codes * scale.
- tokens.bin   `subspaces` float32 scales, then `subspaces * 256 * width` int8 centroid
               values (width = dims / subspaces), then `rows * subspaces` uint8 codes; slice
               s of row r is centroid codes[r * subspaces + s] of subspace s, times scales[s].
"""

import json
from pathlib import Path

import numpy as np

from builder.load.skills import load_vocabulary
from builder.models.enriched import Enriched
from builder.models.portfolio import Portfolio
from builder.models.search import Bm25Index, ProductCodes, QuantizedRows, SearchIndex
from builder.models.skills import SkillVocabulary
from builder.render.core_pages import achievement_path
from builder.tailor.browser import browser_rules

PREFIX = "assets/search/"
MATCH_FILE = "match.json"
CLIENT_DIR = "search"  # under the templates folder


def site_assets(enriched: Enriched) -> dict[str, bytes]:
    """Site path -> bytes of the search files (none when search is off)."""
    if enriched.search.browser is None:
        return {}
    assets = compile_assets(enriched.search, enriched.paths.templates_dir / CLIENT_DIR)
    vocabulary = load_vocabulary(enriched.paths.data_dir, enriched.paths.root)
    assets[PREFIX + MATCH_FILE] = match_asset(enriched.search, enriched.portfolio, vocabulary)
    return assets


def match_asset(index: SearchIndex, portfolio: Portfolio, vocabulary: SkillVocabulary) -> bytes:
    """match.json, its documents in the order of index.json's."""
    assert index.browser is not None
    doc_ids = [doc.id for doc in index.browser.docs]
    return canonical(browser_rules(vocabulary, portfolio, doc_ids))


def compile_assets(index: SearchIndex, client_dir: Path) -> dict[str, bytes]:
    browser = index.browser
    assert browser is not None
    manifest = {
        "version": 1,
        "docs": [
            {
                "id": doc.id,
                "title": doc.title,
                "page": achievement_path(doc.id),
                "snippet": doc.snippet,
                "date": doc.date.isoformat(),
                "value": doc.value,
                "theme": doc.theme,
            }
            for doc in browser.docs
        ],
        "themes": [{"id": t.id, "label": t.label} for t in index.themes],
        "lexical": lexical_json(browser.lexical),
        "names": {name: list(docs) for name, docs in browser.names.items()},
        "suggestions": list(browser.suggestions),
        "fusion": browser.fusion.model_dump(),
        "semantic": {
            "dims": browser.vectors.dims if browser.docs else 0,
            "tokens": len(browser.tokens),
            "subspaces": browser.table.subspaces,
            "vectors": "vectors.bin",
            "table": "tokens.bin",
            "vocab": "vocab.txt",
        },
    }
    assets = {
        PREFIX + "index.json": canonical(manifest),
        PREFIX + "vectors.bin": packed(browser.vectors),
        PREFIX + "tokens.bin": packed_product(browser.table),
        PREFIX + "vocab.txt": ("\n".join(browser.tokens) + "\n").encode(),
    }
    for path in sorted(client_dir.iterdir()):
        if path.suffix in (".js", ".css"):
            assets[PREFIX + path.name] = path.read_bytes()
    return assets


def lexical_json(bm25: Bm25Index) -> dict:
    """Compact form for the browser: terms in order, each posting list flattened with the
    document indexes delta-coded (small numbers gzip well)."""
    flat = []
    for term in bm25.postings:
        previous = 0
        row = []
        for index, tf in bm25.postings[term]:
            row += [index - previous, tf]
            previous = index
        flat.append(row)
    return {
        "k1": bm25.k1,
        "b": bm25.b,
        "lengths": list(bm25.lengths),
        "terms": list(bm25.postings),
        "postings": flat,
        "stopwords": list(bm25.stopwords),
    }


def packed(rows: QuantizedRows) -> bytes:
    scales = np.asarray(rows.scales, dtype="<f4")
    return scales.tobytes() + np.asarray(rows.codes, dtype=np.int8).tobytes()


def packed_product(product: ProductCodes) -> bytes:
    return (
        np.asarray(product.scales, dtype="<f4").tobytes()
        + np.asarray(product.centroids, dtype=np.int8).tobytes()
        + np.asarray(product.codes, dtype=np.uint8).tobytes()
    )


def canonical(value: object) -> bytes:
    return (json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)).encode()
