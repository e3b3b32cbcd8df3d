"""The public reads behind GET requests and GET servicerequestupdates.

Each returns one page of rows with everything its records need fetched in a fixed number of
queries (service, department, public media, and with extensions the parent and public events), so
a page of 1000 costs the same handful of queries as a page of 1. The default filter (the last 90
days, newest first) walks the `created_at` index; `updated_*` uses `sr_updated_idx`.

A page of requests is read with plain SQL and plain rows (`_page_sql`, `_public_rows`): building
the query with the ORM and loading its rows cost several times the CPU of running it. Each
condition is written as Django's lookup writes it on the database in use, so the page holds what
`service_request_page_query`, its ORM twin, selects; tests/open311/test_page_sql.py holds the two
together on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import F, Q, QuerySet

from civicdesk.catalog.models import Department, Service
from civicdesk.catalog.selectors import catalog_version
from civicdesk.core.sql import Where, aware, bound_cursor, read_timestamps_in_c
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

# The request's own columns a page reads, in `PublicRequest`'s order after the id; the service's
# code and name and the department's name follow them (see `_page_sql`).
_REQUEST_COLUMNS = (
    "id",
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
)


class WindowError(ValueError):
    """The date arguments ask for more than the API serves; the message says what to change."""


class PublicEvent(NamedTuple):
    """A public timeline event, as the API shows it."""

    event_type: str
    occurred_at: datetime
    note: str
    to_status: str


class PublicMedia(NamedTuple):
    """A public photo: a stored file's name, or the link a client gave instead of an upload."""

    file: str
    external_url: str


class PublicRequest(NamedTuple):
    """What the API may show of a request: read as plain columns (no model instances, no
    personal data), which keeps a page of 1000 cheap to build. Named tuples: a frozen dataclass
    of twenty fields takes four times as long to build (2.3 µs against 0.6 µs)."""

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


def _public_rows(sql: str, params: list[Any], *, extensions: bool) -> list[PublicRequest]:
    """The requests `sql` selects (`_page_sql`'s columns, already ordered and limited) with their
    public media and, with extensions, their public events: three queries at most, whatever the
    size."""
    database = connections[DEFAULT_DB_ALIAS]
    zone = database.timezone
    with bound_cursor(database, prepare=False) as cursor:
        read_timestamps_in_c(database, cursor)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if not rows:
            return []
        pks = [row[0] for row in rows]
        media: dict[int, list[PublicMedia]] = {}
        for request_pk, name, external_url in _public_media_rows(database, cursor, pks):
            media.setdefault(request_pk, []).append(PublicMedia(name, external_url))
        events: dict[int, list[PublicEvent]] = {}
        if extensions:
            for request_pk, event_type, occurred_at, note, to_status in _public_event_rows(
                database, cursor, pks
            ):
                events.setdefault(request_pk, []).append(
                    PublicEvent(event_type, aware(occurred_at, zone), note, to_status)
                )
    return [
        PublicRequest(
            public_id,
            status,
            description,
            aware(created_at, zone),
            aware(updated_at, zone),
            aware(closed_at, zone),
            aware(expected_at, zone),
            address,
            address_id,
            zip_code,
            latitude,
            longitude,
            channel,
            district,
            service_code,
            service_name,
            department_name,
            parent_public_id=parent[0] if parent else None,
            media=media.get(pk, []),
            events=events.get(pk, []),
        )
        for (
            pk,
            public_id,
            status,
            description,
            created_at,
            updated_at,
            closed_at,
            expected_at,
            address,
            address_id,
            zip_code,
            latitude,
            longitude,
            channel,
            district,
            service_code,
            service_name,
            department_name,
            *parent,
        ) in rows
    ]


def _public_media_rows(
    database: BaseDatabaseWrapper, cursor: CursorWrapper, pks: list[int]
) -> list[tuple[int, str, str]]:
    """(request pk, file, external_url) of the public media of `pks`, oldest first."""
    quote = database.ops.quote_name
    table = quote(ServiceRequestMedia._meta.db_table)
    placeholders = ", ".join(["%s"] * len(pks))
    cursor.execute(
        f"SELECT {quote('service_request_id')}, {quote('file')}, {quote('external_url')} "  # noqa: S608
        f"FROM {table} WHERE {quote('is_public')} AND {quote('service_request_id')} "
        f"IN ({placeholders}) ORDER BY {quote('created_at')}, {quote('id')}",
        pks,
    )
    return [(int(row[0]), str(row[1]), str(row[2])) for row in cursor.fetchall()]


def _public_event_rows(
    database: BaseDatabaseWrapper, cursor: CursorWrapper, pks: list[int]
) -> list[tuple[int, str, datetime, str, str]]:
    """(request pk, event type, occurred at, note, to status) of the public events of `pks`,
    oldest first."""
    quote = database.ops.quote_name
    table = quote(ServiceRequestEvent._meta.db_table)
    placeholders = ", ".join(["%s"] * len(pks))
    cursor.execute(
        f"SELECT {quote('service_request_id')}, {quote('event_type')}, {quote('occurred_at')}, "  # noqa: S608
        f"{quote('note')}, {quote('to_status')} FROM {table} WHERE {quote('is_public')} "
        f"AND {quote('service_request_id')} IN ({placeholders}) "
        f"ORDER BY {quote('occurred_at')}, {quote('id')}",
        pks,
    )
    return cursor.fetchall()


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
    page = _page_sql(filters, now=now)
    if page is None:
        return []
    sql, params = page
    return _public_rows(sql, params, extensions=filters.extensions)


def _page_sql(filters: RequestFilters, *, now: datetime) -> tuple[str, list[Any]] | None:
    """The SQL and parameters of one page, or None when no request can match (only unknown
    service codes)."""
    database = connections[DEFAULT_DB_ALIAS]
    where = _page_where(_Where(database), filters, now=now)
    if where is None:
        return None
    offset = (filters.page - 1) * filters.page_size
    sql = _requests_sql(
        database, where, extensions=filters.extensions, limit=filters.page_size, offset=offset
    )
    return sql, where.params


def _requests_sql(
    database: BaseDatabaseWrapper, where: _Where, *, extensions: bool, limit: int, offset: int
) -> str:
    """The requests `where` selects, newest first, with the columns `_public_rows` reads: the
    request's own, its service's code and name, its department's name and, with extensions, the
    id of the request it duplicates."""
    quote = database.ops.quote_name

    def column(name: str, table: str = "r") -> str:
        return f"{table}.{quote(name)}"

    requests = quote(ServiceRequest._meta.db_table)
    parent, parent_join = "", ""
    if extensions:
        parent = f", {column('public_id', 'p')}"
        parent_join = (
            f" LEFT OUTER JOIN {requests} p ON {column('duplicate_of_id')} = {column('id', 'p')}"
        )
    return (
        f"SELECT {', '.join(column(name) for name in _REQUEST_COLUMNS)}, "  # noqa: S608
        f"{column('code', 's')}, {column('name', 's')}, {column('name', 'd')}{parent} "
        f"FROM {requests} r "
        f"INNER JOIN {quote(Service._meta.db_table)} s "
        f"ON {column('service_id')} = {column('id', 's')} "
        f"INNER JOIN {quote(Department._meta.db_table)} d "
        f"ON {column('department_id')} = {column('id', 'd')}{parent_join}{where.sql()} "
        f"ORDER BY {column('created_at')} DESC, {column('id')} DESC "
        f"LIMIT {int(limit)} OFFSET {int(offset)}"
    )


class _Where(Where):
    """A page's conditions: `Where` and the distance filter of `lat`/`long`/`radius`."""

    def near(self, latitude: float, longitude: float, radius: float) -> None:
        """Within `radius` metres: the expression `_within` filters on."""
        box = _Box.around(latitude, longitude, radius)
        lat, lon = self.column("latitude"), self.column("longitude")
        self.between("latitude", latitude - box.lat_degrees, latitude + box.lat_degrees)
        self.between("longitude", longitude - box.lon_degrees, longitude + box.lon_degrees)
        self.add(
            f"(((({lat} - %s) * %s) * (({lat} - %s) * %s)) + "
            f"((({lon} - %s) * %s) * (({lon} - %s) * %s))) <= %s",
            latitude,
            METRES_PER_DEGREE,
            latitude,
            METRES_PER_DEGREE,
            longitude,
            box.metres_per_lon_degree,
            longitude,
            box.metres_per_lon_degree,
            radius * radius,
        )


def _page_where(where: _Where, filters: RequestFilters, *, now: datetime) -> _Where | None:
    """`where` with what `service_request_page_query` filters on, in its order; None when
    nothing can match."""
    if filters.service_request_ids:
        where.within("public_id", filters.service_request_ids)
        return where
    start, end = created_window(filters, now=now)
    if start is not None and end is not None:
        where.moment(f"{where.column('created_at')} >= %s", start)
        where.moment(f"{where.column('created_at')} <= %s", end)
    after, before = updated_window(filters, now=now)
    if after is not None:
        where.moment(f"{where.column('updated_at')} >= %s", after)
    if before is not None:
        where.moment(f"{where.column('updated_at')} <= %s", before)
    if filters.service_codes:
        service_ids = _service_ids_for(filters.service_codes)
        if not service_ids:
            return None
        where.within("service_id", service_ids)
    wanted = set(filters.statuses)
    if wanted == {"open"}:
        where.within("status", sorted(status.value for status in OPEN_STATUSES))
    elif wanted == {"closed"}:
        where.within("status", sorted(status.value for status in CLOSED_STATUSES))
    if filters.agency:
        where.any_text("iexact", Department, "d", ["code", "name"], filters.agency)
    if filters.search:
        where.any_text("icontains", ServiceRequest, "r", ["description", "address"], filters.search)
    if (
        filters.latitude is not None
        and filters.longitude is not None
        and filters.radius_metres is not None
    ):
        where.near(filters.latitude, filters.longitude, filters.radius_metres)
    return where


def service_request_page_query(
    *, filters: RequestFilters, now: datetime
) -> QuerySet[ServiceRequest]:
    """The requests of the page `_page_sql` reads, as a queryset: the same conditions in the same
    order (bench/open311.py EXPLAINs it; the tests compare the two)."""
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


@dataclass(frozen=True, slots=True)
class _Box:
    """The degrees either side of a point that hold a circle of `radius` metres, and the metres
    in a degree of longitude there (an equirectangular distance: exact enough for a city)."""

    lat_degrees: float
    lon_degrees: float
    metres_per_lon_degree: float

    @classmethod
    def around(cls, latitude: float, longitude: float, radius: float) -> _Box:
        metres_per_lon_degree = METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 1e-6)
        return cls(
            radius / METRES_PER_DEGREE, radius / metres_per_lon_degree, metres_per_lon_degree
        )


def _within(
    requests: QuerySet[ServiceRequest], latitude: float, longitude: float, radius: float
) -> QuerySet[ServiceRequest]:
    """Requests within `radius` metres."""
    box = _Box.around(latitude, longitude, radius)
    north_south = (F("latitude") - latitude) * METRES_PER_DEGREE
    east_west = (F("longitude") - longitude) * box.metres_per_lon_degree
    return (
        requests.filter(
            latitude__range=(latitude - box.lat_degrees, latitude + box.lat_degrees),
            longitude__range=(longitude - box.lon_degrees, longitude + box.lon_degrees),
        )
        .alias(distance_squared=north_south * north_south + east_west * east_west)
        .filter(distance_squared__lte=radius * radius)
    )


def service_request_get_public(*, public_id: str, extensions: bool) -> PublicRequest | None:
    database = connections[DEFAULT_DB_ALIAS]
    where = _Where(database)
    where.within("public_id", [public_id])
    sql = _requests_sql(database, where, extensions=extensions, limit=1, offset=0)
    rows = _public_rows(sql, where.params, extensions=extensions)
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
