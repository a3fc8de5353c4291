from builder.search.lexical import STOPWORDS, bm25_scores, build_bm25

TEXTS = [
    "Request batching for the embedding model under peak load",
    "Cut the monthly AWS bill with spot capacity",
    "Evaluation harness for prompts and models",
]


def test_exact_name_ranks_its_document_first():
    scores = bm25_scores(build_bm25(TEXTS), "AWS")
    assert scores[1] > 0 and scores[0] == scores[2] == 0


def test_stemming_matches_inflected_query_and_rarer_terms_weigh_more():
    scores = bm25_scores(build_bm25(TEXTS), "batched models")
    assert scores[0] > scores[2] > 0  # "batch" is rarer than "model" (in two documents)


def test_postings_are_per_document_term_frequencies():
    bm25 = build_bm25(["alpha beta", "beta", "gamma beta beta"])
    assert bm25.postings["beta"] == ((0, 1), (1, 1), (2, 2))
    assert bm25.lengths == (2, 1, 3)
    assert bm25.stopwords == tuple(sorted(STOPWORDS))


def test_empty_query_scores_nothing():
    assert bm25_scores(build_bm25(TEXTS), "the and of") == [0.0, 0.0, 0.0]
