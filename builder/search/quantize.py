"""How the browser's numbers are stored: document vectors as int8 rows with one scale per row,
the query token table by product quantisation (one byte per slice of a row).

Per-vector scales keep the quantisation error relative to each vector's own size, so short and
long rows are stored equally well. The token table is most of the semantic layer (thousands of
rows) and a query averages several rows, so it takes a coarser code: product quantisation
stores 96 dimensions in 16 bytes instead of 96 and barely moves the ranking (measured in
benchmarks/search_eval.py). The stage quantises and the self-check ranks with the decoded rows,
so what is measured is what the browser gets.
"""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

from builder.models.search import ProductCodes, QuantizedRows


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


CENTROIDS = 256  # one byte per slice
SLICE_THREADS = 2  # the machines this runs on have two cores or more


def product_quantize(matrix: np.ndarray, subspaces: int, seed: int) -> ProductCodes:
    """Product quantisation of `matrix` (dims must divide into `subspaces`): per slice, k-means
    with 256 centroids (seeded: the same input gives the same bytes), then the codebooks as
    int8 with one scale per slice."""
    matrix = np.asarray(matrix, dtype=np.float64)
    rows, dims = matrix.shape
    if dims % subspaces:
        raise ValueError(f"{dims} dimensions do not split into {subspaces} equal subspaces")
    width = dims // subspaces
    books = np.zeros((subspaces, CENTROIDS, width))
    codes = np.zeros((rows, subspaces), dtype=np.int64)
    # One BLAS thread: the same bytes on any machine, and on a busy 2-core machine the 22
    # small products per slice ran 1.5-4x slower on two threads waiting for each other. The
    # slices are independent, so two of them run at once instead (numpy releases the GIL in
    # its products); each slice's arithmetic is the same whichever thread runs it.
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(SLICE_THREADS) as pool:
        parts = [matrix[:, s * width : (s + 1) * width] for s in range(subspaces)]
        fitted = pool.map(slice_codebook, parts, [seed + s for s in range(subspaces)])
        for s, (book, labels) in enumerate(fitted):
            books[s], codes[:, s] = book, labels
        peak = np.abs(books).reshape(subspaces, -1).max(axis=1)
        scales = np.where(peak == 0, 1.0, peak / 127.0)
        centroids = np.clip(np.rint(books / scales[:, None, None]), -127, 127).astype(np.int8)
        # re-assign each slice to its nearest centroid as decoded (int8), not as fitted
        decoded = centroids.astype(np.float64) * scales[:, None, None]
        for s, labels in enumerate(pool.map(nearest, parts, decoded)):
            codes[:, s] = labels
    return ProductCodes(
        dims=dims,
        subspaces=subspaces,
        scales=tuple(scales.astype(np.float32).tolist()),
        centroids=tuple(centroids.ravel().tolist()),
        codes=tuple(codes.ravel().tolist()),
    )


def slice_codebook(part: np.ndarray, seed: int, rounds: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """256 centroids for one slice by Lloyd's k-means from seeded distinct rows, `rounds`
    rounds or fewer when the labels stop changing (then no later round would change a byte;
    scipy's kmeans2 took minutes on a 9,400-row table, this a few hundredths of a second,
    with the same bytes on every run). Fewer distinct rows than 256: the rows themselves."""
    book = np.zeros((CENTROIDS, part.shape[1]))
    distinct = np.unique(part, axis=0)
    if len(distinct) <= CENTROIDS:
        book[: len(distinct)] = distinct
        return book, nearest(part, book[: len(distinct)])
    rng = np.random.default_rng(seed)
    book = distinct[np.sort(rng.choice(len(distinct), CENTROIDS, replace=False))].copy()
    labels = nearest(part, book)
    width = part.shape[1]
    columns = np.arange(width)
    for _ in range(rounds):
        counts = np.bincount(labels, minlength=CENTROIDS)
        # every column's sums in one bincount over (centroid, column) bins: the same order of
        # additions as np.add.at, many times faster
        sums = np.bincount(
            (labels[:, None] * width + columns).ravel(), part.ravel(), CENTROIDS * width
        ).reshape(CENTROIDS, width)
        filled = counts > 0
        book[filled] = sums[filled] / counts[filled, None]
        fresh = nearest(part, book)
        if np.array_equal(fresh, labels):
            break  # a fixed point: the remaining rounds would change nothing
        labels = fresh
    return book, labels


CHUNK = 1024  # rows per block of scores: 1024 x 256 of them stay in the L2 cache


def nearest(part: np.ndarray, book: np.ndarray) -> np.ndarray:
    """Index of each row's nearest centroid, by -2 row.centroid + |centroid|^2 (|row|^2 is the
    same for every centroid of a row). The second term rides in the product as a column of
    ones times a row of squared norms, the rows go in blocks so the rows x 256 scores never
    leave the cache, and in float32, half the memory traffic (this runs 22 times per slice:
    it is most of a one-edit search stage). Centroids whose squared distances differ by less
    than float32's rounding (about 1e-7 of their squared norms) count as equally near; the
    same input still always picks the same one."""
    rows = np.hstack([part, np.ones((len(part), 1))]).astype(np.float32)
    centroids = np.vstack([(book * -2.0).T, (book * book).sum(1)[None, :]]).astype(np.float32)
    labels = np.empty(len(part), dtype=np.int64)
    for start in range(0, len(part), CHUNK):
        labels[start : start + CHUNK] = (rows[start : start + CHUNK] @ centroids).argmin(axis=1)
    return labels


def encode_product(matrix: np.ndarray, books: ProductCodes) -> ProductCodes:
    """`matrix` coded with the codebooks of an earlier `books` (no k-means): each slice of
    each row takes its nearest decoded centroid. What the live preview uses for a table that
    changed by a few rows; a build always trains its own codebooks."""
    matrix = np.asarray(matrix, dtype=np.float64)
    width = books.dims // books.subspaces
    scales = np.asarray(books.scales, dtype=np.float32).astype(np.float64)
    shape = (books.subspaces, CENTROIDS, width)
    decoded = np.asarray(books.centroids, dtype=np.int8).reshape(shape) * scales[:, None, None]
    codes = np.stack(
        [
            nearest(matrix[:, s * width : (s + 1) * width], decoded[s])
            for s in range(books.subspaces)
        ],
        axis=1,
    )
    return books.model_copy(update={"codes": tuple(codes.ravel().tolist())})


def decode_product(product: ProductCodes) -> np.ndarray:
    width = product.dims // product.subspaces if product.subspaces else 0
    scales = np.asarray(product.scales, dtype=np.float32).astype(np.float64)
    books = (
        np.asarray(product.centroids, dtype=np.int8).reshape(product.subspaces, CENTROIDS, width)
        * scales[:, None, None]
    )
    codes = np.asarray(product.codes, dtype=np.int64).reshape(-1, product.subspaces)
    parts = [books[s][codes[:, s]] for s in range(product.subspaces)]
    return np.hstack(parts) if parts else np.zeros((len(codes), 0))
