"""The cache backend of a machine without Redis: Django's file cache, culled now and then.

Django's `FileBasedCache` lists its whole directory on every `set` to count its entries, though it
culls only past `MAX_ENTRIES`. Every Open311 POST sets twice (the key's rate-limit counter and the
service requests' version), and the listing cost more than the writes. `FileCache` counts at most
once every `CULL_INTERVAL` seconds per process (the `OPTIONS` key, default 1): between counts the
directory may hold a second's worth of sets beyond the bound before the next count culls it.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache


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
