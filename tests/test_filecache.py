"""The embedded shared cache (``corridor.filecache.PlainFileCache``): Django's file cache,
its values stored without compression, an unreadable entry a miss."""

import pickle
import time
import zlib

import pytest

from corridor.filecache import PlainFileCache


@pytest.fixture
def cache(tmp_path):
    return PlainFileCache(str(tmp_path), {})


def test_values_come_back_as_stored_and_uncompressed_on_disk(cache):
    page = ("<html>" + "x" * 40_000 + "</html>").encode(), [("Content-Type", "text/html")]
    cache.set("page", page, 60)
    assert cache.get("page") == page
    (path,) = cache._list_cache_files()
    with open(path, "rb") as f:
        pickle.load(f)  # the expiry
        assert pickle.load(f) == page  # the value itself, no zlib in between


def test_expired_and_missing_entries_are_misses(cache):
    cache.set("soon", "gone", 1)
    assert cache.get("soon") == "gone"
    time.sleep(1.1)
    assert cache.get("soon", "default") == "default"
    assert cache.get("never", "default") == "default"


def test_touch_keeps_the_value_for_longer(cache):
    cache.set("kept", {"a": 1}, 1)
    assert cache.touch("kept", 60)
    time.sleep(1.1)
    assert cache.get("kept") == {"a": 1}
    assert not cache.touch("missing", 60)


def test_an_entry_it_cannot_read_is_a_miss_and_removed(cache):
    cache.set("old", "value", 60)
    (path,) = cache._list_cache_files()
    with open(path, "wb") as f:  # as Django's own backend writes: zlib after the expiry
        f.write(pickle.dumps(time.time() + 60))
        f.write(zlib.compress(pickle.dumps("value")))
    assert cache.get("old", "miss") == "miss"
    assert cache._list_cache_files() == []
    assert cache.add("old", "new", 60) and cache.get("old") == "new"
