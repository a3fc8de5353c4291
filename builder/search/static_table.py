"""The static token table that lets the browser embed a query without running a model.

Two steps, each cached:

1. `site_table`: model2vec's distillation, paid once per model and only for the rows the
   site keeps. Each token's vector is the model's mean-pooled output for that token alone
   ([CLS] token [SEP]), weighted by a Zipf-SIF factor of its rank in the vocabulary, as
   model2vec computes it; the unweighted vector depends on the model alone, so it is cached
   per token in the per-user cache (builder/cache.py) and a site's new words are the only
   ones a build ever encodes; the project cache also keeps the site's rows in 64 groups, so
   a build reads 64 files, not one per row, and an edit rebuilds only its words' groups.
   Only the rows `reduce_table` keeps are computed at all (the site's tokens, the most
   frequent words, single characters): about a third of the vocabulary, so even the very
   first build on a machine encodes some 9,000 tokens, not 30,000. `distill` builds the
   whole table the same way (for tools that want every row).
2. `fit_table`: a plain distilled table ranks poorly against full-model document vectors,
   because mean-pooled token vectors live in a different space from the model's sentence
   embeddings. A ridge regression maps pooled token vectors onto the full model's embeddings
   of the site's texts and of random word windows from them (short, query-like); since
   pooling is a mean, the linear map can be folded into every row of the table, and the
   browser still only averages rows. Optionally both sides are projected onto the leading
   principal components of the site's embeddings to shrink the payload.
"""

import json
import logging
import re
import struct
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from builder.cache import content_hash
from builder.models.base import Record
from builder.search.embed import Embedder, model_location
from builder.search.wordpiece import UNKNOWN, pre_tokenize, texts_token_ids, token_ids

log = logging.getLogger(__name__)

NAMESPACE = "static-table"
DISTILL_PARAMS = {"pca_dims": None, "sif_coefficient": 1e-4, "pooling": "mean"}
MAX_CUSTOM_WORDS = 20_000
ROW_NAMESPACE = "token-rows"
ROW_GROUPS = 64  # about 100 rows an entry on the demo's 6,500-row table
# no row for BERT's placeholders (model2vec's default pattern) or its [CLS]/[SEP]/[MASK] (model2vec
# drops special tokens other than padding and unknown from the table)
REMOVED_TOKENS = re.compile(r"\[unused\d+\]|\[CLS\]|\[SEP\]|\[MASK\]")


class TokenTable(Record):
    """Token strings (row order) and their vectors."""

    tokens: tuple[str, ...]
    vectors: np.ndarray  # float32, (len(tokens), dims)

    def vocab(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.tokens)}


def site_words(texts: Sequence[str]) -> list[str]:
    """Words of the site worth a vector of their own (sorted, so the cache key is stable)."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in pre_tokenize(text):
            if 3 <= len(word) <= 30 and any(c.isalpha() for c in word) and word.isalnum():
                counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))[:MAX_CUSTOM_WORDS]
    return sorted(ranked)


def _pack(tokens: Sequence[str], matrix: np.ndarray) -> bytes:
    header = json.dumps({"tokens": list(tokens), "shape": list(matrix.shape)}).encode()
    return struct.pack("<I", len(header)) + header + matrix.astype("<f4").tobytes()


def _unpack(raw: bytes) -> TokenTable:
    (size,) = struct.unpack("<I", raw[:4])
    header = json.loads(raw[4 : 4 + size])
    matrix = np.frombuffer(raw[4 + size :], dtype="<f4").reshape(header["shape"])
    return TokenTable(tokens=tuple(header["tokens"]), vectors=matrix.astype(np.float32))


def pack_fit(table: TokenTable, axes: np.ndarray | None) -> bytes:
    """A fitted table and its projection axes as one cache entry."""
    extra = b"" if axes is None else axes.astype("<f8").tobytes()
    shape = [] if axes is None else list(axes.shape)
    body = _pack(table.tokens, table.vectors)
    head = json.dumps({"axes": shape, "table": len(body)}).encode()
    return struct.pack("<I", len(head)) + head + body + extra


def unpack_fit(raw: bytes) -> tuple[TokenTable, np.ndarray | None]:
    (size,) = struct.unpack("<I", raw[:4])
    head = json.loads(raw[4 : 4 + size])
    start = 4 + size
    table = _unpack(raw[start : start + head["table"]])
    if not head["axes"]:
        return table, None
    axes = np.frombuffer(raw[start + head["table"] :], dtype="<f8").reshape(head["axes"])
    return table, axes.copy()


def distill(words: Sequence[str], embedder: Embedder) -> TokenTable:
    """The whole distilled table: every vocabulary token plus `words` (slow on a cold cache)."""
    tokens = table_tokens(embedder.model, words)
    return TokenTable(tokens=tokens, vectors=token_rows(tokens, range(len(tokens)), embedder))


def site_table(texts: Sequence[str], common_words: int, embedder: Embedder) -> TokenTable:
    """`reduce_table(distill(site_words(texts), embedder), texts, common_words)`, computing
    only the rows it keeps."""
    tokens = table_tokens(embedder.model, site_words(texts))
    rows = kept_rows(tokens, texts, common_words)
    return TokenTable(
        tokens=tuple(tokens[i] for i in rows), vectors=token_rows(tokens, rows, embedder)
    )


def table_tokens(model: str | None, words: Sequence[str]) -> tuple[str, ...]:
    """The rows of model2vec's table in its order: the model's vocabulary (placeholders
    removed), then the words it does not know."""
    vocabulary = model_vocabulary(model)
    known = set(vocabulary)
    kept = [t for t in vocabulary if not REMOVED_TOKENS.fullmatch(t)]
    return (*kept, *dict.fromkeys(w for w in words if w not in known))


@lru_cache(maxsize=4)
def model_vocabulary(model: str | None) -> tuple[str, ...]:
    """The WordPiece vocabulary in id order, from vocab.txt when the model folder has one
    (no transformers import), else from its tokenizer."""
    location = model_location(model)
    vocab_file = Path(location) / "vocab.txt"
    if vocab_file.is_file():
        # one token per line; split on newlines only, some tokens are other line breaks
        return tuple(vocab_file.read_text(encoding="utf-8").rstrip("\n").split("\n"))
    from transformers import AutoTokenizer

    vocab = AutoTokenizer.from_pretrained(location).get_vocab()
    return tuple(sorted(vocab, key=vocab.get))


def token_rows(tokens: Sequence[str], rows: Sequence[int], embedder: Embedder) -> np.ndarray:
    """The distilled vectors of `tokens[rows]`: each token's model vector (cached per token)
    times its SIF weight, rounded through float16 as model2vec stores them."""
    vocabulary = model_vocabulary(embedder.model)
    ids = {t: i for i, t in enumerate(vocabulary)}
    cls_sep = [ids["[CLS]"]], [ids["[SEP]"]]
    sequences = [model_input(tokens[i], ids, cls_sep) for i in rows]
    raw = grouped_token_vectors(sequences, embedder, pad_id=ids.get("[PAD]", 0))
    weights = sif_weights(len(tokens))[list(rows)]
    if not len(rows):
        return np.zeros((0, raw.shape[1] if raw.ndim == 2 else 0), dtype=np.float32)
    return (raw * weights[:, None]).astype(np.float16).astype(np.float32)


def grouped_token_vectors(
    sequences: Sequence[Sequence[int]], embedder: Embedder, pad_id: int
) -> np.ndarray:
    """`embedder.token_vectors(sequences)`, read from the project cache in ROW_GROUPS entries
    instead of one file per row (reading 6,500 files was most of a one-edit build's table).
    A row's group is its first token after [CLS]; a group's entry is keyed by the model and
    its rows, so an edit that brings new words recomputes only the groups they fall in, from
    the per-token cache."""
    members: dict[int, set[tuple[int, ...]]] = {}
    for sequence in sequences:
        members.setdefault(sequence[1] % ROW_GROUPS, set()).add(tuple(sequence))
    found: dict[tuple[int, ...], np.ndarray] = {}
    for group in sorted(members):
        rows = sorted(members[group])
        key = content_hash("token-rows", embedder.identity, rows)
        raw = embedder.cache.get_bytes(ROW_NAMESPACE, key)
        if raw is None:
            vectors = embedder.token_vectors(rows, pad_id).astype("<f4")
            embedder.cache.put_bytes(ROW_NAMESPACE, key, vectors.tobytes())
        else:
            vectors = np.frombuffer(raw, dtype="<f4").reshape(len(rows), -1)
        found.update(zip(rows, vectors, strict=True))
    if not sequences:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([found[tuple(s)] for s in sequences]).astype(np.float32)


def model_input(token: str, ids: dict[str, int], cls_sep: tuple[list[int], list[int]]) -> list[int]:
    """What model2vec feeds the model for one row: a known token by its id, a new word as the
    model's own WordPiece split of it, either way between [CLS] and [SEP]."""
    inner = [ids[token]] if token in ids else token_ids(token, ids)
    return [*cls_sep[0], *inner, *cls_sep[1]]


def sif_weights(count: int, coefficient: float = DISTILL_PARAMS["sif_coefficient"]) -> np.ndarray:
    """model2vec's row weights: a Zipf estimate of each rank's frequency, turned into a SIF
    weight (model2vec.distill.inference.compute_weights, restated because importing it
    imports torch, which a build whose token vectors are all cached must not pay for)."""
    inverse_rank = 1 / np.arange(2, count + 2)
    probability = inverse_rank / inverse_rank.sum()
    return coefficient / (coefficient + probability)


def reduce_table(table: TokenTable, texts: Sequence[str], common_words: int) -> TokenTable:
    """Only the rows this site needs (see kept_rows)."""
    rows = kept_rows(table.tokens, texts, common_words)
    return TokenTable(tokens=tuple(table.tokens[i] for i in rows), vectors=table.vectors[rows])


def kept_rows(tokens: Sequence[str], texts: Sequence[str], common_words: int) -> list[int]:
    """Rows of the tokens this site needs: tokens of its texts, the `common_words` most
    frequent English words of the model's vocabulary (so query words absent from the site
    still count), and single letters and digits, so that any word can still be split."""
    vocab = {t: i for i, t in enumerate(tokens)}
    keep: set[int] = set()
    for ids in texts_token_ids(texts, vocab):
        keep.update(ids)
    common = 0
    for index, token in enumerate(tokens):
        bare = token.removeprefix("##")
        if len(bare) == 1 and bare.isascii() and bare.isalnum():
            keep.add(index)
        elif common < common_words and is_common_word(token):
            keep.add(index)
            common += 1
    keep.discard(vocab.get(UNKNOWN, -1))
    return sorted(keep)


def is_common_word(token: str) -> bool:
    return len(token) >= 2 and token.isascii() and token.isalpha()


def pooled(table: TokenTable, texts: Sequence[str]) -> np.ndarray:
    """Mean of each text's token rows (zeros for a text with no known token)."""
    out = np.zeros((len(texts), table.vectors.shape[1]), dtype=np.float64)
    for row, ids in enumerate(texts_token_ids(texts, table.vocab())):
        if ids:
            out[row] = table.vectors[ids].astype(np.float64).mean(axis=0)
    return out


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def principal_axes(embeddings: np.ndarray, dims: int | None) -> np.ndarray | None:
    """Leading principal directions (columns) with a fixed sign, or None to keep all dims.
    An SVD of the rows, not eigh of the covariance: eigh is faster by a tenth of a second,
    but its 1e-14 differences move 1% of the product codes and cost the demo's default seed
    0.04 of search MRR (within the seeds' spread, but what the site ships)."""
    if dims is None or dims >= embeddings.shape[1]:
        return None
    centred = embeddings.astype(np.float64) - embeddings.mean(axis=0)
    with threadpool_limits(limits=1, user_api="blas"):  # the same bytes on any machine
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
    axes = vt[:dims].T
    signs = np.sign(axes[np.abs(axes).argmax(axis=0), np.arange(axes.shape[1])])
    return axes * np.where(signs == 0, 1, signs)


def project(embeddings: np.ndarray, axes: np.ndarray | None) -> np.ndarray:
    if axes is None:
        return normalize_rows(embeddings.astype(np.float64)).astype(np.float32)
    return normalize_rows(embeddings.astype(np.float64) @ axes).astype(np.float32)


def fit_table(
    table: TokenTable, texts: Sequence[str], targets: np.ndarray, alpha: float
) -> TokenTable:
    """Ridge map from pooled token vectors to the (projected) full-model embeddings of
    `texts`, folded into the rows: pooled(new table) == pooled(old table) @ W + b."""
    features = pooled(table, texts)
    usable = np.abs(features).sum(axis=1) > 0
    x = np.hstack([features[usable], np.ones((int(usable.sum()), 1))])
    y = targets[usable].astype(np.float64)
    with threadpool_limits(limits=1, user_api="blas"):  # the same bytes on any machine
        gram = x.T @ x
        penalty = alpha * np.trace(gram) / x.shape[1] * np.eye(x.shape[1])
        penalty[-1, -1] = 0.0  # the intercept is not shrunk
        weights = np.linalg.solve(gram + penalty, x.T @ y)
        rows = np.hstack([table.vectors.astype(np.float64), np.ones((len(table.tokens), 1))])
        fitted = rows @ weights
    return TokenTable(tokens=table.tokens, vectors=fitted.astype(np.float32))


def pooling_matrix(table: TokenTable, texts: Sequence[str]):  # -> scipy.sparse.csr_matrix
    """Row t averages the token rows of text t: pooled(table, texts) == A @ table.vectors."""
    from scipy.sparse import csr_matrix

    ids = texts_token_ids(texts, table.vocab())
    lengths = np.array([len(i) for i in ids], dtype=np.int64)
    rows = np.repeat(np.arange(len(ids)), lengths)
    cols = np.fromiter((t for i in ids for t in i), dtype=np.int64, count=int(lengths.sum()))
    vals = np.repeat(1.0 / np.maximum(lengths, 1), lengths)
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(table.tokens)))


def refit_rows(
    table: TokenTable, texts: Sequence[str], targets: np.ndarray, strength: float, steps: int = 60
) -> TokenTable:
    """Second pass: nudge each row the site's texts use so that pooled rows match the targets
    more closely, shrunk towards the linear fit (ridge on the row offsets, solved with a fixed
    number of conjugate-gradient steps so the result is the same on every run)."""
    a = pooling_matrix(table, texts)
    base = table.vectors.astype(np.float64)
    residual = targets.astype(np.float64) - a @ base
    penalty = strength * float(a.multiply(a).sum(axis=0).mean())
    # A row no text uses has a zero right-hand side and stays at zero offset in every step:
    # solving for the used rows only (a fifth of the table on the demo) is the same answer.
    used = np.flatnonzero(a.getnnz(axis=0))
    a = a[:, used]
    rhs = a.T @ residual
    offset = np.zeros_like(rhs)
    r = rhs.copy()
    p = r.copy()
    rs = (r * r).sum(axis=0)
    for _ in range(steps):
        ap = a.T @ (a @ p) + penalty * p
        alpha = rs / np.maximum((p * ap).sum(axis=0), 1e-30)
        offset += p * alpha
        r -= ap * alpha
        rs_new = (r * r).sum(axis=0)
        p = r + p * (rs_new / np.maximum(rs, 1e-30))
        rs = rs_new
    base[used] += offset
    return TokenTable(tokens=table.tokens, vectors=base.astype(np.float32))
