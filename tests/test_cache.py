"""Content-addressed cache: keys from canonical JSON, atomic entries, hit/miss counts."""

from pathlib import Path

from builder.cache import Cache, content_hash


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
