"""Version stamps in the shared cache: how every process learns that some data it keeps in memory
(the catalog's definitions, routing rules, webhook listeners, API keys) changed.

A process reads the stamp (one cache read, about 20 µs with the file cache) and rebuilds its copy
only when the stamp moved. Whoever changes the data calls `bump()`, which moves the stamp at once
and again when the transaction commits: a process that re-read the data between the two saw the
old rows, and the second move makes it read them again.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction


class SharedVersion:
    """One named stamp, e.g. `SharedVersion("catalog")`."""

    def __init__(self, name: str) -> None:
        self.key = f"{name}:version"

    def current(self) -> str:
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            version = cache.get(self.key)
        return str(version)

    def bump(self) -> None:
        self._move()
        if transaction.get_connection().in_atomic_block:  # outside one, the change is committed
            transaction.on_commit(self._move)

    def _move(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, timeout=None)
