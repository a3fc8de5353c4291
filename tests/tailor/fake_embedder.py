"""A fake embedder: bag-of-words vectors, so matching tests need no model."""

import hashlib
import re
from collections.abc import Sequence

import numpy as np

DIMENSIONS = 256


def fake_embed(texts: Sequence[str]) -> np.ndarray:
    """Each word hashed into a bucket; cosine then measures shared words."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z0-9]{3,}", text.lower()):
            bucket = int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "big")
            out[row, bucket % DIMENSIONS] += 1.0
        norm = np.linalg.norm(out[row])
        if norm:
            out[row] /= norm
    return out
