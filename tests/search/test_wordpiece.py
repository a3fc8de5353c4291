from builder.search.wordpiece import normalize, pre_tokenize, stem, terms, token_ids, wordpiece

VOCAB = {
    t: i for i, t in enumerate(["[UNK]", "un", "##aff", "##able", "serving", "k", "##8", "##s"])
}


def test_normalize_lowercases_strips_accents_and_controls():
    assert normalize("Café\tNaïve\u200b X") == "cafe naive x"


def test_pre_tokenize_splits_punctuation_into_words():
    assert pre_tokenize("p95 latency: 974.7ms (down)") == [
        "p95",
        "latency",
        ":",
        "974",
        ".",
        "7ms",
        "(",
        "down",
        ")",
    ]


def test_wordpiece_greedy_longest_match_and_unknown():
    assert wordpiece("unaffable", VOCAB) == ["un", "##aff", "##able"]
    assert wordpiece("k8s", VOCAB) == ["k", "##8", "##s"]
    assert wordpiece("unx", VOCAB) == ["[UNK]"]
    assert wordpiece("a" * 101, VOCAB) == ["[UNK]"]


def test_token_ids_drop_unknown_words():
    assert token_ids("Serving unaffable xyz", VOCAB) == [4, 1, 2, 3]


def test_stem_conflates_common_inflections():
    assert stem("batching") == stem("batched") == stem("batches") == "batch"
    assert stem("services") == stem("service") == "servic"
    assert stem("queries") == "query"
    assert stem("class") == stem("classes") == "class"  # a final "ss" is not a plural
    assert stem("gpu") == "gpu" and stem("k8s") == "k8s"


def test_terms_drop_stopwords_and_split_on_non_alphanumerics():
    assert terms("The AWS bill, cut by 30%!", frozenset({"the", "by"})) == [
        "aws",
        "bill",
        "cut",
        "30",
    ]
