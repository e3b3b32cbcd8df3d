"""Reads of geographic data that several screens share: nearby duplicates, map layers."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Q, QuerySet

from civicdesk.catalog.models import Service
from civicdesk.core.sql import Where, aware, bound_cursor, read_timestamps_in_c
from civicdesk.geo.cells import (
    EARTH_RADIUS_M,
    bounding_box,
    cell_parent,
    cells_within,
    distance_m,
)
from civicdesk.geo.enums import GeoDataName
from civicdesk.geo.indexes import cached_index
from civicdesk.geo.models import Boundary, NearbyDuplicateRule
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.workflow import CLOSED_STATUSES, OPEN_STATUSES

OPEN_STATUS_VALUES = sorted(status.value for status in OPEN_STATUSES)
CLOSED_STATUS_VALUES = sorted(status.value for status in CLOSED_STATUSES)


@dataclass(frozen=True)
class DuplicateCandidate:
    """An open request of the same service nearby: maybe the same problem."""

    service_request: ServiceRequest
    distance_metres: float
    age: timedelta


@dataclass(frozen=True)
class DuplicateSearch:
    radius_metres: int
    window_days: int


def _build_duplicate_rules() -> dict[int, DuplicateSearch]:
    return {
        service_id: DuplicateSearch(radius_metres=radius, window_days=window)
        for service_id, radius, window in NearbyDuplicateRule.objects.values_list(
            "service_id", "radius_metres", "window_days"
        )
    }


def duplicate_search_for(service: Service) -> DuplicateSearch:
    """The service's nearby-duplicate rule, or the defaults from settings.

    The rules are few and change rarely, so each process keeps them in memory like the spatial
    indexes (`civicdesk.geo.indexes`), saving a query on every intake.
    """
    rule = cached_index(GeoDataName.DUPLICATE_RULES, _build_duplicate_rules).get(service.pk)
    if rule is not None:
        return rule
    return DuplicateSearch(
        radius_metres=settings.CIVICDESK["GEO_DUPLICATE_RADIUS_METRES"],
        window_days=settings.CIVICDESK["GEO_DUPLICATE_WINDOW_DAYS"],
    )


# What a duplicate candidate shows: its number, status, place and age, in the model's column
# order (as `Model.from_db` takes them); `_RANKED` are the positions of what ranks it.
_CANDIDATE_FIELDS = (
    "id",
    "created_at",
    "public_id",
    "service_id",
    "status",
    "address",
    "latitude",
    "longitude",
    "district",
)
_RANKED = tuple(
    _CANDIDATE_FIELDS.index(name) for name in ("id", "latitude", "longitude", "created_at")
)
_CREATED_AT = _CANDIDATE_FIELDS.index("created_at")


def service_request_list_duplicate_candidates(
    *,
    service: Service,
    latitude: float,
    longitude: float,
    now: datetime,
    radius_metres: float | None = None,
    window_days: int | None = None,
    exclude_ids: Iterable[int] = (),
    limit: int = 10,
) -> list[DuplicateCandidate]:
    """Open requests of `service` within the radius, filed within the window before `now`.

    Ranked by distance and recency together (each as a share of its limit), closest and newest
    first. The H3 cell column narrows the search to a few index ranges (`cells_within`); the
    exact distance is checked on the rows found.
    """
    search = duplicate_search_for(service)
    radius = float(radius_metres if radius_metres is not None else search.radius_metres)
    window = timedelta(days=window_days if window_days is not None else search.window_days)
    cells = cells_within(latitude=latitude, longitude=longitude, radius_m=radius)
    south, north, west, east = bounding_box(latitude=latitude, longitude=longitude, radius_m=radius)
    # The cells (indexed) find the neighbourhood, the box trims it to about the circle, and
    # `distance_m` decides. One plain query (`core.sql`: compiling the ORM's cost more than the
    # database's answer, on every intake) reads the few columns a candidate shows; the rows
    # become requests with only those fields loaded, as `.only()` would give.
    database = connections[router.db_for_read(ServiceRequest)]
    where = Where(database)
    where.add(f"{where.column('service_id')} = %s", service.pk)
    where.within("h3_cell", cells)
    where.between("latitude", south, north)
    where.between("longitude", west, east)
    where.moment(f"{where.column('created_at')} >= %s", now - window)
    where.moment(f"{where.column('created_at')} <= %s", now)
    where.within("status", OPEN_STATUS_VALUES)
    excluded = set(exclude_ids)
    ranking = _ranking_sql(
        database, latitude=latitude, longitude=longitude, radius=radius, window=window, now=now
    )
    # A hotspot can hold a hundred open reports: the database ranks them, by an equirectangular
    # distance that differs from `distance_m` by parts in a million at these ranges, and hands
    # over a few times `limit`, which Python ranks exactly.
    fetch = limit * _FETCH_MARGIN + len(excluded)
    rows = _candidate_rows(database, where, ranking, fetch)
    zone = database.timezone
    point = (latitude, longitude)
    ranked = _rank(
        rows, point=point, radius=radius, window=window, now=now, excluded=excluded, zone=zone
    )
    if ranking is not None and len(rows) == fetch and len(ranked) < limit:
        # The box's corners lie outside the circle: recent reports there outranked older ones
        # inside it in the database's score, and `distance_m` dropped them. Rank every row.
        rows = _candidate_rows(database, where, None, 0)
        ranked = _rank(
            rows, point=point, radius=radius, window=window, now=now, excluded=excluded, zone=zone
        )
    return [
        DuplicateCandidate(
            service_request=ServiceRequest.from_db(
                database.alias, _CANDIDATE_FIELDS, _candidate_values(row, zone)
            ),
            distance_metres=round(distance, 1),
            age=age,
        )
        for _score, _negative_pk, distance, age, row in ranked[:limit]
    ]


_Ranked = tuple[float, int, float, timedelta, tuple[Any, ...]]


def _candidate_rows(
    database: BaseDatabaseWrapper,
    where: Where,
    ranking: tuple[str, list[Any]] | None,
    fetch: int,
) -> list[tuple[Any, ...]]:
    """The rows `where` selects: all of them, or the first `fetch` by `ranking`."""
    sql = _candidates_sql(database) + where.sql()
    params = list(where.params)
    if ranking is not None:
        order, order_params = ranking
        sql += f" ORDER BY {order}, {where.column('id')} DESC LIMIT %s"
        params += [*order_params, fetch]
    with bound_cursor(database, prepare=True) as cursor:
        read_timestamps_in_c(database, cursor)
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rank(
    rows: list[tuple[Any, ...]],
    *,
    point: tuple[float, float],
    radius: float,
    window: timedelta,
    now: datetime,
    excluded: set[int],
    zone: tzinfo | None,
) -> list[_Ranked]:
    """The rows within `radius` of `point` by `distance_m`, best first (distance and age, each
    as a share of its limit; the newer request first on a tie)."""
    ranked: list[_Ranked] = []
    for row in rows:
        pk, row_latitude, row_longitude, created_at = (row[index] for index in _RANKED)
        if pk in excluded or row_latitude is None or row_longitude is None:
            continue
        distance = distance_m(point[0], point[1], row_latitude, row_longitude)
        if distance <= radius:
            age = now - aware(created_at, zone)
            ranked.append((distance / max(radius, 1.0) + age / window, -pk, distance, age, row))
    ranked.sort(key=lambda entry: (entry[0], entry[1]))
    return ranked


# How many times `limit` the database hands over for the exact ranking.
_FETCH_MARGIN = 4
# A datetime column as seconds since 1970, on each database `_ranking_sql` ranks on.
_EPOCH_SQL = {
    "postgresql": "EXTRACT(EPOCH FROM {column})",
    "sqlite": "((julianday({column}) - 2440587.5) * 86400.0)",
}


def _ranking_sql(
    database: BaseDatabaseWrapper,
    *,
    latitude: float,
    longitude: float,
    radius: float,
    window: timedelta,
    now: datetime,
) -> tuple[str, list[Any]] | None:
    """The candidates' ranking score as SQL (distance and age, each as a share of its limit),
    or None on a database without an epoch expression here (Python then ranks every row)."""
    epoch = _EPOCH_SQL.get(database.vendor)
    if epoch is None:
        return None
    quote = database.ops.quote_name
    lat, lon = f"r.{quote('latitude')}", f"r.{quote('longitude')}"
    created_at = f"r.{quote('created_at')}"
    metres_per_degree = EARTH_RADIUS_M * math.pi / 180
    metres_per_lon_degree = metres_per_degree * max(math.cos(math.radians(latitude)), 1e-6)
    distance = (
        f"SQRT((({lat} - %s) * %s) * (({lat} - %s) * %s) "
        f"+ (({lon} - %s) * %s) * (({lon} - %s) * %s))"
    )
    order = f"({distance} / %s + (%s - {epoch.format(column=created_at)}) / %s)"
    return order, [
        latitude,
        metres_per_degree,
        latitude,
        metres_per_degree,
        longitude,
        metres_per_lon_degree,
        longitude,
        metres_per_lon_degree,
        max(radius, 1.0),
        now.timestamp(),
        window.total_seconds(),
    ]


def _candidates_sql(database: BaseDatabaseWrapper) -> str:
    quote = database.ops.quote_name
    columns = ", ".join(f"r.{quote(name)}" for name in _CANDIDATE_FIELDS)
    return f"SELECT {columns} FROM {quote(ServiceRequest._meta.db_table)} r"  # noqa: S608


def _candidate_values(row: tuple[Any, ...], zone: tzinfo | None) -> tuple[Any, ...]:
    """A row as the ORM would hand it to `from_db`: its datetime aware."""
    return tuple(
        aware(value, zone) if index == _CREATED_AT else value for index, value in enumerate(row)
    )


def service_request_list_nearby_duplicates(
    *, service_request: ServiceRequest, now: datetime, limit: int = 10
) -> list[DuplicateCandidate]:
    """The candidates for an existing request (the queue's and the console's view of it)."""
    if service_request.latitude is None or service_request.longitude is None:
        return []
    return service_request_list_duplicate_candidates(
        service=service_request.service,
        latitude=service_request.latitude,
        longitude=service_request.longitude,
        now=now,
        exclude_ids=[service_request.pk],
        limit=limit,
    )


# --- Public map layers -------------------------------------------------------------------------


@dataclass(frozen=True)
class MapFilters:
    """What a public map asks for. `status` is "open", "closed" or empty for both."""

    min_longitude: float
    min_latitude: float
    max_longitude: float
    max_latitude: float
    service_codes: tuple[str, ...] = ()
    status: str = ""
    start_date: date | None = None
    end_date: date | None = None


def _day_start(day: date) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def service_request_list_for_map(*, filters: MapFilters) -> QuerySet[ServiceRequest]:
    """Located requests in the bounding box with the filters applied, newest first.

    Only what a public map may show is selected: no requester, description or answers.
    """
    requests = ServiceRequest.objects.filter(
        latitude__gte=filters.min_latitude,
        latitude__lte=filters.max_latitude,
        longitude__gte=filters.min_longitude,
        longitude__lte=filters.max_longitude,
    )
    if filters.service_codes:
        requests = requests.filter(service__code__in=filters.service_codes)
    if filters.status == "open":
        requests = requests.filter(status__in=OPEN_STATUS_VALUES)
    elif filters.status == "closed":
        requests = requests.filter(status__in=CLOSED_STATUS_VALUES)
    if filters.start_date is not None:
        requests = requests.filter(created_at__gte=_day_start(filters.start_date))
    if filters.end_date is not None:
        requests = requests.filter(created_at__lt=_day_start(filters.end_date + timedelta(days=1)))
    return requests.order_by("-created_at", "-pk")


def service_request_count_by_cell(*, filters: MapFilters, resolution: int) -> dict[int, int]:
    """How many matching requests fall in each H3 cell at `resolution` (coarser than stored)."""
    counts: dict[int, int] = {}
    rows = (
        service_request_list_for_map(filters=filters)
        .exclude(h3_cell__isnull=True)
        .order_by()
        .values("h3_cell")
        .annotate(count=Count("pk"))
        .values_list("h3_cell", "count")
    )
    for cell, count in rows:
        if cell is None:
            continue
        parent = cell_parent(cell, resolution)
        counts[parent] = counts.get(parent, 0) + count
    return counts


def boundary_list_for_map(
    *, kind: str = "", layer: str = "", bbox: tuple[float, float, float, float] | None = None
) -> QuerySet[Boundary]:
    """Active boundaries of a kind or layer, optionally those touching a bounding box."""
    boundaries = Boundary.objects.filter(is_active=True)
    if kind:
        boundaries = boundaries.filter(kind=kind)
    if layer:
        boundaries = boundaries.filter(layer=layer)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        boundaries = boundaries.filter(
            Q(min_longitude__lte=max_lon)
            & Q(max_longitude__gte=min_lon)
            & Q(min_latitude__lte=max_lat)
            & Q(max_latitude__gte=min_lat)
        )
    return boundaries.order_by("kind", "layer", "code")
