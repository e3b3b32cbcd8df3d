"""Reads behind /work/: a department's queue with its filters, and one request with all around it.

Everything is narrowed to the departments the user works in
(`accounts.permissions.work_department_ids`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from civicdesk.accounts import permissions
from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import User
from civicdesk.catalog.models import Service
from civicdesk.routing.enums import SlaState
from civicdesk.routing.models import Queue
from civicdesk.service_requests.models import (
    SR_OPEN_STATUS_VALUES,
    ServiceRequest,
    ServiceRequestEvent,
)

OPEN = "open"
ASSIGNEE_ME = "me"
ASSIGNEE_NONE = "none"
# Age buckets: the request arrived within … (or earlier than the last bucket).
AGE_BUCKETS: dict[str, tuple[timedelta | None, timedelta | None]] = {
    "1d": (None, timedelta(days=1)),
    "7d": (timedelta(days=1), timedelta(days=7)),
    "30d": (timedelta(days=7), timedelta(days=30)),
    "older": (timedelta(days=30), None),
}
# The SLA filters name at most this many paused requests by id (see _sla_state_filtered).
PAUSED_ID_LIST_LIMIT = 200
SORTS: dict[str, tuple[Any, ...]] = {
    "sla": (F("sla_due_at").asc(nulls_last=True), "pk"),
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "priority": ("-priority", F("sla_due_at").asc(nulls_last=True), "pk"),
}


@dataclass(frozen=True)
class QueueFilters:
    """What the queue page was asked for; blank means "any" (status blank means open)."""

    queue_id: int | None = None
    service_id: int | None = None
    status: str = OPEN
    district: str = ""
    sla_state: str = ""
    assignee: str = ""
    age: str = ""
    sort: str = "sla"


def _narrowed(user: Any) -> QuerySet[ServiceRequest]:
    requests = ServiceRequest.objects.all()
    departments = permissions.work_department_ids(user)
    if departments is not None:
        requests = requests.filter(department_id__in=sorted(departments))
    return requests


def sla_state_running_condition(state: str, now: datetime) -> Q:
    """The running clocks (not on hold) in `state` at `now`.

    Each state is a range of the due time (and the at-risk time beside it in the
    `sr_open_queue_idx` and `sr_open_due_idx` indexes) bounded by `now`, so the database reads
    only the matching index entries: at risk is `at_risk_at <= now < due_at`.
    """
    running = Q(sla_paused_at__isnull=True)
    if state == SlaState.BREACHED:
        return running & Q(sla_due_at__lte=now)
    if state == SlaState.AT_RISK:
        return running & Q(sla_at_risk_at__lte=now, sla_due_at__gt=now)
    if state == SlaState.ON_TRACK:
        return (
            running
            & Q(sla_due_at__gt=now)
            & (Q(sla_at_risk_at__gt=now) | Q(sla_at_risk_at__isnull=True))
        )
    if state == SlaState.PAUSED:
        return Q(pk__in=[])
    if state == SlaState.NONE:
        return Q(sla_due_at__isnull=True)
    return Q()


def sla_state_paused_condition(state: str) -> Q:
    """The paused clocks (on hold) in `state`: judged at the moment they were paused."""
    paused = Q(sla_paused_at__isnull=False)
    if state == SlaState.BREACHED:
        return paused & Q(sla_due_at__lte=F("sla_paused_at"))
    if state == SlaState.AT_RISK:
        return paused & Q(sla_at_risk_at__lte=F("sla_paused_at"), sla_due_at__gt=F("sla_paused_at"))
    if state == SlaState.ON_TRACK:
        return (
            paused
            & Q(sla_due_at__gt=F("sla_paused_at"))
            & (Q(sla_at_risk_at__gt=F("sla_paused_at")) | Q(sla_at_risk_at__isnull=True))
        )
    if state == SlaState.PAUSED:
        return paused
    return Q(pk__in=[])


def sla_state_condition(state: str, now: datetime) -> Q:
    """The rows whose clock is in `state` at `now` (a paused clock as it was when paused)."""
    if state not in SlaState.values:
        return Q()
    return sla_state_running_condition(state, now) | sla_state_paused_condition(state)


def _sla_state_filtered(
    requests: QuerySet[ServiceRequest], state: str, now: datetime
) -> QuerySet[ServiceRequest]:
    """`requests` narrowed to the clocks in `state`.

    Paused clocks compare two columns, which no index bounds and the planner cannot estimate:
    written as one OR with the running clocks' ranges, PostgreSQL may walk the whole due-time
    index in order instead. So the paused requests matching (few: those on hold, read through
    `sr_open_paused_idx`) are looked up first, and the list then joins the running range.
    When more than `PAUSED_ID_LIST_LIMIT` match, the paused condition itself is used: a long
    list costs more than it saves, and the planner then expects the many matches there are.
    """
    if state not in SlaState.values:
        return requests
    if state in (SlaState.PAUSED, SlaState.NONE):
        return requests.filter(sla_state_condition(state, now))
    paused_ids = list(
        requests.filter(sla_state_paused_condition(state))
        .order_by()
        .values_list("pk", flat=True)[: PAUSED_ID_LIST_LIMIT + 1]
    )
    if len(paused_ids) > PAUSED_ID_LIST_LIMIT:
        return requests.filter(sla_state_condition(state, now))
    return requests.filter(sla_state_running_condition(state, now) | Q(pk__in=paused_ids))


def queue_list_visible(*, user: Any) -> QuerySet[Queue]:
    queues = Queue.objects.filter(is_active=True).select_related("department")
    departments = permissions.work_department_ids(user)
    if departments is not None:
        queues = queues.filter(department_id__in=sorted(departments))
    return queues.order_by("department__name", "name")


def service_list_for_work(*, user: Any) -> QuerySet[Service]:
    services = Service.objects.all()
    departments = permissions.work_department_ids(user)
    if departments is not None:
        services = services.filter(department_id__in=sorted(departments))
    return services.order_by("name")


def work_request_list(
    *, user: Any, filters: QueueFilters, now: datetime
) -> QuerySet[ServiceRequest]:
    """The requests of the user's queues matching `filters`, sorted (by SLA due time unless
    asked otherwise), with what a row of the list shows already fetched."""
    requests = _narrowed(user)
    if filters.status == OPEN or not filters.status:
        requests = requests.filter(status__in=SR_OPEN_STATUS_VALUES)
    elif filters.status != "all":
        requests = requests.filter(status=filters.status)
    if filters.queue_id is not None:
        requests = requests.filter(queue_id=filters.queue_id)
    if filters.service_id is not None:
        requests = requests.filter(service_id=filters.service_id)
    if filters.district:
        requests = requests.filter(district=filters.district)
    if filters.assignee == ASSIGNEE_ME:
        requests = requests.filter(assignee_id=getattr(user, "pk", None))
    elif filters.assignee == ASSIGNEE_NONE:
        requests = requests.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        requests = requests.filter(assignee_id=int(filters.assignee))
    if filters.age in AGE_BUCKETS:
        newer_than, older_than = AGE_BUCKETS[filters.age]
        if newer_than is not None:
            requests = requests.filter(created_at__lte=now - newer_than)
        if older_than is not None:
            requests = requests.filter(created_at__gt=now - older_than)
    if filters.sla_state:
        # Last: the paused requests it looks up are narrowed by every other filter first.
        requests = _sla_state_filtered(requests, filters.sla_state, now)
    return (
        requests.select_related("service", "assignee", "queue", "department")
        .only(
            "public_id",
            "status",
            "priority",
            "address",
            "district",
            "created_at",
            "sla_due_at",
            "sla_at_risk_at",
            "sla_paused_at",
            "department_id",
            "service__name",
            "service__code",
            "assignee__username",
            "assignee__first_name",
            "assignee__last_name",
            "queue__name",
            "department__name",
        )
        .order_by(*SORTS.get(filters.sort, SORTS["sla"]))
    )


def district_list_for_work() -> list[str]:
    """The district codes of the city's active district boundaries, for the district filter."""
    from civicdesk.geo.enums import BoundaryKind
    from civicdesk.geo.models import Boundary

    return list(
        Boundary.objects.filter(kind=BoundaryKind.DISTRICT, is_active=True)
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()
    )


def assignee_choices(*, department_ids: frozenset[int] | None) -> QuerySet[User]:
    """People a request of these departments may be given to."""
    people = User.objects.filter(
        is_active=True,
        role_assignments__role__in=[
            Role.DEPARTMENT_STAFF,
            Role.SUPERVISOR,
            Role.CREW_MEMBER,
        ],
    )
    if department_ids is not None:
        people = people.filter(role_assignments__department_id__in=sorted(department_ids))
    return people.distinct().order_by("first_name", "last_name", "username")


def work_request_get(*, user: Any, public_id: str) -> ServiceRequest | None:
    """One request of the user's departments with its whole timeline (internal events too),
    media, and open duplicates; None when it does not exist or is not theirs."""
    events = ServiceRequestEvent.objects.select_related("actor").order_by("occurred_at", "pk")
    return (
        _narrowed(user)
        .select_related("service", "department", "queue", "assignee", "requester", "duplicate_of")
        .prefetch_related(
            Prefetch("events", queryset=events, to_attr="timeline"),
            "media",
            Prefetch(
                "duplicates",
                queryset=ServiceRequest.objects.only(
                    "public_id", "status", "created_at", "duplicate_of_id"
                ).order_by("created_at"),
                to_attr="duplicate_list",
            ),
        )
        .filter(public_id=public_id)
        .first()
    )


def resident_public_history(*, service_request: ServiceRequest, limit: int = 10) -> list[Any]:
    """The requester's other requests, newest first: what the resident has told the city."""
    if service_request.requester_id is None:
        return []
    return list(
        ServiceRequest.objects.filter(requester_id=service_request.requester_id)
        .exclude(pk=service_request.pk)
        .select_related("service")
        .only("public_id", "status", "created_at", "service__name")
        .order_by("-created_at")[:limit]
    )


def nearby_open_requests(*, service_request: ServiceRequest, limit: int = 5) -> list[Any]:
    """Open requests of the same service in the same H3 cell: merge candidates."""
    if service_request.h3_cell is None:
        return []
    return list(
        ServiceRequest.objects.filter(
            service_id=service_request.service_id,
            h3_cell=service_request.h3_cell,
            status__in=SR_OPEN_STATUS_VALUES,
        )
        .exclude(pk=service_request.pk)
        .only("public_id", "status", "created_at", "address")
        .order_by("-created_at")[:limit]
    )


def work_requests_for_action(*, user: Any, public_ids: list[str]) -> list[ServiceRequest]:
    """The requests of a bulk action or a merge that the user may act on (others are left out)."""
    return list(
        _narrowed(user)
        .select_related("service", "department")
        .filter(public_id__in=public_ids)
        .order_by("pk")
    )
