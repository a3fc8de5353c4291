"""The browser's search, in Python: an exact port of search.js over the compiled assets.

The build and the benchmark evaluate the in-browser path with this, from the very bytes the
browser downloads, so what is measured is what is shipped.
"""

import json
from collections.abc import Mapping

import numpy as np

from builder.search.compile import PREFIX, dequantize
from builder.search.lexical import Bm25
from builder.search.wordpiece import token_ids


class BrowserIndex:
    def __init__(self, assets: Mapping[str, bytes]) -> None:
        manifest = json.loads(assets[PREFIX + "index.json"])
        self.docs = manifest["docs"]
        self.rrf_k = manifest["fusion"]["k"]
        lexical = manifest["lexical"]
        postings = {}
        for term, flat in zip(lexical["terms"], lexical["postings"], strict=True):
            index, pairs = 0, []
            for position in range(0, len(flat), 2):
                index += flat[position]
                pairs.append((index, flat[position + 1]))
            postings[term] = tuple(pairs)
        self.bm25 = Bm25(lengths=tuple(lexical["lengths"]), postings=postings)
        semantic = manifest["semantic"]
        dims, count = semantic["dims"], len(self.docs)
        self.vectors = dequantize(assets[PREFIX + semantic["vectors"]], count, dims)
        vocab_lines = assets[PREFIX + semantic["vocab"]].decode().split("\n")[:-1]
        self.vocab = {token: row for row, token in enumerate(vocab_lines)}
        self.table = dequantize(assets[PREFIX + semantic["table"]], len(vocab_lines), dims)

    def ids(self, ranked: list[tuple[int, float]]) -> list[str]:
        return [self.docs[i]["id"] for i, _ in ranked]

    def query_vector(self, query: str) -> np.ndarray | None:
        ids = token_ids(query, self.vocab)
        if not ids:
            return None
        vector = self.table[ids].sum(axis=0) / len(ids)
        norm = float(np.sqrt((vector * vector).sum()))
        return vector / norm if norm else None

    def lexical(self, query: str) -> list[tuple[int, float]]:
        scores = self.bm25.scores(query)
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
