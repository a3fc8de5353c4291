"""The browser's search, in Python: an exact port of search.js over the browser's index.

The build and the benchmark evaluate the in-browser path with this, on the very numbers the
browser downloads (quantised vectors and token table), so what is measured is what is shipped.

Ranking, in order: documents holding the query as an exact name (a title phrase, an
identifier or code span, a skill or tag: texts.exact_names; or the only document holding
every word of a long query) come first; then weighted reciprocal rank fusion of BM25 and the
semantic ranking, where a semantic match counts only above the site's own cosine floor
(measured at build time by builder/search/floor.py), so a query that matches no word and
means nothing finds nothing.
"""

import numpy as np

from builder.models.search import BrowserSearch, FloorRule, FusionRule
from builder.search.lexical import bm25_scores
from builder.search.quantize import decode_product, dequantize
from builder.search.texts import name_key, title_words
from builder.search.wordpiece import knows_a_word, terms, token_ids

# Chosen on the tune half of benchmarks/devsets/search_queries.json (search_eval.py --tune);
# the report half and the demo were not looked at when picking them. The floor itself is
# measured per site at build time (builder/search/floor.py): a fixed number did not transfer.
DEFAULT_RULE = FusionRule(
    k=20, semantic_weight=0.5, floor=FloorRule(quantile=0.75, margin=-0.1, probes=256)
)
EXACT_BONUS = 1.0  # more than any fused score can reach (each ranking adds at most 1/(k+1))
ALL_WORDS = 4


class BrowserIndex:
    def __init__(self, browser: BrowserSearch) -> None:
        self.doc_ids = [doc.id for doc in browser.docs]
        self.titles = [title_words(doc.title) for doc in browser.docs]
        self.names = browser.names
        self.fusion = browser.fusion
        self.bm25 = browser.lexical
        self.stopwords = frozenset(browser.lexical.stopwords)
        self.vectors = dequantize(browser.vectors)
        self.vocab = {token: row for row, token in enumerate(browser.tokens)}
        self.table = decode_product(browser.table)

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

    def semantic(self, query: str, floor: float | None = None) -> list[tuple[int, float]]:
        """Documents by cosine to the query, best first; with `floor`, only those above it.
        A query without one word the table knows whole means nothing to it: no documents."""
        if not knows_a_word(query, self.vocab, self.stopwords):
            return []
        return self.by_cosine(query, floor)

    def by_cosine(self, query: str, floor: float | None = None) -> list[tuple[int, float]]:
        """Documents by cosine to the query's averaged token rows, whatever its words."""
        vector = self.query_vector(query)
        if vector is None:
            return []
        scores = self.vectors @ vector
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        return [(i, float(scores[i])) for i in order if floor is None or scores[i] >= floor]

    def exact(self, query: str) -> set[int]:
        """Documents naming the query exactly: an identifier, code span, skill or tag equal to
        it, or a title holding its words as one run."""
        found = set(self.names.get(name_key(query), ()))
        words = title_words(query)
        if words:
            found.update(i for i, title in enumerate(self.titles) if holds_run(title, words))
        return found | self.only_holder(query)

    def only_holder(self, query: str) -> set[int]:
        """The one document holding every word of a query of ALL_WORDS words or more (a
        quoted error message, a sentence copied from a PR), if exactly one does."""
        wanted = list(dict.fromkeys(terms(query, self.stopwords)))
        if len(wanted) < ALL_WORDS:
            return set()
        holders: set[int] | None = None
        for term in wanted:
            docs = {doc for doc, _ in self.bm25.postings.get(term, ())}
            holders = docs if holders is None else holders & docs
        return holders if holders and len(holders) == 1 else set()

    def search(self, query: str, k: int = 10) -> list[tuple[int, float]]:
        fusion = self.fusion
        weighted = (
            (1.0, self.lexical(query)),
            (fusion.semantic_weight, self.semantic(query, fusion.semantic_floor)),
        )
        fused: dict[int, float] = {}
        for weight, ranking in weighted:
            for rank, (index, _) in enumerate(ranking, start=1):
                fused[index] = fused.get(index, 0.0) + weight / (fusion.k + rank)
        for index in self.exact(query):
            fused[index] = fused.get(index, 0.0) + EXACT_BONUS
        ranked = sorted(fused.items(), key=lambda p: (-p[1], p[0]))
        return ranked[:k]


def holds_run(words: list[str], run: list[str]) -> bool:
    """Whether `run` occurs in `words` as consecutive items."""
    size = len(run)
    return any(words[i : i + size] == run for i in range(len(words) - size + 1))
