"""The browser's search, in Python: an exact port of search.js over the browser's index.

The build and the benchmark evaluate the in-browser path with this, on the very numbers the
browser downloads (quantised vectors and token table), so what is measured is what is shipped.
"""

import numpy as np

from builder.models.search import BrowserSearch
from builder.search.lexical import bm25_scores
from builder.search.quantize import dequantize
from builder.search.wordpiece import token_ids

RRF_K = 20  # 10-30 ranked alike on the demo's paraphrase queries; 60 slightly worse


class BrowserIndex:
    def __init__(self, browser: BrowserSearch) -> None:
        self.doc_ids = [doc.id for doc in browser.docs]
        self.rrf_k = browser.fusion_k
        self.bm25 = browser.lexical
        self.vectors = dequantize(browser.vectors)
        self.vocab = {token: row for row, token in enumerate(browser.tokens)}
        self.table = dequantize(browser.table)

    def ids(self, ranked: list[tuple[int, float]]) -> list[str]:
        return [self.doc_ids[i] for i, _ in ranked]

    def query_vector(self, query: str) -> np.ndarray | None:
        ids = token_ids(query, self.vocab)
        if not ids:
            return None
        vector = self.table[ids].sum(axis=0) / len(ids)
        norm = float(np.sqrt((vector * vector).sum()))
        return vector / norm if norm else None

    def lexical(self, query: str) -> list[tuple[int, float]]:
        scores = bm25_scores(self.bm25, query)
        ranked = sorted(
            ((s, i) for i, s in enumerate(scores) if s > 0), key=lambda p: (-p[0], p[1])
        )
        return [(i, s) for s, i in ranked]

    def semantic(self, query: str) -> list[tuple[int, float]]:
        vector = self.query_vector(query)
        if vector is None:
            return []
        scores = self.vectors @ vector
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        return [(i, float(scores[i])) for i in order]

    def search(self, query: str, k: int = 10) -> list[tuple[int, float]]:
        """Reciprocal rank fusion of the BM25 and semantic rankings."""
        fused: dict[int, float] = {}
        for ranking in (self.lexical(query), self.semantic(query)):
            for rank, (index, _) in enumerate(ranking, start=1):
                fused[index] = fused.get(index, 0.0) + 1.0 / (self.rrf_k + rank)
        ranked = sorted(fused.items(), key=lambda p: (-p[1], p[0]))
        return ranked[:k]
