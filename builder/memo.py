"""Results of slow pure calls remembered between builds, by their inputs.

Drawing a chart (vl-convert), laying out a PDF (WeasyPrint) and importing scipy for a small
assignment or a signed-rank test are most of a rebuild's time in their stages, and an edit to
one achievement leaves almost all of them as they were. Inside a `remembering` block (the
render stage and the narratives stage open one), `remember` keeps each result in the project
cache under a hash of its whole input and the library's version; entries the block did not
use are dropped when it ends. Outside one (a one-off `showcase pdf`) nothing is kept and
everything is computed.
"""

import functools
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import metadata
from pathlib import Path

from builder.cache import Cache, content_hash

_active: ContextVar[tuple[Cache, dict[str, set[str]]] | None] = ContextVar("memo", default=None)


@contextmanager
def remembering(cache_dir: Path) -> Iterator[None]:
    """Keep rendered bytes in `cache_dir` while the block runs, then drop the unused ones."""
    cache, used = Cache(cache_dir), defaultdict(set)
    token = _active.set((cache, used))
    try:
        yield
    finally:
        _active.reset(token)
    for namespace, keys in used.items():
        cache.prune(namespace, keep=keys)


def remember(namespace: str, library: str, parts: object, make: Callable[[], bytes]) -> bytes:
    """make(), or what it gave last time for the same `parts` and version of `library`."""
    active = _active.get()
    if active is None:
        return make()
    cache, used = active
    key = content_hash(namespace, _version(library), parts)
    used[namespace].add(key)
    data = cache.get_bytes(namespace, key)
    if data is None:
        data = make()
        cache.put_bytes(namespace, key, data)
    return data


@functools.cache
def _version(library: str) -> str:
    """A library's version, looked up once per process (every chart and PDF asks)."""
    return metadata.version(library)
