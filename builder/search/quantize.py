"""int8 rows with one scale per row: how the browser's vectors and token table are stored.

Per-vector scales keep the quantisation error relative to each vector's own size, so short and
long rows are stored equally well. The stage quantises and the self-check ranks with the
decoded rows, so what is measured is what the browser gets.
"""

import numpy as np

from builder.models.search import QuantizedRows


def quantize(matrix: np.ndarray) -> QuantizedRows:
    matrix = np.asarray(matrix, dtype=np.float64)
    peak = np.abs(matrix).max(axis=1) if matrix.size else np.zeros(len(matrix))
    scales = np.where(peak == 0, 1.0, peak / 127.0)
    codes = np.clip(np.rint(matrix / scales[:, None]), -127, 127).astype(np.int8)
    return QuantizedRows(
        dims=int(matrix.shape[1]) if matrix.ndim == 2 else 0,
        # float32 is what the browser reads; the codes were rounded against the exact scale
        scales=tuple(scales.astype(np.float32).tolist()),
        codes=tuple(codes.ravel().tolist()),
    )


def dequantize(rows: QuantizedRows) -> np.ndarray:
    scales = np.asarray(rows.scales, dtype=np.float64)
    codes = np.asarray(rows.codes, dtype=np.int8).reshape(len(scales), rows.dims)
    return codes.astype(np.float64) * scales[:, None]
