"""Reads of service requests that several screens share, narrowed to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from civicdesk.accounts import permissions
from civicdesk.accounts.enums import Role
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent


def service_request_list_visible(*, user: Any) -> QuerySet[ServiceRequest]:
    """Requests `user` may see as staff: all for administrators and agents, else their own."""
    requests = ServiceRequest.objects.select_related("service", "department", "assignee")
    if permissions.is_administrator(user) or permissions.has_role(user, Role.AGENT):
        return requests
    departments = permissions.department_ids_for(
        user, Role.DEPARTMENT_STAFF, Role.SUPERVISOR, Role.CREW_MEMBER
    )
    return requests.filter(department_id__in=departments)


def service_request_get_with_timeline(
    *, public_id: str, is_public_only: bool
) -> ServiceRequest | None:
    """One request with its service, department and timeline (public events only, if asked)."""
    events = ServiceRequestEvent.objects.select_related("actor").order_by("occurred_at", "pk")
    if is_public_only:
        events = events.filter(is_public=True)
    return (
        ServiceRequest.objects.select_related("service", "department", "requester")
        .prefetch_related(Prefetch("events", queryset=events, to_attr="timeline"))
        .filter(public_id=public_id)
        .first()
    )
