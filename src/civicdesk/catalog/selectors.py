"""Reads of the catalog that several screens and channels share."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from civicdesk.catalog.models import Service, ServiceAttribute


def service_list_active() -> QuerySet[Service]:
    return (
        Service.objects.filter(is_active=True)
        .select_related("department")
        .order_by("group", "name")
    )


def service_get_for_intake(*, code: str) -> Service | None:
    """An active service with everything intake needs fetched: form, department, SLA calendar."""
    return (
        Service.objects.filter(is_active=True, code=code)
        .select_related("department", "sla_policy__calendar")
        .prefetch_related(
            Prefetch(
                "attributes",
                queryset=ServiceAttribute.objects.filter(is_active=True).prefetch_related("values"),
                to_attr="active_attributes",
            ),
            "sla_policy__calendar__working_hours",
            "sla_policy__calendar__closures",
        )
        .first()
    )
