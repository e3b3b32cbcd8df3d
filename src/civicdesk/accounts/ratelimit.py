"""The per-key limit on filing service requests, counted in Django's cache.

A fixed one-minute window per key: the first POST of a minute creates the counter (`add`, so two
racing first POSTs still both count), each later one increments it (`cache.incr`, atomic in
Redis and memcached, and in the file-based default, `core.cache.FileCache`, under a file lock).
With CACHES pointing at Redis every web process and machine shares one count; the file-based
default is shared by the processes of one machine. Past the limit the caller answers 429 with
`Retry-After`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches

from civicdesk.accounts.models import ApiKey

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class RateLimitDecision:
    is_allowed: bool
    limit: int
    remaining: int
    retry_after_seconds: int


def api_key_post_limit(api_key: ApiKey) -> int:
    if api_key.rate_limit_per_minute is not None:
        return api_key.rate_limit_per_minute
    return int(settings.CIVICDESK["OPEN311_RATE_LIMIT_PER_MINUTE"])


def api_key_rate_limit_hit(*, api_key: ApiKey, now: datetime) -> RateLimitDecision:
    """Count one POST by `api_key` in the current window and say whether it may go on.

    A limit of 0 means no limit.
    """
    limit = api_key_post_limit(api_key)
    seconds = now.timestamp()
    window = math.floor(seconds / WINDOW_SECONDS)
    retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - seconds))
    if limit <= 0:
        return RateLimitDecision(
            is_allowed=True, limit=0, remaining=0, retry_after_seconds=retry_after
        )
    cache = caches[settings.CIVICDESK["RATE_LIMIT_CACHE"]]
    key = f"civicdesk:apikey-posts:{api_key.pk}:{window}"
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first POST: no counter yet
        count = 1 if cache.add(key, 1, timeout=WINDOW_SECONDS + 5) else cache.incr(key)
    return RateLimitDecision(
        is_allowed=count <= limit,
        limit=limit,
        remaining=max(0, limit - count),
        retry_after_seconds=retry_after,
    )
