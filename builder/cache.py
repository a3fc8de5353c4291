"""Content-addressed cache: slow work keyed by a hash of every input it depends on.

Keys are SHA-256 over canonical JSON of the inputs, so an unchanged input is a no-op and the
same input always yields the same bytes. Writes are atomic (temp file + rename) so a killed
build never leaves a half-written entry behind.
"""

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: the same data always gives the same string."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def content_hash(*parts: Any) -> str:
    """SHA-256 hex digest of the canonical JSON of `parts`."""
    return hashlib.sha256(canonical_json(list(parts)).encode("utf-8")).hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Cache:
    """A folder of `<namespace>/<key[:2]>/<key>` files."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = root
        self.enabled = enabled
        self.hits = 0
        self.misses = 0

    def path(self, namespace: str, key: str) -> Path:
        return self.root / namespace / key[:2] / key

    def get_bytes(self, namespace: str, key: str) -> bytes | None:
        if not self.enabled:
            return None
        path = self.path(namespace, key)
        if path.is_file():
            self.hits += 1
            return path.read_bytes()
        self.misses += 1
        return None

    def put_bytes(self, namespace: str, key: str, data: bytes) -> None:
        if self.enabled:
            atomic_write_bytes(self.path(namespace, key), data)

    def get_json(self, namespace: str, key: str) -> Any | None:
        raw = self.get_bytes(namespace, key)
        return None if raw is None else json.loads(raw)

    def put_json(self, namespace: str, key: str, value: Any) -> None:
        self.put_bytes(namespace, key, canonical_json(value).encode("utf-8"))
