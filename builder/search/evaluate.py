"""Retrieval metrics, and the self-check the build runs on the site's own texts."""

import math
from collections.abc import Callable, Mapping, Sequence

from builder.models.search import Scores

Ranker = Callable[[str], Sequence[str]]


def recall_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    return next((1.0 / r for r, i in enumerate(ranked, start=1) if i in relevant), 0.0)


def ndcg_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    gain = sum(1 / math.log2(r + 1) for r, i in enumerate(ranked[:k], start=1) if i in relevant)
    ideal = sum(1 / math.log2(r + 1) for r in range(1, min(len(relevant), k) + 1))
    return gain / ideal


def evaluate(ranker: Ranker, queries: Mapping[str, set[str]]) -> Scores:
    """Mean recall@5, MRR and nDCG@10 of `ranker` over queries with known relevant ids."""
    if not queries:
        return Scores(recall_at_5=0.0, mrr=0.0, ndcg_at_10=0.0)
    recall = mrr = ndcg = 0.0
    for query, relevant in queries.items():
        ranked = list(ranker(query))
        recall += recall_at(ranked, relevant, 5)
        mrr += reciprocal_rank(ranked, relevant)
        ndcg += ndcg_at(ranked, relevant, 10)
    n = len(queries)
    return Scores(recall_at_5=recall / n, mrr=mrr / n, ndcg_at_10=ndcg / n)
