import numpy as np

from builder.search.quantize import dequantize, quantize


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
