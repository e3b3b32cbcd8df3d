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


def test_cache__rewrites_an_entry_in_its_own_file(tmp_path: Path) -> None:
    """A new value of an entry goes into the entry's file: no new file, no rename, and a shorter
    value leaves nothing of the longer one behind."""
    cache = _cache(tmp_path)
    cache.set("page", "x" * 5000)
    (path,) = tmp_path.glob("*.djcache")
    inode = path.stat().st_ino

    cache.set("page", "short")

    assert path.stat().st_ino == inode
    assert cache.get("page") == "short"
    assert FileCache(str(tmp_path), {}).get("page") == "short"
    assert path.stat().st_size < 100


def test_cache__a_write_to_an_entry_deleted_meanwhile_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process deletes the entry (culled, expired) between our opening and locking it:
    the value is written to a new file, not to the deleted one."""
    from django.core.files import locks

    cache = _cache(tmp_path)
    cache.set("version", "old")
    original = locks.lock

    def lock_after_another_process_deleted(file: Any, flags: int) -> bool:
        if Path(file.name).exists():
            Path(file.name).unlink()
        return bool(original(file, flags))

    monkeypatch.setattr(locks, "lock", lock_after_another_process_deleted)
    cache.set("version", "new")
    monkeypatch.setattr(locks, "lock", original)

    assert cache.get("version") == "new"


def test_cache__counts_keep_their_expiry_and_expired_ones_are_gone(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    cache.set("count", 1, timeout=60)
    cache.incr("count", 2)
    assert cache.get("count") == 3
    cache.set("stale", 1, timeout=-1)
    with pytest.raises(ValueError, match="not found"):
        cache.incr("stale")
    assert cache.get("stale", "missing") == "missing"
    assert not cache.has_key("stale")
    assert _files(tmp_path) == 1


COUNTING_PROCESS = """
import sys
from civicdesk.core.cache import FileCache
cache = FileCache(sys.argv[1], {})
for _ in range(int(sys.argv[2])):
    cache.incr("posts")
"""


def test_cache__counts_every_increment_of_processes_racing(tmp_path: Path) -> None:
    """Four processes count 300 each at once: all 1,200 are kept (Django's `incr` reads, then
    writes, and loses the increments of processes that read the same count)."""
    import subprocess
    import sys

    cache = _cache(tmp_path)
    cache.set("posts", 0, timeout=None)
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", COUNTING_PROCESS, str(tmp_path), "300"]
        )
        for _ in range(4)
    ]
    assert [process.wait(timeout=60) for process in processes] == [0, 0, 0, 0]

    assert cache.get("posts") == 1200


def test_cache__replaces_an_entry_it_may_not_write_to_as_django_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry written by a job run as another user cannot be opened for writing; the folder
    still lets the web processes replace it with a new file."""
    import civicdesk.core.cache as module

    cache = _cache(tmp_path)
    cache.set("version", "old")
    cache.set("count", 1)

    def open_read_only(path: str, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "+" in mode:
            raise PermissionError(13, "Permission denied", path)
        return open(path, mode, *args, **kwargs)  # noqa: PTH123

    monkeypatch.setattr(module, "open", open_read_only, raising=False)
    cache.set("version", "new")
    assert cache.incr("count") == 2
    monkeypatch.undo()

    assert (cache.get("version"), cache.get("count")) == ("new", 2)
