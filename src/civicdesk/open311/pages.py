"""Pages of GET requests.json kept in each process's memory, so clients that poll for the same
page do not make the server build it again.

A page is kept under everything it is made of: the format, the language, the host (media URLs
are absolute), the query (but `api_key`, which a GET does not read), the version of the service
requests (`service_requests.changes`: any change moves it when it commits) and the catalog's
version (service and department names). A kept page is served while none of those moved, and
never for longer than `OPEN311_PAGE_CACHE_SECONDS`: the default window, the last 90 days, moves
with the clock, so a request that has just turned 91 days old may stay on a kept page for up to
that long. Only answers that succeeded are kept; errors are worked out each time.

Each process keeps up to `OPEN311_PAGE_CACHE_BYTES` of pages, least recently used out first,
and no single page above a quarter of that. `OPEN311_PAGE_CACHE_SECONDS = 0` turns it off (the
test settings do, but for the tests of this module).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from civicdesk.catalog.selectors import catalog_version
from civicdesk.service_requests.changes import service_requests_version

PageKey = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class _Page:
    body: bytes
    content_type: str
    kept_at: float


class PageCache:
    """Rendered pages, least recently used out first, within `max_bytes`."""

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._pages: OrderedDict[PageKey, _Page] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: PageKey, *, max_age: float) -> _Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if time.monotonic() - page.kept_at > max_age:
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: PageKey, body: bytes, content_type: str) -> None:
        size = len(body)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = _Page(body, content_type, time.monotonic())
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._pages)))

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def _drop(self, key: PageKey) -> None:
        self._bytes -= len(self._pages.pop(key).body)

    def __len__(self) -> int:
        return len(self._pages)


_pages = PageCache(max_bytes=settings.CIVICDESK["OPEN311_PAGE_CACHE_BYTES"])


def _max_age() -> int:
    return int(settings.CIVICDESK["OPEN311_PAGE_CACHE_SECONDS"])


def page_key(request: HttpRequest, *, fmt: str, language: str) -> PageKey | None:
    """The key of the page `request` asks for, or None when pages are not kept."""
    if _max_age() <= 0:
        return None
    query = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name != "api_key"
        for value in values
    )
    return (
        # Read before the page's rows: a page built from rows read before a change is then
        # kept under a version that the change's commit retires.
        service_requests_version(),
        catalog_version(),
        fmt,
        language,
        request.scheme or "",
        request.get_host(),
        tuple(query),
    )


def page_get(key: PageKey | None) -> HttpResponse | None:
    if key is None:
        return None
    page = _pages.get(key, max_age=_max_age())
    if page is None:
        return None
    return HttpResponse(page.body, content_type=page.content_type)


def page_keep(key: PageKey | None, response: HttpResponse) -> None:
    if key is not None and response.status_code == 200:
        _pages.put(key, response.content, response["Content-Type"])


def pages_forget() -> None:
    """Drop every kept page of this process (tests; a change moves the version instead)."""
    _pages.clear()
