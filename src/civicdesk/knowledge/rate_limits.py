"""Per-client rate limits kept in Django's cache (shared between processes when it is Redis)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    """An opaque key for the client: a hash of its address, so no address is stored."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def rate_limit_exceeded(
    *, scope: str, request: HttpRequest, limit: int, window_seconds: int
) -> bool:
    """Count one action of the client in `scope`; True when it is over `limit` in the window.

    The window is fixed (it starts with the client's first action), which is enough to stop a
    script from stuffing the counters while leaving people untouched.
    """
    cache = caches[settings.CIVICDESK.get("RATE_LIMIT_CACHE", "default")]
    key = f"civicdesk:rate:{scope}:{client_key(request)}"
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        # The entry expired between add and incr: this is the first action of a new window.
        cache.add(key, 1, timeout=window_seconds)
        return False
    return count > limit
