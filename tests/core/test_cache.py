"""`core.cache.FileCache`: Django's file cache, counting its files now and then, not per set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from civicdesk.core.cache import FileCache


def _cache(tmp_path: Path, **options: Any) -> FileCache:
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, **options}})


def _files(tmp_path: Path) -> int:
    return len(list(tmp_path.glob("*.djcache")))


def test_cache__keeps_what_it_is_given(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    cache.set("version", "a1")
    assert cache.add("count", 1)
    assert not cache.add("count", 5)
    assert (cache.get("version"), cache.incr("count"), cache.get("missing")) == ("a1", 2, None)
    assert FileCache(str(tmp_path), {}).get("version") == "a1"  # another process's view


def test_cache__counts_its_files_at_most_once_an_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, CULL_INTERVAL=60)
    listings = []
    original = cache._list_cache_files

    def listing() -> list[str]:
        listings.append(1)
        return original()

    monkeypatch.setattr(cache, "_list_cache_files", listing)
    for number in range(25):
        cache.set(f"key-{number}", number)

    assert len(listings) == 1  # Django's own lists the folder on every set: 25 times
    assert _files(tmp_path) == 25  # over the bound of 10 until the next count


def test_cache__culls_past_the_bound_when_it_counts(tmp_path: Path) -> None:
    cache = _cache(tmp_path, CULL_INTERVAL=0, CULL_FREQUENCY=2)
    for number in range(25):
        cache.set(f"key-{number}", number)

    assert _files(tmp_path) <= 10 + 1  # as Django's: culled whenever the bound is reached
