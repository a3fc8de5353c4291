"""The token table's refit after an edit: what is cached per row group, and that the faster
pieces give the answers of the plain ones (a stand-in model: no ONNX, no torch)."""

import hashlib

import numpy as np
import pytest

from builder.cache import Cache
from builder.models.search_settings import SearchSettings
from builder.search.embed import TOKEN_NAMESPACE, Embedder
from builder.search.stage import coded_table, query_table, training_windows
from builder.search.static_table import (
    ROW_GROUPS,
    ROW_NAMESPACE,
    TokenTable,
    grouped_token_vectors,
    pack_fit,
    principal_axes,
    refit_rows,
    site_table,
)
from builder.search.wordpiece import (
    is_punctuation,
    normalize,
    pre_tokenize,
    texts_token_ids,
    token_ids,
)

TEXTS = [
    "Request batching for the embedding service cut p95 latency from 974 ms to 210 ms.",
    "Moved the vector store into Postgres with pgvector; nightly backfill, no downtime.",
    "Canary rollouts roll back by themselves when the error budget burns too fast.",
]
EDITED = [TEXTS[0] + " Reviewed with glimmox tooling.", *TEXTS[1:]]


def seeded(value: object, size: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(repr(value).encode()).digest()[:4])
    return np.random.default_rng(seed).normal(size=size)


class StandInEmbedder(Embedder):
    """Vectors seeded by the text or the id sequence, so an input always gets the same one;
    counts the token sequences it is asked to encode."""

    def encode(self, texts):
        self.encode_calls += 1
        rows = np.asarray([seeded(text, 32) for text in texts])
        return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)

    def encode_tokens(self, sequences, pad_id):
        self.encoded_tokens += len(sequences)
        return np.asarray([seeded(list(s), 8) for s in sequences], dtype=np.float32)


@pytest.fixture
def embedder(tmp_path) -> StandInEmbedder:
    return StandInEmbedder(None, Cache(tmp_path / "project"), Cache(tmp_path / "user"))


def table_bytes(table: TokenTable) -> bytes:
    return pack_fit(table, None)


def test_an_edit_recomputes_only_the_row_groups_of_its_new_words(embedder):
    first = site_table(TEXTS, 200, embedder)
    groups = embedder.cache.miss_counts[ROW_NAMESPACE]
    assert groups == ROW_GROUPS  # a cold table fills every group
    embedder.cache.reset_counts()
    embedder.token_cache.reset_counts()
    encoded = embedder.encoded_tokens

    second = site_table(EDITED, 200, embedder)
    new_rows = [t for t in second.tokens if t not in set(first.tokens)]
    assert "glimmox" in new_rows
    # one entry per group holding a new row, every other group read as it was
    assert 1 <= embedder.cache.miss_counts[ROW_NAMESPACE] <= len(new_rows)
    assert (
        embedder.cache.hit_counts[ROW_NAMESPACE]
        == groups - (embedder.cache.miss_counts[ROW_NAMESPACE])
    )
    # the model saw only the new rows; the rest of those groups came from the token cache
    assert embedder.encoded_tokens - encoded == len(new_rows)
    assert embedder.token_cache.miss_counts[TOKEN_NAMESPACE] == len(new_rows)


def test_warm_and_cold_row_caches_give_the_same_bytes(embedder, tmp_path):
    site_table(TEXTS, 200, embedder)
    warm = site_table(EDITED, 200, embedder)  # most groups from the cache
    fresh = StandInEmbedder(None, Cache(tmp_path / "p2"), Cache(tmp_path / "u2"))
    cold = site_table(EDITED, 200, fresh)
    assert fresh.cache.hits == 0 and table_bytes(warm) == table_bytes(cold)
    assert table_bytes(site_table(EDITED, 200, embedder)) == table_bytes(warm)  # and again


def test_a_refit_is_the_same_bytes_from_cold_caches_and_from_warm_row_groups(tmp_path):
    settings = SearchSettings(dims=16, common_words=200, fit_windows=60)
    ids = [f"a{i}" for i in range(len(EDITED))]
    fit_texts = training_windows(ids, EDITED, settings)

    def refit(embedder: StandInEmbedder) -> tuple[bytes, bytes]:
        full = embedder.embed(EDITED)
        fitted, axes = query_table(EDITED, full, fit_texts, embedder, settings, embedder.cache)
        coded = coded_table(fitted, settings, embedder.cache)
        return pack_fit(fitted, axes), coded.model_dump_json().encode()

    warm = StandInEmbedder(None, Cache(tmp_path / "warm"), Cache(tmp_path / "user"))
    site_table(TEXTS, settings.common_words, warm)  # the row groups before the edit
    first = refit(warm)
    assert warm.cache.hit_counts[ROW_NAMESPACE] > 0
    cold = StandInEmbedder(None, Cache(tmp_path / "cold"), Cache(tmp_path / "user2"))
    assert refit(cold) == first
    again = StandInEmbedder(None, Cache(tmp_path / "again"), Cache(tmp_path / "user"))
    assert refit(again) == first  # same inputs, a new process's caches: the same bytes


def test_grouped_vectors_are_the_per_token_ones_in_row_order(embedder):
    sequences = [[101, 7, 102], [101, 7 + ROW_GROUPS, 102], [101, 9, 3, 102], [101, 7, 102]]
    grouped = grouped_token_vectors(sequences, embedder, pad_id=0)
    assert np.array_equal(grouped, embedder.token_vectors(sequences, pad_id=0))
    assert embedder.cache.miss_counts[ROW_NAMESPACE] == 2  # groups 7 and 9


def test_split_of_many_texts_is_each_texts_split():
    vocab = {t: i for i, t in enumerate(["[UNK]", "request", "batch", "##ing", "p", "##95", "."])}
    texts = ["Request batching.", "p95 batching", "", "Café — naïve\tbatching\x00!"]
    assert texts_token_ids(texts, vocab) == [token_ids(t, vocab) for t in texts]


@pytest.mark.parametrize(
    "text",
    [
        "p95 latency: 974.7ms (down)",
        "tabs\tand\nnew\rlines\x0b\x1fcontrol\x7fchars",
        "MIXED Case_with-punct/uations{}~`",
        "Café naïve \u00a0 spaces\u200b",  # not ASCII: the general path
    ],
)
def test_ascii_fast_path_splits_as_the_general_rules(text):
    words, current = [], ""
    for char in normalize(text):
        if char == " " or is_punctuation(char):
            words += [current] if current else []
            current = ""
            words += [char] if char != " " else []
        else:
            current += char
    assert pre_tokenize(text) == [*words, *([current] if current else [])]


def test_refit_on_used_rows_equals_the_refit_of_the_whole_table():
    rng = np.random.default_rng(4)
    tokens = tuple(f"w{i}" for i in range(40))
    table = TokenTable(tokens=tokens, vectors=rng.normal(size=(40, 6)).astype(np.float32))
    texts = [" ".join(rng.choice(tokens[:15], size=4)) for _ in range(30)]  # 25 rows unused
    targets = rng.normal(size=(30, 6))
    refit = refit_rows(table, texts, targets, 1.0)
    assert np.array_equal(refit.vectors[15:], table.vectors[15:])
    assert np.allclose(refit.vectors, whole_table_refit(table, texts, targets, 1.0), atol=1e-6)


def whole_table_refit(table, texts, targets, strength, steps=60):
    """The conjugate-gradient refit over every row, as it was before used rows were picked."""
    vocab = table.vocab()
    a = np.zeros((len(texts), len(table.tokens)))
    for row, text in enumerate(texts):
        ids = token_ids(text, vocab)
        for token in ids:
            a[row, token] += 1 / len(ids)
    base = table.vectors.astype(np.float64)
    penalty = strength * (a * a).sum(axis=0).mean()
    r = a.T @ (targets - a @ base)
    p, offset, rs = r.copy(), np.zeros_like(base), (r * r).sum(axis=0)
    for _ in range(steps):
        ap = a.T @ (a @ p) + penalty * p
        alpha = rs / np.maximum((p * ap).sum(axis=0), 1e-30)
        offset += p * alpha
        r -= ap * alpha
        rs_new = (r * r).sum(axis=0)
        p, rs = r + p * (rs_new / np.maximum(rs, 1e-30)), rs_new
    return (base + offset).astype(np.float32)


def test_principal_axes_are_the_svd_directions():
    rng = np.random.default_rng(2)
    embeddings = rng.normal(size=(300, 24)) * np.linspace(5, 0.5, 24)
    axes = principal_axes(embeddings, 6)
    centred = embeddings - embeddings.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    assert axes.shape == (24, 6)
    assert np.allclose(np.abs(axes.T @ vt[:6].T), np.eye(6), atol=1e-8)
    assert (axes[np.abs(axes).argmax(axis=0), np.arange(6)] > 0).all()  # the sign rule
    assert principal_axes(embeddings, 6).tobytes() == axes.tobytes()
