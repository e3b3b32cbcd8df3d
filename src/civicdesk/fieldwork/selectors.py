"""Reads of field work: a crew member's day, in route order."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet

from civicdesk.fieldwork.enums import OPEN_WORK_ORDER_STATUSES
from civicdesk.fieldwork.models import Crew, WorkOrder
from civicdesk.fieldwork.permissions import field_department_ids
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestMedia


@dataclass(frozen=True)
class Stop:
    """A work order on the map: where the crew goes (the mean of its requests' points)."""

    work_order: WorkOrder
    latitude: float | None
    longitude: float | None
    address: str


def work_order_list_visible(*, user: Any) -> QuerySet[WorkOrder]:
    """Work orders of the crews `user` is on (every crew's for administrators)."""
    departments = field_department_ids(user)
    orders = WorkOrder.objects.select_related("crew", "department")
    if departments is None:
        return orders
    return orders.filter(department_id__in=departments, crew__in=user.crews.filter(is_active=True))


def crew_list_for_dispatch(*, department_ids: frozenset[int] | None) -> QuerySet[Crew]:
    """Active crews requests of these departments may be sent to (every crew for None)."""
    crews = Crew.objects.filter(is_active=True).select_related("department")
    if department_ids is not None:
        crews = crews.filter(department_id__in=sorted(department_ids))
    return crews.order_by("department__name", "name")


def work_order_list_for_service_request(*, service_request: ServiceRequest) -> list[WorkOrder]:
    """The work orders a request is on, newest first, with their crews: shown at /work/."""
    return list(service_request.work_orders.select_related("crew").order_by("-pk"))


def _with_requests(orders: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    return orders.prefetch_related(
        Prefetch(
            "service_requests",
            queryset=ServiceRequest.objects.select_related("service").order_by("pk"),
        ),
        "photos",
    )


def work_order_list_for_day(*, user: Any, day: date) -> list[Stop]:
    """The crew's open work orders for `day` (and earlier days' unfinished ones, first), in
    route order."""
    orders = (
        _with_requests(work_order_list_visible(user=user))
        .filter(status__in=OPEN_WORK_ORDER_STATUSES, scheduled_date__lte=day)
        .order_by("scheduled_date", "pk")
    )
    return route_order([_stop(order) for order in orders])


def work_order_get_for_crew(*, user: Any, pk: int) -> WorkOrder | None:
    return (
        work_order_list_visible(user=user)
        .prefetch_related(
            Prefetch(
                "service_requests",
                queryset=ServiceRequest.objects.select_related("service")
                .prefetch_related(
                    Prefetch(
                        "media",
                        queryset=ServiceRequestMedia.objects.filter(is_public=True),
                        to_attr="public_media",
                    )
                )
                .order_by("pk"),
            ),
            "photos",
            "notes__author",
            "materials",
            "time_entries__worker",
        )
        .filter(pk=pk)
        .first()
    )


def _stop(order: WorkOrder) -> Stop:
    requests = list(order.service_requests.all())
    points = [
        (sr.latitude, sr.longitude)
        for sr in requests
        if sr.latitude is not None and sr.longitude is not None
    ]
    address = next((sr.address for sr in requests if sr.address), "")
    if not points:
        return Stop(order, None, None, address)
    return Stop(
        order,
        sum(point[0] for point in points) / len(points),
        sum(point[1] for point in points) / len(points),
        address,
    )


def _distance_km(a: Stop, b: Stop) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = (
        math.radians(value or 0.0) for value in (a.latitude, a.longitude, b.latitude, b.longitude)
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def route_order(stops: Sequence[Stop]) -> list[Stop]:
    """A simple route: start at the first stop (an order already in progress, else the earliest
    scheduled), then always go to the nearest stop not yet visited (nearest neighbour). Stops
    without a location come last, in their given order. Good enough for a day's dozen stops;
    not an optimal tour."""
    located = [stop for stop in stops if stop.latitude is not None]
    unlocated = [stop for stop in stops if stop.latitude is None]
    if not located:
        return list(unlocated)
    started = [stop for stop in located if stop.work_order.started_at is not None]
    current = started[0] if started else located[0]
    route = [current]
    remaining = [stop for stop in located if stop is not current]
    while remaining:
        current = min(remaining, key=partial(_distance_km, current))
        route.append(current)
        remaining.remove(current)
    return route + unlocated
