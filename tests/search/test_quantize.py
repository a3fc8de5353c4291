import numpy as np

from builder.search.quantize import (
    CENTROIDS,
    CHUNK,
    decode_product,
    dequantize,
    nearest,
    product_quantize,
    quantize,
    slice_codebook,
)


def test_int8_with_per_vector_scale_round_trips_closely():
    rng = np.random.default_rng(3)
    matrix = rng.normal(size=(20, 96)) * rng.uniform(0.01, 10, size=(20, 1))
    rows = quantize(matrix)
    assert (rows.dims, len(rows.scales), len(rows.codes)) == (96, 20, 20 * 96)
    assert all(-127 <= c <= 127 for c in rows.codes)
    decoded = dequantize(rows)
    error = np.abs(decoded - matrix).max(axis=1) / np.abs(matrix).max(axis=1)
    assert error.max() <= 0.5 / 127 + 1e-6  # half a step of each vector's own scale
    cosine = (
        (decoded * matrix).sum(1) / np.linalg.norm(decoded, axis=1) / np.linalg.norm(matrix, axis=1)
    )
    assert cosine.min() > 0.999


def test_scales_are_float32_values():
    rows = quantize(np.random.default_rng(1).normal(size=(3, 5)))
    assert list(rows.scales) == np.asarray(rows.scales, dtype=np.float32).tolist()


def test_zero_vector_quantizes_to_zero():
    assert not dequantize(quantize(np.zeros((1, 4)))).any()


def test_nearest_is_the_argmin_of_squared_distances_across_blocks():
    rng = np.random.default_rng(5)
    part, book = rng.normal(size=(2 * CHUNK + 37, 6)), rng.normal(size=(CENTROIDS, 6))
    distances = ((part[:, None, :] - book[None, :, :]) ** 2).sum(axis=2)
    assert np.array_equal(nearest(part, book), distances.argmin(axis=1))


def test_codebooks_are_those_of_twenty_plain_lloyd_rounds_and_repeat_to_the_byte():
    rng = np.random.default_rng(6)
    matrix = rng.normal(size=(700, 8))
    coded = product_quantize(matrix, 2, seed=3)
    assert coded == product_quantize(matrix.copy(), 2, seed=3)
    for s in range(2):
        part = matrix[:, s * 4 : (s + 1) * 4]
        book, labels = plain_lloyd(part, seed=3 + s)
        got, got_labels = slice_codebook(part, 3 + s)
        assert np.array_equal(got_labels, labels) and np.allclose(got, book, atol=1e-12)
    assert np.abs(decode_product(coded) - matrix).mean() < np.abs(matrix).mean() / 2


def plain_lloyd(part: np.ndarray, seed: int, rounds: int = 20):
    """Lloyd's k-means without blocks or the early stop, from the same seeded rows."""
    distinct = np.unique(part, axis=0)
    rng = np.random.default_rng(seed)
    book = distinct[np.sort(rng.choice(len(distinct), CENTROIDS, replace=False))].copy()

    def assign() -> np.ndarray:
        return ((part[:, None, :] - book[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)

    for _ in range(rounds):
        labels = assign()
        for c in np.unique(labels):
            book[c] = part[labels == c].mean(axis=0)
    return book, assign()
