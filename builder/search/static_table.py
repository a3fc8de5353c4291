"""The static token table that lets the browser embed a query without running a model.

Two steps, each cached:

1. `distill`: model2vec runs the sentence-transformer once per token of its vocabulary plus
   the site's own words (about 20 s), giving one vector per token.
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
import os
import struct
from collections.abc import Sequence

import numpy as np

from builder.cache import Cache, content_hash
from builder.models.base import Record
from builder.search.embed import model_identity, model_location
from builder.search.wordpiece import UNKNOWN, pre_tokenize, token_ids

log = logging.getLogger(__name__)

NAMESPACE = "static-table"
DISTILL_PARAMS = {"pca_dims": None, "sif_coefficient": 1e-4, "pooling": "mean"}
MAX_CUSTOM_WORDS = 20_000


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


def distill(model: str | None, words: Sequence[str], cache: Cache) -> TokenTable:
    """model2vec's distilled table for the model's vocabulary plus `words` (cached)."""
    key = content_hash("distill", model_identity(model), list(words), DISTILL_PARAMS)
    raw = cache.get_bytes(NAMESPACE, key)
    if raw is not None:
        return _unpack(raw)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec.distill import distill as m2v_distill
    from transformers import AutoTokenizer

    location = model_location(model)
    # model2vec warns once per word the model already knows; pass only the new ones
    known = AutoTokenizer.from_pretrained(location).get_vocab()
    new_words = [w for w in words if w not in known]
    log.info("Distilling a static token table from the model (%d new site words)", len(new_words))
    static = m2v_distill(location, vocabulary=new_words, **DISTILL_PARAMS)
    vocab = static.tokenizer.get_vocab()
    tokens = sorted(vocab, key=vocab.get)
    matrix = np.asarray(static.embedding, dtype=np.float32)[[vocab[t] for t in tokens]]
    table = TokenTable(tokens=tuple(tokens), vectors=matrix)
    cache.put_bytes(NAMESPACE, key, _pack(table.tokens, table.vectors))
    return table


def reduce_table(table: TokenTable, texts: Sequence[str], common_words: int) -> TokenTable:
    """Only the rows this site needs: tokens of its texts, the `common_words` most frequent
    English words of the model's vocabulary (so query words absent from the site still count),
    and single letters and digits, so that any word can still be split into pieces."""
    vocab = table.vocab()
    keep: set[int] = set()
    for text in texts:
        keep.update(token_ids(text, vocab))
    common = 0
    for index, token in enumerate(table.tokens):
        bare = token.removeprefix("##")
        if len(bare) == 1 and bare.isascii() and bare.isalnum():
            keep.add(index)
        elif common < common_words and is_common_word(token):
            keep.add(index)
            common += 1
    keep.discard(vocab.get(UNKNOWN, -1))
    rows = sorted(keep)
    return TokenTable(tokens=tuple(table.tokens[i] for i in rows), vectors=table.vectors[rows])


def is_common_word(token: str) -> bool:
    return len(token) >= 2 and token.isascii() and token.isalpha()


def pooled(table: TokenTable, texts: Sequence[str]) -> np.ndarray:
    """Mean of each text's token rows (zeros for a text with no known token)."""
    vocab = table.vocab()
    out = np.zeros((len(texts), table.vectors.shape[1]), dtype=np.float64)
    for row, text in enumerate(texts):
        ids = token_ids(text, vocab)
        if ids:
            out[row] = table.vectors[ids].astype(np.float64).mean(axis=0)
    return out


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def principal_axes(embeddings: np.ndarray, dims: int | None) -> np.ndarray | None:
    """Leading principal directions (columns) with a fixed sign, or None to keep all dims."""
    if dims is None or dims >= embeddings.shape[1]:
        return None
    centred = embeddings.astype(np.float64) - embeddings.mean(axis=0)
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
    penalty = alpha * np.trace(x.T @ x) / x.shape[1] * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0  # the intercept is not shrunk
    weights = np.linalg.solve(x.T @ x + penalty, x.T @ y)
    rows = np.hstack([table.vectors.astype(np.float64), np.ones((len(table.tokens), 1))])
    return TokenTable(tokens=table.tokens, vectors=(rows @ weights).astype(np.float32))


def pooling_matrix(table: TokenTable, texts: Sequence[str]):  # -> scipy.sparse.csr_matrix
    """Row t averages the token rows of text t: pooled(table, texts) == A @ table.vectors."""
    from scipy.sparse import csr_matrix

    vocab = table.vocab()
    rows, cols, vals = [], [], []
    for row, text in enumerate(texts):
        ids = token_ids(text, vocab)
        for token in ids:
            rows.append(row)
            cols.append(token)
            vals.append(1.0 / len(ids))
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
    rhs = a.T @ residual
    offset = np.zeros_like(base)
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
    return TokenTable(tokens=table.tokens, vectors=(base + offset).astype(np.float32))
