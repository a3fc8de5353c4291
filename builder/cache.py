"""Content-addressed cache: slow work keyed by a hash of every input it depends on.

Keys are SHA-256 over canonical JSON of the inputs, so an unchanged input is a no-op and the
same input always yields the same bytes. Writes are atomic (temp file + rename) so a killed
build never leaves a half-written entry behind.

Two places hold caches. The project's `.cache/showcase/` holds everything derived from the
owner's data. The per-user `~/.cache/showcase/` (`$XDG_CACHE_HOME/showcase`) holds what
depends on a model alone, such as each vocabulary token's vector, so a second project, or a
fresh clone of this one, never pays for it again; nothing of the owner's is needed to
rebuild it, so it is safe to delete.

Every Cache counts hits and misses per namespace, so tests can say which work a build redid
without timing it.
"""

import hashlib
import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: the same data always gives the same string."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def content_hash(*parts: Any) -> str:
    """SHA-256 hex digest of the canonical JSON of `parts`."""
    return hashlib.sha256(canonical_json(list(parts)).encode("utf-8")).hexdigest()


SKIPPED_PARTS = {"__pycache__", "node_modules", ".ipynb_checkpoints"}


def outermost(folders: list[Path]) -> list[Path]:
    """The folders that exist, in order, without those inside another one (an exports folder
    inside the data folder is read, or watched, with it)."""
    unique = dict.fromkeys(f for f in folders if f.is_dir())
    return [f for f in unique if not any(f != o and o in f.parents for o in unique)]


def files_digest(folders: list[Path]) -> str:
    """SHA-256 over every file's path (relative to its folder's parent) and bytes, in sorted
    order: what a cache key needs to see that code, templates or data on disk changed. Each
    file is read once, however the folders nest."""
    digest = hashlib.sha256()
    for folder in sorted(outermost(folders)):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not SKIPPED_PARTS.intersection(path.parts):
                digest.update(str(path.relative_to(folder.parent)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


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


def user_cache_dir() -> Path:
    """The per-user cache folder (XDG's rule: $XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "showcase"


class Cache:
    """A folder of `<namespace>/<key[:2]>/<key>` files.

    With `memory=True` every entry read or written is also kept in memory, for a process that
    builds many times (`mkdocs serve`): a reload reads no file twice."""

    def __init__(self, root: Path, enabled: bool = True, memory: bool = False) -> None:
        self.root = root
        self.enabled = enabled
        self.memory: dict[tuple[str, str], bytes] | None = {} if memory else None
        self.hit_counts: Counter[str] = Counter()
        self.miss_counts: Counter[str] = Counter()

    @property
    def hits(self) -> int:
        return sum(self.hit_counts.values())

    @property
    def misses(self) -> int:
        return sum(self.miss_counts.values())

    def reset_counts(self) -> None:
        self.hit_counts.clear()
        self.miss_counts.clear()

    def path(self, namespace: str, key: str) -> Path:
        return self.root / namespace / key[:2] / key

    def get_bytes(self, namespace: str, key: str) -> bytes | None:
        if not self.enabled:
            return None
        data = self._read(namespace, key)
        if data is None:
            self.miss_counts[namespace] += 1
        else:
            self.hit_counts[namespace] += 1
        return data

    def _read(self, namespace: str, key: str) -> bytes | None:
        if self.memory is not None and (namespace, key) in self.memory:
            return self.memory[namespace, key]
        try:
            data = self.path(namespace, key).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if self.memory is not None:
            self.memory[namespace, key] = data
        return data

    def put_bytes(self, namespace: str, key: str, data: bytes) -> None:
        if self.enabled:
            atomic_write_bytes(self.path(namespace, key), data)
            if self.memory is not None:
                self.memory[namespace, key] = data

    def get_json(self, namespace: str, key: str) -> Any | None:
        raw = self.get_bytes(namespace, key)
        return None if raw is None else json.loads(raw)

    def put_json(self, namespace: str, key: str, value: Any) -> None:
        self.put_bytes(namespace, key, canonical_json(value).encode("utf-8"))

    def prune(self, namespace: str, keep: set[str]) -> None:
        """Drop every entry of `namespace` but those in `keep` (on disk and in memory)."""
        folder = self.root / namespace
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.is_file() and path.name not in keep:
                path.unlink(missing_ok=True)
        if self.memory is not None:
            for entry in [e for e in self.memory if e[0] == namespace and e[1] not in keep]:
                del self.memory[entry]
