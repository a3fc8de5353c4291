"""BM25 over the achievements' texts: the index shipped with the page, and its scorer.

`Bm25.scores` is the exact Python twin of `bm25Scores` in search.js, so the build can
evaluate the lexical path (and the fused one) without a browser.
"""

import math
from collections import Counter
from collections.abc import Sequence

from builder.models.base import Record
from builder.search.wordpiece import terms

K1 = 1.2
B = 0.75

# Short function words only: content words like "model" or "cost" must stay searchable.
_STOP_TEXT = (
    "a an and are as at be but by for from has have in into is it its of on or our so that the "
    "their them then there these they this to was we were which while who will with"
)
STOPWORDS = frozenset(_STOP_TEXT.split(" "))


class Bm25(Record):
    """Postings as (document index, term frequency) pairs, documents in index order."""

    lengths: tuple[int, ...]
    postings: dict[str, tuple[tuple[int, int], ...]]

    @classmethod
    def build(cls, texts: Sequence[str]) -> "Bm25":
        lengths = []
        postings: dict[str, list[tuple[int, int]]] = {}
        for index, text in enumerate(texts):
            counts = Counter(terms(text, STOPWORDS))
            lengths.append(sum(counts.values()))
            for term in sorted(counts):
                postings.setdefault(term, []).append((index, counts[term]))
        return cls(
            lengths=tuple(lengths),
            postings={t: tuple(postings[t]) for t in sorted(postings)},
        )

    def scores(self, query: str) -> list[float]:
        count = len(self.lengths)
        out = [0.0] * count
        if not count:
            return out
        average = sum(self.lengths) / count or 1.0
        for term in dict.fromkeys(terms(query, STOPWORDS)):
            posting = self.postings.get(term)
            if not posting:
                continue
            idf = math.log(1 + (count - len(posting) + 0.5) / (len(posting) + 0.5))
            for index, tf in posting:
                norm = K1 * (1 - B + B * self.lengths[index] / average)
                out[index] += idf * tf * (K1 + 1) / (tf + norm)
        return out

    def to_json(self) -> dict:
        """Compact form for the browser: terms in order, each posting list flattened with the
        document indexes delta-coded (small numbers gzip well)."""
        flat = []
        for term in self.postings:
            previous = 0
            row = []
            for index, tf in self.postings[term]:
                row += [index - previous, tf]
                previous = index
            flat.append(row)
        return {
            "k1": K1,
            "b": B,
            "lengths": list(self.lengths),
            "terms": list(self.postings),
            "postings": flat,
            "stopwords": sorted(STOPWORDS),
        }
