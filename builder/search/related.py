"""Related achievements: exact inner-product search over normalised full-model vectors."""

from collections.abc import Sequence

import numpy as np


def exact_index(vectors: np.ndarray):  # -> faiss.IndexFlatIP
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def related(ids: Sequence[str], vectors: np.ndarray, k: int) -> dict[str, tuple[str, ...]]:
    """The `k` nearest other achievements of each one, most similar first (ties by id)."""
    if k == 0 or len(ids) < 2:
        return {i: () for i in ids}
    index = exact_index(vectors)
    wanted = min(k + 1, len(ids))
    scores, neighbours = index.search(np.ascontiguousarray(vectors, dtype=np.float32), wanted)
    out = {}
    for row, own in enumerate(ids):
        pairs = [
            (round(float(s), 6), ids[n])
            for s, n in zip(scores[row], neighbours[row], strict=True)
            if n >= 0 and n != row
        ]
        pairs.sort(key=lambda p: (-p[0], p[1]))
        out[own] = tuple(i for _, i in pairs[:k])
    return out


def search(vectors: np.ndarray, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Top `k` documents for one normalised query vector: the full-model reference ranking."""
    index = exact_index(vectors)
    scores, found = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    return [(int(i), float(s)) for i, s in zip(found[0], scores[0], strict=True) if i >= 0]
