"""Limits on what one address (IP) or one resident may do through the portal in an hour.

Counted in Django's cache (Redis when several web processes share the work), one fixed window
per hour and key. `hit` counts an action that happened; `is_over` asks before acting.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest

WINDOW_SECONDS = 60 * 60


def client_address(request: HttpRequest) -> str:
    """The client's IP. Behind a proxy, configure it to pass the client's address as
    REMOTE_ADDR (e.g. gunicorn's --forwarded-allow-ips); forwarded headers can be forged."""
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def _key(scope: str, value: str, now: datetime) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    window = int(now.timestamp()) // WINDOW_SECONDS
    return f"civicdesk:portal:{scope}:{digest}:{window}"


def _cache() -> BaseCache:
    return caches[settings.CIVICDESK["RATE_LIMIT_CACHE"]]


def is_over(*, scope: str, value: str, limit: int, now: datetime) -> bool:
    if limit <= 0 or not value:
        return False
    return int(_cache().get(_key(scope, value, now), 0)) >= limit


def hit(*, scope: str, value: str, now: datetime) -> None:
    if not value:
        return
    key = _key(scope, value, now)
    cache = _cache()
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS + 60)


def limit(name: str) -> int:
    return int(settings.CIVICDESK[name])
