"""The public reads behind GET requests and GET servicerequestupdates.

Each returns one page of rows with everything its records need fetched in a fixed number of
queries (service, department, public media, and with extensions the parent and public events), so
a page of 1000 costs the same handful of queries as a page of 1. The default filter (the last 90
days, newest first) walks the `created_at` index; `updated_*` uses `sr_updated_idx`.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import F, Q, QuerySet

from civicdesk.catalog.models import Service
from civicdesk.catalog.selectors import catalog_version
from civicdesk.service_requests.enums import EventType
from civicdesk.service_requests.models import (
    ServiceRequest,
    ServiceRequestEvent,
    ServiceRequestMedia,
)
from civicdesk.service_requests.workflow import CLOSED_STATUSES, OPEN_STATUSES

MAX_WINDOW = timedelta(days=90)
DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 1000
METRES_PER_DEGREE = 111_320.0

_COLUMNS = (
    "pk",
    "public_id",
    "status",
    "description",
    "created_at",
    "updated_at",
    "closed_at",
    "expected_at",
    "address",
    "address_id",
    "zip_code",
    "latitude",
    "longitude",
    "channel",
    "district",
    "service__code",
    "service__name",
    "department__name",
)
_FIELD_NAMES = (
    "public_id",
    "status",
    "description",
    "created_at",
    "updated_at",
    "closed_at",
    "expected_at",
    "address",
    "address_id",
    "zip_code",
    "latitude",
    "longitude",
    "channel",
    "district",
    "service_code",
    "service_name",
    "department_name",
)


class WindowError(ValueError):
    """The date arguments ask for more than the API serves; the message says what to change."""


@dataclass(frozen=True, slots=True)
class PublicEvent:
    """A public timeline event, as the API shows it."""

    event_type: str
    occurred_at: datetime
    note: str
    to_status: str


@dataclass(frozen=True, slots=True)
class PublicMedia:
    """A public photo: a stored file's name, or the link a client gave instead of an upload."""

    file: str
    external_url: str


@dataclass(frozen=True, slots=True)
class PublicRequest:
    """What the API may show of a request: read as plain columns (no model instances, no
    personal data), which keeps a page of 1000 cheap to build."""

    public_id: str
    status: str
    description: str
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    expected_at: datetime | None
    address: str
    address_id: str
    zip_code: str
    latitude: float | None
    longitude: float | None
    channel: str
    district: str
    service_code: str
    service_name: str
    department_name: str
    parent_public_id: str | None
    media: list[PublicMedia]
    events: list[PublicEvent]


@dataclass(frozen=True)
class RequestFilters:
    service_request_ids: list[str] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    start_at: datetime | None = None
    end_at: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    radius_metres: float | None = None
    agency: str = ""
    search: str = ""
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    extensions: bool = False


def created_window(
    filters: RequestFilters, *, now: datetime
) -> tuple[datetime | None, datetime | None]:
    """The `requested_datetime` range served: the spec's most recent 90 days by default, never
    more than 90 days. A change-feed query (`updated_after`/`updated_before` alone) has none."""
    start, end = filters.start_at, filters.end_at
    if start is None and end is None:
        if filters.updated_after is not None or filters.updated_before is not None:
            return None, None
        return now - MAX_WINDOW, now
    return _window(start, end)


def _window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    try:
        if start is None and end is not None:
            start = end - MAX_WINDOW
        if end is None and start is not None:
            end = start + MAX_WINDOW
    except OverflowError:
        raise WindowError("The dates are out of range.") from None
    if start is None or end is None:
        raise WindowError("Give start_date, end_date or both.")
    if start > end:
        raise WindowError("start_date must not be after end_date.")
    if end - start > MAX_WINDOW:
        raise WindowError("start_date and end_date may not span more than 90 days.")
    return start, end


def updated_window(
    filters: RequestFilters, *, now: datetime
) -> tuple[datetime | None, datetime | None]:
    after, before = filters.updated_after, filters.updated_before
    if after is not None and before is not None and after > before:
        raise WindowError("updated_after must not be after updated_before.")
    if after is not None and before is None:
        before = now
    return after, before


def _public_rows(requests: QuerySet[ServiceRequest], *, extensions: bool) -> list[PublicRequest]:
    """The rows of `requests` (already ordered and sliced) with their public media and, with
    extensions, their parent's id and public events: three queries at most, whatever the size."""
    columns = (*_COLUMNS, "duplicate_of__public_id") if extensions else _COLUMNS
    rows = list(requests.values_list(*columns))
    if not rows:
        return []
    pks = [row[0] for row in rows]
    media: dict[int, list[PublicMedia]] = {}
    for request_pk, name, external_url in _public_media_rows(pks):
        media.setdefault(request_pk, []).append(PublicMedia(name, external_url))
    events: dict[int, list[PublicEvent]] = {}
    if extensions:
        for request_pk, event_type, occurred_at, note, to_status in (
            ServiceRequestEvent.objects.filter(service_request_id__in=pks, is_public=True)
            .order_by("occurred_at", "pk")
            .values_list("service_request_id", "event_type", "occurred_at", "note", "to_status")
        ):
            events.setdefault(request_pk, []).append(
                PublicEvent(event_type, occurred_at, note, to_status)
            )
    return [
        PublicRequest(
            **dict(zip(_FIELD_NAMES, row[1:18], strict=True)),
            parent_public_id=row[18] if extensions else None,
            media=media.get(row[0], []),
            events=events.get(row[0], []),
        )
        for row in rows
    ]


def _public_media_rows(pks: list[int]) -> list[tuple[int, str, str]]:
    """(request pk, file, external_url) of the public media of `pks`, oldest first.

    Plain SQL: every page asks this, and building the ORM query cost more than running it.
    """
    quote = connection.ops.quote_name
    table = quote(ServiceRequestMedia._meta.db_table)
    placeholders = ", ".join(["%s"] * len(pks))
    sql = (
        f"SELECT {quote('service_request_id')}, {quote('file')}, {quote('external_url')} "  # noqa: S608
        f"FROM {table} WHERE {quote('is_public')} AND {quote('service_request_id')} "
        f"IN ({placeholders}) ORDER BY {quote('created_at')}, {quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, pks)
        return [(int(row[0]), str(row[1]), str(row[2])) for row in cursor.fetchall()]


# Service codes never change meaning while the catalog keeps its version, so each process keeps
# the code → id map until the catalog changes (see catalog.selectors).
_service_ids: tuple[str, dict[str, int]] = ("", {})
_service_ids_lock = threading.Lock()


def _service_ids_for(codes: list[str]) -> list[int]:
    global _service_ids  # noqa: PLW0603 - a per-process cache
    version = catalog_version()
    known_version, ids = _service_ids
    # A code missing from the map is read again: the map may have been read while the service
    # was being added, after the version changed but before the commit.
    if known_version != version or any(code not in ids for code in codes):
        ids = dict(Service.objects.values_list("code", "pk"))
        with _service_ids_lock:
            _service_ids = (version, ids)
    return [ids[code] for code in codes if code in ids]


def service_request_list_public(*, filters: RequestFilters, now: datetime) -> list[PublicRequest]:
    """One page of public requests, newest first. `service_request_id` overrides every other
    filter, as the spec says; raises `WindowError` for a date range the API does not serve."""
    return _public_rows(
        service_request_page_query(filters=filters, now=now), extensions=filters.extensions
    )


def service_request_page_query(
    *, filters: RequestFilters, now: datetime
) -> QuerySet[ServiceRequest]:
    """The filtered, ordered, sliced query behind one page (bench/open311.py EXPLAINs it)."""
    requests = ServiceRequest.objects.all()
    if filters.service_request_ids:
        requests = requests.filter(public_id__in=filters.service_request_ids)
    else:
        start, end = created_window(filters, now=now)
        if start is not None and end is not None:
            requests = requests.filter(created_at__gte=start, created_at__lte=end)
        after, before = updated_window(filters, now=now)
        if after is not None:
            requests = requests.filter(updated_at__gte=after)
        if before is not None:
            requests = requests.filter(updated_at__lte=before)
        if filters.service_codes:
            # Ids, not a join on the code: the planner then sees constants and can pick an
            # index on (service, created_at) and estimate how rare the service is.
            requests = requests.filter(service_id__in=_service_ids_for(filters.service_codes))
        wanted = set(filters.statuses)
        if wanted == {"open"}:
            requests = requests.filter(status__in=sorted(OPEN_STATUSES))
        elif wanted == {"closed"}:
            requests = requests.filter(status__in=sorted(CLOSED_STATUSES))
        if filters.agency:
            requests = requests.filter(
                Q(department__code__iexact=filters.agency)
                | Q(department__name__iexact=filters.agency)
            )
        if filters.search:
            requests = requests.filter(
                Q(description__icontains=filters.search) | Q(address__icontains=filters.search)
            )
        if (
            filters.latitude is not None
            and filters.longitude is not None
            and filters.radius_metres is not None
        ):
            requests = _within(requests, filters.latitude, filters.longitude, filters.radius_metres)
    offset = (filters.page - 1) * filters.page_size
    return requests.order_by("-created_at", "-pk")[offset : offset + filters.page_size]


def _within(
    requests: QuerySet[ServiceRequest], latitude: float, longitude: float, radius: float
) -> QuerySet[ServiceRequest]:
    """Requests within `radius` metres (an equirectangular distance: exact enough for a city)."""
    lat_degrees = radius / METRES_PER_DEGREE
    metres_per_lon_degree = METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 1e-6)
    lon_degrees = radius / metres_per_lon_degree
    north_south = (F("latitude") - latitude) * METRES_PER_DEGREE
    east_west = (F("longitude") - longitude) * metres_per_lon_degree
    return (
        requests.filter(
            latitude__range=(latitude - lat_degrees, latitude + lat_degrees),
            longitude__range=(longitude - lon_degrees, longitude + lon_degrees),
        )
        .alias(distance_squared=north_south * north_south + east_west * east_west)
        .filter(distance_squared__lte=radius * radius)
    )


def service_request_get_public(*, public_id: str, extensions: bool) -> PublicRequest | None:
    requests = ServiceRequest.objects.filter(public_id=public_id)[:1]
    rows = _public_rows(requests, extensions=extensions)
    return rows[0] if rows else None


UPDATE_EVENT_TYPES = (EventType.CREATED, EventType.STATUS_CHANGED, EventType.NOTE_ADDED)


def service_request_update_list_public(
    *, start_at: datetime | None, end_at: datetime | None, now: datetime, limit: int
) -> list[ServiceRequestEvent]:
    """Public timeline events (new requests, status changes, public notes) in the window, oldest
    first: what mySociety's `servicerequestupdates` polls. Default window: the last 90 days."""
    if start_at is None and end_at is None:
        end_at = now
    start_at, end_at = _window(start_at, end_at)
    events = (
        ServiceRequestEvent.objects.filter(
            is_public=True,
            event_type__in=UPDATE_EVENT_TYPES,
            occurred_at__gte=start_at,
            occurred_at__lte=end_at,
        )
        .select_related("service_request")
        .only(
            "event_type",
            "occurred_at",
            "note",
            "to_status",
            "service_request__public_id",
            "service_request__status",
        )
        .order_by("occurred_at", "pk")
    )
    return list(events[:limit])
