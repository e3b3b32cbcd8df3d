"""The cache backend of a machine without Redis: Django's file cache, culled now and then, and
rewriting its entries in place.

Every Open311 POST writes the cache twice (the key's rate-limit counter and the service requests'
version). Django's `FileBasedCache` made each write dear in two ways:

- it lists its whole directory on every `set` to count its entries, though it culls only past
  `MAX_ENTRIES`. `FileCache` counts at most once every `CULL_INTERVAL` seconds per process (the
  `OPTIONS` key, default 1): between counts the directory may hold a second's worth of new
  entries beyond the bound before the next count culls it;
- it writes every value to a new temporary file and renames it over the old one, which on ext4
  allocates a block for the new file and frees the old file's (about 130 µs a write, against
  7 µs to rewrite the file). On POSIX systems `FileCache` rewrites an entry that exists in its
  own file, under an exclusive `flock`; readers take a shared one, so none sees half a write.
  A new entry is still written to a temporary file and renamed into place, so it appears whole.

`incr` reads and rewrites the count under the exclusive lock, so unlike Django's (a `get`, then a
`set`) it loses no increment between the processes of one machine, and it keeps the entry's
expiry rather than resetting it to the default timeout.

A writer that opened an entry which another process then deleted (expired, culled or deleted)
finds it unlinked once it holds the lock and writes a new file instead. An entry deleted while a
writer holds its lock loses that write, as if it had been culled just after it.
"""

from __future__ import annotations

import os
import pickle
import time
import zlib
from typing import IO, Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

# Rewriting in place needs an entry to stay deletable while it is open and locked.
IN_PLACE = os.name == "posix"


class FileCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.cull_interval = float(options.pop("CULL_INTERVAL", 1.0))
        super().__init__(dir, {**params, "OPTIONS": options})
        self._next_cull = 0.0

    def _cull(self) -> None:
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + self.cull_interval
        super()._cull()  # type: ignore[misc]  # private in the stubs

    def _path(self, key: str, version: int | None) -> str:
        return str(self._key_to_file(key, version))  # type: ignore[attr-defined]  # private

    def _content(self, expiry: float | None, value: Any) -> bytes:
        return pickle.dumps(expiry, self.pickle_protocol) + zlib.compress(
            pickle.dumps(value, self.pickle_protocol)
        )

    @staticmethod
    def _rewrite(file: IO[bytes], content: bytes) -> None:
        """Write over the entry from its start and cut off what is left of the old one.

        The old file's block is kept: truncating it first would free it and allocate another,
        as dear as the rename. Were the process stopped between the two steps, the entry would
        hold the new content and a tail of the old, which zlib leaves unread."""
        file.seek(0)
        file.write(content)
        file.truncate()

    def _open_locked(self, fname: str, mode: str, lock: int) -> IO[bytes] | None:
        """The entry's file, open and locked, or None if it is missing or was deleted."""
        try:
            file = open(fname, mode)  # noqa: PTH123, SIM115 - as Django's; the caller closes it
        except FileNotFoundError:
            return None
        locks.lock(file, lock)
        if os.fstat(file.fileno()).st_nlink == 0:  # deleted since we opened it
            file.close()
            return None
        return file

    def set(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        if IN_PLACE:
            try:
                file = self._open_locked(self._path(key, version), "r+b", locks.LOCK_EX)
            except PermissionError:  # another user's entry (a job run as another user)
                file = None  # replaced whole, as Django does, which the folder allows
            if file is not None:
                with file:
                    self._rewrite(file, self._content(self.get_backend_timeout(timeout), value))
                return
        super().set(key, value, timeout, version)

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        if not IN_PLACE:
            return super().get(key, default, version)
        file = self._open_locked(self._path(key, version), "rb", locks.LOCK_SH)
        if file is not None:
            with file:
                if not self._is_expired(file):
                    return pickle.loads(zlib.decompress(file.read()))  # noqa: S301 - our own
        return default

    def has_key(self, key: str, version: int | None = None) -> bool:
        if not IN_PLACE:
            return super().has_key(key, version)
        file = self._open_locked(self._path(key, version), "rb", locks.LOCK_SH)
        if file is None:
            return False
        with file:
            return not self._is_expired(file)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> Any:
        if not IN_PLACE:
            return super().incr(key, delta, version)
        try:
            file = self._open_locked(self._path(key, version), "r+b", locks.LOCK_EX)
        except PermissionError:  # another user's entry: Django's way, a read then a new file
            return super().incr(key, delta, version)
        if file is not None:
            with file:
                expiry = self._expiry(file)
                if not self._has_expired(expiry):
                    value = pickle.loads(zlib.decompress(file.read())) + delta  # noqa: S301
                    self._rewrite(file, self._content(expiry, value))
                    return value
        raise ValueError(f"Key '{key}' not found")

    @staticmethod
    def _expiry(file: IO[bytes]) -> float | None:
        try:
            expiry: float | None = pickle.load(file)  # noqa: S301 - our own files
        except EOFError:
            return 0  # an empty file has expired
        return expiry

    @staticmethod
    def _has_expired(expiry: float | None) -> bool:
        return expiry is not None and expiry < time.time()

    def _is_expired(self, f: IO[bytes]) -> bool:
        """Django's, deleting the expired entry while its lock is still held, so that a writer
        waiting for that lock finds it deleted rather than writing to a file no one can read."""
        if not IN_PLACE:
            return bool(super()._is_expired(f))  # type: ignore[misc]  # private in the stubs
        if not self._has_expired(self._expiry(f)):
            return False
        self._delete(f.name)  # type: ignore[attr-defined]  # private in the stubs
        f.close()
        return True
