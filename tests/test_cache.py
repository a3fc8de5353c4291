"""Content-addressed cache: keys from canonical JSON, atomic entries, hit/miss counts."""

from pathlib import Path

from builder.cache import Cache, content_hash, user_cache_dir


def test_key_ignores_dict_order_but_not_values() -> None:
    assert content_hash({"a": 1, "b": 2}) == content_hash({"b": 2, "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})
    assert content_hash("x", 1) != content_hash("x", "1")


def test_round_trip_and_counts(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = content_hash("text", "model")
    assert cache.get_json("emb", key) is None
    cache.put_json("emb", key, {"v": [1, 2]})
    assert cache.get_json("emb", key) == {"v": [1, 2]}
    assert (cache.hits, cache.misses) == (1, 1)
    assert not list(tmp_path.rglob("*.tmp"))


def test_disabled_cache_stores_nothing(tmp_path: Path) -> None:
    cache = Cache(tmp_path, enabled=False)
    cache.put_bytes("x", "ab12", b"data")
    assert cache.get_bytes("x", "ab12") is None
    assert not any(tmp_path.iterdir())


def test_counts_are_kept_per_namespace(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put_bytes("embeddings", "aa11", b"1")
    cache.get_bytes("embeddings", "aa11")
    cache.get_bytes("embeddings", "bb22")
    cache.get_bytes("token-vectors", "cc33")
    assert dict(cache.hit_counts) == {"embeddings": 1}
    assert dict(cache.miss_counts) == {"embeddings": 1, "token-vectors": 1}
    cache.reset_counts()
    assert (cache.hits, cache.misses) == (0, 0)


def test_memory_layer_reads_each_file_once(tmp_path: Path) -> None:
    """A serving process keeps what it read: deleting the file does not lose the entry, and
    a fresh Cache (the next one-shot build) reads the disk again."""
    Cache(tmp_path).put_bytes("x", "ab12", b"data")
    kept = Cache(tmp_path, memory=True)
    assert kept.get_bytes("x", "ab12") == b"data"
    (tmp_path / "x" / "ab" / "ab12").unlink()
    assert kept.get_bytes("x", "ab12") == b"data"
    assert Cache(tmp_path).get_bytes("x", "ab12") is None


def test_user_cache_follows_xdg(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache_dir() == tmp_path / "showcase"
