"""The index compiled for the browser: a small keyword layer and a lazily fetched semantic one.

Files (all under assets/search/):
- index.json   keyword layer, loaded with the page: documents (title, page, snippet, date,
               value, theme), BM25 postings, and how to find the semantic layer.
- vectors.bin  document vectors, int8 with one float32 scale per vector.
- tokens.bin   the query token table, same encoding.
- vocab.txt    the table's tokens, one per line, in row order (the WordPiece vocabulary).
- search.js, search.css  the client (copied from site_templates/search/).

Binary layout: `count` little-endian float32 scales, then `count * dims` int8 codes; a row
decodes as codes * scale. Per-vector scales keep the quantisation error relative to each
vector's own size, so short and long rows are stored equally well.
"""

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from builder.search.lexical import Bm25

PREFIX = "assets/search/"
RRF_K = 20  # 10-30 ranked alike on the demo's paraphrase queries; 60 slightly worse


def quantize(matrix: np.ndarray) -> bytes:
    matrix = np.asarray(matrix, dtype=np.float64)
    peak = np.abs(matrix).max(axis=1) if matrix.size else np.zeros(len(matrix))
    scales = np.where(peak == 0, 1.0, peak / 127.0)
    codes = np.clip(np.rint(matrix / scales[:, None]), -127, 127).astype(np.int8)
    return scales.astype("<f4").tobytes() + codes.tobytes()


def dequantize(raw: bytes, count: int, dims: int) -> np.ndarray:
    scales = np.frombuffer(raw[: 4 * count], dtype="<f4").astype(np.float64)
    codes = np.frombuffer(raw[4 * count :], dtype=np.int8).reshape(count, dims)
    return codes.astype(np.float64) * scales[:, None]


def canonical(value: object) -> bytes:
    return (json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)).encode()


def compile_assets(
    docs: Sequence[dict],
    bm25: Bm25,
    doc_vectors: np.ndarray,
    tokens: Sequence[str],
    table: np.ndarray,
    themes: Sequence[dict],
    client_dir: Path,
) -> dict[str, bytes]:
    manifest = {
        "version": 1,
        "docs": list(docs),
        "themes": list(themes),
        "lexical": bm25.to_json(),
        "fusion": {"k": RRF_K},
        "semantic": {
            "dims": int(doc_vectors.shape[1]) if len(doc_vectors) else 0,
            "tokens": len(tokens),
            "vectors": "vectors.bin",
            "table": "tokens.bin",
            "vocab": "vocab.txt",
        },
    }
    assets = {
        PREFIX + "index.json": canonical(manifest),
        PREFIX + "vectors.bin": quantize(doc_vectors),
        PREFIX + "tokens.bin": quantize(table),
        PREFIX + "vocab.txt": ("\n".join(tokens) + "\n").encode(),
    }
    for path in sorted(client_dir.iterdir()):
        if path.suffix in (".js", ".css"):
            assets[PREFIX + path.name] = path.read_bytes()
    return assets
