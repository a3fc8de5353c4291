from builder.search.lexical import Bm25

TEXTS = [
    "Request batching for the embedding model under peak load",
    "Cut the monthly AWS bill with spot capacity",
    "Evaluation harness for prompts and models",
]


def test_exact_name_ranks_its_document_first():
    bm25 = Bm25.build(TEXTS)
    scores = bm25.scores("AWS")
    assert scores[1] > 0 and scores[0] == scores[2] == 0


def test_stemming_matches_inflected_query_and_rarer_terms_weigh_more():
    bm25 = Bm25.build(TEXTS)
    scores = bm25.scores("batched models")
    assert scores[0] > scores[2] > 0  # "batch" is rarer than "model" (in two documents)


def test_json_postings_are_delta_coded():
    bm25 = Bm25.build(["alpha beta", "beta", "gamma beta beta"])
    data = bm25.to_json()
    beta = data["postings"][data["terms"].index("beta")]
    assert beta == [0, 1, 1, 1, 1, 2]  # docs 0, 1, 2 as deltas 0, 1, 1; tf 1, 1, 2
    assert data["lengths"] == [2, 1, 3]


def test_empty_query_scores_nothing():
    assert Bm25.build(TEXTS).scores("the and of") == [0.0, 0.0, 0.0]
