"""BM25 over the achievements' texts: the index shipped with the page, and its scorer.

`bm25_scores` is the exact Python twin of `bm25Scores` in search.js, so the build can
evaluate the lexical path (and the fused one) without a browser.
"""

import math
from collections import Counter
from collections.abc import Sequence

from builder.models.search import Bm25Index
from builder.search.wordpiece import terms

K1 = 1.2
B = 0.75

# Short function words only: content words like "model" or "cost" must stay searchable.
_STOP_TEXT = (
    "a an and are as at be but by for from has have in into is it its of on or our so that the "
    "their them then there these they this to was we were which while who will with"
)
STOPWORDS = frozenset(_STOP_TEXT.split(" "))


def build_bm25(texts: Sequence[str]) -> Bm25Index:
    """Postings as (document index, term frequency) pairs, documents in `texts` order."""
    lengths = []
    postings: dict[str, list[tuple[int, int]]] = {}
    for index, text in enumerate(texts):
        counts = Counter(terms(text, STOPWORDS))
        lengths.append(sum(counts.values()))
        for term in sorted(counts):
            postings.setdefault(term, []).append((index, counts[term]))
    return Bm25Index(
        k1=K1,
        b=B,
        stopwords=tuple(sorted(STOPWORDS)),
        lengths=tuple(lengths),
        postings={t: tuple(postings[t]) for t in sorted(postings)},
    )


def bm25_scores(index: Bm25Index, query: str) -> list[float]:
    """One score per document (0 when no query term occurs in it)."""
    count = len(index.lengths)
    out = [0.0] * count
    if not count:
        return out
    average = sum(index.lengths) / count or 1.0
    for term in dict.fromkeys(terms(query, frozenset(index.stopwords))):
        posting = index.postings.get(term)
        if not posting:
            continue
        idf = math.log(1 + (count - len(posting) + 0.5) / (len(posting) + 0.5))
        for doc, tf in posting:
            norm = index.k1 * (1 - index.b + index.b * index.lengths[doc] / average)
            out[doc] += idf * tf * (index.k1 + 1) / (tf + norm)
    return out
