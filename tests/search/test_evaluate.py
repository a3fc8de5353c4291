import math

import pytest

from builder.search.evaluate import evaluate, ndcg_at, recall_at, reciprocal_rank


def test_metrics_of_a_known_ranking():
    ranked = ["b", "a", "c", "d", "e", "f"]
    assert reciprocal_rank(ranked, {"a"}) == 0.5
    assert recall_at(ranked, {"a", "f"}, 5) == 0.5
    assert ndcg_at(ranked, {"a"}, 10) == pytest.approx(1 / math.log2(3))
    assert reciprocal_rank(ranked, {"z"}) == 0.0


def test_evaluate_averages_over_queries():
    rankings = {"q1": ["x", "y"], "q2": ["y", "x"]}
    scores = evaluate(lambda q: rankings[q], {"q1": {"x"}, "q2": {"x"}})
    assert scores.mrr == pytest.approx(0.75)
    assert scores.recall_at_5 == 1.0
