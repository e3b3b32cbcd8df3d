"""In-memory indexes, built once per process and rebuilt when their data changes.

Each index is stamped with the `GeoDataVersion` token it was built from. A process compares the
stamp with the database at most every `GEO_INDEX_CHECK_SECONDS` (and at once after its own
changes), so an import in one process reaches every other web process and worker without a
restart, and a process never rebuilds while nothing changed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings

from civicdesk.geo.models import GeoDataVersion

IndexT = TypeVar("IndexT")


@dataclass
class _Entry:
    token: str
    checked_at: float
    index: Any


_entries: dict[str, _Entry] = {}
_lock = threading.Lock()


def current_token(name: str) -> str:
    """The data's version stamp in the database ("" before its first change)."""
    return GeoDataVersion.objects.filter(name=name).values_list("token", flat=True).first() or ""


def cached_index(name: str, build: Callable[[], IndexT]) -> IndexT:
    """The process's index of `name`, rebuilt with `build` when the stamp moved."""
    interval = float(settings.CIVICDESK["GEO_INDEX_CHECK_SECONDS"])
    entry = _entries.get(name)
    moment = time.monotonic()
    if entry is not None and moment - entry.checked_at < interval:
        return entry.index
    token = current_token(name)
    if entry is not None and entry.token == token:
        entry.checked_at = moment
        return entry.index
    with _lock:
        entry = _entries.get(name)
        if entry is not None and entry.token == token:
            return entry.index
        index = build()
        _entries[name] = _Entry(token=token, checked_at=moment, index=index)
        return index


def forget(name: str) -> None:
    """Drop this process's index of `name`; the next use re-reads the stamp and rebuilds."""
    _entries.pop(name, None)
